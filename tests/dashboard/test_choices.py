"""The user's choices carried across pages (issue 20): customer, scenario and as-of kept in the
session and written into every page's link; the exposure page opens on the customer most exposed
to the chosen scenario; the what-if's effective date starts on the as-of date."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from graph.settings import Settings
from tests.dashboard.conftest import APP, open_page, page_text


def _chosen(at: AppTest, label: str) -> object:
    return next(s for s in at.sidebar.selectbox if s.label == label).value


def test_choices_follow_the_user_from_page_to_page(dashboard_env: Settings) -> None:
    # A link to Northshire's exposure as of 2022-06-01, then the scenario builder, the explorer
    # and the vendor profile: each keeps Northshire, the ICO's order and the date.
    at = open_page(
        "screens/exposure.py",
        {"customer": "customer:cust-northshire-police", "as_of": "2022-06-01"},
    )
    assert not at.exception, at.exception
    for page in ("screens/scenarios.py", "screens/explorer.py", "screens/vendor.py", "screens/changes.py"):  # fmt: skip
        at.query_params.clear()  # the sidebar's navigation drops the link's parameters
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert (
            at.query_params["as_of"] == ["2022-06-01"] or at.query_params["as_of"] == "2022-06-01"
        )
        assert "customer:cust-northshire-police" in str(at.query_params["customer"]), page
        assert "ico-clearview-2022" in str(at.query_params["scenario"]), page
        if page != "screens/changes.py" and page != "screens/vendor.py":
            assert _chosen(at, "Customer") == "customer:cust-northshire-police", page
    at.query_params.clear()
    at.switch_page("screens/vendor.py").run()
    assert _chosen(at, "Vendor") == "vendor:clearview-ai"  # the scenario's vendor


def test_a_choice_made_on_one_page_is_kept_on_the_next(dashboard_env: Settings) -> None:
    at = open_page("screens/exposure.py", {"customer": "customer:cust-larkspur-stores"})
    next(s for s in at.sidebar.selectbox if s.label == "Customer").set_value(
        "customer:cust-oakfield-academy"
    ).run()
    at.query_params.clear()
    at.switch_page("screens/scenarios.py").run()
    assert _chosen(at, "Customer") == "customer:cust-oakfield-academy"


def test_exposure_opens_on_the_most_exposed_customer(dashboard_env: Settings) -> None:
    # The portfolio for the ICO's Clearview order as of 2022-06-01 ranks Larkspur first (74.6,
    # critical: special-category data of shoppers at tier 2), then Northshire (67.0); the page
    # must not open on a customer scoring 0 (it opened on Harbourside, 0.0 LOW).
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("screens/exposure.py")
    at.query_params["as_of"] = "2022-06-01"
    at.run()
    assert not at.exception, at.exception
    assert _chosen(at, "Customer") == "customer:cust-larkspur-stores"
    score = next(m for m in at.metric if m.label == "Exposure score").value
    assert float(str(score).split()[0]) > 0


def test_what_if_effective_date_starts_on_the_as_of_date(dashboard_env: Settings) -> None:
    at = open_page("screens/scenarios.py", {"as_of": "2023-03-15"})
    assert not at.exception, at.exception
    effective = next(d for d in at.date_input if d.label == "Effective date B")
    assert str(effective.value) == "2023-03-15"
    assert "from 15 March 2023" in page_text(at) or "2023-03-15" in page_text(at)
