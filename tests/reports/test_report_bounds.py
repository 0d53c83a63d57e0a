"""Reports stay bounded and writable whatever the graph holds: lists cut at REPORT_ROWS with a
"N more not shown" caveat, 5,000-character names in every PDF cell, and `-o` that never follows a
symlink, never replaces a special file and never writes outside the folder named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.errors import UserError
from graph.reports import Report, render, write_report
from graph.reports.build import REPORT_ROWS
from graph.results import ExposureResult

from .conftest import make_report
from .samples import police_result

LONG = " ".join(["Longname"] * 560)  # 5,039 characters
UNBROKEN = "Verylongname" * 420  # 5,040 characters, no space to wrap at


def _many_affected(count: int) -> ExposureResult:
    result = police_result()
    first = result.affected[0]
    copies = [
        first.model_copy(update={"process_id": f"{first.process_id}-{i}", "process": f"P{i}"})
        for i in range(count)
    ]
    return result.model_copy(update={"affected": copies})


def test_lists_are_cut_with_a_count_of_what_is_not_shown() -> None:
    report = make_report(_many_affected(REPORT_ROWS + 37))
    assert len(report.affected) == REPORT_ROWS
    assert any(c.text.startswith("37 more affected processes not shown") for c in report.caveats)
    assert any(str(REPORT_ROWS + 37) in c.text for c in report.summary)  # the summary counts all
    small = make_report(police_result())
    assert not any("not shown" in c.text for c in small.caveats)


@pytest.mark.parametrize("name", [LONG, UNBROKEN], ids=["words", "unbroken"])
def test_a_5000_character_name_renders_in_every_format(name: str) -> None:
    text = police_result().model_dump_json()
    for old in ("Northshire Police", "Clearview AI facial search", "Custody image search"):
        text = text.replace(old, name)
    report = make_report(ExposureResult.model_validate_json(text))
    for fmt in ("pdf", "html", "md", "json", "csv"):
        data = render(report, fmt)
        assert data
    pdf = render(report, "pdf")
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_output_refuses_symlinks_and_special_files(police_report: Report, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "report.md"
    link.symlink_to(victim)
    with pytest.raises(UserError, match="symlink"):
        write_report(police_report, "md", link)
    folder = tmp_path / "out"
    folder.mkdir()
    [written] = write_report(police_report, "md", folder)  # the default name inside the folder
    written.unlink()
    written.symlink_to(victim)  # a planted link where the default name will go
    with pytest.raises(UserError, match="symlink"):
        write_report(police_report, "md", folder)
    (tmp_path / "linked-folder").symlink_to(folder)
    with pytest.raises(UserError, match="symlink"):
        write_report(police_report, "md", tmp_path / "linked-folder")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="not a regular file"):
        write_report(police_report, "md", fifo)
    assert victim.read_text() == "keep me"
    assert not [p for p in tmp_path.rglob("*.tmp")]  # no temporary file left behind


def test_output_stays_inside_the_folder_named(police_report: Report, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    hostile = police_report.model_copy(
        update={"customer_id": "customer:../../../escape", "as_of": "../x"}
    )
    written = write_report(hostile, "csv", folder)
    assert written and all(p.parent == folder for p in written)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    [named] = write_report(police_report, "md", folder / ".." / "out" / "..secret.md")
    assert named.parent.resolve() == folder.resolve() and named.read_bytes()
