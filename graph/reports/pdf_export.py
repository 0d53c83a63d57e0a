"""The PDF rendering (fpdf2): an A4 report for the board pack and the DPIA file.

Made offline with an embedded TrueType font that covers £, € and accents (graph.reports.pdf_fonts);
text is drawn as text, never interpreted as markup, so nothing in a vendor's name can act. The
creation date is the report's generation time, so the same report gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fpdf import FPDF
from fpdf.fonts import FontFace

from graph.exposure.weights import BAND_COLOURS
from graph.reports.model import Citation, Claim, PortfolioReport, Report
from graph.reports.pdf_fonts import unicode_font
from graph.reports.wording import (
    REVIEWED_INTRO,
    citation_text,
    dimension_label,
    due_text,
    link_target,
    plural,
    process_facts,
    sentence,
)

__all__ = ["render_pdf"]

# The dashboard's palette (graph.exposure.weights.BAND_COLOURS), as RGB.
_BAND_RGB = {
    band: (int(hex_[1:3], 16), int(hex_[3:5], 16), int(hex_[5:7], 16))
    for band, hex_ in BAND_COLOURS.items()
}
# What the built-in Latin-1 font cannot draw, written the nearest way it can.
_LATIN1 = str.maketrans(
    {
        "\u20ac": "EUR ",  # euro sign
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2018": "'",  # curly quotes
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2022": "-",  # bullet
        "\u2026": "...",  # ellipsis
        "\u2192": "->",  # arrow
    }
)


# Most lines of text a table cell shows (8.5 pt on 4.2 mm lines: well under one A4 page).
_CELL_LINES = 40


class _Document(FPDF):
    """An A4 page with the report's title and page number in the footer."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=15)
        font = unicode_font()
        self.unicode = font is not None
        if font is not None:
            self.add_font("Body", "", font.regular)
            self.add_font("Body", "B", font.bold)
        self.family = "Body" if font is not None else "helvetica"

    def t(self, text: str) -> str:
        """Text the current font can draw."""
        if self.unicode:
            return text
        return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.t(f"{self.footer_text} | page {self.page_no()}/{{nb}}"), align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, level: int = 2) -> None:
        size = {1: 16, 2: 13, 3: 10.5}[level]
        self.ln(2 if level == 3 else 4)
        self.set_font(self.family, "B", size)
        self.multi_cell(0, size * 0.5, self.t(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
        self.set_font(self.family, "", 9.5)

    def para(self, text: str, size: float = 9.5) -> None:
        self.set_font(self.family, "", size)
        self.multi_cell(0, size * 0.5, self.t(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def bullets(self, items: Sequence[str]) -> None:
        self.set_font(self.family, "", 9.5)
        for item in items:
            self.cell(5, 4.75, self.t("•"))
            self.multi_cell(
                self.epw - 5, 4.75, self.t(item), align="L", new_x="LMARGIN", new_y="NEXT"
            )
            self.ln(0.8)

    def fit(self, text: str, width: float) -> str:
        """`text` cut (with an ellipsis) to what _CELL_LINES lines of a `width` mm column hold:
        fpdf2 cannot split a table row over pages, so one 5,000-character name in a cell would
        make the row taller than a page and the PDF would not render at all."""
        drawn = self.t(text)
        budget = (width - 2) * _CELL_LINES * 0.8  # wrapping at word ends wastes part of a line
        full = self.get_string_width(drawn)
        if full <= budget:
            return drawn
        keep = max(1, int(len(drawn) * budget / full) - 1)
        return drawn[:keep].rstrip() + self.t("…")

    def grid(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> None:
        self.set_font(self.family, "", 8.5)
        total = sum(widths)
        columns = [self.epw * w / total for w in widths]
        style = FontFace(family=self.family, emphasis="BOLD", fill_color=(242, 242, 242))
        with self.table(
            col_widths=tuple(widths),
            text_align="LEFT",
            v_align="TOP",
            line_height=4.2,
            headings_style=style,
            padding=1,
        ) as table:
            for values in [header, *rows]:
                row = table.row()
                for value, width in zip(values, columns, strict=False):
                    row.cell(self.fit(value, width))
        self.ln(2)

    def band(self, band: str, score: float) -> None:
        self.set_font(self.family, "B", 12)
        self.set_fill_color(*_BAND_RGB.get(band, (90, 90, 90)))
        self.set_text_color(255, 255, 255)
        self.cell(
            0,
            8,
            self.t(f"  {band.upper()}: {score:.1f} out of 100"),
            fill=True,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.set_text_color(0, 0, 0)
        self.set_fill_color(255, 255, 255)  # tables drawn later would inherit the band's colour
        self.ln(2)


def _cites(numbers: Sequence[int]) -> str:
    return (" [" + ", ".join(str(n) for n in numbers) + "]") if numbers else ""


def _claim(claim: Claim) -> str:
    return claim.text + _cites(claim.cites)


def _meta(pdf: _Document, report: Report | PortfolioReport) -> None:
    p, s = report.provenance, report.scenario
    where = f" in {s.jurisdiction}" if s.jurisdiction else ""
    rows = [["Customer", report.customer]] if isinstance(report, Report) else []
    rows += [
        ["Scenario", s.name + _cites(s.cites)],
        ["Event", f"{s.event_label} against {s.vendor}{where}, effective {s.effective_date}"],
        ["As of", report.as_of],
        ["Generated at", p.generated_at],
        ["Tool", f"{p.tool} {p.tool_version}"],
        ["Graph fingerprint", p.graph_fingerprint],
    ]
    pdf.grid(["Report", ""], rows, (1, 4))
    if not pdf.unicode:
        note = (
            "No Unicode font was found: characters outside Latin-1 are transliterated (EUR for "
            "the euro sign). Install Debian's fonts-dejavu-core for the full text."
        )
        pdf.para(note, 8)


def _sources(pdf: _Document, sources: Sequence[Citation]) -> None:
    pdf.heading("Sources")
    for c in sources:
        pdf.set_font(pdf.family, "", 8.5)
        # An entry (title line and URL, about four lines) never splits across a page: a URL cut
        # by the page footer cannot be copied.
        if pdf.will_page_break(18):
            pdf.add_page()
        pdf.multi_cell(
            0,
            4.2,
            pdf.t(f"[{c.n}] {citation_text(c)}. Source id: {c.id}"),
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        url = link_target(c.url)
        if url:
            pdf.set_text_color(0, 60, 160)
            pdf.write(4.2, url, link=url)
            pdf.set_text_color(0, 0, 0)
            pdf.ln(4.2)
        pdf.ln(1)


def _exposure(pdf: _Document, report: Report) -> None:
    pdf.heading("Executive summary")
    pdf.band(report.band, report.score)
    pdf.bullets([_claim(c) for c in report.summary])
    pdf.heading("Actions")
    rows = [
        [a.priority, due_text(a), a.owner, f"{a.title}: {a.detail}{_cites(a.cites)}"]
        for a in report.actions
    ]
    pdf.grid(["Priority", "Due", "Owner", "Action"], rows, (1.2, 1.8, 1.6, 5))
    # The summary and the actions make the first page; the evidence follows as an annex.
    pdf.add_page()
    pdf.heading("Annex: the evidence behind the summary", 1)
    pdf.heading("Affected processes")
    if not report.affected:
        pdf.para("No process depends on the vendor as of the date.")
    for i, p in enumerate(report.affected, start=1):
        pdf.heading(f"{i}. {p.process} (tier {p.tier})", 3)
        pdf.para(f"Path: {p.path_text}{_cites(p.cites)}")
        pdf.grid(["Fact", "Value"], [list(f) for f in process_facts(p)], (1, 2))
    if report.status_history:
        pdf.heading("Status of the action as of the date")
        pdf.bullets([_claim(c) for c in report.status_history])
    pdf.heading("How this score is built")
    pdf.para(report.formula, 8.5)
    rows = [
        [d.label, f"{d.score:.1f}", f"{d.weight:.2f}", f"{d.contribution:.1f}"]
        for d in report.dimensions
    ]
    pdf.grid(["Dimension", "Score", "Weight", "Points added"], rows, (3, 1, 1, 1))
    pdf.para(
        f"Force of the action as of the date: {report.force:.2f}. Overall: {report.score:.1f}."
    )
    for d in report.dimensions:
        pdf.heading(f"{d.label}: {d.score:.1f} out of 100", 3)
        pdf.para(f"Formula: {d.formula}", 8)
        items = [
            f"+{e.points:.1f}  {sentence(e.claim)}"
            + (f" Path: {sentence(e.path_text)}" if e.path_text else "")
            + _cites(e.cites)
            + "".join(f"\n    Listing: {x}" for x in e.listing)
            for e in d.evidence
        ]
        pdf.bullets(items or ["No evidence: this dimension adds nothing."])
    pdf.heading("Caveats")
    pdf.bullets([_claim(c) for c in report.caveats])
    if report.reviewed_names:
        pdf.heading("Supplier names reviewed")
        pdf.para(REVIEWED_INTRO)
        pdf.bullets(report.reviewed_names)


def _portfolio(pdf: _Document, report: PortfolioReport) -> None:
    pdf.heading("Summary")
    pdf.bullets([_claim(c) for c in report.summary])
    pdf.heading("Ranking")
    rows = [
        [
            str(r.rank),
            r.customer,
            r.band.upper(),
            f"{r.score:.1f}",
            plural(r.affected, "process"),
            "-" if r.top_tier is None else str(r.top_tier),
            ", ".join(dimension_label(d) for d in r.drivers),
        ]
        for r in report.rows
    ]
    header = ["Rank", "Customer", "Band", "Score", "Affected", "Nearest tier", "Drivers"]
    pdf.grid(header, rows, (0.7, 3.5, 1.2, 1, 1.4, 1, 2.5))
    pdf.heading("Caveats")
    pdf.bullets([_claim(c) for c in report.caveats])


def render_pdf(report: Report | PortfolioReport) -> bytes:
    """The report as a PDF document."""
    p = report.provenance
    title = report.title if len(report.title) <= 80 else report.title[:79] + "…"
    pdf = _Document(f"{title} | generated {p.generated_at}")
    pdf.set_title(report.title)
    pdf.set_author(f"{p.tool} {p.tool_version}")
    pdf.set_creator(f"{p.tool} {p.tool_version}")
    pdf.set_subject(f"Graph fingerprint {p.graph_fingerprint}")
    pdf.set_lang("en-GB")
    pdf.set_creation_date(datetime.fromisoformat(p.generated_at.replace("Z", "+00:00")))
    pdf.add_page()
    pdf.heading(report.title, 1)
    _meta(pdf, report)
    if isinstance(report, Report):
        _exposure(pdf, report)
    else:
        _portfolio(pdf, report)
    _sources(pdf, report.sources)
    return bytes(pdf.output())
