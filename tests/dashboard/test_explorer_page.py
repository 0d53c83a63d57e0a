"""The graph explorer page (issue 20): it opens on the chosen customer's paths to the scenario's
vendor, drawn left to right and small, adds neighbours on request with a count of those left out,
and shows the same paths as a table."""

from __future__ import annotations

from typing import Any

from graph.settings import Settings
from tests.dashboard.conftest import open_page, page_text


def _table(at: Any, column: str) -> Any:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_opens_on_the_customers_paths_to_the_scenarios_vendor(dashboard_env: Settings) -> None:
    # Expected before running: Larkspur reaches Clearview at tier 2, through Sentinel's watchlist
    # service built on Clearview's search (the bundled inventory), so five nodes in one line.
    at = open_page(
        "screens/explorer.py",
        {"customer": "customer:cust-larkspur-stores", "scenario": "ico-clearview-2022", "as_of": "2022-06-01"},
    )  # fmt: skip
    assert not at.exception, at.exception
    text = page_text(at)
    assert (
        "**Larkspur Stores plc (fictional)** reaches **Clearview AI, Inc.** through 1 path" in text
    )
    paths = _table(at, "path")
    assert list(paths["tier"]) == [2]
    assert "Sentinel Watchlist Service (fictional)" in paths["path"][0]
    edges = _table(at, "relationship")
    assert set(edges["relationship"]) == {"runs", "uses", "is built on", "is offered by"}
    assert len(edges) == 4 and edges["on path"].all()  # customer to vendor only: no hairball


def test_neighbours_are_added_on_request_with_a_count_of_those_left_out(
    dashboard_env: Settings,
) -> None:
    at = open_page(
        "screens/explorer.py",
        {"customer": "customer:cust-larkspur-stores", "as_of": "2022-06-01"},
    )
    before = len(_table(at, "relationship"))
    next(s for s in at.selectbox if s.label == "Node").set_value("vendor:clearview-ai").run()
    next(b for b in at.button if b.label == "Add its neighbours").click().run()
    assert not at.exception, at.exception
    edges = _table(at, "relationship")
    added = edges[~edges["on path"]]
    assert len(edges) > before and 1 <= len(added) <= 6  # six per request by default
    # Clearview has many more neighbours (its enforcement record): they are counted, not drawn.
    assert "more neighbours not drawn" in page_text(at)
    next(b for b in at.button if b.label == "Back to the paths").click().run()
    assert len(_table(at, "relationship")) == before


def test_no_path_says_so_and_starts_from_the_vendor(dashboard_env: Settings) -> None:
    at = open_page(
        "screens/explorer.py",
        {"customer": "customer:cust-fernhill-accountants", "vendor": "vendor:clearview-ai"},
    )
    assert not at.exception, at.exception
    assert "No process of Fernhill" in page_text(at)
    assert "#### Clearview AI, Inc." in page_text(at)


def test_unknown_customer_in_a_link_warns_without_an_error(dashboard_env: Settings) -> None:
    at = open_page("screens/explorer.py", {"customer": "customer:does-not-exist"})
    assert not at.exception and not at.error
    assert "customer:does-not-exist" in page_text(at)


def test_a_link_can_name_the_node_selected_first(dashboard_env: Settings) -> None:
    # The exposure page's "Explore around these paths" names the vendor; a node off the paths is
    # ignored and the customer is selected, as without the link's node.
    params = {"customer": "customer:cust-larkspur-stores", "as_of": "2022-06-01"}
    at = open_page("screens/explorer.py", {**params, "node": "vendor:clearview-ai"})
    assert not at.exception, at.exception
    assert "#### Clearview AI, Inc." in page_text(at)
    at = open_page("screens/explorer.py", {**params, "node": "vendor:hikvision"})
    text = page_text(at)
    assert "#### Larkspur Stores plc (fictional)" in text
    # The customer's details in words: no inventory file name, no Python booleans, the
    # inventory cited once by its title.
    assert "**fictional:** yes" in text and "True" not in text and ".csv" not in text
    assert "Vendor inventory supplied by Larkspur Stores plc (fictional)" in text
    assert "(fictional) (Larkspur Stores plc (fictional))" not in text
