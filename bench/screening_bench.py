"""Screening benchmark: precision, recall and false alerts on real names, and throughput.

Run: `.venv/bin/python -m bench.screening_bench` from the repository root (needs the real files
in ../shared/data, or VENDORGRAPH_SHARED_DATA). Prints, at the default threshold:
1. negatives: 1,000+ real organisation names on no list (bench/real_companies.txt) screened as
   vendors are (organisations only) against OFAC SDN (2019) + OFAC non-SDN + UN: false alerts
   per 1,000 clean names, and each alert with its explanation (to check by hand);
2. labelled positives (bench/eval_set.py, labelled from the lists before screening): entities
   with the default schema, persons with `schemas=("person",)`: precision, recall, F1 per list
   and per variation kind, and the misses;
3. throughput: 10,000 names (positives and negatives) against OFAC SDN + non-SDN, one core,
   after the index is built (CPU time of this process, and wall time).
`--million N` instead screens the same names against N generated listed names plus OFAC (scale).
It is a benchmark, not a test: it prints figures and never fails on them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.eval_set import Case, build_positives, generated_entries, negatives
from graph.screening.batch import screen_many
from graph.screening.index import ScreeningIndex
from graph.screening.matcher import DEFAULT_THRESHOLD, Matcher
from ingest.listing import ListEntry, Rejections
from ingest.ofac import read_ofac
from ingest.un import read_un

ROOT = Path(__file__).resolve().parents[1]
PER_LIST = 700
THROUGHPUT_NAMES = 10_000


def shared_data() -> Path:
    return Path(os.environ.get("VENDORGRAPH_SHARED_DATA", ROOT / ".." / "shared" / "data"))


def load_ofac() -> list[ListEntry]:
    base = shared_data() / "ofac"
    return [*read_ofac(base / "sdn-2019", Rejections()), *read_ofac(base / "non-sdn", Rejections())]


def load_un() -> list[ListEntry]:
    return list(read_un(shared_data() / "un" / "UN_consolidated.xml", Rejections()))


def figures(cases: list[Case], alerts: list[set[tuple[str, str]]]) -> dict[str, Any]:
    """Query-level: a positive is found when its alerts include a gold entity; an alert on a
    negative, or a positive's alerts without any gold entity, is a false alert."""
    tp = fp = fn = clean = false_on_clean = 0
    for case, found in zip(cases, alerts, strict=True):
        if not case.gold:
            clean += 1
            if found:
                fp += 1
                false_on_clean += 1
        elif found & case.gold:
            tp += 1
        else:
            fn += 1
            if found:
                fp += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    out: dict[str, Any] = {"n": len(cases), "tp": tp, "fp": fp, "fn": fn}
    if tp + fn:
        out |= {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
    if clean:
        out["false_alerts_per_1000_clean"] = round(1000 * false_on_clean / clean, 2)
    return out


def screen(
    matcher: Matcher, cases: list[Case], schemas: tuple[str, ...] | None = None
) -> list[set[tuple[str, str]]]:
    return [
        {(m.list, m.entity_id) for m in matcher.screen(c.query, schemas=schemas)} for c in cases
    ]


def grouped(cases: list[Case], alerts: list[set[tuple[str, str]]], attr: str) -> None:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cases):
        groups[getattr(c, attr)].append(i)
    for key in sorted(groups):
        idx = groups[key]
        print(
            f"    {key:12} "
            + json.dumps(figures([cases[i] for i in idx], [alerts[i] for i in idx]))
        )


