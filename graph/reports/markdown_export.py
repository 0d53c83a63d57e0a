"""The Markdown rendering: a file for the DPIA record that reads well raw and rendered.

Every piece of text from the graph is escaped, so a vendor called `<script>` or `[x](http://y)`
stays text; citations are `[n]` reference links to the source list, whose definitions sit at the
end. Output is deterministic: the same report gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph.reports.model import Citation, Claim, PortfolioEntry, PortfolioReport, Report
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

__all__ = ["md_text", "render_markdown"]

_INLINE = re.compile(r"([\\`*_\[\]<|~]|&(?=#?\w+;))")
# Text that would open a heading, list or quote when it starts a line or a list item.
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([#+\-=>])")


def md_text(text: str) -> str:
    """Text from the graph made inert in Markdown: one line, markup characters escaped."""
    text = " ".join(text.split())
    text = _INLINE.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def _cites(numbers: Sequence[int]) -> str:
    # Separated by commas: "[1][2]" would parse as one link with text 1 and label 2.
    return "".join(f" [{n}]" if i == 0 else f", [{n}]" for i, n in enumerate(numbers))


def _claim(claim: Claim) -> str:
    return md_text(claim.text) + _cites(claim.cites)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def _provenance(report: Report | PortfolioReport) -> list[tuple[str, str]]:
    p = report.provenance
    s = report.scenario
    where = f" in {s.jurisdiction}" if s.jurisdiction else ""
    return [
        ("Scenario", md_text(s.name) + _cites(s.cites)),
        (
            "Event",
            md_text(f"{s.event_label} against {s.vendor}{where}, effective {s.effective_date}"),
        ),
        ("As of", md_text(report.as_of)),
        ("Generated at", md_text(p.generated_at)),
        ("Tool", md_text(f"{p.tool} {p.tool_version}")),
        ("Graph fingerprint", md_text(p.graph_fingerprint)),
    ]


def _sources(sources: Sequence[Citation]) -> list[str]:
    lines = ["## Sources", ""]
    for c in sources:
        url = link_target(c.url)
        shown = f" <{url}>" if url else " (no URL recorded)"
        lines.append(f"{c.n}. {md_text(citation_text(c))}.{shown} Source id: {md_text(c.id)}")
    lines.append("")
    for c in sources:
        url = link_target(c.url)
        if url:
            title = (c.title or c.id).replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'[{c.n}]: <{url}> "{" ".join(title.split())}"')
    return lines


def _exposure(report: Report) -> list[str]:
    lines = [f"# {md_text(report.title)}", ""]
    meta = [
        ("Customer", md_text(report.customer)),
        *_provenance(report),
    ]
    lines += _table(["Report", ""], [list(row) for row in meta])
    lines += ["## Executive summary", ""]
    lines += [f"**{md_text(report.band.upper())}: {report.score:.1f} out of 100**", ""]
    lines += [f"- {_claim(c)}" for c in report.summary] + [""]
    lines += ["## Actions", ""]
    lines += _table(
        ["Priority", "Due", "Owner", "Action", "Sources"],
        [
            [
                md_text(a.priority),
                md_text(due_text(a)),
                md_text(a.owner),
                f"**{md_text(a.title)}**: {md_text(a.detail)}",
                _cites(a.cites).strip(),
            ]
            for a in report.actions
        ],
    )
    lines += ["---", "", "# Annex: the evidence behind the summary", ""]
    lines += ["## Affected processes", ""]
    if not report.affected:
        lines += ["No process depends on the vendor as of the date.", ""]
    for i, p in enumerate(report.affected, start=1):
        lines += [f"### {i}. {md_text(p.process)} (tier {p.tier})", ""]
        lines += [f"Path: {md_text(p.path_text)}{_cites(p.cites)}", ""]
        lines += [f"- {label}: {md_text(value)}" for label, value in process_facts(p)] + [""]
    if report.status_history:
        lines += ["## Status of the action as of the date", ""]
        lines += [f"- {_claim(c)}" for c in report.status_history] + [""]
    lines += ["## How this score is built", "", md_text(report.formula), ""]
    lines += _table(
        ["Dimension", "Score", "Weight", "Points added"],
        [
            [md_text(d.label), f"{d.score:.1f}", f"{d.weight:.2f}", f"{d.contribution:.1f}"]
            for d in report.dimensions
        ],
    )
    lines += [
        f"Force of the action as of the date: {report.force:.2f}. Overall: {report.score:.1f}.",
        "",
    ]
    for d in report.dimensions:
        lines += [f"### {md_text(d.label)}: {d.score:.1f} out of 100", ""]
        lines += [f"Formula: {md_text(d.formula)}", ""]
        for e in d.evidence:
            via = f" Path: {md_text(sentence(e.path_text))}" if e.path_text else ""
            lines.append(
                f"- **+{e.points:.1f}** {md_text(sentence(e.claim))}{via}{_cites(e.cites)}"
            )
            lines += [f"  - Listing: {md_text(x)}" for x in e.listing]
        if not d.evidence:
            lines.append("No evidence: this dimension adds nothing.")
        lines.append("")
    lines += ["## Caveats", ""] + [f"- {_claim(c)}" for c in report.caveats] + [""]
    if report.reviewed_names:
        lines += ["## Supplier names reviewed", "", REVIEWED_INTRO, ""]
        lines += [f"- {md_text(n)}" for n in report.reviewed_names] + [""]
    return lines + _sources(report.sources)


def _ranking_row(r: PortfolioEntry) -> list[str]:
    return [
        str(r.rank),
        md_text(r.customer),
        md_text(r.band.upper()),
        f"{r.score:.1f}",
        plural(r.affected, "process"),
        "-" if r.top_tier is None else str(r.top_tier),
        md_text(", ".join(dimension_label(d) for d in r.drivers)),
    ]


def _portfolio(report: PortfolioReport) -> list[str]:
    lines = [f"# {md_text(report.title)}", ""]
    lines += _table(["Report", ""], [list(row) for row in _provenance(report)])
    lines += ["## Summary", ""] + [f"- {_claim(c)}" for c in report.summary] + [""]
    lines += ["## Ranking", ""]
    header = ["Rank", "Customer", "Band", "Score", "Affected", "Nearest tier", "Drivers"]
    lines += _table(header, [_ranking_row(r) for r in report.rows])
    lines += ["## Caveats", ""] + [f"- {_claim(c)}" for c in report.caveats] + [""]
    return lines + _sources(report.sources)


def render_markdown(report: Report | PortfolioReport) -> bytes:
    """The report as UTF-8 Markdown."""
    lines = _exposure(report) if isinstance(report, Report) else _portfolio(report)
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
