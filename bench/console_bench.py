"""What the read-only console door costs, and what it holds: LadybugDB console queries (a worker
process each) against direct reads, and the memory bombs from issue 13 with the worker's peak.

Usage: python bench/console_bench.py [--runs 10]. Builds the bundled graph in a temporary home.
Prints figures; never fails on timing.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import statistics
import tempfile
import time
from pathlib import Path

from graph.console.door import console_read
from graph.console.engines import engine_read
from graph.settings import settings
from graph.store.ladybug import LadybugStore
from graph.store.protocol import QueryError
from ingest.build import rebuild

QUERY = "MATCH (v:Vendor)-[:OFFERS]->(p:Product) RETURN v.name AS vendor, count(p) AS n ORDER BY n DESC LIMIT 10"
BOMBS = [
    "RETURN range(1, 50000000)",
    "UNWIND range(1, 1000) AS i RETURN repeat('x', 10000000)",
    "UNWIND range(1, 100) AS i RETURN repeat('x', 1000000) AS s",
]


def _median_ms(fn: object, runs: int) -> float:
    assert callable(fn)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        store = LadybugStore(home / "ladybug", timeout_ms=10_000)
        rebuild(store, dataclasses.replace(settings(), store="ladybug", home=home))
        direct = _median_ms(lambda: store.read(QUERY), args.runs)
        door = _median_ms(lambda: console_read(store, QUERY, limit=1000), args.runs)
        print(
            f"ladybug direct read: {direct:.1f} ms median; through the console door: {door:.1f} ms"
        )
        for bomb in BOMBS:
            started = time.perf_counter()
            try:
                # graph.console.engines.engine_read skips the text check (which refuses the first bomb outright),
                # so this measures the worker's own bounds.
                answer = engine_read(store, bomb, {}, limit=1000, max_bytes=8 * 2**20)
                outcome = f"{len(answer.rows)} rows, cut: {answer.cut}"
            except QueryError as exc:
                outcome = f"error: {exc}"
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(
                f"{bomb[:55]:55} {seconds:5.1f} s  workers' peak so far {peak:,.0f} MB  {outcome}"
            )
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"this process's peak: {own:,.0f} MB")
        store.close()


if __name__ == "__main__":
    main()
