"""Screening benchmark: quality and speed of vendorgraph's matcher against a naive full scan.

Run: `.venv/bin/python -m bench.screening_bench` from the repository root (needs the real OFAC
files in ../shared/data, or VENDORGRAPH_SHARED_DATA). Prints:
1. 10,000 labelled names (bench/eval_set.py) against the full OFAC SDN (2019) and non-SDN lists:
   precision, recall and F1 at the default threshold, per variation kind, and the time to screen
   them once the index is built;
2. the naive baseline (rapidfuzz WRatio over every listed name) on a sample of the same names;
3. in a child process, the same names against 1,000,000 generated listed names plus the OFAC
   ones: build time, screening time, peak memory (ru_maxrss).
It is a benchmark, not a test: it prints figures and never fails on them.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

from bench.eval_set import Case, build_eval_set, generated_entries
from graph.screening.batch import screen_many
from graph.screening.index import ScreeningIndex
from graph.screening.matcher import DEFAULT_THRESHOLD, Matcher
from ingest.listing import ListEntry, Rejections
from ingest.ofac import read_ofac

ROOT = Path(__file__).resolve().parents[1]
BASELINE_SAMPLE = 500
BASELINE_CUTOFF = 90.0


def shared_data() -> Path:
    return Path(os.environ.get("VENDORGRAPH_SHARED_DATA", ROOT / ".." / "shared" / "data"))


def load_ofac() -> list[ListEntry]:
    base = shared_data() / "ofac"
    return [*read_ofac(base / "sdn-2019", Rejections()), *read_ofac(base / "non-sdn", Rejections())]


def evaluate(cases: list[Case], alerts: list[set[tuple[str, str]]]) -> dict[str, Any]:
    """Query-level figures: a query alerts if anything scores above threshold; it is right when
    a positive's alerts include a gold entity. Pair-level precision counts every alerted pair."""
    tp = fp = fn = pair_tp = pair_all = 0
    by_kind: Counter[str] = Counter()
    missed_kind: Counter[str] = Counter()
    for case, found in zip(cases, alerts, strict=True):
        pair_all += len(found)
        pair_tp += len(found & case.gold)
        by_kind[case.kind] += 1
        if case.gold:
            if found & case.gold:
                tp += 1
            else:
                fn += 1
                missed_kind[case.kind] += 1
                if found:
                    fp += 1
        elif found:
            fp += 1
            missed_kind[case.kind] += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "pair_precision": round(pair_tp / pair_all, 4) if pair_all else 1.0,
        "errors_by_kind": {k: f"{missed_kind[k]}/{by_kind[k]}" for k in sorted(by_kind)},
    }


def run_matcher(
    matcher: Matcher, cases: list[Case], workers: int = 1
) -> tuple[list[set[tuple[str, str]]], float]:
    start = time.perf_counter()
    results = screen_many(matcher, [c.query for c in cases], workers=workers)
    took = time.perf_counter() - start
    return [{(m.list, m.entity_id) for m in found} for found in results], took


def run_baseline(
    entries: list[ListEntry], cases: list[Case]
) -> tuple[list[set[tuple[str, str]]], float]:
    """Naive full scan: every query against every listed name with rapidfuzz's WRatio."""
    names: list[str] = []
    owners: list[tuple[str, str]] = []
    for e in entries:
        for n in e.all_names():
            names.append(utils.default_process(n))
            owners.append((e.list, e.entity_id))
    start = time.perf_counter()
    alerts = []
    for c in cases:
        hits = process.extract(
            utils.default_process(c.query),
            names,
            scorer=fuzz.WRatio,
            score_cutoff=BASELINE_CUTOFF,
            limit=None,
        )
        alerts.append({owners[i] for _, _, i in hits})
    return alerts, time.perf_counter() - start


