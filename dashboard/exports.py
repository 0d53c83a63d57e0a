"""Download buttons for the report formats that exist (graph.reports.FORMATS): one customer's
exposure report, and the portfolio ranking for a scenario."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import state
from graph.reports import FORMATS, build_portfolio_report, render, safe_filename
from graph.reports.export import render_result
from graph.reports.progress import PROGRESS_FILE
from graph.results import ExposureResult, PortfolioRow, Scenario
from graph.settings import settings
from graph.store.protocol import content_hash

__all__ = ["portfolio_buttons", "report_buttons"]

_MIME = {
    "md": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "json": "application/json",
    "csv": "text/csv",
    "zip": "application/zip",
}


@st.cache_data(show_spinner=False)  # runs on click, outside the script run: no spinner there
def _render(version: str, result_json: str, fmt: str, progress: int) -> bytes:
    result = ExposureResult.model_validate_json(result_json)
    return render_result(state.store(), result, fmt, home=settings().home)


@st.cache_data(show_spinner=False)
def _fingerprint(version: str) -> str:
    return content_hash(state.store())


@st.cache_data(show_spinner=False)  # runs on click, outside the script run: no spinner there
def _render_portfolio(version: str, scenario_json: str, as_of: str, fmt: str) -> bytes:
    scenario = Scenario.model_validate_json(scenario_json)
    rows = state.portfolio_for(scenario, as_of)
    report = build_portfolio_report(
        rows, scenario, as_of=as_of, graph_fingerprint=_fingerprint(version)
    )
    return render(report, fmt)


def report_buttons(result: ExposureResult) -> None:
    """One download button per format; each file names the customer, scenario and date."""
    st.write("Every claim in the report cites its source and the as-of date.")
    cols = st.columns(len(FORMATS))
    payload = result.model_dump_json()
    version = state.graph_version()
    # Ticks change the reports: the cache key follows the progress file's size.
    kept = settings().home / PROGRESS_FILE
    progress = kept.stat().st_size if kept.exists() else 0
    for col, fmt in zip(cols, FORMATS, strict=True):
        # CSV comes as a zip of tidy tables: processes, summary (score, band, status), actions
        # with their progress, the supplier names, and the evidence.
        ext = "zip" if fmt == "csv" else fmt
        name = safe_filename(
            f"vendorgraph-{result.customer_id}-{result.scenario.id}-{result.as_of}.{ext}"
        )
        col.download_button(
            "Download CSV tables" if fmt == "csv" else f"Download {fmt.upper()}",
            # Markdown renders at once (cheap, and the tests read it); the others, PDF above all,
            # render only when clicked, so the page stays fast.
            data=_render(version, payload, fmt, progress)
            if fmt == "md"
            else partial(_render, version, payload, fmt, progress),
            file_name=name,
            mime=_MIME.get(ext, "application/octet-stream"),
            key=f"download-{fmt}",
            help="The tables as CSV files in a zip"
            if fmt == "csv"
            else f"The exposure report as {fmt.upper()}",
            on_click="ignore",  # a download changes nothing on the page: no rerun
        )


def portfolio_buttons(scenario: Scenario, as_of: str, rows: list[PortfolioRow]) -> None:
    """Download the portfolio ranking report in every format."""
    if not rows:
        return
    cols = st.columns(len(FORMATS))
    payload = scenario.model_dump_json()
    version = state.graph_version()
    for col, fmt in zip(cols, FORMATS, strict=True):
        col.download_button(
            f"Portfolio {fmt.upper()}",
            data=partial(_render_portfolio, version, payload, as_of, fmt),
            file_name=safe_filename(f"vendorgraph-portfolio-{scenario.id}-{as_of}.{fmt}"),
            mime=_MIME.get(fmt, "application/octet-stream"),
            key=f"portfolio-download-{fmt}",
            help=f"The portfolio ranking as {fmt.upper()}",
            on_click="ignore",
        )