def quality(matcher: Matcher, entries: list[ListEntry]) -> None:
    clean, dropped = negatives(entries)
    print(f"\n1. negatives: {len(clean)} real organisation names on no list", end="")
    print(f" ({len(dropped)} set aside, listed under the same name: {dropped})")
    alerts = screen(matcher, clean)
    print("  " + json.dumps(figures(clean, alerts)))
    for case, found in zip(clean, alerts, strict=True):
        for m in matcher.screen(case.query) if found else []:
            print(
                f"    ALERT {case.query!r} -> {m.list}:{m.entity_id} {m.name!r} {m.score}: {m.summary()}"
            )
    entities = build_positives(entries, PER_LIST, schemas=("entity",))
    persons = build_positives(entries, PER_LIST // 2, seed=8, schemas=("person",))
    for label, cases, schemas in (
        ("entities (default schema)", entities, None),
        ("persons (schemas=person)", persons, ("person",)),
    ):
        found = screen(matcher, cases, schemas)
        print(f"\n2. positives, {label}: " + json.dumps(figures(cases, found)))
        print("  per list:")
        grouped(cases, found, "list")
        print("  per variation kind:")
        grouped(cases, found, "kind")
        misses = [(c, f) for c, f in zip(cases, found, strict=True) if not (f & c.gold)]
        for c, f in misses[:60]:
            print(f"    MISS {c.kind:11} {c.query!r} (from {c.source!r}) alerts {sorted(f)[:3]}")
        if len(misses) > 60:
            print(f"    ... and {len(misses) - 60} more misses")
    mixed = clean + entities
    found = screen(matcher, mixed)
    print("\n   all entity positives + negatives: " + json.dumps(figures(mixed, found)))
    for threshold in (0.85, 0.87, 0.89, 0.91, 0.93):
        f = [{(m.list, m.entity_id) for m in matcher.screen(c.query, threshold)} for c in mixed]
        print(f"   at {threshold:.2f}: " + json.dumps(figures(mixed, f)))


def throughput(ofac: list[ListEntry]) -> None:
    """One core: CPU time of this process (the machine may be shared) and wall time."""
    clean, _ = negatives(ofac)
    positives = build_positives(ofac, THROUGHPUT_NAMES, seed=9)
    names = [c.query for c in (clean + positives)][:THROUGHPUT_NAMES]
    start = time.perf_counter()
    index = ScreeningIndex.build(ofac)
    built = time.perf_counter()
    matcher = Matcher(index)
    matcher.screen("warm up the reference corpus")
    print(
        f"\n3. throughput: OFAC SDN + non-SDN, {len(index)} names, index built in {built - start:.2f}s"
    )
    for run in (1, 2):
        cpu, wall = time.process_time(), time.perf_counter()
        results = screen_many(matcher, names, workers=1)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        hits = sum(1 for r in results if r)
        print(
            f"   run {run}: {len(names)} names on one core: {cpu:.2f}s CPU ({len(names) / cpu:,.0f}"
            f" names/s), {wall:.2f}s wall; {hits} names alerted"
        )


def million(count: int) -> None:
    """Scale: `count` generated listed names plus OFAC, build and screening time, peak memory."""
    import resource

    ofac = load_ofac()
    clean, _ = negatives(ofac)
    names = [c.query for c in clean + build_positives(ofac, THROUGHPUT_NAMES, seed=9)]
    names = names[:THROUGHPUT_NAMES]
    generated = list(generated_entries(count))
    start, start_cpu = time.perf_counter(), time.process_time()
    index = ScreeningIndex()
    for e in ofac:
        index.add(e)
    for entry, entry_names in generated:
        index.add_names(entry, entry_names)
    index.finish()
    built, built_cpu = time.perf_counter(), time.process_time()
    cpu = time.process_time()
    results = screen_many(Matcher(index), names)
    cpu = time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(index):,} listed names: built in {built_cpu - start_cpu:.1f}s CPU"
        f" ({built - start:.1f}s wall); {len(names)} names screened"
        f" in {cpu:.2f}s CPU; {sum(1 for r in results if r)} alerted; peak {peak_mb:,.0f} MB"
    )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--million":
        million(int(sys.argv[2]))
        return
    if sys.argv[1:] == ["--throughput"]:
        throughput(load_ofac())
        return
    if not (shared_data() / "ofac" / "sdn-2019").is_dir():
        print(f"skipped: no OFAC files under {shared_data()}")
        return
    entries = load_ofac() + load_un()
    index = ScreeningIndex.build(entries)
    print(
        f"lists: OFAC SDN + non-SDN + UN, {len(entries)} entities, {len(index)} names; "
        f"threshold {DEFAULT_THRESHOLD}"
    )
    quality(Matcher(index), entries)
    if "--quality-only" not in sys.argv:
        # In a fresh process, so the quality run's heap does not slow the timed one.
        subprocess.run([sys.executable, "-m", "bench.screening_bench", "--throughput"], check=True)


if __name__ == "__main__":
    main()
