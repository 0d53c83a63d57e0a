"""The embedded store: row shape, read-only door, atomic builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.console.guard import check_read_only
from graph.records import EdgeRecord, NodeRecord
from graph.store.cypher import FROM_KEY, TO_KEY
from graph.store.ladybug import LadybugStore
from graph.store.protocol import ReadOnlyViolation, StoreUnavailable, content_hash, counts


def _write_pair(store: LadybugStore, vendor_id: str = "vendor:x") -> None:
    v = NodeRecord.of("Vendor", id=vendor_id, name="X", aliases=["X Ltd"], sources=["S1"])
    p = NodeRecord.of("Product", id="product:x", name="XP")
    e = EdgeRecord.of("OFFERS", "Vendor", vendor_id, "Product", "product:x", since="2020-01-01")
    with store.build() as w:
        w.write_nodes("Vendor", [v.props])
        w.write_nodes("Product", [p.props])
        w.write_edges(
            "OFFERS", "Vendor", "Product", [{FROM_KEY: e.from_id, TO_KEY: e.to_id, **e.props}]
        )


def test_rows_have_the_shared_shape(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path)
    _write_pair(store)
    row = store.read("MATCH (v:Vendor)-[o:OFFERS]->(p:Product) RETURN v, o, p.name AS name")[0]
    assert row["v"]["_label"] == "Vendor" and row["v"]["aliases"] == ["X Ltd"]
    assert row["v"]["country"] is None
    assert row["o"] == {
        "_type": "OFFERS",
        "since": "2020-01-01",
        "until": None,
        "note": None,
        "sources": None,
        "asserted_by": None,
    }
    assert row["name"] == "XP"
    path = store.read("MATCH p = (v:Vendor)-[:OFFERS*1..2]->(x) RETURN p")[0]["p"]
    assert [n["id"] for n in path["nodes"]] == ["vendor:x", "product:x"]
    assert [r["_type"] for r in path["rels"]] == ["OFFERS"]


def test_read_is_read_only_at_the_engine(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path)
    _write_pair(store)
    with pytest.raises(ReadOnlyViolation):
        store.read("CREATE (:Vendor {id: 'y', name: 'Y'})")
    assert counts(store)["Vendor"] == 1


@pytest.mark.parametrize(
    "query",
    ["CREATE (n:X)", "match (n) detach delete n", "MATCH (n) SET n.name = 'x'", "MERGE (n:V {id: 1})",
     "MATCH (n) REMOVE n.name", "DROP TABLE Vendor", "COPY Vendor FROM 'x.csv'", "CALL db.labels()"],
)  # fmt: skip
def test_write_clauses_are_refused_before_the_engine(query: str) -> None:
    with pytest.raises(ReadOnlyViolation):
        check_read_only(query)


def test_write_words_inside_strings_are_fine() -> None:
    check_read_only("MATCH (n:Vendor) WHERE n.note CONTAINS 'delete' RETURN n // create")


def test_failed_build_leaves_the_previous_graph(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path)
    _write_pair(store)
    before = content_hash(store)
    with pytest.raises(RuntimeError, match="injected"), store.build(fresh=True) as w:
        w.write_nodes("Vendor", [NodeRecord.of("Vendor", id="vendor:new", name="N").props])
        raise RuntimeError("injected fault")
    assert content_hash(store) == before
    assert [r["id"] for r in store.read("MATCH (v:Vendor) RETURN v.id AS id")] == ["vendor:x"]


def test_new_build_is_seen_without_reopening(tmp_path: Path) -> None:
    reader = LadybugStore(tmp_path)
    writer = LadybugStore(tmp_path)
    _write_pair(writer, "vendor:one")
    assert reader.read("MATCH (v:Vendor) RETURN v.id AS id") == [{"id": "vendor:one"}]
    _write_pair(writer, "vendor:two")
    ids = {r["id"] for r in reader.read("MATCH (v:Vendor) RETURN v.id AS id")}
    assert ids == {"vendor:one", "vendor:two"}  # a non-fresh build starts from the current graph


def test_missing_graph_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="vendorgraph ingest"):
        LadybugStore(tmp_path).read("RETURN 1")
