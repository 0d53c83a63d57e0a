"""The CSV exports, for spreadsheets: an exposure report as tidy tables (the affected processes,
the answer's summary with score, band and status, the actions, the supplier names open or
reviewed, and the evidence), and the portfolio ranking. Every table repeats the customer, scenario
and date, so each file stands alone.

UTF-8 with a byte-order mark (so Excel reads £ and accents right), RFC 4180 quoting and CRLF line
ends. A cell that a spreadsheet would run as a formula (starting with =, +, -, @, or a tab or
carriage return, after any spaces) is prefixed with an apostrophe, the OWASP-recommended defence
against CSV injection, so a vendor named `=HYPERLINK("http://x")` stays text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence

from graph import vocabulary
from graph.reports.model import PortfolioReport, Report

__all__ = ["TABLES", "csv_zip", "neutralise", "render_csv", "render_table"]

# Table names per report kind; the first is what `render_csv` gives.
TABLES = {
    "exposure": ("processes", "summary", "actions", "names", "evidence"),
    "portfolio": ("ranking",),
}

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


def _status(report: Report) -> str:
    """The order's status as of the date, in words (a what-if has none of its own)."""
    s = report.scenario
    if s.what_if or report.action_status is None:
        return (
            "what-if, planned" if s.effective_date > report.as_of else "what-if, assumed in force"
        )
    return vocabulary.status(report.action_status)


def _summary(report: Report) -> bytes:
    header = [
        "customer_id", "customer", "scenario_id", "scenario", "as_of", "score", "band", "status",
        "force", "affected_processes", "actions", "unresolved_names", "reviewed_names", "formula",
        "generated_at", "graph_fingerprint",
    ]  # fmt: skip
    p = report.provenance
    row = [
        report.customer_id, report.customer, report.scenario.id, report.scenario.name, report.as_of,
        report.score, report.band, _status(report), report.force, len(report.affected),
        len(report.actions), len(report.unresolved_names), len(report.reviewed_names),
        report.formula, p.generated_at, p.graph_fingerprint,
    ]  # fmt: skip
    return _write(header, [row])


def _actions(report: Report) -> bytes:
    header = [
        "customer_id", "scenario_id", "as_of", "priority", "action", "owner", "due",
        "days_from_as_of", "detail", "process_id", "done", "done_by", "done_at", "source_urls",
    ]  # fmt: skip
    rows = [
        [report.customer_id, report.scenario.id, report.as_of, a.priority, a.title, a.owner, a.due,
         a.days_from_as_of, a.detail, a.process_id, a.done_by is not None, a.done_by, a.done_at,
         _source_urls(report, a.cites)]
        for a in report.actions
    ]  # fmt: skip
    return _write(header, rows)


def _names(report: Report) -> bytes:
    header = ["customer_id", "scenario_id", "as_of", "state", "name"]
    rows = [
        *([report.customer_id, report.scenario.id, report.as_of, "could change the answer", n]
          for n in report.unresolved_names),
        *([report.customer_id, report.scenario.id, report.as_of, "reviewed", n]
          for n in report.reviewed_names),
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
    tables = {"processes": _processes, "summary": _summary, "actions": _actions, "names": _names}
    return tables.get(table, _evidence)(report)


def csv_zip(report: Report | PortfolioReport) -> bytes:
    """Every table of the report as CSV files in one zip (what a download gives)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES[report.kind]:
            archive.writestr(f"{table}.csv", render_table(report, table))
    return buffer.getvalue()


def render_csv(report: Report | PortfolioReport) -> bytes:
    """The report's main CSV table: affected processes, or the portfolio ranking."""
    return render_table(report, TABLES[report.kind][0])
