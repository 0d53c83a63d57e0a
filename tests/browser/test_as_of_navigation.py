"""One as-of across the app, in a real browser (issue 11): today by default, kept when the user moves
between pages with the sidebar, and a bad link warns instead of showing another customer."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.browser.helpers import settle, shoot

pytestmark = pytest.mark.browser


def _as_of(page: Any) -> str:
    """The sidebar's date, read from its year, month and day fields, as YYYY-MM-DD."""
    parts = [
        int(page.get_by_role("spinbutton", name=f"{part}, As of").get_attribute("aria-valuenow"))
        for part in ("year", "month", "day")
    ]
    return date(*parts).isoformat()


def test_as_of_is_today_and_survives_navigation(page: Any) -> None:
    page.goto("/")
    settle(page, "Portfolio")
    assert _as_of(page) == date.today().isoformat()
    assert page.get_by_text("Looking at the past").count() == 0

    page.goto("/?as_of=2022-06-01")
    settle(page, "Portfolio")
    assert _as_of(page) == "2022-06-01"
    page.get_by_text("Looking at the past: as of 1 June 2022").wait_for()
    page.get_by_role("link", name="Vendor profile").click()  # the sidebar's navigation
    settle(page, "Vendor profile")
    assert _as_of(page) == "2022-06-01"
    assert "as_of=2022-06-01" in page.url
    shoot(page, "17-vendor-after-navigation")


def test_a_bad_link_warns_and_shows_no_other_customer(page: Any) -> None:
    page.goto("/exposure?customer=customer:cust-nobody")
    settle(page, "Customer exposure")
    page.get_by_text("customer:cust-nobody").first.wait_for()
    assert page.get_by_text("Exposure score").count() == 0
    shoot(page, "18-bad-link")
    page.goto("/?as_of=2020-31-01")
    settle(page, "Portfolio")
    page.get_by_text("not a calendar date").wait_for()
    assert _as_of(page) == date.today().isoformat()