def million(count: int) -> dict[str, Any]:
    """The scale run (in its own process, so ru_maxrss is its own peak)."""
    entries = load_ofac()
    cases = build_eval_set(entries)
    start = time.perf_counter()
    generated = list(generated_entries(count))
    made = time.perf_counter()
    index = ScreeningIndex()
    for e in entries:
        index.add(e)
    for entry, names in generated:
        index.add_names(entry, names)
    index.finish()
    built = time.perf_counter()
    matcher = Matcher(index)
    alerts, took = run_matcher(matcher, cases)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _, took2 = run_matcher(matcher, cases, workers=2)
    real = [i for i, c in enumerate(cases) if c.kind != "negative_generated"]
    return {
        "listed_names": len(index),
        "generate_s": round(made - start, 1),
        "build_s": round(built - made, 1),
        "screen_s": round(took, 1),
        "screen_2_workers_s": round(took2, 1),
        "build_plus_screen_s": round(built - made + took, 1),
        "peak_mb": round(peak_mb),
        **evaluate(cases, alerts),
        "without_generated_negatives": evaluate(
            [cases[i] for i in real], [alerts[i] for i in real]
        ),
    }


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--million":
        print(json.dumps(million(int(sys.argv[2]))))
        return
    if not (shared_data() / "ofac" / "sdn-2019").is_dir():
        print(f"skipped: no OFAC files under {shared_data()}")
        return
    start = time.perf_counter()
    entries = load_ofac()
    loaded = time.perf_counter()
    index = ScreeningIndex.build(entries)
    built = time.perf_counter()
    cases = build_eval_set(entries)
    kinds = Counter(c.kind for c in cases)
    print(
        f"lists: {len(entries)} entities, {len(index)} names; read {loaded - start:.2f}s, index {built - loaded:.2f}s"
    )
    print(f"eval set: {len(cases)} names: {dict(sorted(kinds.items()))}")
    matcher = Matcher(index)
    alerts, took = run_matcher(matcher, cases)
    print(f"\nvendorgraph matcher, threshold {DEFAULT_THRESHOLD}:")
    print(f"  {len(cases)} names in {took:.2f}s ({len(cases) / took:,.0f} names/s), one core")
    _, took2 = run_matcher(matcher, cases, workers=2)
    print(
        f"  {len(cases)} names in {took2:.2f}s ({len(cases) / took2:,.0f} names/s), two worker processes"
    )
    print("  " + json.dumps(evaluate(cases, alerts)))
    real = [i for i, c in enumerate(cases) if c.kind != "negative_generated"]
    print(
        "  without generated negatives: "
        + json.dumps(evaluate([cases[i] for i in real], [alerts[i] for i in real]))
    )
    for threshold in (0.80, 0.83, 0.86, 0.89, 0.92):
        others = [
            {(m.list, m.entity_id) for m in matcher.screen(c.query, threshold)} for c in cases
        ]
        figures = evaluate(cases, others)
        print(
            f"  at {threshold:.2f}: precision {figures['precision']}, recall {figures['recall']}, f1 {figures['f1']}"
        )
    sample = cases[:BASELINE_SAMPLE]
    base_alerts, base_took = run_baseline(entries, sample)
    ours = alerts[:BASELINE_SAMPLE]
    print(
        f"\nnaive full scan (WRatio >= {BASELINE_CUTOFF:.0f} over all {len(index)} names), first {len(sample)} names:"
    )
    print(
        f"  {base_took:.2f}s ({len(sample) / base_took:,.0f} names/s; 10,000 names would take ~{base_took * 10_000 / len(sample):.0f}s)"
    )
    print("  baseline: " + json.dumps(evaluate(sample, base_alerts)))
    print("  matcher:  " + json.dumps(evaluate(sample, ours)))
    count = int(os.environ.get("BENCH_MILLION", "1000000"))
    if count:
        print(f"\n{count:,} generated listed names + OFAC (child process):")
        child = subprocess.run(
            [sys.executable, "-m", "bench.screening_bench", "--million", str(count)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        print("  " + (child.stdout.strip() or child.stderr.strip()[-2000:]))


if __name__ == "__main__":
    main()
