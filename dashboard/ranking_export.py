"""The whole portfolio ranking as one CSV file, whatever the page's filters show: every customer
assessed, in rank order. The same table and the same formula-safe escaping as the portfolio
report's CSV (graph.reports.csv_export), with no row limit (the report lists the first 200).
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import state
from graph.reports.output import safe_filename
from graph.results import Scenario

__all__ = ["ranking_button", "ranking_csv"]


@st.cache_data(show_spinner=False)  # runs on click, outside the script run: no spinner there
def ranking_csv(version: str, scenario_json: str, as_of: str) -> bytes:
    """Every assessed customer's rank, score, band and drivers, as CSV (UTF-8 with a BOM)."""
    from graph.reports import build_portfolio_report, render
    from graph.store.protocol import content_hash

    scenario = Scenario.model_validate_json(scenario_json)
    report = build_portfolio_report(
        state.portfolio_for(scenario, as_of),
        scenario,
        as_of=as_of,
        graph_fingerprint=content_hash(state.store()),
        limit=None,
    )
    return render(report, "csv")


def ranking_button(scenario: Scenario, as_of: str, customers: int) -> None:
    """A download button for the whole ranking as CSV."""
    st.download_button(
        f"Download the whole ranking (CSV, {customers:,} customers)",
        data=partial(ranking_csv, state.graph_version(), scenario.model_dump_json(), as_of),
        file_name=safe_filename(f"vendorgraph-ranking-{scenario.id}-{as_of}.csv"),
        mime="text/csv",
        key="portfolio-ranking-csv",
        help="Every customer assessed, in rank order, whatever the filters above show",
        on_click="ignore",  # a download changes nothing on the page: no rerun
        icon=":material/download:",
    )
