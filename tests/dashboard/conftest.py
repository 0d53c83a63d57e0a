"""Dashboard tests run the real pages in Streamlit's AppTest against the session's built graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import Settings

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def dashboard_env(built_settings: Settings, built_store: object, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("VENDORGRAPH_HOME", str(built_settings.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    return built_settings
