"""Which (customer, scenario) pairs a change set can move: only those are re-scored."""

from __future__ import annotations

from graph.changes.alerts import affected
from graph.changes.change_set import ChangeSet, EdgeChange, NodeChange
from graph.store.ladybug import LadybugStore

FERNHILL = "customer:cust-fernhill-accountants"
INVENTORY = "source:inventory:cust-fernhill-accountants"


def node(label: str, node_id: str, sources: list[str], **new: object) -> NodeChange:
    return NodeChange("added", label, node_id, node_id, {}, dict(new), sources)


def edge(rel: str, a: tuple[str, str], b: tuple[str, str], sources: list[str]) -> EdgeChange:
    return EdgeChange("added", rel, a[0], a[1], b[0], b[1], {}, {}, sources)


def test_an_inventory_change_moves_only_its_customer(built_store: LadybugStore) -> None:
    changes = ChangeSet(
        nodes=[
            node("Process", "process:x/p9", [INVENTORY], customer_id=FERNHILL),
            node("Product", "product:new", [INVENTORY]),
            node("Source", INVENTORY, []),
        ],
        edges=[
            edge(
                "OFFERS", ("Vendor", "vendor:clearview-ai"), ("Product", "product:new"), [INVENTORY]
            ),
            edge("CITES", ("Product", "product:new"), ("Source", INVENTORY), []),
        ],
    )
    moved = affected(built_store, changes)
    assert not moved.everything
    assert moved.customers == {FERNHILL}
    assert moved.vendors == set()  # the OFFERS link is the inventory's claim, not a listing
    assert moved(FERNHILL, "vendor:anything")
    assert not moved("customer:cust-larkspur-stores", "vendor:clearview-ai")


def test_a_listing_reaching_a_vendor_moves_everyone_for_that_vendor(
    built_store: LadybugStore,
) -> None:
    matched = built_store.read(
        "MATCH (v:Vendor)-[:MATCHES]->(l:ListedEntity) RETURN v.id AS v, l.id AS l LIMIT 1"
    )[0]
    changes = ChangeSet(nodes=[NodeChange("changed", "ListedEntity", matched["l"], "x", {"aliases": None}, {"aliases": ["X"]}, ["source:list"])])  # fmt: skip
    moved = affected(built_store, changes)
    assert not moved.everything and moved.customers == set()
    assert moved.vendors == {matched["v"]}
    assert moved("customer:cust-larkspur-stores", matched["v"])
    assert not moved("customer:cust-larkspur-stores", "vendor:someone-else")


def test_a_curated_fact_moves_everything(built_store: LadybugStore) -> None:
    action = built_store.read("MATCH (a:EnforcementAction) RETURN a.id AS id LIMIT 1")[0]["id"]
    changes = ChangeSet(
        nodes=[
            NodeChange(
                "changed",
                "EnforcementAction",
                action,
                "x",
                {"amount": 1.0},
                {"amount": 2.0},
                ["source:ico"],
            )
        ]
    )
    assert affected(built_store, changes).everything
