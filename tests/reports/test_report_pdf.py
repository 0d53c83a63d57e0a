"""The PDF: text extracted from it (pypdf) holds the key figures and source URLs; £, € and
accents come out as written; without a Unicode font it still renders, transliterated."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from graph.reports import PortfolioReport, Report, pdf_export, render
from graph.reports.pdf_fonts import REQUIRED_GLYPHS, covers, unicode_font

pypdf = pytest.importorskip("pypdf", reason="pypdf (dev extra) extracts text from the PDF")


def _read(data: bytes) -> tuple[str, set[str], str]:
    """Extracted text, the link annotations' URIs, and the embedded font names."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    uris, fonts = set(), set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            if "/URI" in action:
                uris.add(str(action["/URI"]))
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return text, uris, " ".join(sorted(fonts))


def _squeeze(text: str) -> str:
    # A URL longer than the line wraps; joined up again it must be the URL.
    return re.sub(r"\s+", "", text)


def test_unicode_font_is_found_offline() -> None:
    font = unicode_font()
    assert font is not None, "install Debian's fonts-dejavu-core (or matplotlib) for the PDF font"
    assert covers(font.regular) and covers(font.bold)


def test_pdf_holds_key_figures_and_sources(report: Report) -> None:
    data = render(report, "pdf")
    assert data.startswith(b"%PDF-")
    text, uris, fonts = _read(data)
    for needle in (report.customer, f"{report.score:.1f}", report.band.upper(), report.as_of):
        assert needle in text, needle
    font = unicode_font()
    assert font is None or font.family.replace(" ", "") in fonts
    squeezed = _squeeze(text)
    for source in report.sources:
        if source.url:
            assert _squeeze(source.url) in squeezed, source.url
            assert source.url in uris, source.url


def test_pdf_draws_currency_and_accents(police_report: Report) -> None:
    text, _, _ = _read(render(police_report, "pdf"))
    for needle in ("£7,552,800", "€20,000,000", "contrôle", "policière", "Polismyndigheten"):
        assert needle in text, needle
    assert "3f2a9c51d0e4b7a8c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3" in _squeeze(text)


def test_pdf_keeps_attack_strings_as_text(hostile_report: Report) -> None:
    text, uris, _ = _read(render(hostile_report, "pdf"))
    assert '=HYPERLINK("http://x")' in text and "<script>alert('x')</script>" in text
    assert all(uri.startswith("https://") for uri in uris)


def test_portfolio_pdf(portfolio_report: PortfolioReport) -> None:
    text, uris, _ = _read(render(portfolio_report, "pdf"))
    assert "Harbourside NHS Foundation Trust" in text and "76.2" in text
    assert portfolio_report.sources[0].url in uris


def test_without_a_unicode_font_the_pdf_transliterates(
    police_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_export, "unicode_font", lambda: None)
    text, _, fonts = _read(render(police_report, "pdf"))
    assert "Helvetica" in fonts
    assert "EUR 20,000,000" in text and "£7,552,800" in text  # £ is Latin-1, € is not
    assert "No Unicode font was found" in text


def test_required_glyphs_include_the_currencies() -> None:
    assert "£" in REQUIRED_GLYPHS and "€" in REQUIRED_GLYPHS


def test_pdftotext_reads_the_figures_too(police_report: Report, tmp_path: Path) -> None:
    # A second, independent extractor (poppler, as DPO tooling and search indexers use).
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not found (Debian poppler-utils)")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render(police_report, "pdf"))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    for needle in ("CRITICAL: 76.2 out of 100", "£7,552,800", "€20,000,000", "contrôle"):
        assert needle in text, needle
    assert _squeeze(str(police_report.sources[0].url)) in _squeeze(text)
