"""The change report as Markdown and as a self-contained HTML page (no external assets).

Text from the graph is escaped in both (a vendor called `<script>` stays text); citations are
`[n]` pointing at the numbered source list, as in the exposure reports.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from graph.changes.words import how_built
from graph.reports.change_report import ChangeAlert, ChangeBuild, ChangeLine, ChangeReport
from graph.reports.markdown_export import md_text
from graph.reports.wording import citation_text, link_target

__all__ = ["render_change", "render_change_html", "render_change_markdown"]


def _md_cites(numbers: Sequence[int]) -> str:
    return "".join(f" [{n}]" if i == 0 else f", [{n}]" for i, n in enumerate(numbers))


def _md_line(line: ChangeLine) -> str:
    return f"- {md_text(line.text)}{_md_cites(line.cites)}"


def _md_alert(alert: ChangeAlert) -> list[str]:
    head = f"  - {md_text(alert.text)}{_md_cites(alert.cites)}"
    return [head, *(f"    {_md_line(f)}" for f in alert.facts[:10])]


def _groups(build: ChangeBuild) -> list[tuple[str, list[ChangeAlert]]]:
    """The alerts by customer, the customer with the biggest move first (alerts keep their
    order: by severity)."""
    groups: dict[str, list[ChangeAlert]] = {}
    for alert in build.alerts:
        groups.setdefault(alert.customer, []).append(alert)
    return sorted(
        groups.items(),
        key=lambda g: -max(abs(a.after_score - (a.before_score or 0.0)) for a in g[1]),
    )


def _baseline(build: ChangeBuild) -> str | None:
    if build.previous:
        return None
    return "First build: the baseline later builds are compared with. Nothing is listed as changed."


def render_change_markdown(report: ChangeReport) -> bytes:
    since = f" since {md_text(report.since)}" if report.since else ""
    lines = [f"# What changed{since}", "", f"Generated {report.generated_at} (UTC).", ""]
    if not report.builds:
        lines += ["No build recorded in this period.", ""]
    for b in report.builds:
        lines += [
            f"## Build {md_text(b.version)}",
            "",
            f"Built {md_text(b.built_at)} {md_text(how_built(b.model_dump()))}; replaced "
            f"{md_text(b.previous or 'nothing (first build)')}. {md_text(b.summary)}.",
            "",
        ]
        groups = _groups(b)
        if groups:
            lines += [f"### Customers whose exposure moved ({len(groups)}), biggest move first", ""]
            for customer, alerts in groups:
                lines.append(f"- **{md_text(customer)}**")
                for alert in alerts:
                    lines += _md_alert(alert)
            lines.append("")
        if (said := _baseline(b)) is not None:
            lines += [said, ""]
        if b.changes:
            lines += ["### Changes", "", *(_md_line(c) for c in b.changes)]
            if b.not_listed:
                lines.append(f"- … and {b.not_listed} more (see the JSON export or the log)")
            lines.append("")
    if report.sources:
        lines += ["## Sources", ""]
        for s in report.sources:
            target = link_target(s.url)
            link = f" <{target}>" if target else ""
            lines.append(f"[{s.n}]: {md_text(citation_text(s))}{link}")
        lines.append("")
    return "\n".join(lines).encode()


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _html_cites(numbers: Sequence[int]) -> str:
    return "".join(f' <a href="#s{n}">[{n}]</a>' for n in numbers)


def _html_line(line: ChangeLine) -> str:
    return f"<li>{_h(line.text)}{_html_cites(line.cites)}</li>"


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.45}h2{border-bottom:1px solid #ccc}.alert{background:#fff4e5}"
)


def render_change_html(report: ChangeReport) -> bytes:
    since = f" since {_h(report.since)}" if report.since else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>What changed{since}</title><style>{_STYLE}</style></head><body>",
        f"<h1>What changed{since}</h1><p>Generated {_h(report.generated_at)} (UTC).</p>",
    ]
    if not report.builds:
        parts.append("<p>No build recorded in this period.</p>")
    for b in report.builds:
        parts.append(
            f"<h2>Build {_h(b.version)}</h2><p>Built {_h(b.built_at)} {_h(how_built(b.model_dump()))}; "
            f"replaced {_h(b.previous or 'nothing (first build)')}. "
            f"{_h(b.summary)}.</p>"
        )
        groups = _groups(b)
        if groups:
            parts.append(
                f"<h3>Customers whose exposure moved ({len(groups)}), biggest move first</h3><ul>"
            )
            for customer, alerts in groups:
                parts.append(f'<li class="alert"><strong>{_h(customer)}</strong><ul>')
                for a in alerts:
                    facts = "".join(_html_line(f) for f in a.facts[:10])
                    parts.append(f"<li>{_h(a.text)}{_html_cites(a.cites)}<ul>{facts}</ul></li>")
                parts.append("</ul></li>")
            parts.append("</ul>")
        if (said := _baseline(b)) is not None:
            parts.append(f"<p>{_h(said)}</p>")
        if b.changes:
            parts.append("<h3>Changes</h3><ul>" + "".join(_html_line(c) for c in b.changes))
            if b.not_listed:
                parts.append(f"<li>… and {b.not_listed} more</li>")
            parts.append("</ul>")
    if report.sources:
        parts.append("<h2>Sources</h2><ol>")
        for s in report.sources:
            target = link_target(s.url)
            link = f' <a href="{_h(target)}">{_h(target)}</a>' if target else ""
            parts.append(f'<li id="s{s.n}" value="{s.n}">{_h(citation_text(s))}{link}</li>')
        parts.append("</ol>")
    parts.append("</body></html>\n")
    return "\n".join(parts).encode()


def render_change(report: ChangeReport, fmt: str) -> bytes:
    """The report in `fmt`: md, html or json."""
    from graph.reports.change_report import render_change_json

    renderers = {
        "md": render_change_markdown,
        "markdown": render_change_markdown,
        "html": render_change_html,
        "json": render_change_json,
    }
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r}; choose md, html or json")
    return renderers[fmt](report)
