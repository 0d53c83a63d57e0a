"""Change sets: added, removed and changed nodes and relationships, with old and new values,
computed against a real embedded store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.changes.change_set import current_state, desired_state, diff
from graph.model import edge_type, node_type
from graph.store.cypher import FROM_KEY, TO_KEY
from graph.store.ladybug import LadybugStore


def node(label: str, **props: Any) -> dict[str, Any]:
    row = {p.name: None for p in node_type(label).all_props}
    row.update(props)
    return row


def edge(rel: str, src: str, dst: str, **props: Any) -> dict[str, Any]:
    row: dict[str, Any] = {p.name: None for p in edge_type(rel).all_props}
    row.update(props)
    row[FROM_KEY], row[TO_KEY] = src, dst
    return row


def graph_a() -> tuple[dict[str, list[dict[str, Any]]], dict[Any, list[dict[str, Any]]]]:
    nodes = {
        "Vendor": [
            node("Vendor", id="vendor:a", name="Acme Ltd", aliases=["Acme"], sources=["source:x"]),
            node("Vendor", id="vendor:b", name="Bolt Ltd", aliases=[]),
        ],
        "Product": [node("Product", id="product:a", name="Acme Cam")],
        "Source": [node("Source", id="source:x", name="X", title="A register")],
    }
    edges = {
        ("OFFERS", "Vendor", "Product"): [edge("OFFERS", "vendor:a", "product:a")],
        ("OWNED_BY", "Vendor", "Vendor"): [edge("OWNED_BY", "vendor:a", "vendor:b", share=0.5)],
    }
    return nodes, edges


def graph_b() -> tuple[dict[str, list[dict[str, Any]]], dict[Any, list[dict[str, Any]]]]:
    nodes, edges = graph_a()
    nodes["Vendor"][0]["country"] = "CN"  # changed
    del nodes["Vendor"][1]  # removed (and its OWNED_BY edge with it)
    nodes["Product"].append(node("Product", id="product:b", name="Acme Lens"))  # added
    edges[("OWNED_BY", "Vendor", "Vendor")] = []
    edges[("OFFERS", "Vendor", "Product")] = [
        edge("OFFERS", "vendor:a", "product:a", since="2024-01-01", sources=["source:x"]),
        edge("OFFERS", "vendor:a", "product:b"),
    ]
    return nodes, edges


def write(store: LadybugStore, nodes: Any, edges: Any) -> None:
    with store.build(fresh=True) as writer:
        for label, rows in nodes.items():
            writer.write_nodes(label, rows)
        for (rel, a, b), rows in edges.items():
            if rows:
                writer.write_edges(rel, a, b, rows)


def by_key(changes: Any) -> dict[Any, Any]:
    out = {("node", c.id, c.kind): c for c in changes.nodes}
    out.update({("edge", c.type, c.from_id, c.to_id, c.kind): c for c in changes.edges})
    return out


def test_a_store_read_back_equals_what_was_written(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path / "db")
    nodes, edges = graph_a()
    write(store, nodes, edges)
    # [] stored for an empty list and 0.5 read back as a float: both compare equal.
    changes = diff(current_state(store), desired_state(nodes, edges))
    store.close()
    assert len(changes) == 0
    assert not changes.first_build


def test_first_build_is_all_added(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path / "db")
    nodes, edges = graph_a()
    changes = diff(current_state(store), desired_state(nodes, edges))
    assert changes.first_build
    assert changes.counts()["nodes_added"] == 4
    assert changes.counts()["edges_added"] == 2


def test_added_removed_changed_with_old_and_new_values(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path / "db")
    write(store, *graph_a())
    changes = diff(current_state(store), desired_state(*graph_b()))
    store.close()
    found = by_key(changes)
    assert set(found) == {
        ("node", "vendor:a", "changed"),
        ("node", "vendor:b", "removed"),
        ("node", "product:b", "added"),
        ("edge", "OWNED_BY", "vendor:a", "vendor:b", "removed"),
        ("edge", "OFFERS", "vendor:a", "product:a", "changed"),
        ("edge", "OFFERS", "vendor:a", "product:b", "added"),
    }
    changed = found[("node", "vendor:a", "changed")]
    assert (changed.old, changed.new) == ({"country": None}, {"country": "CN"})
    assert changed.sources == ["source:x"]
    removed = found[("node", "vendor:b", "removed")]
    assert removed.old == {"id": "vendor:b", "name": "Bolt Ltd"} and removed.new == {}
    owned = found[("edge", "OWNED_BY", "vendor:a", "vendor:b", "removed")]
    assert owned.old["share"] == 0.5 and owned.from_name == "Acme Ltd"
    offers = found[("edge", "OFFERS", "vendor:a", "product:a", "changed")]
    assert offers.old == {"since": None, "sources": None}
    assert offers.new == {"since": "2024-01-01", "sources": ["source:x"]}
    assert changes.counts() == {
        "nodes_added": 1, "nodes_removed": 1, "nodes_changed": 1,
        "edges_added": 1, "edges_removed": 1, "edges_changed": 1,
    }  # fmt: skip


def test_an_id_that_changes_label_is_removed_and_added() -> None:
    nodes, edges = graph_a()
    before = desired_state(nodes, edges)
    nodes["Product"].append(node("Product", id="vendor:b", name="Bolt"))
    del nodes["Vendor"][1]
    changes = diff(before, desired_state(nodes, {}))
    kinds = [(c.id, c.label, c.kind) for c in changes.nodes if c.id == "vendor:b"]
    assert kinds == [("vendor:b", "Vendor", "removed"), ("vendor:b", "Product", "added")]
