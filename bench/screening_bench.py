"""Screening benchmark: precision, recall and false alerts at the defaults, and throughput.

Run: `.venv/bin/python -m bench.screening_bench` from the repository root (needs the real files
in ../shared/data, or VENDORGRAPH_SHARED_DATA). Everything runs at the default settings, as a
user screening a supplier register would (organisations and persons, threshold 0.89), against
OFAC SDN (2019) + OFAC non-SDN + UN:
1. clean names: every real organisation name on no list (bench/real_companies.txt and
   real_companies_more.txt, 2,000+): false alerts per 1,000 clean names, each alert with its
   explanation (to check by hand);
2. the mixed set (bench/mixed_set.py: a supplier register's 85% organisations, 15% persons, with
   the harder variant kinds): precision, recall and F1 overall, per kind of party and per
   variant kind, and every miss with its best candidate's explanation;
3. the earlier labelled positives (bench/eval_set.py), as a regression line;
4. the prefilter: candidates it drops that would have scored at the review floor or above;
5. throughput: 10,000 names against OFAC SDN + non-SDN, one core, after the index is built (CPU
   time of this process per 10,000 names, and wall time), three times; the first run is the one
   held against the target (5,000 names/s, 2.0 s CPU per 10,000 names).
Held out: the rules were developed on the mixed set built with seed 18 and on the clean names
whose CRC-32 is even ("dev"); the mixed set built with seed 1018 and the odd clean names
("held out") were not looked at name by name while tuning. Both are printed, and all together.
`--million N` instead screens the same names against N generated listed names plus OFAC (scale).
It is a benchmark, not a test: it prints figures and never fails on them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zlib
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.eval_set import Case, build_positives, generated_entries, negatives
from bench.mixed_set import build_mixed, clean_cases
from graph.screening.batch import screen_many
from graph.screening.index import ScreeningIndex
from graph.screening.matcher import DEFAULT_THRESHOLD, Matcher, Query
from ingest.list_hook import REVIEW_FLOOR
from ingest.listing import ListEntry, Rejections
from ingest.ofac import read_ofac
from ingest.un import read_un

ROOT = Path(__file__).resolve().parents[1]
PER_LIST = 300
THROUGHPUT_NAMES = 10_000
TARGET_CPU = 2.0  # s CPU per 10,000 names: 5,000 names/s on one core (issue 18)
DEV_SEED, HELD_OUT_SEED = 18, 1018
SHOW = 80  # misses and alerts printed per group


def shared_data() -> Path:
    return Path(os.environ.get("VENDORGRAPH_SHARED_DATA", ROOT / ".." / "shared" / "data"))


def load_ofac() -> list[ListEntry]:
    base = shared_data() / "ofac"
    return [*read_ofac(base / "sdn-2019", Rejections()), *read_ofac(base / "non-sdn", Rejections())]


def load_un() -> list[ListEntry]:
    return list(read_un(shared_data() / "un" / "UN_consolidated.xml", Rejections()))


def held_out(name: str) -> bool:
    """The clean names kept out of tuning: those whose CRC-32 is odd."""
    return zlib.crc32(name.encode("utf-8")) % 2 == 1


def figures(cases: Sequence[Case], alerts: Sequence[set[tuple[str, str]]]) -> dict[str, Any]:
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
    matcher: Matcher,
    cases: Sequence[Case],
    schemas: tuple[str, ...] | None = None,
    threshold: float | None = None,
) -> list[set[tuple[str, str]]]:
    return [
        {(m.list, m.entity_id) for m in matcher.screen(c.query, threshold, schemas)} for c in cases
    ]


def grouped(cases: Sequence[Case], alerts: list[set[tuple[str, str]]], attr: str) -> None:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cases):
        groups[getattr(c, attr)].append(i)
    for key in sorted(groups):
        idx = groups[key]
        print(
            f"    {key:13} "
            + json.dumps(figures([cases[i] for i in idx], [alerts[i] for i in idx]))
        )


def _alerts(matcher: Matcher, cases: Sequence[Case], alerts: list[set[tuple[str, str]]]) -> None:
    shown = 0
    for case, found in zip(cases, alerts, strict=True):
        for m in matcher.screen(case.query) if found and shown < SHOW else []:
            shown += 1
            print(
                f"    ALERT {case.query!r} -> {m.list}:{m.entity_id} {m.name!r} {m.score}: {m.summary()}"
            )


def _misses(matcher: Matcher, cases: Sequence[Case], alerts: list[set[tuple[str, str]]]) -> None:
    misses = [(c, f) for c, f in zip(cases, alerts, strict=True) if not (f & c.gold)]
    for c, f in misses[:SHOW]:
        best = [
            m for m in matcher.screen(c.query, threshold=0.5) if (m.list, m.entity_id) in c.gold
        ]
        why = f"best gold {best[0].score}: {best[0].summary()}" if best else "gold not a candidate"
        wrong = f"; alerts {sorted(f)[:2]}" if f else ""
        print(f"    MISS {c.schema:6} {c.kind:13} {c.query!r} (from {c.source!r}): {why}{wrong}")
    if len(misses) > SHOW:
        print(f"    ... and {len(misses) - SHOW} more misses")


def clean_side(matcher: Matcher, entries: list[ListEntry]) -> list[Case]:
    clean, dropped = clean_cases(entries)
    print(f"\n1. clean names: {len(clean)} real organisation names on no list", end="")
    print(f" ({len(dropped)} set aside, listed under the same name: {dropped})")
    alerts = screen(matcher, clean)
    print("   all:      " + json.dumps(figures(clean, alerts)))
    for label, part in (("dev", False), ("held out", True)):
        idx = [i for i, c in enumerate(clean) if held_out(c.query) == part]
        picked = [clean[i] for i in idx]
        print(f"   {label + ':':9} " + json.dumps(figures(picked, [alerts[i] for i in idx])))
    _alerts(matcher, clean, alerts)
    return clean


def mixed_side(matcher: Matcher, entries: list[ListEntry], clean: list[Case]) -> None:
    both: list[Case] = []
    for label, seed in (("dev, seed 18", DEV_SEED), ("held out, seed 1018", HELD_OUT_SEED)):
        mixed = build_mixed(entries, seed=seed)
        both += mixed
        found = screen(matcher, mixed)
        print(f"\n2. mixed set ({label}): " + json.dumps(figures(mixed, found)))
        print("  per kind of party:")
        grouped(mixed, found, "schema")
        print("  per variant kind (organisation and person kinds share some names):")
        grouped(mixed, found, "kind")
        _misses(matcher, mixed, found)
    print("\n   both mixed sets: " + json.dumps(figures(both, screen(matcher, both))))
    together = both + clean
    for threshold in (0.85, 0.87, 0.89, 0.91, 0.93):
        f = screen(matcher, together, threshold=threshold)
        print(f"   mixed + clean at {threshold:.2f}: " + json.dumps(figures(together, f)))


def regression(matcher: Matcher, entries: list[ListEntry]) -> None:
    for label, schemas in (("entities", ("entity",)), ("persons", ("person",))):
        cases = build_positives(
            entries, PER_LIST, seed=7 if label == "entities" else 8, schemas=schemas
        )
        found = screen(matcher, cases)
        print(
            f"\n3. earlier labelled positives, {label}, defaults: "
            + json.dumps(figures(cases, found))
        )


def prefilter_check(matcher: Matcher, names: list[str]) -> None:
    """Score what the prefilter drops at the default threshold: a dropped candidate reaching the
    threshold would be a pair the prefilter, not the score, decided (bounds.py says why none
    can)."""
    dropped = reaching_floor = reaching_threshold = 0
    top = (0.0, "", "")
    for name in names:
        query = Query(name)
        qnorm = matcher.normalised(query)
        allowed = matcher.searched(query)
        found = [
            i
            for i in matcher.index.candidates(qnorm)
            if matcher.index.entries[matcher.index.name_entry[i]].schema in allowed
        ]
        kept = set(matcher.prefiltered(query, qnorm, found, DEFAULT_THRESHOLD))
        for name_no in found:
            if name_no in kept:
                continue
            dropped += 1
            match = matcher.score_one(query, name_no)
            score = match.score if match else 0.0
            reaching_floor += score >= REVIEW_FLOOR  # may: the bound is for the threshold
            reaching_threshold += score >= DEFAULT_THRESHOLD
            top = max(top, (score, name, matcher.index.names[name_no]))
    print(
        f"\n4. prefilter: {dropped} candidates dropped for {len(names)} names; "
        f"{reaching_floor} of them would score >= {REVIEW_FLOOR} (review floor), "
        f"{reaching_threshold} >= {DEFAULT_THRESHOLD}; highest {top[0]} ({top[1]!r} / {top[2]!r})"
    )


def throughput(ofac: list[ListEntry]) -> None:
    """One core: CPU time of this process (the machine may be shared: the load average is
    printed with each run; other jobs slow even CPU time) and wall time. Run 1 is the one that
    counts: it meets every name and most listed words for the first time (normalisation, word
    weights, near spellings are worked out then and kept); runs 2 and 3 screen the same names
    again."""
    clean, _ = negatives(ofac)
    positives = build_positives(ofac, THROUGHPUT_NAMES, seed=9, schemas=("entity", "person"))
    names = [c.query for c in (clean + positives)][:THROUGHPUT_NAMES]
    start, start_cpu = time.perf_counter(), time.process_time()
    index = ScreeningIndex.build(ofac)
    built, built_cpu = time.perf_counter(), time.process_time()
    matcher = Matcher(index)
    matcher.screen("National Bank of Kuwait")  # loads the reference corpus and place names
    print(
        f"\n5. throughput at the defaults: OFAC SDN + non-SDN, {len(index)} names, index built"
        f" in {built_cpu - start_cpu:.2f}s CPU ({built - start:.2f}s wall); "
        f"{os.cpu_count()} cores"
    )
    per_10k = []
    for run in (1, 2, 3):
        load = os.getloadavg()[0]
        cpu, wall = time.process_time(), time.perf_counter()
        results = screen_many(matcher, names, workers=1)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        per_10k.append(cpu * 10_000 / len(names))
        hits = sum(1 for r in results if r)
        print(
            f"   run {run}: {len(names)} names on one core: {per_10k[-1]:.2f}s CPU per 10,000 names"
            f" ({len(names) / cpu:,.0f} names/s), {wall:.2f}s wall; {hits} names alerted;"
            f" load average {load:.1f}"
        )
    verdict = "met" if per_10k[0] <= TARGET_CPU else "not met"
    print(
        f"   target: at least 5,000 names/s on one core ({TARGET_CPU:.2f}s CPU per 10,000"
        f" names): {verdict} on run 1 ({10_000 / per_10k[0]:,.0f} names/s)"
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
    matcher = Matcher(index)
    print(
        f"lists: OFAC SDN + non-SDN + UN, {len(entries)} entities, {len(index)} names; "
        f"defaults: threshold {DEFAULT_THRESHOLD}, kinds {sorted(matcher.schemas)}"
    )
    clean = clean_side(matcher, entries)
    mixed_side(matcher, entries, clean)
    regression(matcher, entries)
    names = [c.query for c in clean] + [c.query for c in build_mixed(entries, seed=DEV_SEED)]
    prefilter_check(matcher, names)
    if "--quality-only" not in sys.argv:
        # In a fresh process, so the quality run's heap does not slow the timed one.
        subprocess.run([sys.executable, "-m", "bench.screening_bench", "--throughput"], check=True)


if __name__ == "__main__":
    main()
