"""The graph explorer page: start node, type filter, neighbour expansion, path highlighting and
the details panel."""

from __future__ import annotations

from graph.settings import Settings
from tests.dashboard.conftest import open_page, page_text


def _edges(at: object) -> object:
    return next(
        d.value
        for d in at.dataframe
        if "relationship" in d.value.columns and "from" in d.value.columns
    )  # type: ignore[attr-defined]


def test_starts_from_a_vendor_with_its_details(dashboard_env: Settings) -> None:
    at = open_page("screens/explorer.py", {"node": "vendor:clearview-ai", "as_of": "2026-01-01"})
    assert not at.exception, at.exception
    text = page_text(at)
    assert "#### Clearview AI, Inc." in text
    assert "country:** US" in text
    edges = _edges(at)
    assert "is against" in set(edges["relationship"])
    assert "collects data from" in set(edges["relationship"])


def test_paths_from_customer_to_vendor_are_highlighted(dashboard_env: Settings) -> None:
    at = open_page(
        "screens/explorer.py",
        {
            "node": "customer:cust-larkspur-stores",
            "customer": "customer:cust-larkspur-stores",
            "vendor": "vendor:clearview-ai",
        },
    )
    assert not at.exception, at.exception
    edges = _edges(at)
    on_path = edges[edges["on path"]]
    assert set(on_path["relationship"]) == {
        "runs",
        "uses",
        "is built on",
        "offers",
    }  # a tier-2 path through a supplier
    assert "Clearview AI, Inc. (vendor)" in set(on_path["from"])


def test_expand_and_filter_by_type(dashboard_env: Settings) -> None:
    at = open_page("screens/explorer.py", {"node": "customer:cust-northshire-police"})
    before = len(_edges(at))
    picker = next(s for s in at.selectbox if s.label == "Node")
    picker.set_value("process:cust-northshire-police/p1").run()
    next(b for b in at.button if b.label == "Expand").click().run()
    assert not at.exception, at.exception
    after = _edges(at)
    assert len(after) > before
    assert "processes" in set(after["relationship"])  # the process's data categories
    assert "Suspect identification trial" in page_text(at)  # its details are shown
    types = next(m for m in at.multiselect if m.label == "Show node types")
    types.set_value(["Customer", "Process"]).run()
    assert set(_edges(at)["relationship"]) == {"runs"}


def test_unknown_start_node_falls_back_without_an_error(dashboard_env: Settings) -> None:
    at = open_page("screens/explorer.py", {"node": "vendor:does-not-exist"})
    assert not at.exception and not at.error
