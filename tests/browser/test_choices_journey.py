"""The user's choices in a real browser (issue 20 point 3): a customer, scenario and as-of chosen on
one page are the ones the next page opens on after a click in the sidebar; the exposure page opens on
the customer most exposed to the scenario; a typed effective date applies on Enter."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

import pytest

from tests.browser.helpers import idle, settle, shoot

pytestmark = pytest.mark.browser


def _picked(page: Any, label: str) -> str:
    """What the sidebar's selectbox `label` shows."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
        has=page.get_by_text(label, exact=True)
    )
    # The choice shows as the value of the box's search field (or its text, once closed).
    field = box.first.locator("input")
    shown = field.first.input_value() if field.count() else ""
    return f"{box.first.inner_text()} {shown}"


def test_customer_scenario_and_date_follow_the_sidebar_navigation(page: Any) -> None:
    # Expected (issue 20): a link to Northshire's exposure as of 2022-06-01, then "Scenario
    # builder" and "Graph explorer" in the sidebar, keep Northshire, the ICO's order and the date
    # (before: Harbourside as of today).
    page.goto("/exposure?customer=customer:cust-northshire-police&as_of=2022-06-01")
    settle(page, "Customer exposure")
    page.get_by_text("67.0 / 100").wait_for()
    for link, heading in (("Scenario builder", "Scenario builder"), ("Graph explorer", "Graph explorer")):  # fmt: skip
        page.get_by_role("link", name=link).click()
        settle(page, heading)
        url = unquote(page.url)
        assert "customer=customer:cust-northshire-police" in url, (link, url)
        assert "as_of=2022-06-01" in url and "scenario=ico-clearview-2022" in url, (link, url)
        assert "Northshire Constabulary" in _picked(page, "Customer"), link
        page.get_by_text("Looking at the past: as of 1 June 2022").wait_for()
    # The explorer's answer names the carried customer and the scenario's vendor.
    page.get_by_text(
        re.compile(r"Northshire Constabulary \(fictional\) reaches Clearview AI")
    ).wait_for()
    shoot(page, "19-explorer-after-navigation")


def test_exposure_opens_on_the_most_exposed_customer(page: Any) -> None:
    # The ICO's Clearview order as of 2022-06-01 ranks Larkspur first at 74.6 (critical); the page
    # once opened on Harbourside at 0.0.
    page.goto("/exposure?as_of=2022-06-01")
    settle(page, "Customer exposure")
    assert "Larkspur Stores" in _picked(page, "Customer")
    page.get_by_text("74.6 / 100").wait_for()


def test_a_typed_effective_date_applies_on_enter(page: Any) -> None:
    page.goto("/scenarios?as_of=2023-03-15")
    settle(page, "Scenario builder")
    # The what-if starts on the as-of date.
    page.get_by_text(re.compile(r"What if: .* from 15 March 2023")).first.wait_for()
    # The field has a segment per part (year, month, day); typing moves from one to the next.
    year = page.get_by_role("spinbutton", name="year, Effective date B")
    year.click()
    page.keyboard.type("20240229")
    page.keyboard.press("Enter")
    idle(page)
    page.get_by_text(re.compile(r"What if: .* from 29 February 2024")).first.wait_for(
        timeout=30_000
    )
    assert page.get_by_text(re.compile(r"What if: .* from 15 March 2023")).count() == 0
    shoot(page, "20-what-if-typed-date")
