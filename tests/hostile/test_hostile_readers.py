"""Every reader on every hostile file: no traceback, no hang, bounded memory, promised outcomes.

Each file is read by its own reader, then by one other reader (a UN file fed to the FtM reader, an
inventory to the OFAC reader...), each run in a forked child (tests/hostile/runner.py). A run must
end as a clean read (rejections allowed) or a one-line error naming the file, within
`TIME_LIMIT_S` and under `MEMORY_LIMIT_BYTES` of resident memory above what the child inherited; the cases that test a
specific promise must keep it. `python -m tests.hostile.corpus DIR --run` prints the figures.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.corpus import Case, generate
from tests.hostile.runner import MEMORY_LIMIT_BYTES, READERS, TIME_LIMIT_S, Run, run_reader

KINDS = sorted(READERS)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    return generate(tmp_path_factory.mktemp("hostile"))


def _cross(case: Case) -> str:
    """Another reader for the same file, rotating so every pair of formats meets."""
    others = [k for k in KINDS if k != case.kind]
    return others[zlib.crc32(case.path.name.encode()) % len(others)]


def plan(cases: list[Case]) -> Iterator[tuple[Case, str]]:
    """(case, reader kind) for every run: its own reader, then a foreign one."""
    for case in cases:
        yield case, case.kind
    for case in cases:
        yield case, _cross(case)


def problems_of(case: Case, kind: str, run: Run) -> list[str]:
    """What is wrong with one run, as lines for the failure message; empty when it held."""
    where = f"{kind} on {case.name}"
    if run.outcome not in ("clean", "fatal"):
        return [f"{where}: {run.outcome}: {run.message.strip().splitlines()[-1:]} "]
    found = []
    if run.seconds > TIME_LIMIT_S:
        found.append(f"{where}: {run.seconds:.1f} s")
    if run.peak_bytes - run.baseline_bytes > MEMORY_LIMIT_BYTES:
        found.append(f"{where}: the read took {run.peak_bytes - run.baseline_bytes:,} bytes")
    if run.outcome == "fatal" and ("\n" in run.message or case.path.name not in run.message):
        found.append(f"{where}: fatal message is not one line naming the file: {run.message!r}")
    for rejection in run.rejections:
        if "\n" in rejection or not rejection.startswith(str(case.path)):
            found.append(f"{where}: rejection does not start with the file: {rejection!r}")
    if kind != case.kind or case.expect is None:
        return found
    want, _, text = case.expect.partition(":")
    if want == "fatal" and (run.outcome != "fatal" or text not in run.message):
        found.append(f"{where}: expected a fatal error with {text!r}, got {run.outcome}")
    if want == "reject":
        fields = [r.split(": ")[1] if r.count(": ") >= 2 else "" for r in run.rejections]
        if run.outcome != "clean" or not any(text in f for f in fields):
            found.append(
                f"{where}: expected a rejection of {text!r}, got {run.outcome} "
                f"{run.message[:200]!r} {list(run.rejections)[:3]}"
            )
    return found


def test_corpus_is_large_and_covers_every_reader(corpus: list[Case]) -> None:
    assert len(corpus) >= 150
    assert {c.kind for c in corpus} == set(READERS)
    assert all(c.path.exists() or c.path.is_fifo() for c in corpus)


def test_every_reader_on_every_hostile_file(corpus: list[Case]) -> None:
    problems: list[str] = []
    runs = 0
    for case, kind in plan(corpus):
        run = run_reader(kind, case.path)
        runs += 1
        problems += problems_of(case, kind, run)
    assert runs == 2 * len(corpus)
    assert not problems, f"{len(problems)} of {runs} runs failed:\n" + "\n".join(problems)


def test_the_checks_catch_a_crash(tmp_path: Path) -> None:
    # The harness itself must report an exception that escapes: here, an unknown reader kind.
    inside = tmp_path / "file.csv"
    inside.write_text("x")
    run = run_reader("nonexistent-kind", inside)
    assert run.outcome == "crash" and "KeyError" in run.message
