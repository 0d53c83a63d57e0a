"""The portfolio page (the default page): every customer ranked, band colours, filters, links."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import Settings
from tests.dashboard.conftest import open_page, page_text


def _links(at: object) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]  # type: ignore[attr-defined]


def test_portfolio_ranks_every_customer_for_the_ico_clearview_order(
    dashboard_env: Settings,
) -> None:
    at = open_page(
        "screens/portfolio.py", {"scenario": "ico-clearview-2022", "as_of": "2022-06-01"}
    )
    assert not at.exception, at.exception
    assert at.title[0].value == "Portfolio"
    ranking = at.dataframe[0].value
    assert list(ranking["customer"])[:2] == [
        "Larkspur Stores plc (fictional)",
        "Northshire Constabulary (fictional)",
    ]
    # Issue 17 point 5: the regulatory dimension is sensitivity x scale, scale = 0.4 + 0.1 x
    # log10(UK data subjects). Both processes score sensitivity 85 (personal data 20, special
    # category or Part 3 sensitive processing 25, criminal-offence data 15, controller 10, no DPIA 15)
    # plus 20 for precedents. Larkspur's 60,000-person watchlist: 85 x 0.88 + 20 = 94.6, score
    # 0.3 x 94.6 + 0.15 x 100 + 0.25 x 45 + 0.2 x 100 = 74.6 CRITICAL. The police's 1,800-person
    # trial: 85 x 0.73 + 20 = 81.7, score 0.3 x 81.7 + 0.15 x 100 + 0.25 x 30 + 0.2 x 100 = 67.0 HIGH
    # (it was 72.5 CRITICAL when scale added at most 20 points and the dimension saturated at 100).
    assert list(ranking["band"])[:2] == ["critical", "high"]
    assert set(list(ranking["band"])[2:]) == {"low"}  # the control customers
    assert list(ranking["nearest tier"])[:2] == [
        "2",
        "1",
    ]  # Larkspur reaches Clearview through a supplier
    text = page_text(at)
    assert "Customers assessed: 6" in text and "Critical band: 1" in text
    # Data remediation 100, not 85: the Clearview chain stores data in the US, not yet under the
    # bridge in 2022.
    assert _links(at)[0] == "Larkspur Stores plc (fictional) — 74.6 CRITICAL"


def test_filters_narrow_the_ranking(dashboard_env: Settings) -> None:
    at = open_page(
        "screens/portfolio.py", {"scenario": "ico-clearview-2022", "as_of": "2022-06-01"}
    )
    at.button_group[0].set_value(["low"]).run()  # the band pills
    assert not at.exception, at.exception
    assert set(at.dataframe[0].value["band"]) == {"low"}
    at.toggle[0].set_value(True).run()  # only customers with an affected process
    assert any("No customer matches the filters" in i.value for i in at.info)


def test_the_sector_filter_starts_empty_and_narrows_to_the_sectors_picked(
    dashboard_env: Settings,
) -> None:
    at = open_page(
        "screens/portfolio.py", {"scenario": "ico-clearview-2022", "as_of": "2022-06-01"}
    )
    sectors = at.multiselect[0]
    assert sectors.value == [] and sectors.placeholder == "All sectors"
    every = at.dataframe[0].value
    assert any(c.value == "6 of 6 customers shown" for c in at.caption)
    sector = sorted(set(every["sector"]))[0]
    sectors.set_value([sector]).run()
    shown = at.dataframe[0].value
    assert set(shown["sector"]) == {sector}
    assert len(shown) == (every["sector"] == sector).sum() < len(every)
    assert any(f"{len(shown)} of 6 customers shown" == c.value for c in at.caption)


def test_the_whole_ranking_csv_has_every_customer_past_the_report_limit(
    book_home: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report lists 200 customers; the CSV of the ranking lists every one (through the
    report's CSV writer, so its formula escaping: tests/reports)."""
    import csv
    import io

    from dashboard import ranking_export, state

    monkeypatch.setenv("VENDORGRAPH_HOME", str(book_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    scenario = state.scenario_by_id("ico-clearview-2022")
    body = ranking_export.ranking_csv(
        state.graph_version(), scenario.model_dump_json(), "2022-06-01"
    )
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 246  # the six samples and the 240 customers of the book
    assert [int(r["rank"]) for r in rows] == list(range(1, 247))
    assert rows[0]["customer"] == "Larkspur Stores plc (fictional)"


def test_links_open_each_customer_exposure_with_the_same_scenario_and_date(
    dashboard_env: Settings,
) -> None:
    at = open_page(
        "screens/portfolio.py", {"scenario": "ico-clearview-2022", "as_of": "2022-06-01"}
    )
    link = next(x for x in at.get("page_link") if x.proto.label.startswith("Northshire"))
    assert link.proto.page == "exposure"
    assert link.proto.query_string == (
        "customer=customer%3Acust-northshire-police&scenario=ico-clearview-2022&as_of=2022-06-01"
    )


def test_portfolio_report_downloads_are_offered(dashboard_env: Settings) -> None:
    from graph.reports import FORMATS

    at = open_page("screens/portfolio.py")
    # The whole ranking as CSV is always there; the report's formats only once the expander is
    # opened (their renderers load then).
    whole = "Download the whole ranking (CSV, 6 customers)"
    assert [b.proto.label for b in at.get("download_button")] == [whole]
    at.session_state["portfolio-downloads"] = True
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [whole, *(f"Portfolio {f.upper()}" for f in FORMATS)]


def test_portfolio_report_renders_in_every_format(dashboard_env: Settings) -> None:
    from dashboard import exports, state
    from graph.reports import FORMATS

    scenario = state.scenario_by_id("ico-clearview-2022")
    for fmt in FORMATS:
        body = exports._render_portfolio(
            state.graph_version(), scenario.model_dump_json(), "2022-06-01", fmt
        )
        assert body, fmt
        if fmt in ("md", "csv", "json", "html"):
            assert "Larkspur Stores plc (fictional)" in body.decode()
        if fmt == "pdf":
            assert body.startswith(b"%PDF-")


@pytest.fixture(scope="module")
def book_home(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The bundled graph plus a synthetic book of 240 customers (bench/book.py): past the
    portfolio report's 200 rows."""
    import sys

    from graph.store.ladybug import LadybugStore
    from ingest.build import rebuild
    from tests.conftest import make_settings

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from book import write_book

    folder = tmp_path_factory.mktemp("book")
    config = make_settings(folder / "home")
    store = LadybugStore(config.home / "ladybug")
    rebuild(store, config, extra_inventories=[write_book(folder / "book.csv", 240, 3)])
    store.close()
    return config


def test_a_large_book_shows_bands_and_pages_its_links(
    book_home: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VENDORGRAPH_HOME", str(book_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    at = open_page(
        "screens/portfolio.py", {"scenario": "ico-clearview-2022", "as_of": "2022-06-01"}
    )
    assert not at.exception, at.exception
    ranking = at.dataframe[0].value
    assert len(ranking) == 246  # the six samples and the book, every row in the grid
    text = page_text(at)
    assert "Customers by band as of 2022-06-01" in text  # a bar per band, not per customer
    assert len(_links(at)) == 50  # the first page of links, in rank order
    assert _links(at)[0].startswith("Larkspur Stores plc (fictional)")
    at.number_input(key="portfolio-page").set_value(5).run()
    assert len(_links(at)) == 46
