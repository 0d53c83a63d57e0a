"""Browser fixtures: the real dashboard, served by `vendorgraph dashboard` in a subprocess, driven by
Debian's headless Chromium through Playwright.

Strategy: one home directory per session, built from the bundled data (`browser_home`); one
dashboard server per session on a free port (`dashboard_url`); one browser per session; a fresh
context per test at 1366x768 (`page`). Every request that leaves 127.0.0.1 is blocked and recorded,
and a test that made one fails: the dashboard must work offline. Without /usr/bin/chromium the
tests skip with the reason, except under CI=true, where they fail.
Screenshots go to build/screenshots/ (not committed) for a person to look at.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from ingest.build import rebuild
from tests.conftest import ROOT, make_settings

VIEWPORT = {"width": 1366, "height": 768}
SCREENSHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="session")
def browser_home(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A home directory with the bundled graph, for the dashboard server (which opens it read-only)."""
    config = make_settings(tmp_path_factory.mktemp("browser-home"))
    store = LadybugStore(config.home / "ladybug")
    try:
        report = rebuild(store, config)
    finally:
        store.close()
    assert not report.rejections, report.rejections[:5]
    return config


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def dashboard_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the dashboard server writes its stdout and stderr (tests read it for warnings)."""
    return tmp_path_factory.mktemp("dashboard-log") / "dashboard.log"


@pytest.fixture(scope="session")
def dashboard_url(chromium: Path, browser_home: Settings, dashboard_log: Path) -> Iterator[str]:
    """The dashboard served from a subprocess, stopped (by its pid) at the end of the session."""
    with serve(browser_home, dashboard_log) as url:
        yield url


@contextlib.contextmanager
def serve(home: Settings, log: Path) -> Iterator[str]:
    """`vendorgraph dashboard` on a free port over `home`, its output in `log`; stopped on exit."""
    port = _free_port()
    env = {**os.environ, "VENDORGRAPH_HOME": str(home.home), "VENDORGRAPH_STORE": "ladybug"}
    command = [str(Path(sys.executable).parent / "vendorgraph"), "dashboard", "--port", str(port)]
    with log.open("wb") as out:
        # A session of its own: `vendorgraph dashboard` runs streamlit as a child, and stopping only
        # the parent would leave that child serving; the whole group is stopped at the end.
        server = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the dashboard did not start; log:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        _stop_group(server)


def _stop_group(server: subprocess.Popen[bytes]) -> None:
    """Stop the server and its streamlit child: SIGTERM to the group, SIGKILL if it lingers."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.killpg(server.pid, 0)
        except ProcessLookupError:
            break
        server.poll()
        time.sleep(0.2)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
    server.wait()


@pytest.fixture
def page(browser: Any, dashboard_url: str) -> Iterator[Any]:
    """A fresh page at 1366x768 that may only talk to the dashboard."""
    with offline_page(browser, dashboard_url) as tab:
        yield tab


@contextlib.contextmanager
def offline_page(browser: Any, url: str) -> Iterator[Any]:
    """A page at 1366x768 in a fresh context whose requests may only reach `url`; a request that
    tried to leave fails the test."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, base_url=url)
    outside: list[str] = []

    def route(route: Any) -> None:
        address = route.request.url
        if address.startswith(url) or address.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(address)
            route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    yield tab
    context.close()
    assert not outside, f"the dashboard tried to reach the internet: {sorted(set(outside))[:5]}"
