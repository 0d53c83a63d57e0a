"""Exported risk summaries: Markdown, HTML, PDF, JSON (with a shipped JSON Schema) and CSV.

A report is built once from an exposure result, every claim citing numbered sources, and each
renderer reads only the report model, so every format says the same thing. Markdown, JSON and CSV
are byte-for-byte reproducible for the same graph and inputs once the generation time is fixed
(the `generated_at` argument, or SOURCE_DATE_EPOCH).

>>> report = build_report(exposure(store, customer_id, scenario, "2022-06-01"),
...                       graph_fingerprint=content_hash(store))
>>> write_report(report, "pdf", Path("out"))
[PosixPath('out/exposure-cust-northshire-police-ico-clearview-2022-2022-06-01.pdf')]

May use: graph.store, graph.exposure, graph.changes
"""

from __future__ import annotations

from graph.reports.build import build_portfolio_report, build_report
from graph.reports.json_export import load_report, report_schema, shipped_schema
from graph.reports.model import AnyReport, PortfolioReport, Report
from graph.reports.output import (
    FORMATS,
    MEDIA_TYPES,
    default_filename,
    export,
    render,
    safe_filename,
    write_report,
)

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "AnyReport",
    "PortfolioReport",
    "Report",
    "build_portfolio_report",
    "build_report",
    "default_filename",
    "export",
    "load_report",
    "render",
    "report_schema",
    "safe_filename",
    "shipped_schema",
    "write_report",
]
