"""File names are safe, default names say what the report is, and files are written where asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.reports import (
    FORMATS,
    PortfolioReport,
    Report,
    default_filename,
    export,
    safe_filename,
    write_report,
)


@pytest.mark.parametrize(
    ("name", "ext", "expected"),
    [
        ("../../etc/passwd", "", "etc-passwd"),
        ('=HYPERLINK("http://x")', "csv", "HYPERLINK-http-x.csv"),
        ("<script>alert(1)</script>", "html", "script-alert-1-script.html"),
        ("Société Générale / Zürich", "pdf", "Societe-Generale-Zurich.pdf"),
        ("CON", "md", "report-CON.md"),
        ("lpt1.txt", "", "report-lpt1.txt"),
        (".hidden", "json", "hidden.json"),
        ("", "md", "report.md"),
        ("   ", "", "report"),
        ("a" * 300, "json", "a" * 115 + ".json"),
        ("vendorgraph-customer:cust-x-ico-2022-2022-06-01.md", "", "vendorgraph-customer-cust-x-ico-2022-2022-06-01.md"),
        ("report", "../x", "report.x"),
    ],
)  # fmt: skip
def test_safe_filename(name: str, ext: str, expected: str) -> None:
    assert safe_filename(name, ext=ext) == expected


def test_default_filenames(police_report: Report, portfolio_report: PortfolioReport) -> None:
    assert default_filename(police_report, "pdf") == (
        "exposure-cust-northshire-police-ico-clearview-2022-2022-06-01.pdf"
    )
    assert default_filename(portfolio_report, "md") == "portfolio-ico-clearview-2022-2022-06-01.md"
    assert default_filename(police_report, "csv", "evidence").endswith("-2022-06-01-evidence.csv")


def test_export_makes_one_file_per_format_and_tidy_csv_tables(police_report: Report) -> None:
    # CSV: the processes, then one tidy table each for the summary, actions, names and evidence.
    for fmt in FORMATS:
        files = export(police_report, fmt)
        assert all(name == safe_filename(name) for name in files)
        assert len(files) == (5 if fmt == "csv" else 1)


def test_write_report_into_a_directory(police_report: Report, tmp_path: Path) -> None:
    written = write_report(police_report, "csv", tmp_path)
    stem = "exposure-cust-northshire-police-ico-clearview-2022-2022-06-01"
    assert [p.name for p in written] == [
        f"{stem}.csv",
        *(f"{stem}-{table}.csv" for table in ("summary", "actions", "names", "evidence")),
    ]
    assert all(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in written)


def test_write_report_to_a_named_file(police_report: Report, tmp_path: Path) -> None:
    [pdf] = write_report(police_report, "pdf", tmp_path / "board pack <final>.pdf")
    assert pdf == tmp_path / "board-pack-final.pdf" and pdf.read_bytes().startswith(b"%PDF-")
    main, *tables = write_report(police_report, "csv", tmp_path / "out" / "dpia.csv")
    assert main.name == "dpia.csv" and tables[-1].name == "dpia-evidence.csv"
    assert main.parent == tmp_path / "out"
    [md] = write_report(police_report, "md", tmp_path / "notes")
    assert md.name == "notes.md"
