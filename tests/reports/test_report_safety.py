"""Safe output: HTML escaped and self-contained, Markdown inert, CSV formulas neutralised.

The hostile sample names its vendor `=HYPERLINK("http://x")`, its product `<script>...`, its
process `@SUM(...)` and its customer a Markdown link to `javascript:`, and adds a source whose
title is an HTML attack and whose URL is `javascript:`.
"""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from graph.reports import Report, render
from graph.reports.csv_export import neutralise, render_table
from graph.reports.markdown_export import md_text

from .samples import HOSTILE_NAMES

_LOADING_TAGS = {"script", "img", "iframe", "frame", "link", "object", "embed", "audio", "video",
                 "source", "track", "base", "form", "input", "svg", "picture", "meta-refresh"}  # fmt: skip
_URL_ATTRS = {"src", "srcset", "data", "poster", "action", "formaction", "background", "xlink:href"}


class _Page(HTMLParser):
    """Every tag, every attribute, and the style text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(name, value or "") for name, value in attrs]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


def _page(report: Report) -> _Page:
    page = _Page()
    page.feed(render(report, "html").decode("utf-8"))
    return page


def test_html_loads_no_external_resource(report: Report) -> None:
    page = _page(report)
    assert not set(page.tags) & _LOADING_TAGS
    assert not [a for a in page.attrs if a[0] in _URL_ATTRS or a[0].startswith("on")]
    assert "url(" not in page.style and "@import" not in page.style
    csp = dict(page.attrs).get("content", "")
    assert any(v.startswith("default-src 'none'") for k, v in page.attrs if k == "content"), csp


def test_html_links_only_to_cited_sources(report: Report) -> None:
    cited = {c.url for c in report.sources if c.url}
    hrefs = [v for k, v in _page(report).attrs if k == "href"]
    external = {h for h in hrefs if not h.startswith("#")}
    assert external <= cited
    assert external == {u for u in cited if u.startswith(("http://", "https://"))}


def test_hostile_names_are_inert_in_html(hostile_report: Report) -> None:
    html = render(hostile_report, "html").decode("utf-8")
    page = _page(hostile_report)
    assert "script" not in page.tags and "img" not in page.tags
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "=HYPERLINK(&quot;http://x&quot;)" in html
    hrefs = [v for k, v in page.attrs if k == "href"]
    assert not [h for h in hrefs if "javascript" in h.lower() or h.startswith("http://x")]
    assert not re.search(r"<script", html, re.IGNORECASE)


def test_hostile_names_are_inert_in_markdown(hostile_report: Report) -> None:
    text = render(hostile_report, "md").decode("utf-8")
    assert not re.search(r"(?<!\\)<(script|img)", text)  # every < is escaped
    assert not re.search(r"(?<!\\)\]\(javascript:", text)  # no link: its ] is escaped
    assert "\\[x\\](javascript:alert(1))" in text
    assert "\\<script>alert('x')\\</script>" in text
    assert "javascript:alert(1)>" not in text  # the javascript: source URL is not linked


def test_rendered_markdown_has_no_tags_and_links_only_to_sources(hostile_report: Report) -> None:
    # CommonMark with raw HTML allowed, as most Markdown viewers render it.
    html = MarkdownIt("commonmark").render(render(hostile_report, "md").decode("utf-8"))
    assert not re.search(r"<(script|img)", html) and "&lt;script&gt;" in html
    hrefs = {unescape(h) for h in re.findall(r'href="([^"]*)"', html)}
    assert hrefs and hrefs <= {c.url for c in hostile_report.sources if c.url}
    assert not [h for h in hrefs if "javascript" in h]


def test_hostile_names_are_neutralised_in_csv(hostile_report: Report) -> None:
    for table in ("processes", "evidence"):
        text = render_table(hostile_report, table).decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), cell
    rows = list(csv.DictReader(io.StringIO(render(hostile_report, "csv").decode("utf-8-sig"))))
    assert rows[0]["customer"] == "'+Northshire | [x](javascript:alert(1))"
    assert rows[0]["process"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert rows[0]["path"].endswith('which is offered by =HYPERLINK("http://x")')


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("  =1+1", "'  =1+1"),
        ("\t=1", "'\t=1"),
        ("\rx", "'\rx"),
        ("Clearview AI, Inc.", "Clearview AI, Inc."),
        ("2022-05-23", "2022-05-23"),
        ("", ""),
    ],
)
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>", "\\<script>"),
        ("[x](javascript:y)", "\\[x\\](javascript:y)"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("> quote", "\\> quote"),
        ("a | b", "a \\| b"),
        ("line\nbreak", "line break"),
        ("AT&amp;T", "AT\\&amp;T"),
        ("Data & Maatschappij", "Data & Maatschappij"),
        ("£7,552,800 (2022-05-18)", "£7,552,800 (2022-05-18)"),
    ],
)
def test_md_text(text: str, expected: str) -> None:
    assert md_text(text) == expected


def test_hostile_names_survive_in_json(hostile_report: Report) -> None:
    text = render(hostile_report, "json").decode("utf-8")
    assert all(name.replace('"', '\\"') in text for name in HOSTILE_NAMES)
