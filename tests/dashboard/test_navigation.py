"""The app's navigation: every screen registered, and no `pages/` folder to trip Streamlit into its
version-1 multipage mode (a deep link on a fresh server would then bypass st.navigation)."""

from __future__ import annotations

from pathlib import Path

from tests.dashboard.conftest import APP

DASHBOARD = Path(APP).parent


def test_every_screen_is_in_the_navigation() -> None:
    app = Path(APP).read_text()
    screens = sorted(p.name for p in (DASHBOARD / "screens").glob("*.py"))
    assert screens == [
        "changes.py",
        "console.py",
        "explorer.py",
        "exposure.py",
        "names.py",
        "portfolio.py",
        "scenarios.py",
        "upload.py",
        "vendor.py",
    ]
    for name in screens:
        assert f'_PAGES / "{name}"' in app, name


def test_no_pages_folder_beside_the_app() -> None:
    assert not (DASHBOARD / "pages").exists()
