"""The scenario builder: a what-if composed from vendor, event, jurisdiction and date, side by side
with a real order, for one customer and across the portfolio."""

from __future__ import annotations

from graph.model import Event
from graph.settings import Settings
from tests.dashboard.conftest import open_page, page_text


def _builder(params: dict[str, str] | None = None) -> object:
    at = open_page("screens/scenarios.py", {"as_of": "2026-01-01", **(params or {})})
    assert not at.exception, at.exception
    assert at.title[0].value == "Scenario builder"
    return at


def test_default_compares_the_ico_order_with_a_hikvision_designation(
    dashboard_env: Settings,
) -> None:
    at = _builder({"customer": "customer:cust-harbourside-grocers"})
    text = page_text(at)
    assert (
        "What if: sanctions designation against Hangzhou Hikvision Digital Technology in GB from 1 January 2026"
        in text
    )
    comparison = next(d.value for d in at.dataframe if "measure" in d.value.columns)
    overall = comparison[comparison["measure"] == "overall score"].iloc[0]
    assert (
        overall["A"] == 0.0 and overall["B"] > 0
    )  # the grocer uses Hikvision cameras, not Clearview
    sanctions = comparison[comparison["measure"] == "Sanctions"].iloc[0]
    assert sanctions["B"] > 0
    portfolio = next(d.value for d in at.dataframe if "B score" in d.value.columns)
    assert len(portfolio) == 6


def test_what_if_can_target_a_product_event_jurisdiction_and_date(dashboard_env: Settings) -> None:
    at = _builder({"customer": "customer:cust-northshire-police"})
    at.radio(key="A-kind").set_value("What-if").run()
    at.selectbox(key="A-vendor").set_value("vendor:clearview-ai").run()
    at.selectbox(key="A-event").set_value(Event.DELETION).run()
    at.selectbox(key="A-jurisdiction").set_value("GB").run()
    assert not at.exception, at.exception
    assert (
        "What if: deletion order against Clearview AI, Inc. in GB from 1 January 2026"
        in page_text(at)
    )
    comparison = next(d.value for d in at.dataframe if "measure" in d.value.columns)
    assert comparison[comparison["measure"] == "affected processes"].iloc[0]["A"] == 1
