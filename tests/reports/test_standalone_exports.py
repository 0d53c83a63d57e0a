"""Exports that stand alone (issue 20): the exposure CSV tables carry the score, band, status,
actions (with their progress) and supplier names; one band palette on screen, in HTML and in PDF;
no id broken mid-word in a PDF (none printed in its tables); action progress kept in the home and
shown in every report."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest

from graph.explore.views import BAND_COLOURS as SCREEN
from graph.exposure.weights import BAND_COLOURS
from graph.reports import PortfolioReport, Report, render
from graph.reports.csv_export import TABLES, csv_zip, render_table
from graph.reports.pdf_export import _BAND_RGB
from graph.reports.progress import ActionProgress, with_progress


def _rows(report: Report, table: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(render_table(report, table).decode("utf-8-sig"))))


def test_the_summary_table_says_score_band_and_status(police_report: Report) -> None:
    (row,) = _rows(police_report, "summary")
    assert float(row["score"]) == police_report.score and row["band"] == police_report.band
    assert row["status"] and "_" not in row["status"]  # in words, not a status code
    assert row["customer"] == police_report.customer and row["as_of"] == police_report.as_of
    assert int(row["actions"]) == len(police_report.actions)


def test_the_actions_and_names_tables(police_report: Report) -> None:
    actions = _rows(police_report, "actions")
    assert [a["action"] for a in actions] == [a.title for a in police_report.actions]
    assert all(a["done"] == "no" and a["owner"] and a["due"] for a in actions)
    report = police_report.model_copy(
        update={"unresolved_names": ["'Blackboard Inc' (not in the knowledge base)"],
                "reviewed_names": ["'Clearveiw AI': reviewed, not Clearview AI, Inc."]}
    )  # fmt: skip
    names = _rows(report, "names")
    assert [(n["state"], n["name"][:12]) for n in names] == [
        ("could change the answer", "'Blackboard "),
        ("reviewed", "'Clearveiw A"),
    ]


def test_the_download_is_a_zip_of_every_table(police_report: Report) -> None:
    archive = zipfile.ZipFile(io.BytesIO(csv_zip(police_report)))
    assert archive.namelist() == [f"{t}.csv" for t in TABLES["exposure"]]
    summary = archive.read("summary.csv").decode("utf-8-sig")
    assert "score" in summary.splitlines()[0] and police_report.band in summary


def test_one_band_palette_everywhere(police_report: Report) -> None:
    assert SCREEN is BAND_COLOURS
    html = render(police_report, "html").decode()
    for band, colour in BAND_COLOURS.items():
        assert f".band-{band}{{background:{colour}}}" in html
        assert "#{:02x}{:02x}{:02x}".format(*_BAND_RGB[band]) == colour


def test_no_id_in_the_pdf_tables(portfolio_report: PortfolioReport, police_report: Report) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf (dev extra) extracts the PDF's text")
    for report in (portfolio_report, police_report):
        text = "\n".join(
            p.extract_text() for p in pypdf.PdfReader(io.BytesIO(render(report, "pdf"))).pages
        )
        # Neither whole nor broken over a line ("cust-harbourside-grocer s").
        assert not re.search(r"customer:cust|cust-[a-z-]+\s", text), text[:400]


def test_progress_is_kept_in_the_home_and_shown_in_reports(
    police_report: Report, tmp_path: Path
) -> None:
    first = police_report.actions[0].title
    progress = ActionProgress(tmp_path)
    progress.mark(police_report.customer_id, police_report.scenario.id, first, True, "a.dpo")
    ticks = ActionProgress(tmp_path).load()  # read back from the file: it outlives the session
    report = with_progress(police_report, ticks)
    assert report.actions[0].done_by == "a.dpo" and report.actions[1].done_by is None
    for fmt in ("md", "html"):
        assert "done, marked by a.dpo on" in render(report, fmt).decode("utf-8-sig")
    assert _rows(report, "actions")[0]["done_by"] == "a.dpo"
    progress.mark(police_report.customer_id, police_report.scenario.id, first, False, "a.dpo")
    assert with_progress(police_report, progress.load()).actions[0].done_by is None
    with pytest.raises(Exception, match="say who"):
        progress.mark(police_report.customer_id, police_report.scenario.id, first, True, " ")
