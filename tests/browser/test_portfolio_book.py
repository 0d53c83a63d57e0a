"""The portfolio page with a book of customers in a real browser (issue 21 point 5): the band and
sector filters narrow the table, and the download gives the whole ranking whatever they show.

Serves its own home: the bundled graph with a synthetic book of 150 customers (bench/book.py; the
2,000-customer figures come from bench/portfolio_page.py, not from a test). The expected counts
are worked out from the stored graph before the page is opened.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph.dates import parse_as_of
from graph.exposure.engine import portfolio
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import find_scenario
from graph.queries import ALL_CUSTOMERS
from graph.store.ladybug import LadybugStore
from ingest.build import rebuild
from tests.browser.conftest import offline_page, serve
from tests.browser.helpers import idle, settle, shoot
from tests.conftest import ROOT, make_settings

pytestmark = pytest.mark.browser

BOOK = 150
PAGE = "/?scenario=ico-clearview-2022&as_of=2022-06-01"


@dataclass(frozen=True)
class Book:
    url: str
    bands: dict[str, str]  # customer name -> band
    sectors: dict[str, str]  # customer name -> sector


@pytest.fixture(scope="module")
def book(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    sys.path.insert(0, str(ROOT / "bench"))
    from book import write_book

    folder = tmp_path_factory.mktemp("portfolio-book")
    home = make_settings(folder / "home")
    store = LadybugStore(home.home / "ladybug")
    try:
        rebuild(store, home, extra_inventories=[write_book(folder / "book.csv", BOOK, 3)])
        scenario = find_scenario(store, "ico-clearview-2022")
        ranking = portfolio(
            store, scenario, parse_as_of("2022-06-01"), rules=read_rules(home.data / "kb")
        )
        sector_of = {r["id"]: r["sector"] or "unknown" for r in store.read(ALL_CUSTOMERS)}
    finally:
        store.close()
    bands = {r.customer: r.band for r in ranking}
    sectors = {r.customer: sector_of[r.customer_id] for r in ranking}
    with serve(home, folder / "dashboard.log") as url:
        yield Book(url, bands, sectors)


@pytest.fixture
def tab(browser: Any, book: Book) -> Iterator[Any]:
    with offline_page(browser, book.url) as page:
        yield page


def _shown(page: Any) -> tuple[int, int]:
    text = page.get_by_text(re.compile(r"customers shown$")).first.inner_text()
    found = re.fullmatch(r"([\d,]+) of ([\d,]+) customers shown", text.strip())
    assert found, text
    return int(found.group(1).replace(",", "")), int(found.group(2).replace(",", ""))


def _wait_shown(page: Any, expected: int) -> None:
    page.get_by_text(re.compile(rf"^{expected:,} of [\d,]+ customers shown$")).wait_for()
    idle(page)


def test_band_and_sector_filters_then_the_whole_ranking_downloads(tab: Any, book: Book) -> None:
    total = len(book.bands)
    assert total == BOOK + 6  # the book and the six sample customers
    tab.goto(PAGE)
    settle(tab, "Portfolio")
    tab.locator('[data-testid="stDataFrame"]').first.wait_for()
    tab.get_by_text("Customers by band as of 2022-06-01").wait_for()  # past 40: one bar a band
    assert _shown(tab) == (total, total)

    # Leave out the low band: what is left is every customer in another band.
    not_low = sum(1 for b in book.bands.values() if b != "low")
    assert 0 < not_low < total
    tab.get_by_role("button", name="LOW", exact=True).click()
    _wait_shown(tab, not_low)
    assert _shown(tab) == (not_low, total)

    # Then one sector, chosen as a user does: type it in the filter and press Enter.
    sector = "retail"
    both = sum(1 for c, b in book.bands.items() if b != "low" and book.sectors[c] == sector)
    assert 0 < both < not_low
    tab.locator('[data-testid="stMultiSelect"] input').first.click()
    tab.keyboard.type(sector)
    tab.keyboard.press("Enter")
    tab.keyboard.press("Escape")
    _wait_shown(tab, both)
    assert _shown(tab) == (both, total)
    shoot(tab, "portfolio-book-filtered")

    # The download is the whole ranking, not the filtered rows.
    button = tab.get_by_role("button", name=f"Download the whole ranking (CSV, {total} customers)")
    with tab.expect_download() as info:
        button.click()
    body = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename == "vendorgraph-ranking-ico-clearview-2022-2022-06-01.csv"
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == total
    assert {r["customer"]: r["band"] for r in rows} == book.bands
    assert [int(r["rank"]) for r in rows] == list(range(1, total + 1))
