"""One as-of for the whole app, and honest links (issue 11, items 1 and 5).

Expected before running: with no date in the link every page opens on today; a date chosen on one
page is the date on the next; a past date gets a banner; a link naming an unknown customer,
scenario or vendor, or an impossible date, gets a warning and never another customer's data.
"""

from __future__ import annotations

from datetime import date

from graph.settings import Settings
from tests.dashboard.conftest import open_page, page_text


def test_every_page_opens_on_today(dashboard_env: Settings) -> None:
    for page in ("screens/portfolio.py", "screens/exposure.py", "screens/vendor.py",
                 "screens/scenarios.py", "screens/explorer.py"):  # fmt: skip
        at = open_page(page)
        assert not at.exception, (page, at.exception)
        assert at.sidebar.date_input[0].value == date.today(), page
        assert "Looking at the past" not in page_text(at), page


def test_the_chosen_date_survives_navigation(dashboard_env: Settings) -> None:
    at = open_page("screens/portfolio.py", {"as_of": "2022-06-01"})
    assert at.sidebar.date_input[0].value == date(2022, 6, 1)
    assert "Looking at the past: as of 1 June 2022" in page_text(at)
    at.query_params.clear()  # what st.navigation does when the user picks another page
    at.switch_page("screens/vendor.py").run()
    assert not at.exception
    assert at.sidebar.date_input[0].value == date(2022, 6, 1)


def test_an_impossible_date_in_a_link_warns_and_shows_today(dashboard_env: Settings) -> None:
    at = open_page("screens/portfolio.py", {"as_of": "2020-31-01"})
    assert not at.exception
    assert any("2020-31-01" in w.value and "not a calendar date" in w.value for w in at.warning)
    assert at.sidebar.date_input[0].value == date.today()


def test_an_unknown_customer_in_a_link_shows_nobody_else(dashboard_env: Settings) -> None:
    at = open_page(
        "screens/exposure.py",
        {
            "customer": "customer:cust-nobody",
            "scenario": "ico-clearview-2022",
            "as_of": "2022-06-01",
        },
    )
    assert not at.exception
    assert any("customer:cust-nobody" in w.value for w in at.warning)
    text = page_text(at)
    assert "Exposure score" not in text
    for sample in ("Northshire", "Larkspur", "Fernhill", "Harbourside", "Oakfield", "Riverside"):
        assert sample not in text.replace(at.sidebar.selectbox[0].label, ""), sample


def test_an_unknown_scenario_or_vendor_in_a_link_warns(dashboard_env: Settings) -> None:
    at = open_page("screens/portfolio.py", {"scenario": "no-such-scenario"})
    assert not at.exception
    assert any("no-such-scenario" in w.value for w in at.warning)
    assert not at.dataframe
    at = open_page("screens/vendor.py", {"vendor": "vendor:no-such-vendor"})
    assert not at.exception
    assert any("vendor:no-such-vendor" in w.value for w in at.warning)
    assert "Clearview" not in " ".join(
        [*(h.value for h in at.header), *(h.value for h in at.subheader)]
    )
