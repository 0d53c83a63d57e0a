"""Exposure latency on the bundled graph: p50/p95 per customer for the ICO 2022 Clearview scenario.

Usage: python bench/exposure_bench.py [--runs N] [--store ladybug|neo4j]
Prints figures; never fails on timing.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from graph.exposure.engine import exposure
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import find_scenario
from graph.exposure.vendor_record import CONTEXT_CACHE as _CONTEXT_CACHE
from graph.queries import ALL_CUSTOMERS
from graph.settings import settings
from graph.store.backend import open_store
from ingest.build import rebuild


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--store", default="ladybug")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        config = dataclasses.replace(settings(), store=args.store, home=Path(home))
        with open_store(config) as store:
            t0 = time.perf_counter()
            report = rebuild(store, config)
            print(
                f"build: {sum(report.nodes.values())} nodes, {sum(report.edges.values())} rels "
                f"in {time.perf_counter() - t0:.2f} s ({args.store})"
            )
            scenario = find_scenario(store, "ico-clearview-2022")
            rules = read_rules(config.data / "kb")
            customers = [r["id"] for r in store.read(ALL_CUSTOMERS) if r["processes"]]
            for cold in (True, False):
                # Cold: the per-vendor context cache is cleared before every call, as for the
                # first customer a user opens; warm: as for the rest of a portfolio.
                all_times: list[float] = []
                for customer in customers:
                    times = []
                    for _ in range(args.runs):
                        if cold:
                            _CONTEXT_CACHE.clear()
                        t = time.perf_counter()
                        exposure(store, customer, scenario, date(2022, 6, 1), rules=rules)
                        times.append((time.perf_counter() - t) * 1000)
                    all_times += times
                    q = statistics.quantiles(times, n=100)
                    print(
                        f"{'cold' if cold else 'warm'} {customer:45} p50 {q[49]:6.1f} ms  p95 {q[94]:6.1f} ms"
                    )
                q = statistics.quantiles(all_times, n=100)
                print(
                    f"ALL {'cold' if cold else 'warm'} exposure ({len(all_times)} calls): "
                    f"p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms (target p95 <= 100 ms)"
                )


if __name__ == "__main__":
    main()
