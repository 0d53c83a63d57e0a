"""The HTML report in a real browser: opened offline it requests nothing, runs no script, and the
hostile names show as text. Drives Debian's Chromium through Playwright (never `playwright
install`); skipped with the reason when Chromium is absent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.reports import Report, render

pytestmark = pytest.mark.browser


def _refuse(dialog: Any, seen: list[str]) -> None:
    seen.append(dialog.message)
    dialog.dismiss()


def _open(
    browser: Any, report: Report, tmp_path: Path
) -> tuple[list[str], list[str], dict[str, object]]:
    """Requests made, dialogs opened, and what the page holds, after loading the report."""
    page_file = tmp_path / "report.html"
    page_file.write_bytes(render(report, "html"))
    requests: list[str] = []
    dialogs: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.on("dialog", lambda dialog: _refuse(dialog, dialogs))
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_timeout(200)
        facts: dict[str, object] = page.evaluate(
            """() => ({
                scripts: document.scripts.length,
                images: document.images.length,
                text: document.body.innerText,
                links: [...document.links].map(a => a.href),
            })"""
        )
    finally:
        context.close()
    return requests, dialogs, facts


def test_report_page_requests_nothing_but_itself(
    browser: Any, police_report: Report, tmp_path: Path
) -> None:
    requests, dialogs, facts = _open(browser, police_report, tmp_path)
    assert requests == [(tmp_path / "report.html").as_uri()]
    assert not dialogs and facts["scripts"] == 0 and facts["images"] == 0
    assert "CRITICAL: 76.2 out of 100" in str(facts["text"])


def test_hostile_report_stays_inert(browser: Any, hostile_report: Report, tmp_path: Path) -> None:
    requests, dialogs, facts = _open(browser, hostile_report, tmp_path)
    assert len(requests) == 1 and not dialogs
    assert facts["scripts"] == 0 and facts["images"] == 0
    text = str(facts["text"])
    assert '=HYPERLINK("http://x")' in text and "<script>alert('x')</script>" in text
    links = [str(link) for link in facts["links"]]  # type: ignore[attr-defined]
    external = {link for link in links if not link.startswith("file:")}
    assert external <= {c.url for c in hostile_report.sources if c.url}
