"""Issue 22 on a real Neo4j: no console query stops or starves the server.

A Neo4j of its own, started by the bundled launcher with its default settings (1 GB heap,
transaction memory and time limits, no exit on OutOfMemoryError), holds the bundled graph. Every
resource-exhaustion query of tests/security/exhaustion.py runs twice: through the whole console
door (graph.console.door.console_read, as the CLI and dashboard run it), and straight at the
engine (graph.console.engines.engine_read, skipping the text check) to prove the server's own
settings hold on their own. After each, the server must answer a simple query; a run that stops
it fails, and the server is started again so one failure does not hide the others.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph.console.door import console_read
from graph.console.engines import engine_read
from graph.console.guard import check_read_only
from graph.settings import Settings
from graph.store.neo4j import Neo4jStore
from graph.store.protocol import QueryError, ReadOnlyViolation
from ingest.build import rebuild
from tests.security.exhaustion import Bomb, bombs
from tools import neo4j_local

pytestmark = pytest.mark.neo4j

BOMBS = bombs()
TIMEOUT_MS = 5_000


class Server:
    """The launcher's Neo4j with the bundled graph; started again if a query stopped it."""

    def __init__(self, home: Path, settings: Settings) -> None:
        self.home = home
        self.settings = settings
        self.restarts = 0
        self._start(build=True)

    def _start(self, *, build: bool) -> None:
        self._context = neo4j_local.running_neo4j(home=self.home / "neo4j")
        self.conn = self._context.__enter__()
        self.driver = neo4j.GraphDatabase.driver(self.conn.uri, auth=self.conn.auth)
        if build:
            report = rebuild(Neo4jStore(self.driver), self.settings)
            assert not report.rejections
        self.store = Neo4jStore(
            self.driver,
            timeout_ms=TIMEOUT_MS,
            console_login=(self.conn.uri, *self.conn.auth),
        )

    def answers(self, within: float = 60.0) -> bool:
        """Whether a new connection gets `RETURN 1` back within `within` seconds: a server busy
        collecting the garbage a stopped query left answers late; a stopped one never does."""
        deadline = time.monotonic() + within
        while True:
            try:
                with (
                    neo4j.GraphDatabase.driver(
                        self.conn.uri, auth=self.conn.auth, connection_timeout=5
                    ) as driver,
                    driver.session() as session,
                ):
                    return bool(session.run("RETURN 1 AS ok").single(strict=True)["ok"] == 1)
            except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
                if time.monotonic() > deadline:
                    return False
                time.sleep(2)

    def restart(self) -> None:
        self.close()
        self.restarts += 1
        self._start(build=False)

    def close(self) -> None:
        self.driver.close()
        self._context.__exit__(None, None, None)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, built_settings: Settings) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("exhaustion")
    settings = dataclasses.replace(built_settings, home=home)
    try:
        running = Server(home, settings)
    except neo4j_local.Neo4jLaunchError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and the local Neo4j could not start: {exc}")
        pytest.skip(f"local Neo4j could not start: {exc}")
    yield running
    running.close()


def _ids(bomb: Bomb) -> str:
    return bomb.name[:50]


def _survives(server: Server, bomb: Bomb) -> None:
    alive = server.answers()
    if not alive:
        server.restart()
    assert alive, f"the server stopped answering after: {bomb.name}"


def _one_line(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message, message
    assert "graph." not in message and "neo4j_values" not in message, message


@pytest.mark.parametrize("bomb", BOMBS, ids=_ids)
def test_through_the_door_the_server_survives(server: Server, bomb: Bomb) -> None:
    try:
        console_read(server.store, bomb.cypher, bomb.params, limit=50)
        assert bomb.by_data, "an unbounded query ran"
    except ReadOnlyViolation as exc:
        assert not bomb.by_data
        with pytest.raises(ReadOnlyViolation) as text_check:
            check_read_only(bomb.cypher)
        assert str(exc) == str(text_check.value)  # the same line LadybugDB's door gives
    except QueryError as exc:
        assert bomb.by_data  # sized by the data and stopped by the server: said in one line
        _one_line(str(exc))
        assert "stopped" in str(exc) or "timed out" in str(exc), str(exc)
    _survives(server, bomb)


@pytest.mark.parametrize("bomb", BOMBS, ids=_ids)
def test_straight_at_the_engine_the_server_survives(server: Server, bomb: Bomb) -> None:
    try:
        engine_read(server.store, bomb.cypher, bomb.params, limit=50, max_bytes=2**20)
    except QueryError as exc:
        _one_line(str(exc))
    _survives(server, bomb)


def test_no_restart_was_needed(server: Server) -> None:
    # Ordered after the parametrized runs in this module: none of them stopped the server.
    assert server.restarts == 0
