"""Errors are messages, never tracebacks: a missing or unreachable store on every page, and the
pages recovering by themselves once the graph is there again."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from ingest.build import rebuild
from tests.dashboard.conftest import APP

PAGES = [
    "screens/portfolio.py", "screens/exposure.py", "screens/scenarios.py", "screens/explorer.py",
    "screens/vendor.py", "screens/upload.py", "screens/console.py",
]  # fmt: skip


@pytest.fixture
def missing_graph(empty_home: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("VENDORGRAPH_HOME", str(empty_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    return empty_home


@pytest.mark.parametrize(
    "page", [p for p in PAGES if p not in ("screens/upload.py", "screens/console.py")]
)
def test_missing_graph_is_a_message_on_every_page(missing_graph: Settings, page: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert any("vendorgraph ingest" in e.value for e in at.error)


def test_console_reports_a_missing_graph(missing_graph: Settings) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page("screens/console.py").run()
    next(b for b in at.button if b.label == "Run saved query").click().run()
    assert not at.exception, at.exception
    assert any("The graph store is unavailable" in e.value for e in at.error)


def test_pages_recover_when_the_graph_comes_back(missing_graph: Settings) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert any("unavailable" in e.value for e in at.error)
    store = LadybugStore(missing_graph.home / "ladybug")
    rebuild(store, missing_graph)  # the graph "returns" while the session is open
    at.run()
    assert not at.exception and not at.error
    assert at.dataframe[0].value["customer"][0] == "Larkspur Stores plc (fictional)"
    store.close()


def test_unknown_neo4j_configuration_is_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENDORGRAPH_STORE", "neo4j")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    assert any("NEO4J_URI" in e.value for e in at.error)


def test_unreachable_neo4j_is_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("VENDORGRAPH_STORE", "neo4j")
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{port}")
    monkeypatch.setenv("NEO4J_PASSWORD", "not-a-real-password")
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception, at.exception
    assert any("unavailable" in e.value for e in at.error)
