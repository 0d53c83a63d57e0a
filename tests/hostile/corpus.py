"""Generate the hostile corpus: broken, oversized and malicious files for every reader.

Nothing here is committed as data: `generate(folder)` writes the files (a few tens of MB in all)
and returns one `Case` per file, saying which reader must read it and, for the cases that test a
specific promise, what must come out (`fatal:` text in the one-line error, or `reject:` a field
named by a rejection). Every other case must only end cleanly: a read, rejections, or a one-line
error naming the file. Run `python -m tests.hostile.corpus DIR` to write it for a manual look.

Example:
    >>> cases = generate(Path(tmp))  # doctest: +SKIP
    >>> len(cases) >= 150
    True
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from tests.hostile import corpus_csv, corpus_pack, corpus_text
from tests.hostile.corpus_base import Case, Writer

__all__ = ["Case", "generate"]

_FAMILIES: tuple[Callable[[Writer], None], ...] = (
    corpus_csv.ofac_cases,
    corpus_csv.uksl_cases,
    corpus_csv.conlist_cases,
    corpus_csv.inventory_cases,
    corpus_text.un_cases,
    corpus_text.eu_cases,
    corpus_text.ftm_cases,
    corpus_text.kb_cases,
    corpus_pack.pack_cases,
)


def generate(folder: Path) -> list[Case]:
    """Write the corpus under `folder` and return its cases."""
    writer = Writer(folder)
    for family in _FAMILIES:
        family(writer)
    return writer.cases


def main(argv: list[str]) -> int:
    """Write the corpus to DIR; with --run, also run every reader on it and print the figures."""
    args = [a for a in argv[1:] if not a.startswith("--")]
    folder = Path(args[0] if args else "hostile-corpus")
    cases = generate(folder)
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    kinds: dict[str, int] = {}
    for case in cases:
        kinds[case.kind] = kinds.get(case.kind, 0) + 1
    print(f"{len(cases)} hostile files, {size / 1e6:.1f} MB under {folder}: {kinds}")
    if "--run" not in argv:
        return 0
    from tests.hostile.runner import run_reader
    from tests.hostile.test_hostile_readers import plan, problems_of

    runs = []
    failed = 0
    for case, kind in plan(cases):
        run = run_reader(kind, case.path)
        runs.append(run)
        for problem in problems_of(case, kind, run):
            failed += 1
            print("FAIL", problem)
    outcomes: dict[str, int] = {}
    for run in runs:
        outcomes[run.outcome] = outcomes.get(run.outcome, 0) + 1
    slow = max(runs, key=lambda r: r.seconds)
    big = max(runs, key=lambda r: r.peak_bytes)
    own: dict[str, int] = {}
    for run in runs[: len(cases)]:  # the first pass: each file through its own reader
        own[run.outcome] = own.get(run.outcome, 0) + 1
    print(f"{len(runs)} runs: {outcomes}; own reader only: {own}; {failed} problems")
    print(f"max time {slow.seconds:.2f} s ({slow.kind} on {slow.path})")
    grew = max(runs, key=lambda r: r.peak_bytes - r.baseline_bytes)
    print(
        f"max peak memory {big.peak_bytes / 1e6:.0f} MB, imports included ({big.kind} on {big.path})"
    )
    growth = (grew.peak_bytes - grew.baseline_bytes) / 1e6
    print(f"max memory taken by one read {growth:.0f} MB ({grew.kind} on {grew.path})")
    print(f"total {sum(r.seconds for r in runs):.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
