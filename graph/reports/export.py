"""One call from a customer, scenario and date to a report: used by the CLI and the dashboard."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from graph.exposure.engine import exposure, portfolio
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import find_scenario
from graph.reports import FORMATS, build_portfolio_report, build_report, render
from graph.reports.csv_export import csv_zip
from graph.reports.listings import listing_lines
from graph.reports.model import PortfolioReport, Report
from graph.reports.progress import ActionProgress, with_progress
from graph.results import ExposureResult
from graph.settings import Settings
from graph.store.protocol import Store, content_hash

__all__ = ["build_export", "check_format", "render_result"]


def _when(generated_at: str | None) -> datetime | None:
    if generated_at is None:
        return None
    try:
        return datetime.fromisoformat(generated_at)
    except ValueError:
        raise ValueError(f"--generated-at {generated_at!r} is not an ISO date-time") from None


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return fmt


def render_result(
    store: Store,
    result: ExposureResult,
    fmt: str,
    generated_at: str | None = None,
    home: Path | None = None,
) -> bytes:
    """Render one exposure result in a report format, with the action progress kept in `home`;
    CSV as a zip of its tidy tables (the processes, summary, actions, names and evidence)."""
    report = build_report(
        result,
        graph_fingerprint=content_hash(store),
        generated_at=_when(generated_at),
        listings=listing_lines(store, result),
    )
    if home is not None:
        report = with_progress(report, ActionProgress(home).load())
    if check_format(fmt) == "csv":
        return csv_zip(report)
    return render(report, fmt)


def build_export(
    store: Store,
    config: Settings,
    customer_id: str | None,
    scenario_id: str,
    as_of: date,
    generated_at: str | None = None,
) -> Report | PortfolioReport:
    """A customer's report, or the portfolio report when no customer is given."""
    rules = read_rules(config.data / "kb")
    scenario = find_scenario(store, scenario_id)
    fingerprint, when = content_hash(store), _when(generated_at)
    if customer_id is None:
        rows = portfolio(store, scenario, as_of, rules=rules)
        return build_portfolio_report(
            rows,
            scenario,
            as_of=as_of.isoformat(),
            graph_fingerprint=fingerprint,
            generated_at=when,
        )
    result = exposure(store, customer_id, scenario, as_of, rules=rules)
    report = build_report(
        result,
        graph_fingerprint=fingerprint,
        generated_at=when,
        listings=listing_lines(store, result),
    )
    return with_progress(report, ActionProgress(config.home).load())
