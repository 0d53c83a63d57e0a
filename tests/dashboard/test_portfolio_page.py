"""The portfolio page (the default page): every customer ranked, band colours, filters, links."""

from __future__ import annotations

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
    assert list(ranking["band"])[:2] == [
        "critical",
        "critical",
    ]  # police: US storage not yet under the bridge
    assert set(list(ranking["band"])[2:]) == {"low"}  # the control customers
    assert list(ranking["nearest tier"])[:2] == [
        "2",
        "1",
    ]  # Larkspur reaches Clearview through a supplier
    text = page_text(at)
    assert "Customers assessed: 6" in text and "Critical band: 2" in text
    # 76.2, not 73.2: the Clearview chain stores data in the US, not under the bridge in 2022.
    assert _links(at)[0] == "Larkspur Stores plc (fictional) — 76.2 CRITICAL"


def test_filters_narrow_the_ranking(dashboard_env: Settings) -> None:
    at = open_page(
        "screens/portfolio.py", {"scenario": "ico-clearview-2022", "as_of": "2022-06-01"}
    )
    at.button_group[0].set_value(["low"]).run()  # the band pills
    assert not at.exception, at.exception
    assert set(at.dataframe[0].value["band"]) == {"low"}
    at.toggle[0].set_value(True).run()  # only customers with an affected process
    assert any("No customer matches the filters" in i.value for i in at.info)


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
    assert not at.get("download_button")  # the renderers load only when the expander is opened
    at.session_state["portfolio-downloads"] = True
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [f"Portfolio {f.upper()}" for f in FORMATS]


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
