"""The HTML rendering: one self-contained page for the board pack or an email attachment.

Inline CSS only; no script, image, font or stylesheet to fetch, and a Content-Security-Policy that
forbids them anyway, so the page opens offline and cannot call out. Every text from the graph is
escaped; the only outbound links are the cited sources' http(s) URLs, in the source list.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from graph.exposure.weights import BAND_COLOURS
from graph.reports.model import Citation, Claim, PortfolioReport, Report
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

__all__ = ["render_html"]

_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}.cite{font-size:.8em;vertical-align:super;white-space:nowrap}
.band{display:inline-block;padding:.2rem .6rem;border-radius:.3rem;font-weight:bold;color:#fff}
.path{font-family:ui-monospace,"DejaVu Sans Mono",monospace;
font-size:.9em}.points{font-weight:bold;white-space:nowrap}.muted{color:#555}
@media print{body{margin:0;max-width:none}a{color:inherit}}
""" + "".join(f".band-{band}{{background:{colour}}}" for band, colour in BAND_COLOURS.items())


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _cites(numbers: Sequence[int]) -> str:
    if not numbers:
        return ""
    links = ",".join(f'<a href="#src-{n}">{n}</a>' for n in numbers)
    return f' <span class="cite">[{links}]</span>'


def _claim(claim: Claim) -> str:
    return _e(claim.text) + _cites(claim.cites)


def _list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _meta(report: Report | PortfolioReport) -> str:
    p, s = report.provenance, report.scenario
    where = f" in {s.jurisdiction}" if s.jurisdiction else ""
    rows = [("Customer", _e(report.customer))] if isinstance(report, Report) else []
    rows += [
        ("Scenario", _e(s.name) + _cites(s.cites)),
        ("Event", _e(f"{s.event_label} against {s.vendor}{where}, effective {s.effective_date}")),
        ("As of", _e(report.as_of)),
        ("Generated at", _e(p.generated_at)),
        ("Tool", _e(f"{p.tool} {p.tool_version}")),
        ("Graph fingerprint", f'<span class="path">{_e(p.graph_fingerprint)}</span>'),
    ]
    return "<table>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"


def _sources(sources: Sequence[Citation]) -> str:
    items = []
    for c in sources:
        url = link_target(c.url)
        shown = (
            f' <a href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(url)}</a>'
            if url
            else ' <span class="muted">(no URL recorded)</span>'
        )
        items.append(
            f'<li id="src-{c.n}">{_e(citation_text(c))}.{shown} '
            f'<span class="muted">Source id: {_e(c.id)}</span></li>'
        )
    return "<h2>Sources</h2><ol>" + "".join(items) + "</ol>"


def _band(band: str, score: float) -> str:
    css = band if band in ("critical", "high", "medium", "low") else "low"
    return f'<p><span class="band band-{css}">{_e(band.upper())}: {score:.1f} out of 100</span></p>'


def _processes(report: Report) -> str:
    if not report.affected:
        return "<p>No process depends on the vendor as of the date.</p>"
    out = []
    for i, p in enumerate(report.affected, start=1):
        facts = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in process_facts(p))
        out.append(
            f"<h3>{i}. {_e(p.process)} (tier {p.tier})</h3>"
            f'<p>Path: <span class="path">{_e(p.path_text)}</span>{_cites(p.cites)}</p>'
            f"<table>{facts}</table>"
        )
    return "".join(out)


def _dimensions(report: Report) -> str:
    out = [f"<p>{_e(report.formula)}</p>"]
    out.append(
        _table(
            ["Dimension", "Score", "Weight", "Points added"],
            [
                [_e(d.label), f"{d.score:.1f}", f"{d.weight:.2f}", f"{d.contribution:.1f}"]
                for d in report.dimensions
            ],
        )
    )
    overall = (
        f"Force of the action as of the date: {report.force:.2f}. Overall: {report.score:.1f}."
    )
    out.append(f"<p>{overall}</p>")
    for d in report.dimensions:
        out.append(f"<h3>{_e(d.label)}: {d.score:.1f} out of 100</h3>")
        out.append(f'<p class="muted">Formula: {_e(d.formula)}</p>')
        items = [
            f'<span class="points">+{e.points:.1f}</span> {_e(sentence(e.claim))}'
            + (
                f' Path: <span class="path">{_e(sentence(e.path_text))}</span>'
                if e.path_text
                else ""
            )
            + _cites(e.cites)
            + (_list([f"Listing: {_e(x)}" for x in e.listing]) if e.listing else "")
            for e in d.evidence
        ]
        out.append(_list(items) if items else "<p>No evidence: this dimension adds nothing.</p>")
    return "".join(out)


def _exposure(report: Report) -> str:
    parts = [f"<h1>{_e(report.title)}</h1>", _meta(report), "<h2>Executive summary</h2>"]
    parts += [_band(report.band, report.score), _list([_claim(c) for c in report.summary])]
    rows = [
        [
            _e(a.priority),
            _e(due_text(a)),
            _e(a.owner),
            f"<strong>{_e(a.title)}</strong>: {_e(a.detail)}",
            _cites(a.cites),
        ]
        for a in report.actions
    ]
    parts += ["<h2>Actions</h2>", _table(["Priority", "Due", "Owner", "Action", "Sources"], rows)]
    parts += ['<hr><h1 class="annex">Annex: the evidence behind the summary</h1>']
    parts += ["<h2>Affected processes</h2>", _processes(report)]
    if report.status_history:
        parts += ["<h2>Status of the action as of the date</h2>"]
        parts += [_list([_claim(c) for c in report.status_history])]
    parts += ["<h2>How this score is built</h2>", _dimensions(report)]
    parts += ["<h2>Caveats</h2>", _list([_claim(c) for c in report.caveats])]
    if report.reviewed_names:
        parts += ["<h2>Supplier names reviewed</h2>", f"<p>{_e(REVIEWED_INTRO)}</p>"]
        parts += [_list([_e(n) for n in report.reviewed_names])]
    return "".join([*parts, _sources(report.sources)])


def _portfolio(report: PortfolioReport) -> str:
    parts = [f"<h1>{_e(report.title)}</h1>", _meta(report), "<h2>Summary</h2>"]
    parts.append(_list([_claim(c) for c in report.summary]))
    rows = [
        [
            str(r.rank),
            _e(r.customer),
            _band(r.band, r.score),
            plural(r.affected, "process"),
            "-" if r.top_tier is None else str(r.top_tier),
            _e(", ".join(dimension_label(d) for d in r.drivers)),
        ]
        for r in report.rows
    ]
    header = ["Rank", "Customer", "Band and score", "Affected", "Nearest tier", "Drivers"]
    parts += ["<h2>Ranking</h2>", _table(header, rows)]
    parts += ["<h2>Caveats</h2>", _list([_claim(c) for c in report.caveats])]
    return "".join([*parts, _sources(report.sources)])


def render_html(report: Report | PortfolioReport) -> bytes:
    """The report as one self-contained UTF-8 HTML page."""
    body = _exposure(report) if isinstance(report, Report) else _portfolio(report)
    page = (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(report.title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
    return page.encode("utf-8")
