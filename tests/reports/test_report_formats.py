"""Every format for every sample customer: the key figures, the sources and the provenance."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import pytest

from graph.reports import FORMATS, PortfolioReport, Report, render
from graph.reports.csv_export import render_table

from .conftest import FINGERPRINT


def _text(report: Report | PortfolioReport, fmt: str) -> str:
    data = render(report, fmt)
    return data.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "pdf"])
def test_text_formats_carry_figures_sources_and_provenance(report: Report, fmt: str) -> None:
    text = _text(report, fmt)
    if fmt == "csv":  # rows, not the report header: one per affected process (checked below)
        assert (report.customer_id in text) == bool(report.affected)
        return
    for needle in (
        report.customer,
        report.scenario.name,
        report.as_of,
        f"{report.score:.1f}",
        report.band.upper() if fmt != "json" else report.band,
        FINGERPRINT,
        "2026-01-02T03:04:05Z",
        report.provenance.tool_version,
    ):
        assert needle in text, needle
    for source in report.sources:
        if source.url:
            assert source.url.replace("&", "&amp;" if fmt == "html" else "&") in text


def test_markdown_cites_with_reference_links(police_report: Report) -> None:
    text = _text(police_report, "md")
    assert "## Executive summary" in text and "## Sources" in text
    ico = police_report.sources[0]
    assert f'[1]: <{ico.url}> "' in text
    assert "[1], [2]" in text and "[1][2]" not in text  # adjacent labels would merge links
    assert "£7,552,800" in text and "€20,000,000" in text


def test_markdown_has_one_section_per_affected_process(police_report: Report) -> None:
    text = _text(police_report, "md")
    assert "### 1. Custody image search (tier 1)" in text
    assert "### 2. Intelligence analysis (tier 2)" in text
    assert "Sentinel Insight, which is built on Clearview AI facial search" in text


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")


def test_html_citations_point_at_the_source_list(report: Report) -> None:
    parser = _Anchors()
    parser.feed(_text(report, "html"))
    internal = [h[1:] for h in parser.hrefs if h.startswith("#")]
    assert internal and set(internal) <= parser.ids
    assert {f"src-{c.n}" for c in report.sources} <= parser.ids


def test_json_round_trips(report: Report) -> None:
    data = json.loads(_text(report, "json"))
    assert data["kind"] == "exposure" and data["schema_version"] == 1
    assert data["score"] == report.score and data["provenance"]["graph_fingerprint"] == FINGERPRINT
    assert Report.model_validate(data) == report


def test_csv_processes_and_evidence(report: Report) -> None:
    processes = list(csv.DictReader(io.StringIO(_text(report, "csv"))))
    assert [r["process_id"] for r in processes] == [p.process_id for p in report.affected]
    evidence_text = render_table(report, "evidence").decode("utf-8-sig")
    evidence = list(csv.DictReader(io.StringIO(evidence_text)))
    assert len(evidence) == sum(len(d.evidence) for d in report.dimensions)
    for row in evidence:
        assert row["customer_id"] == report.customer_id and row["as_of"] == report.as_of


def test_csv_keeps_figures_exact(police_report: Report) -> None:
    rows = list(csv.DictReader(io.StringIO(_text(police_report, "csv"))))
    custody = rows[0]
    assert custody["uk_data_subjects"] == "250000" and custody["annual_spend_gbp"] == "48000"
    assert custody["special_category"] == "yes" and custody["dpia"] == "no"
    assert custody["sources"] == "source:inventory-northshire-police"
    data = render(police_report, "csv")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data  # BOM for Excel, RFC 4180 lines
    evidence = render_table(police_report, "evidence").decode("utf-8-sig")
    assert (
        "€20,000,000" in evidence and "https://www.gpdp.it/garante/doc.jsp?ID=9751362" in evidence
    )


def test_unknown_format_and_table_are_refused(police_report: Report) -> None:
    with pytest.raises(ValueError, match="unknown report format 'docx'"):
        render(police_report, "docx")
    with pytest.raises(ValueError, match="no 'ranking' table"):
        render_table(police_report, "ranking")


@pytest.mark.parametrize("fmt", FORMATS)
def test_portfolio_in_every_format(portfolio_report: PortfolioReport, fmt: str) -> None:
    data = render(portfolio_report, fmt)
    assert data
    if fmt == "pdf":
        assert data.startswith(b"%PDF-")
        return
    text = data.decode("utf-8-sig")
    for customer in ("Northshire Police", "Harbourside NHS Foundation Trust"):
        assert customer in text
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["rank"] for r in rows] == ["1", "2", "3"]
        assert rows[0]["drivers"] == "regulatory; operational"
    else:
        assert "76.2" in text and str(portfolio_report.sources[0].url) in text
