"""Dashboard tests run the real pages in Streamlit's AppTest against the session's built graph.

`dashboard_env` points the app at the session's read-only graph; tests that write (the inventory
upload's confirm) build their own home. `open_page` runs the app once, switches to a page with its
query parameters and runs it; `page_text` gathers everything a page says, for assertions on content.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.settings import Settings

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def dashboard_env(
    built_settings: Settings, built_store: object, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    monkeypatch.setenv("VENDORGRAPH_HOME", str(built_settings.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    return built_settings


def open_page(page: str, params: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """The app, switched to `page` (e.g. "screens/vendor.py") with query parameters, after one run."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    if page != "screens/portfolio.py":
        at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def page_text(at: AppTest) -> str:
    """Every piece of text the page shows (markdown, captions, alerts, metrics, headings, labels)."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "warning",
        "error",
    ):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    parts += [c.label for c in at.checkbox]
    parts += [e.label for e in at.expander]
    return unescape("\n".join(parts))


def unescape(text: str) -> str:
    """Markdown as read: the dashboard escapes graph text (widgets.md), the tests read it plain."""
    return re.sub(r"\\(.)", r"\1", text)
