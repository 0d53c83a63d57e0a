"""The one model declaration, and everything derived from it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from graph.model import EDGE_TYPES, NODE_TYPES
from graph.records import EdgeRecord, NodeRecord
from graph.store.cypher import ladybug_ddl, merge_edges, merge_nodes, neo4j_schema


def test_every_edge_end_is_a_declared_label() -> None:
    for spec in EDGE_TYPES.values():
        for a, b in spec.ends:
            assert a in NODE_TYPES and b in NODE_TYPES, (spec.type, a, b)


def test_every_fact_can_cite_a_source() -> None:
    citing = {a for a, _ in EDGE_TYPES["CITES"].ends}
    assert citing == set(NODE_TYPES) - {"Source"}


def test_ddl_covers_every_type_once() -> None:
    ddl = ladybug_ddl()
    assert len(ddl) == len(NODE_TYPES) + len(EDGE_TYPES)
    assert all("IF NOT EXISTS" in s for s in ddl)
    assert len(neo4j_schema()) >= len(NODE_TYPES)


def test_upserts_take_values_only_as_parameters() -> None:
    q = merge_nodes("Vendor", "neo4j")
    assert q.startswith("UNWIND $rows AS r MERGE (n:Vendor {id: r.id})")
    assert "CAST" in merge_nodes("Vendor", "ladybug")  # typed nulls for LadybugDB
    with pytest.raises(ValueError):
        merge_edges("OFFERS", "Product", "Vendor", "neo4j")
    with pytest.raises(KeyError):
        merge_nodes("Robert'); DROP", "neo4j")


def test_node_records_validate_against_the_model() -> None:
    rec = NodeRecord.of("Vendor", id="vendor:x", name="X", aliases=["Y"])
    assert rec.props["country"] is None and rec.props["aliases"] == ["Y"]
    with pytest.raises(ValidationError):
        NodeRecord.of("Vendor", id="vendor:x", name="X", colour="red")
    with pytest.raises(ValidationError):
        NodeRecord.of("Process", id="p", name="P", customer_id="c", criticality="extreme")
    with pytest.raises(ValidationError):
        NodeRecord.of("EnforcementAction", id="a", name="A", date="18/05/2022")


def test_edge_records_check_endpoint_labels() -> None:
    EdgeRecord.of("OFFERS", "Vendor", "v", "Product", "p", since="2020-01-01")
    with pytest.raises(ValueError, match="cannot join"):
        EdgeRecord.of("OFFERS", "Product", "p", "Vendor", "v")
