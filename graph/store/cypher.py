"""Cypher generated from graph.model: DDL, constraints and batched upserts.

Labels, types and property names come only from the model, never from input; values always travel
as parameters. Both engines run the upserts as written.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from graph.model import EDGE_TYPES, NODE_TYPES, Prop, edge_type, node_type

__all__ = [
    "FROM_KEY",
    "TO_KEY",
    "Dialect",
    "ladybug_ddl",
    "merge_edges",
    "merge_nodes",
    "neo4j_schema",
]

# Keys that carry an edge's endpoint ids inside an UNWIND row; no model property has these names.
FROM_KEY = "src_id"
TO_KEY = "dst_id"

_LADYBUG_TYPES = {
    "STRING": "STRING",
    "INT64": "INT64",
    "DOUBLE": "DOUBLE",
    "BOOLEAN": "BOOLEAN",
    "STRING[]": "STRING[]",
}


def _columns(props: tuple[Prop, ...]) -> str:
    return ", ".join(f"{p.name} {_LADYBUG_TYPES[p.kind]}" for p in props)


def ladybug_ddl() -> list[str]:
    """CREATE statements for every node and relationship table, idempotent."""
    statements = [
        f"CREATE NODE TABLE IF NOT EXISTS {n.label}({_columns(n.all_props)}, PRIMARY KEY (id))"
        for n in NODE_TYPES.values()
    ]
    for e in EDGE_TYPES.values():
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in e.ends)
        statements.append(
            f"CREATE REL TABLE IF NOT EXISTS {e.type}({pairs}, {_columns(e.all_props)})"
        )
    return statements


def neo4j_schema() -> list[str]:
    """Neo4j uniqueness constraints (one per label) and lookup indexes, idempotent."""
    statements = [
        f"CREATE CONSTRAINT {n.label.lower()}_id IF NOT EXISTS FOR (n:{n.label}) REQUIRE n.id IS UNIQUE"
        for n in NODE_TYPES.values()
    ]
    statements += [
        "CREATE INDEX vendor_name IF NOT EXISTS FOR (n:Vendor) ON (n.name)",
        "CREATE INDEX listed_entity_key IF NOT EXISTS FOR (n:ListedEntity) ON (n.list, n.entity_id)",
        "CREATE INDEX action_date IF NOT EXISTS FOR (n:EnforcementAction) ON (n.date)",
        "CREATE INDEX status_date IF NOT EXISTS FOR (n:StatusEvent) ON (n.date)",
        # Answers read a customer's supplier names by customer (graph.queries.MENTIONS_OF).
        "CREATE INDEX mention_customer IF NOT EXISTS FOR (n:Mention) ON (n.customer_id)",
    ]
    return statements


Dialect = Literal["ladybug", "neo4j"]


def _value(prop: Prop, dialect: Dialect) -> str:
    # LadybugDB types a parameter null as STRING and will not cast it implicitly, so typed
    # columns get an explicit CAST; Neo4j needs none. Only the write path differs by engine.
    if dialect == "ladybug" and prop.kind != "STRING":
        return f"CAST(r.{prop.name} AS {_LADYBUG_TYPES[prop.kind]})"
    return f"r.{prop.name}"


def _sets(var: str, props: tuple[Prop, ...], dialect: Dialect, skip: str | None = None) -> str:
    return ", ".join(f"{var}.{p.name} = {_value(p, dialect)}" for p in props if p.name != skip)


@cache
def merge_nodes(label: str, dialect: Dialect) -> str:
    """Upsert a batch of `label` nodes: rows carry every property of the label."""
    spec = node_type(label)
    sets = _sets("n", spec.all_props, dialect, skip="id")
    return f"UNWIND $rows AS r MERGE (n:{spec.label} {{id: r.id}}) SET {sets}"


@cache
def create_nodes(label: str) -> str:
    """Insert a batch of new `label` nodes (fresh Neo4j builds: no lookup per row; nulls unset)."""
    spec = node_type(label)
    props = ", ".join(f"{p.name}: r.{p.name}" for p in spec.all_props)
    return f"UNWIND $rows AS r CREATE (n:{spec.label} {{{props}}})"


@cache
def create_edges(rel_type: str, from_label: str, to_label: str) -> str:
    """Insert a batch of new relationships between existing nodes (fresh Neo4j builds)."""
    spec = edge_type(rel_type)
    if (from_label, to_label) not in spec.ends:
        raise ValueError(f"{rel_type} cannot join {from_label}->{to_label}")
    a, b = node_type(from_label).label, node_type(to_label).label
    props = ", ".join(f"{p.name}: r.{p.name}" for p in spec.all_props)
    return (
        f"UNWIND $rows AS r MATCH (a:{a} {{id: r.{FROM_KEY}}}) MATCH (b:{b} {{id: r.{TO_KEY}}}) "
        f"CREATE (a)-[e:{spec.type} {{{props}}}]->(b)"
    )


@cache
def merge_edges(rel_type: str, from_label: str, to_label: str, dialect: Dialect) -> str:
    """Upsert a batch of relationships between existing nodes, one per (from, to) pair.

    Two separate MATCH clauses, not one comma-joined pattern: LadybugDB plans the comma form as a
    cross product (minutes on 200k rows against 0.35 s for this shape; see design.md).
    """
    spec = edge_type(rel_type)
    if (from_label, to_label) not in spec.ends:
        raise ValueError(f"{rel_type} cannot join {from_label}->{to_label}")
    a, b = node_type(from_label).label, node_type(to_label).label
    return (
        f"UNWIND $rows AS r MATCH (a:{a} {{id: r.{FROM_KEY}}}) MATCH (b:{b} {{id: r.{TO_KEY}}}) "
        f"MERGE (a)-[e:{spec.type}]->(b) SET {_sets('e', spec.all_props, dialect)}"
    )
