"""The vendor profile: enforcement across jurisdictions with status histories, sanctions matches,
data sources and jurisdictions, and the customers exposed."""

from __future__ import annotations

from graph import vocabulary
from graph.settings import Settings
from tests.dashboard.conftest import open_page, page_text


def _vendor(vendor: str, tab: str | None = None, as_of: str = "2026-01-01") -> object:
    at = open_page(
        "screens/vendor.py", {"vendor": vendor, "as_of": as_of, **({"tab": tab} if tab else {})}
    )
    assert not at.exception, at.exception
    assert at.title[0].value == "Vendor profile"
    return at


def test_clearview_enforcement_across_jurisdictions_with_histories(dashboard_env: Settings) -> None:
    at = _vendor("vendor:clearview-ai")
    actions = at.dataframe[0].value
    assert {"GB", "FR", "IT", "GR", "NL", "AU", "CA"} <= set(actions["jurisdiction"])
    ico = actions[
        actions["action"] == "ICO monetary penalty and enforcement notice against Clearview AI"
    ].iloc[0]
    # uk-law.md's words for an order and a fine: both "remitted" by the Upper Tribunal.
    assert ico["status as of date"] == "remitted" and ico["amount"] == 7552800
    text = page_text(at)
    # The ICO action's status history, in each kind's words: the order "overturned", the fine "set aside".
    assert "2023-10-17 overturned (order); set aside (fine)" in text.replace("**", "")
    assert "Restricted-list listings: 0" in text


def test_status_as_of_an_earlier_date(dashboard_env: Settings) -> None:
    at = _vendor("vendor:clearview-ai", as_of="2024-01-01")
    actions = at.dataframe[0].value
    ico = actions[
        actions["action"] == "ICO monetary penalty and enforcement notice against Clearview AI"
    ].iloc[0]
    assert ico["status as of date"] == "overturned (order); set aside (fine)"
    assert "Upper Tribunal ruling on the ICO's appeal (ICO v Clearview AI Inc)" not in set(
        actions["action"]
    )


def test_hikvision_sanctions_matches_with_lists_programs_and_review(
    dashboard_env: Settings,
) -> None:
    at = _vendor("vendor:hikvision", "Sanctions matches")
    matches = at.dataframe[0].value
    assert {
        vocabulary.list_name(c) for c in ("ofac-cons", "bis-entity", "fcc-covered", "dod-1260h")
    } == set(matches["list"])
    ofac = matches[matches["explanation"].str.startswith("curated from S45")].iloc[0]
    assert ofac["program"].startswith("NS-CMIC (EO 14032)")
    assert ofac["listed on"].startswith("2021-06-03")
    assert ofac["review"].startswith("curated")
    assert "not open to review here" in page_text(at)  # curated matches are read-only


def test_customers_exposed_at_every_tier(dashboard_env: Settings) -> None:
    at = _vendor("vendor:clearview-ai", "Customers exposed")
    exposed = at.dataframe[0].value
    tiers = dict(zip(exposed["customer"], exposed["tier"], strict=True))
    assert tiers == {"Northshire Constabulary (fictional)": 1, "Larkspur Stores plc (fictional)": 2}
    links = [x.proto for x in at.get("page_link")]
    assert any(
        p.label == "Exposure of Northshire Constabulary (fictional)"
        and "scenario=" in p.query_string
        for p in links
    )


def test_data_sources_and_jurisdictions(dashboard_env: Settings) -> None:
    at = _vendor("vendor:clearview-ai", "Data sources and jurisdictions")
    links = at.dataframe[0].value
    assert "Facebook" in set(links[links["link"] == "collects data from"]["to"])
    assert "United States" in set(links[links["link"] == "based in"]["to"])


def test_one_definition_of_enforcement_counts(dashboard_env: Settings) -> None:
    """The headline counts actions against the vendor; rulings on appeal and actions against its
    customers are counted apart and said in words, so the views agree."""
    at = _vendor("vendor:clearview-ai", as_of="2026-01-01")
    metric = next(m for m in at.metric if m.label == "Enforcement actions against it")
    rows = next(d.value for d in at.dataframe if "relation" in d.value.columns)
    assert int(metric.value) == int((rows["relation"] == "against").sum())
    assert int(metric.value) < len(rows)  # appeals and customers' cases exist, and are apart
    assert "ruling(s) on appeal" in page_text(at)


def test_a_listing_found_twice_is_shown_once(dashboard_env: Settings) -> None:
    """Hikvision's NS-CMIC listing is in the knowledge base and found by screening the bundled
    list extract: one row, with both sources."""
    at = _vendor("vendor:hikvision", tab="Sanctions matches")
    matches = next(d.value for d in at.dataframe if "listed entity" in d.value.columns)
    keys = list(zip(matches["list"], matches["listed entity"].str.casefold(), strict=True))
    ns_cmic = matches[matches["list"] == vocabulary.list_name("ofac-cons")]
    assert len(ns_cmic) == 1, ns_cmic
    assert "knowledge base and list screening" in set(ns_cmic["found by"])
    assert len(keys) == len(set(keys))
