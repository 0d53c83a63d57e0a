"""Fixtures for the whole suite.

Strategy: every test uses the real embedded store (LadybugDB files in a temporary directory), built
once per session from the bundled knowledge base and sample inventories (`built_store`), or built
afresh when the test changes data (`empty_home`). Neo4j tests (marker `neo4j`) use a real Neo4j:
the one named by NEO4J_URI, or a local one the session starts from Maven Central jars
(tools/neo4j_local.py). With CI=true a Neo4j that cannot start fails the run instead of skipping.
Real public files live in ../shared/data; tests that need them skip with the reason when absent.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.settings import Settings, settings
from graph.store.ladybug import LadybugStore
from ingest.build import rebuild

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("VENDORGRAPH_SHARED_DATA", ROOT.parent / "shared" / "data"))


_SESSION_HOME = Path(tempfile.mkdtemp(prefix="vendorgraph-tests-home-"))


def pytest_configure(config: pytest.Config) -> None:
    # Tests never read the developer's own home directory or settings: a command a test runs
    # without naming a home gets this session's own, never the user's data folder.
    os.environ.pop("VENDORGRAPH_WEIGHTS", None)
    os.environ["VENDORGRAPH_HOME"] = str(_SESSION_HOME)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real public data not found at {SHARED_DATA} (set VENDORGRAPH_SHARED_DATA)")
    return SHARED_DATA


def make_settings(home: Path, **overrides: object) -> Settings:
    base = dataclasses.replace(settings(), store="ladybug", home=home)
    return dataclasses.replace(base, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="session")
def built_store(built_settings: Settings) -> Iterator[LadybugStore]:
    """The bundled graph in the embedded store, built once for the session (read-only use)."""
    store = LadybugStore(built_settings.home / "ladybug")
    report = rebuild(store, built_settings)
    assert not report.rejections, report.rejections[:5]
    yield store
    store.close()


@pytest.fixture
def empty_home(tmp_path: Path) -> Settings:
    """Settings pointing at a fresh, empty home directory."""
    return make_settings(tmp_path / "home")


def _launcher() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("neo4j_local", ROOT / "tools" / "neo4j_local.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    import sys

    sys.modules["neo4j_local"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def neo4j_connection() -> Iterator[object]:
    """A real Neo4j: NEO4J_URI if set, else a local one started from Maven Central jars.

    Outside CI a Neo4j that cannot start skips the Neo4j tests with the reason; with CI=true it
    fails them, so CI never passes with the Neo4j tests silently skipped.
    """
    launcher: Any = _launcher()
    existing = launcher.connection_from_env()
    if existing is not None:
        yield existing
        return
    try:
        ctx = launcher.running_neo4j()
        conn = ctx.__enter__()
    except launcher.Neo4jLaunchError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the local Neo4j could not start: {exc}")
        pytest.skip(f"local Neo4j could not start: {exc}")
    try:
        yield conn
    finally:
        ctx.__exit__(None, None, None)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_connection: Any) -> Iterator[Any]:
    import neo4j

    driver = neo4j.GraphDatabase.driver(neo4j_connection.uri, auth=neo4j_connection.auth)
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def neo4j_built_store(neo4j_driver: Any, built_settings: Settings) -> Any:
    """The bundled graph in Neo4j, built once for the session (read-only use)."""
    from graph.store.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_driver)
    report = rebuild(store, built_settings)
    assert not report.rejections, report.rejections[:5]
    return store


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say how many Neo4j and browser tests really ran, so a log shows they were not skipped."""
    for marker in ("neo4j", "browser"):
        counts: dict[str, int] = {}
        for outcome in ("passed", "failed", "skipped", "error"):
            for report in terminalreporter.stats.get(outcome, []):
                if marker in getattr(report, "keywords", {}) and report.when in ("call", "setup"):
                    if outcome == "passed" and report.when != "call":
                        continue
                    counts[outcome] = counts.get(outcome, 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "none collected"
        terminalreporter.write_line(f"{marker} tests: {summary}")


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; skipped with the reason when absent, except under CI=true (fails)."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    """One headless Chromium for the session, shared by every browser test: Playwright's sync
    API allows only one running instance per thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()
