"""The CSV exports: affected processes, evidence, and the portfolio ranking, for spreadsheets.

UTF-8 with a byte-order mark (so Excel reads £ and accents right), RFC 4180 quoting and CRLF line
ends. A cell that a spreadsheet would run as a formula (starting with =, +, -, @, or a tab or
carriage return, after any spaces) is prefixed with an apostrophe, the OWASP-recommended defence
against CSV injection, so a vendor named `=HYPERLINK("http://x")` stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from graph.reports.model import PortfolioReport, Report

__all__ = ["TABLES", "neutralise", "render_csv", "render_table"]

# Table names per report kind; the first is what `render_csv` gives.
TABLES = {"exposure": ("processes", "evidence"), "portfolio": ("ranking",)}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell, prefixed with an apostrophe if a spreadsheet would read it as a formula."""
    if cell.startswith(("\t", "\r")) or cell.lstrip(" ").startswith(_FORMULA_START):
        return "'" + cell
    return cell


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _write(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(_cell(v)) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def _processes(report: Report) -> bytes:
    header = [
        "customer_id", "customer", "scenario_id", "as_of", "process_id", "process", "product_id",
        "product", "tier", "path", "criticality", "role", "data_categories", "special_category",
        "uk_data_subjects", "notice_days", "annual_spend_gbp", "alternatives", "dpia", "storage",
        "sources",
    ]  # fmt: skip
    rows = [
        [report.customer_id, report.customer, report.scenario.id, report.as_of, p.process_id,
         p.process, p.product_id, p.product, p.tier, p.path_text, p.criticality, p.role,
         p.data_categories, p.special_category, p.uk_data_subjects, p.notice_days, p.annual_spend,
         p.alternatives, p.dpia, p.storage, _source_urls(report, p.cites)]
        for p in report.affected
    ]  # fmt: skip
    return _write(header, rows)


def _evidence(report: Report) -> bytes:
    header = [
        "customer_id", "scenario_id", "as_of", "dimension", "dimension_score", "weight", "points",
        "claim", "path", "source_numbers", "source_urls", "listing",
    ]  # fmt: skip
    rows = [
        [report.customer_id, report.scenario.id, report.as_of, d.name, d.score, d.weight, e.points,
         e.claim, e.path_text, [str(n) for n in e.cites], _source_urls(report, e.cites), e.listing]
        for d in report.dimensions
        for e in d.evidence
    ]  # fmt: skip
    return _write(header, rows)


def _ranking(report: PortfolioReport) -> bytes:
    header = ["scenario_id", "as_of", "rank", "customer_id", "customer", "score", "band",
              "affected_processes", "nearest_tier", "drivers"]  # fmt: skip
    rows = [
        [report.scenario.id, report.as_of, r.rank, r.customer_id, r.customer, r.score, r.band,
         r.affected, r.top_tier, r.drivers]
        for r in report.rows
    ]  # fmt: skip
    return _write(header, rows)


def _source_urls(report: Report, numbers: Sequence[int]) -> list[str]:
    by_number = {c.n: c for c in report.sources}
    return [by_number[n].url or by_number[n].id for n in numbers if n in by_number]


def render_table(report: Report | PortfolioReport, table: str) -> bytes:
    """One named CSV table of the report (see TABLES)."""
    if table not in TABLES[report.kind]:
        raise ValueError(
            f"a {report.kind} report has no {table!r} table; try {TABLES[report.kind]}"
        )
    if isinstance(report, PortfolioReport):
        return _ranking(report)
    return _processes(report) if table == "processes" else _evidence(report)


def render_csv(report: Report | PortfolioReport) -> bytes:
    """The report's main CSV table: affected processes, or the portfolio ranking."""
    return render_table(report, TABLES[report.kind][0])
