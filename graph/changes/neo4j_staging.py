"""Staged apply of a large change set to Neo4j: bounded batches of staged rows, one flip.

See graph.changes.neo4j_apply for why (readers never see a half-applied build, bounded transactions)
and how a killed build is recovered. A staged row is a `VendorgraphStaged` node carrying
`_b` (build id), `_op` (node, edge, del_node, del_edge), `_l` (label or type), the key
(`_sid`, or `_from`/`_to` with `_fl`/`_tl`) and the desired declared properties; it has no `id`,
so queries that match nodes by id never see one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from graph.model import edge_type, node_type
from graph.store.cypher import FROM_KEY, TO_KEY
from graph.store.neo4j import Neo4jStore, new_version
from graph.store.neo4j_values import coerced_rows
from graph.store.neo4j_writer import META_LABEL
from graph.store.protocol import CommitHook

__all__ = ["stage_and_flip"]

STAGED = "VendorgraphStaged"
Writer = Callable[..., Any]
Progress = Callable[[str, int, int], None]
_STAGE = f"UNWIND $rows AS r CREATE (s:{STAGED}) SET s = r RETURN count(*)"


def _sets(var: str, props: Sequence[str]) -> str:
    return ", ".join(f"{var}.{p} = s.{p}" for p in props)


def _flip_statements(
    nodes: Mapping[str, Any], edges: Mapping[tuple[str, str, str], Any],
    del_nodes: Mapping[str, Any], del_edges: Mapping[tuple[str, str, str], Any],
) -> list[str]:  # fmt: skip
    """Server-side statements that apply one build's staged rows to the model graph."""

    def match(op: str, l: str) -> str:  # noqa: E741
        return f"MATCH (s:{STAGED} {{_b: $build, _op: '{op}', _l: '{l}'}})"

    out = []
    for rel, a, b in del_edges:
        out.append(
            match(op="del_edge", l=edge_type(rel).type) + f" WHERE s._fl = '{a}' AND s._tl = '{b}'"
            f" MATCH (x:{node_type(a).label} {{id: s._from}})-[e:{rel}]->"
            f"(y:{node_type(b).label} {{id: s._to}}) DELETE e"
        )
    for label in del_nodes:
        out.append(
            match(op="del_node", l=node_type(label).label)
            + f" MATCH (n:{label} {{id: s._sid}}) DETACH DELETE n"
        )
    for label in nodes:
        props = [p.name for p in node_type(label).all_props if p.name != "id"]
        out.append(
            match(op="node", l=node_type(label).label)
            + f" MERGE (n:{label} {{id: s._sid}}) SET {_sets('n', props)}"
        )
    for rel, a, b in edges:
        props = [p.name for p in edge_type(rel).all_props]
        out.append(
            match(op="edge", l=edge_type(rel).type)
            + f" WHERE s._fl = '{node_type(a).label}' AND s._tl = '{node_type(b).label}'"
            f" MATCH (x:{a} {{id: s._from}}) MATCH (y:{b} {{id: s._to}})"
            f" MERGE (x)-[e:{rel}]->(y) SET {_sets('e', props)}"
        )
    return out


def _staged_rows(
    build: str,
    up_nodes: Mapping[str, Sequence[Mapping[str, Any]]],
    up_edges: Mapping[tuple[str, str, str], Sequence[Mapping[str, Any]]],
    del_nodes: Mapping[str, Sequence[Mapping[str, Any]]],
    del_edges: Mapping[tuple[str, str, str], Sequence[Mapping[str, Any]]],
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for (rel, a, b), erows in del_edges.items():
        for r in erows:
            rows.append({"_b": build, "_op": "del_edge", "_l": rel, "_fl": a, "_tl": b,
                         "_from": r[FROM_KEY], "_to": r[TO_KEY]})  # fmt: skip
    for label, nrows in del_nodes.items():
        rows += [{"_b": build, "_op": "del_node", "_l": label, "_sid": r["id"]} for r in nrows]
    for label, nrows in up_nodes.items():
        for r in coerced_rows(node_type(label), nrows):
            values = {k: v for k, v in r.items() if k != "id" and v is not None}
            rows.append({**values, "_b": build, "_op": "node", "_l": label, "_sid": r["id"]})
    for (rel, a, b), erows in up_edges.items():
        for r in coerced_rows(edge_type(rel), erows):
            values = {k: v for k, v in r.items() if k not in (FROM_KEY, TO_KEY) and v is not None}
            rows.append({**values, "_b": build, "_op": "edge", "_l": rel, "_fl": a, "_tl": b,
                         "_from": r[FROM_KEY], "_to": r[TO_KEY]})  # fmt: skip
    return rows


def stage_and_flip(
    store: Neo4jStore,
    size: int,
    up_nodes: Mapping[str, Sequence[Mapping[str, Any]]],
    up_edges: Mapping[tuple[str, str, str], Sequence[Mapping[str, Any]]],
    del_nodes: Mapping[str, Sequence[Mapping[str, Any]]],
    del_edges: Mapping[tuple[str, str, str], Sequence[Mapping[str, Any]]],
    write: Writer,
    progress: Progress | None = None,
    commit: CommitHook | None = None,
) -> None:
    """Stage every change row in batches, flip in one transaction, then clear the staging.
    The flip is the commit point: `commit` is told its version just before."""
    build = new_version()
    base = store.version()
    write(
        store,
        f"MERGE (m:{META_LABEL} {{key: 'staging'}}) SET m.build = $build, m.base = $base RETURN 1",
        build=build,
        base=base,
    )
    rows = _staged_rows(build, up_nodes, up_edges, del_nodes, del_edges)
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        write(store, _STAGE, rows=chunk)
        if progress:
            progress("staged", len(chunk), len(rows))
    statements = _flip_statements(up_nodes, up_edges, del_nodes, del_edges)
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    version = new_version()
    if commit is not None:
        commit.prepare(store.backend, version)
    _flip(store, statements, build, base, at, version)
    clear = f"MATCH (n:{STAGED} {{_b: $build}}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*)"
    while write(store, clear, build=build, limit=size):
        pass


def _flip(
    store: Neo4jStore, statements: list[str], build: str, base: str, at: str, version: str
) -> None:
    """One transaction: apply the staged rows, stamp the version, drop the marker. It refuses to
    run over a graph another client changed since staging began (the marker's base version)."""
    import neo4j

    def work(tx: neo4j.ManagedTransaction) -> None:
        check = f"MATCH (m:{META_LABEL} {{key: 'graph'}}) RETURN m.version AS v"
        record = tx.run(check).single()
        if (record["v"] if record else "") != base:
            raise RuntimeError("the graph changed while this build was staged; run it again")
        for statement in statements:
            tx.run(statement, build=build).consume()
        tx.run(
            f"MATCH (s:{META_LABEL} {{key: 'staging'}}) DELETE s "
            f"MERGE (m:{META_LABEL} {{key: 'graph'}}) SET m.version = $version, m.built_at = $at",
            version=version,
            at=at,
        ).consume()

    with store.driver.session(
        database=store.database, default_access_mode=neo4j.WRITE_ACCESS
    ) as session:
        session.execute_write(work)
