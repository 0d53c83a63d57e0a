"""graph.explore.explorer, graph.exposure.timeline and graph.explore.views on the real embedded store: the data the pages show."""

from __future__ import annotations

import pytest

from graph.explore import explorer, vendor_profile
from graph.explore.views import subgraph_elements, subgraph_rows
from graph.exposure.scenarios import compose, find_scenario
from graph.exposure.timeline import exposure_timeline
from graph.model import NODE_TYPES, Event
from graph.store.ladybug import LadybugStore


def test_neighbours_follow_the_model_in_both_directions(built_store: LadybugStore) -> None:
    sub = explorer.neighbours(built_store, "vendor:clearview-ai")
    labels = {n.label for n in sub.nodes}
    assert {
        "Vendor",
        "Product",
        "EnforcementAction",
        "DataSource",
        "Jurisdiction",
        "Source",
    } <= labels
    against = [e for e in sub.edges if e.type == "AGAINST"]
    assert against and all(
        e.target == "vendor:clearview-ai" for e in against
    )  # stored direction kept
    assert all(
        e.source in {n.id for n in sub.nodes} and e.target in {n.id for n in sub.nodes}
        for e in sub.edges
    )


def test_neighbours_filter_by_label_and_count_what_the_limit_leaves_out(
    built_store: LadybugStore,
) -> None:
    sub = explorer.neighbours(built_store, "jurisdiction:GB", labels={"Product"}, limit=3)
    assert {n.label for n in sub.nodes} == {"Jurisdiction", "Product"}
    assert len(sub.nodes) == 4 and sub.more["jurisdiction:GB"] > 0


def test_labels_outside_the_model_never_reach_cypher(built_store: LadybugStore) -> None:
    with pytest.raises(KeyError, match="unknown node label"):
        explorer.neighbours(built_store, "vendor:clearview-ai", labels={"Vendor) DETACH DELETE (n"})
    with pytest.raises(KeyError):
        explorer.nodes_of(built_store, "Vendor RETURN 1 //")
    assert explorer.find_node(built_store, "x' OR 1=1 //") is None  # ids are parameters


def test_find_node_for_every_label(built_store: LadybugStore) -> None:
    for label in NODE_TYPES:
        first = explorer.nodes_of(built_store, label, limit=1)
        if first:
            node = explorer.find_node(built_store, first[0][0])
            assert node is not None and node.label == label


def test_node_details_count_neighbours_and_cite_sources(built_store: LadybugStore) -> None:
    details = explorer.node_details(built_store, "vendor:hikvision")
    counts = {(n.rel, n.direction, n.label): n.count for n in details.neighbours}
    assert counts[("MATCHES", "out", "ListedEntity")] >= 4
    assert details.sources and all(s.id for s in details.sources)


def test_customer_vendor_paths_reach_fourth_parties(built_store: LadybugStore) -> None:
    paths = explorer.customer_vendor_paths(
        built_store, "customer:cust-larkspur-stores", "vendor:clearview-ai", "2022-06-01"
    )
    assert {e.type for e in paths.edges} == {"RUNS", "USES", "BUILT_ON", "OFFERS"}
    none = explorer.customer_vendor_paths(
        built_store, "customer:cust-fernhill-accountants", "vendor:clearview-ai"
    )
    assert not none.nodes


def test_vendor_profile_as_of_a_date(built_store: LadybugStore) -> None:
    profile = vendor_profile.vendor_profile(built_store, "vendor:clearview-ai", "2024-01-01")
    ico = next(a for a in profile.actions if a.id == "action:ico-clearview-2022")
    assert ico.status == "overturned" and [s["status"] for s in ico.history] == [
        "issued",
        "overturned",
    ]
    ftt = next(a for a in profile.actions if a.id == "action:ftt-clearview-2023")
    assert ftt.relation == "appeal"  # reaches Clearview only through APPEAL_OF
    precedent = next(a for a in profile.actions if a.relation == "concerns")
    assert precedent.against  # a customer sanctioned for using Clearview
    assert all(a.date <= "2024-01-01" for a in profile.actions)
    assert {c.tier for c in profile.customers} == {1, 2}


def test_timeline_follows_the_order_and_its_appeals(built_store: LadybugStore) -> None:
    scenario = find_scenario(built_store, "ico-clearview-2022")
    line = exposure_timeline(built_store, "customer:cust-northshire-police", scenario)
    # Each step on the day it became known: the FTT ruling of 2023-10-17 from its first report (S3,
    # November 2023, month precision); the ICO's renewed application (October 2024) from S8 of
    # 2024-10-29.
    assert [p.date for p in line.points] == [
        "2022-05-22",
        "2022-05-23",
        "2023-11",
        "2024-10-29",
        "2025-10-07",
    ]
    assert [p.status for p in line.points] == [
        None,
        "issued",
        "overturned",
        "overturned",
        "remitted",
    ]
    # 67.0 at issue: the UK-US data bridge (in force 2023-10-12) does not cover US storage yet, and
    # the regulatory dimension is 85 x scale 0.73 (1,800 people) + 20 = 81.7 (issue 17 point 5);
    # 46.9 when overturned: the order's status scales only the order-driven dimensions, not the
    # customer's own duties: 0.3 x 81.7 + 0.15 x 100 + 0.3 x (0.25 x 30 + 0.2 x 85).
    assert [p.score for p in line.points][:3] == [0.0, 67.0, 46.9]
    assert line.points[2].events[0].happened == "2023-10-17"
    assert set(line.actions) == {
        "action:ico-clearview-2022",
        "action:ftt-clearview-2023",
        "action:ut-clearview-2025",
    }
    assert any(e.action_id == "action:ut-clearview-2025" for e in line.points[-1].events)


def test_timeline_of_a_what_if_is_one_point(built_store: LadybugStore) -> None:
    scenario = compose(
        built_store,
        vendor_id="vendor:hikvision",
        event=Event.SANCTIONS_DESIGNATION,
        effective_date="2026-01-01",
    )
    line = exposure_timeline(built_store, "customer:cust-harbourside-grocers", scenario)
    assert len(line.points) == 1 and line.points[0].score > 0 and line.note


def test_elements_mark_the_highlighted_path_and_keep_it_through_filters(
    built_store: LadybugStore,
) -> None:
    around = explorer.neighbours(built_store, "customer:cust-larkspur-stores")
    path = explorer.customer_vendor_paths(
        built_store, "customer:cust-larkspur-stores", "vendor:clearview-ai"
    )
    elements = subgraph_elements(around, path, labels={"Customer"})
    ids = {n["data"]["id"] for n in elements["nodes"]}
    assert (
        "vendor:clearview-ai" in ids and "product:clearview-ai-search" in ids
    )  # path kept despite the filter
    marked = {e["data"]["id"] for e in elements["edges"] if e["data"]["path"]}
    assert marked == {e.id for e in path.edges}
    rows = subgraph_rows(elements)
    assert rows[0]["on path"] and {r["relationship"] for r in rows} >= {
        "runs",
        "uses",
        "is built on",
        "offers",
    }
