"""Issue 22 on a real Neo4j: no console query stops or starves the server.

A Neo4j of its own, started by the bundled launcher with its default settings (1 GB heap,
transaction memory and time limits, no exit on OutOfMemoryError), holds the bundled graph. Every
resource-exhaustion query of tests/security/exhaustion.py runs twice: through the whole console
door (graph.console.door.console_read, as the CLI and dashboard run it), and straight at the
engine (graph.console.engines.engine_read, skipping the text check) to see whether the server's
own settings hold on their own (they do but for HEAP_KILLS, known failures). After each, the
server must answer a simple query; a run that stops it fails, and the server is started again so
one failure does not hide the others. A stopped
query says so in one line; other users are answered while a query exhausts the heap; a console
request stopped on the client side leaves nothing running on the server.
"""

from __future__ import annotations

import _thread
import dataclasses
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
import yaml

from graph.console.door import console_read
from graph.console.engines import engine_read
from graph.console.guard import check_read_only
from graph.console.neo4j_run import CONSOLE_APP, console_rows, terminate_request
from graph.settings import Settings
from graph.store.neo4j import Neo4jStore
from graph.store.protocol import QueryError, ReadOnlyViolation
from ingest.build import rebuild
from tests.security.exhaustion import REPORTED, Bomb, bombs
from tools import neo4j_local

pytestmark = pytest.mark.neo4j

BOMBS = bombs()
# Straight at the engine (the text check refuses both) these two can stop the server: Neo4j 5.26's
# transaction memory limit does not count the values one expression builds, so they exhaust the
# heap, and when the OutOfMemoryError lands on a Bolt network thread instead of the query's own, the
# JVM lives on but answers no one (run of 2026-12-06 on a machine at load 10-14; an earlier run
# survived both). Marked as known failures, not passes: the server's settings alone do not hold.
HEAP_KILLS = frozenset(
    {
        "RETURN size([x IN range(1, 50000000) | x]) AS n",
        "RETURN size([x IN range(1, 1000) | [y IN range(1, 1000) | [z IN range(1, 1000) | z]]]) AS n",
    }
)
COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"
TIMEOUT_MS = 5_000


class Server:
    """The launcher's Neo4j with the bundled graph; started again if a query stopped it."""

    def __init__(self, home: Path, settings: Settings) -> None:
        self.home = home
        self.settings = settings
        self.restarts = 0
        self.stopped_by: list[str] = []
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

    def answers(self, within: float = 120.0) -> bool:
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
        server.stopped_by.append(bomb.cypher)
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


def _engine_cases() -> list[Any]:
    known = pytest.mark.xfail(
        strict=False, reason="heap exhausted by one expression; the OutOfMemoryError may hit Bolt"
    )
    return [
        pytest.param(bomb, marks=known) if bomb.cypher in HEAP_KILLS else bomb for bomb in BOMBS
    ]


def test_the_known_heap_kills_are_refused_by_the_text_check() -> None:
    assert {bomb.cypher for bomb in BOMBS} >= HEAP_KILLS
    for cypher in HEAP_KILLS:
        with pytest.raises(ReadOnlyViolation):
            check_read_only(cypher)


@pytest.mark.timeout(600)  # a heap-exhausting query and the garbage it leaves take minutes
@pytest.mark.parametrize("bomb", _engine_cases(), ids=_ids)
def test_straight_at_the_engine_the_server_survives(server: Server, bomb: Bomb) -> None:
    try:
        engine_read(server.store, bomb.cypher, bomb.params, limit=50, max_bytes=2**20)
    except QueryError as exc:
        _one_line(str(exc))
    _survives(server, bomb)


def test_no_restart_was_needed(server: Server) -> None:
    # Ordered after the parametrized runs in this module: none of them stopped the server, but
    # for the known heap kills straight at the engine (HEAP_KILLS).
    assert set(server.stopped_by) <= HEAP_KILLS, server.stopped_by


def test_other_users_are_answered_while_a_query_exhausts_the_heap(server: Server) -> None:
    outcome: list[str] = []

    def bomb() -> None:
        try:
            engine_read(server.store, REPORTED[0].cypher, {}, limit=5, max_bytes=2**20)
            outcome.append("rows")
        except QueryError as exc:
            outcome.append(str(exc))

    reader = Neo4jStore(server.driver, timeout_ms=TIMEOUT_MS)
    worker = threading.Thread(target=bomb)
    worker.start()
    answered = failed = 0
    while worker.is_alive():
        try:
            rows = reader.read("MATCH (v:Vendor) RETURN count(v) AS n")
            answered += rows[0]["n"] > 0
        except QueryError:
            failed += 1
        time.sleep(0.1)
    worker.join()
    assert outcome and outcome[0].startswith("stopped: the query needed more memory"), outcome
    _one_line(outcome[0])
    assert answered >= 3 and failed <= 1, (answered, failed)
    assert server.answers()


def _console_transactions(driver: Any, request: str | None = None) -> set[str]:
    """The console's transactions on the server (one request's, when given). Earlier queries in
    this module may leave some behind: a backtracking regular expression sent straight to the
    engine runs until the server stops, as no timeout interrupts Java's regex matcher."""
    with driver.session() as session:
        return set(
            session.run(
                "SHOW TRANSACTIONS YIELD transactionId, metaData "
                "WHERE metaData.app = $app AND ($request IS NULL OR metaData.request = $request) "
                "RETURN transactionId",
                app=CONSOLE_APP,
                request=request,
            ).value()
        )


