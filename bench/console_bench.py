"""What the read-only console door costs, and what it holds.

- text check: how long the door takes to refuse each resource-exhaustion query of
  tests/security/exhaustion.py (issue 22), and to pass the saved queries;
- LadybugDB: console queries (a worker process each) against direct reads, and the memory bombs
  from issue 13 with the worker's peak;
- `--neo4j`: a Neo4j of its own from the launcher (tools/neo4j_local.py) with the bundled graph:
  the console door's cost there, planning time of the largest queries the door allows, and with
  `--corpus` every exhaustion query run straight at the engine (skipping the text check) and
  through the door, counting the ones after which the server no longer answers. `--exit-on-oom` starts the server
  with the JVM flag the launcher used to pass (-XX:+ExitOnOutOfMemoryError), to compare.

Usage: python bench/console_bench.py [--runs 10] [--neo4j [--corpus] [--exit-on-oom]]. Builds the
bundled graph in a temporary home. Prints figures; never fails on timing. `--corpus` runs the 138
exhaustion queries both ways (up to an hour on a loaded 2-core machine: a query that exhausts the
heap leaves the server collecting garbage for up to a minute).
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.console.door import console_read  # noqa: E402
from graph.console.engines import engine_read  # noqa: E402
from graph.console.guard import check_read_only  # noqa: E402
from graph.console.saved_queries import SAVED_QUERIES  # noqa: E402
from graph.settings import Settings, settings  # noqa: E402
from graph.store.ladybug import LadybugStore  # noqa: E402
from graph.store.protocol import QueryError, ReadOnlyViolation, Store  # noqa: E402
from ingest.build import rebuild  # noqa: E402
from tests.security.exhaustion import Bomb, bombs  # noqa: E402

QUERY = "MATCH (v:Vendor)-[:OFFERS]->(p:Product) RETURN v.name AS vendor, count(p) AS n ORDER BY n DESC LIMIT 10"
BOMBS = [
    "RETURN range(1, 50000000)",
    "UNWIND range(1, 1000) AS i RETURN repeat('x', 10000000)",
    "UNWIND range(1, 100) AS i RETURN repeat('x', 1000000) AS s",
]
# The largest queries of each kind the door lets through (graph.console.bounds): their planning.
LARGEST = {
    "10-relationship chain": "MATCH "
    + "-->".join(f"(a{i})" for i in range(11))
    + " RETURN count(*) AS n",
    "40 ORs": "MATCH (n) WHERE "
    + " OR ".join(f"n.id = 'v{i}'" for i in range(41))
    + " RETURN n.id AS id",
    "20 ANDs of ORs": "MATCH (n) WHERE "
    + " AND ".join(f"(n.id <> 'v{i}' OR n.name > 'v{i}')" for i in range(14))
    + " RETURN count(n) AS n",
    "10 UNION parts": " UNION ".join(
        f"MATCH (n) WHERE n.id = 'v{i}' RETURN n.id AS id" for i in range(10)
    ),
    "10 OPTIONAL MATCHes": "MATCH (a) "
    + " ".join(f"OPTIONAL MATCH (a)-->(b{i})" for i in range(10))
    + " RETURN count(*) AS n",
}


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def text_check() -> None:
    refused: list[float] = []
    for bomb in bombs():
        started = time.perf_counter()
        try:
            check_read_only(bomb.cypher)
        except ReadOnlyViolation:
            refused.append((time.perf_counter() - started) * 1000)

    def check_saved() -> None:
        for query in SAVED_QUERIES.values():
            check_read_only(query.cypher)

    saved = _median_ms(check_saved, 20)
    print(
        f"text check: {len(refused)} of {len(bombs())} exhaustion queries refused; time to "
        f"refusal median {statistics.median(refused):.2f} ms, max {max(refused):.1f} ms; "
        f"all {len(SAVED_QUERIES)} saved queries checked in {saved:.1f} ms"
    )


def ladybug(config: Settings, runs: int) -> None:
    store = LadybugStore(config.home / "ladybug", timeout_ms=10_000)
    rebuild(store, config)
    direct = _median_ms(lambda: store.read(QUERY), runs)
    door = _median_ms(lambda: console_read(store, QUERY, limit=1000), runs)
    print(f"ladybug direct read: {direct:.1f} ms median; through the console door: {door:.1f} ms")
    for bomb in BOMBS:
        started = time.perf_counter()
        try:
            # engine_read skips the text check (which refuses the first bomb outright), so this
            # measures the worker's own bounds.
            answer = engine_read(store, bomb, {}, limit=1000, max_bytes=8 * 2**20)
            outcome = f"{len(answer.rows)} rows, cut: {answer.cut}"
        except QueryError as exc:
            outcome = f"error: {exc}"
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{bomb[:55]:55} {seconds:5.1f} s  workers' peak so far {peak:,.0f} MB  {outcome}")
    store.close()


def _outcome(run: Callable[[], object]) -> tuple[str, float]:
    started = time.perf_counter()
    try:
        run()
        kind = "answered"
    except ReadOnlyViolation:
        kind = "refused by the text check"
    except QueryError as exc:
        text = str(exc)
        kind = (
            "stopped: memory"
            if "memory" in text
            else "stopped: time"
            if "timed out" in text or "ended" in text
            else f"error: {text[:60]}"
        )
    return kind, time.perf_counter() - started


def _run(store: Store, bomb: Bomb, path: str) -> object:
    if path == "through the door":
        return console_read(store, bomb.cypher, bomb.params, limit=50)
    return engine_read(store, bomb.cypher, bomb.params, limit=50, max_bytes=2**20)


def neo4j_bench(config: Settings, runs: int, exit_on_oom: bool, corpus: bool) -> None:
    import neo4j

    from graph.store.neo4j import Neo4jStore
    from tools import neo4j_local

    if exit_on_oom:
        neo4j_local.JVM_FLAGS = (*neo4j_local.JVM_FLAGS, "-XX:+ExitOnOutOfMemoryError")
    home = config.home / "neo4j"
    state: dict[str, Any] = {}

    def start(build: bool) -> None:
        context = neo4j_local.running_neo4j(home=home)
        conn = context.__enter__()
        driver = neo4j.GraphDatabase.driver(conn.uri, auth=conn.auth)
        if build:
            rebuild(Neo4jStore(driver), config)
        login = (conn.uri, *conn.auth)
        state.update(context=context, conn=conn, driver=driver)
        state["store"] = Neo4jStore(driver, timeout_ms=5_000, console_login=login)

    def stop() -> None:
        state["driver"].close()
        state["context"].__exit__(None, None, None)

    def answers(within: float = 120.0) -> bool:
        # A server collecting the garbage a stopped query left answers late; a stopped one never.
        conn, deadline = state["conn"], time.monotonic() + within
        while True:
            try:
                with (
                    neo4j.GraphDatabase.driver(conn.uri, auth=conn.auth, connection_timeout=5) as d,
                    d.session() as session,
                ):
                    return bool(session.run("RETURN 1 AS ok").single(strict=True)["ok"] == 1)
            except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
                if time.monotonic() > deadline:
                    return False
                time.sleep(2)

    start(build=True)
    direct = _median_ms(lambda: state["store"].read(QUERY), runs)
    door = _median_ms(lambda: console_read(state["store"], QUERY, limit=1000), runs)
    print(f"neo4j direct read: {direct:.1f} ms median; through the console door: {door:.1f} ms")
    with state["driver"].session() as session:
        for name, cypher in LARGEST.items():
            check_read_only(cypher)
            counter = iter(range(100))

            def explain(text: str = cypher, runs: Iterator[int] = counter) -> object:
                # New column names each time: the server caches plans by query text.
                fresh = text.replace(" AS ", f" AS r{next(runs)}_")
                return session.run("EXPLAIN " + fresh).consume()

            plan = _median_ms(explain, 5)
            print(f"planning the largest allowed {name}: {plan:,.0f} ms median")
    for path in ("straight at the engine", "through the door") if corpus else ():
        outcomes: Counter[str] = Counter()
        killed: list[str] = []
        slowest = (0.0, "")
        started = time.perf_counter()
        for bomb in bombs():

            def one(b: Bomb = bomb, p: str = path) -> object:
                return _run(state["store"], b, p)

            kind, _ = _outcome(one)
            outcomes[kind] += 1
            asked = time.perf_counter()
            alive = answers()
            slowest = max(slowest, (time.perf_counter() - asked, bomb.name))
            if not alive:
                killed.append(bomb.name)
                stop()
                start(build=False)
        total = time.perf_counter() - started
        flag = " (-XX:+ExitOnOutOfMemoryError)" if exit_on_oom else ""
        print(
            f"neo4j{flag}, {len(bombs())} exhaustion queries {path}: server stopped answering "
            f"after {len(killed)}; {dict(outcomes)}; {total:,.0f} s in all; slowest answer "
            f"afterwards {slowest[0]:.1f} s (after {slowest[1][:60]})"
        )
        for name in killed:
            print(f"   stopped the server: {name}")
    stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--neo4j", action="store_true", help="also run the Neo4j figures")
    parser.add_argument(
        "--corpus", action="store_true", help="run every exhaustion query at Neo4j (an hour)"
    )
    parser.add_argument("--exit-on-oom", action="store_true", help="old JVM flag, to compare")
    args = parser.parse_args()
    text_check()
    with tempfile.TemporaryDirectory() as tmp:
        config = dataclasses.replace(settings(), store="ladybug", home=Path(tmp))
        ladybug(config, args.runs)
        if args.neo4j:
            neo4j_bench(config, args.runs, args.exit_on_oom, args.corpus)
    print(
        f"this process's peak: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB"
    )


if __name__ == "__main__":
    main()