def test_terminating_a_request_ends_its_server_transaction(server: Server) -> None:
    # A long count (10^10 rows) with a generous timeout; the client-side stop must end it.
    long_run = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n"
    outcome: list[str] = []

    def run() -> None:
        try:
            console_rows(
                server.driver, None, long_run, {}, limit=5, max_bytes=2**20, timeout_s=120,
                request="stop-me",
            )  # fmt: skip
            outcome.append("finished")
        except QueryError as exc:
            outcome.append(str(exc))

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 30
    ended = 0
    while not ended and time.monotonic() < deadline:
        time.sleep(0.5)
        ended = terminate_request(server.driver, None, "stop-me")
    stopped_at = time.monotonic()
    worker.join(timeout=30)
    assert ended == 1 and not worker.is_alive()
    assert time.monotonic() - stopped_at < 10
    assert outcome == ["stopped: the server ended the query"]
    assert _console_transactions(server.driver, "stop-me") == set()


def test_a_worker_killed_for_memory_leaves_nothing_running(server: Server) -> None:
    earlier = _console_transactions(server.driver)
    small = Neo4jStore(
        server.driver,
        timeout_ms=60_000,
        console_login=(server.conn.uri, *server.conn.auth),
        console_memory_mb=64,
    )
    # Rows of 100,000 strings each: within the server's limits, far beyond the worker's 64 MB.
    wide = "WITH [x IN range(1, 100000) | 'row ' + x] AS l UNWIND range(1, 100000) AS i RETURN i, l"
    # Killed for memory (or, on a machine too loaded to get that far, for time): either way the
    # worker is killed and its server transaction must end.
    with pytest.raises(QueryError, match=r"memory|timed out") as caught:
        engine_read(small, wide, {}, limit=100_000, max_bytes=2**40)
    _one_line(str(caught.value))
    deadline = time.monotonic() + 30
    while _console_transactions(server.driver) - earlier and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _console_transactions(server.driver) - earlier == set()
    assert server.answers()


def test_an_interrupted_console_request_ends_on_the_server(server: Server) -> None:
    # Ctrl-C in the CLI while the worker waits: the worker is killed and its server transaction
    # terminated, not left counting 10^10 rows until its timeout.
    earlier = _console_transactions(server.driver)
    store = Neo4jStore(
        server.driver, timeout_ms=120_000, console_login=(server.conn.uri, *server.conn.auth)
    )
    long_run = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n"
    seen: set[str] = set()

    def interrupt_once_running() -> None:
        deadline = time.monotonic() + 60
        while not seen and time.monotonic() < deadline:
            time.sleep(0.2)
            seen.update(_console_transactions(server.driver) - earlier)
        _thread.interrupt_main()

    interrupter = threading.Thread(target=interrupt_once_running)
    interrupter.start()
    with pytest.raises(KeyboardInterrupt):
        engine_read(store, long_run, {}, limit=5, max_bytes=2**20)
    interrupter.join()
    assert seen, "the query never showed on the server"
    deadline = time.monotonic() + 10
    while _console_transactions(server.driver) & seen and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _console_transactions(server.driver) & seen == set()
    assert server.answers()


def test_the_server_runs_with_the_bounds(server: Server) -> None:
    with server.driver.session() as session:
        settings = dict(
            session.run(
                "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
                names=[
                    "db.transaction.timeout",
                    "db.memory.transaction.max",
                    "dbms.memory.transaction.total.max",
                ],
            ).values()
        )
    assert settings == {
        "db.transaction.timeout": "10m",
        "db.memory.transaction.max": "512.00MiB",
        "dbms.memory.transaction.total.max": "768.00MiB",
    }
    # docker-compose.yml gives its Neo4j the same bounds (and the same 1 GB heap) as the launcher.
    compose = yaml.safe_load(COMPOSE.read_text())["services"]["neo4j"]["environment"]
    assert compose["NEO4J_server_memory_heap_max__size"] == "1G"
    assert {
        "db.transaction.timeout": compose["NEO4J_db_transaction_timeout"],
        "db.memory.transaction.max": compose["NEO4J_db_memory_transaction_max"],
        "dbms.memory.transaction.total.max": compose["NEO4J_dbms_memory_transaction_total_max"],
    } == {name: value.replace(".00MiB", "M") for name, value in settings.items()}


# A four-way product the planner cannot count from its statistics (the filter): the three-way one
# (137 million rows on the test graph) finished inside the 5 s limit on a quiet machine.
_TIMED_OUT = "MATCH (a), (b), (c), (d) WITH a, b, c, d WHERE a.id < b.id RETURN count(*) AS n"


def test_the_dashboard_console_says_a_stop_in_one_line(server: Server) -> None:
    from dashboard.query_console import run_cypher

    with pytest.raises(QueryError) as caught:
        run_cypher(server.store, _TIMED_OUT, {}, 50)
    _one_line(str(caught.value))
    assert str(caught.value).startswith("stopped at the time limit")
    with pytest.raises(ReadOnlyViolation, match=r"\(line 1, column 214\)$"):
        run_cypher(server.store, REPORTED[0].cypher, {}, 50)
    assert server.answers()


def test_the_cli_says_a_stop_in_one_line(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from vendorgraph.main import app

    user, password = server.conn.auth
    for name, value in {
        "VENDORGRAPH_STORE": "neo4j",
        "VENDORGRAPH_HOME": str(server.home),
        "VENDORGRAPH_QUERY_TIMEOUT_MS": str(TIMEOUT_MS),
        "NEO4J_URI": server.conn.uri,
        "NEO4J_USER": user,
        "NEO4J_PASSWORD": password,
    }.items():
        monkeypatch.setenv(name, value)
    for cypher, words in ((_TIMED_OUT, "timed out"), (REPORTED[0].cypher, "refused")):
        result = CliRunner().invoke(app, ["query", cypher])
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code != 0 and len(lines) == 1 and words in lines[0], result.output
    assert server.answers()
