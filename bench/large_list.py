"""A very large sanctions list through `vendorgraph ingest --list`: time, peak memory, and what a
failed list ingest leaves behind.

Generates an OFAC SDN extract (sdn.csv, alt.csv, add.csv: the legacy CSV layout of
/work/shared/reference/data-formats.md) with N entities in a temporary folder, seeded so that
runs compare: organisation names of two or three made-up words plus a legal form, a tenth
persons, an alias for a third of them, an address for half. Then, in a fresh home:

1. `vendorgraph ingest` (the bundled graph), then `vendorgraph ingest --list ofac:DIR`, as a
   child process whose peak resident memory (ru_maxrss, from wait4) and wall time are printed;
2. unless --no-failure: the same list with one more entity than VENDORGRAPH_MAX_LIST_ENTRIES
   allows (a refused ingest), then a plain `vendorgraph ingest`: the refusal must be one line,
   the graph must hold none of the list, and the next ingest must work.

Prints figures, never fails on them. Usage:
    python bench/large_list.py [--entries 500000] [--keep DIR] [--no-failure]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).with_name("vendorgraph")
_SYLLABLES = [
    "ka", "lo", "mir", "tan", "zu", "vel", "dor", "ashi", "nex", "pra", "gol", "rin", "sev",
    "tor", "bal", "chen", "dai", "ek", "fa", "gu", "hal", "ion", "jor", "kes", "lum", "mon",
    "nor", "ost", "pel", "qua", "ros", "sun", "tek", "ula", "vor", "wen", "xin", "yar", "zel",
]  # fmt: skip
_FORMS = ["LLC", "LTD", "CO., LTD.", "JSC", "GMBH", "S.A.", "FZE", "LIMITED", "INC.", "OOO"]
_PROGRAMS = ["SDGT", "RUSSIA-EO14024", "IRAN", "NPWMD", "CYBER2", "DPRK3", "SYRIA"]
_COUNTRIES = ["Russia", "Iran", "China", "United Arab Emirates", "Syria", "Turkey", "Belarus"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).upper()


def generate(folder: Path, entries: int, seed: int = 22) -> Path:
    """Write an OFAC SDN extract of `entries` entities into `folder` (created)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    with (
        (folder / "sdn.csv").open("w", newline="", encoding="utf-8") as sdn,
        (folder / "alt.csv").open("w", newline="", encoding="utf-8") as alt,
        (folder / "add.csv").open("w", newline="", encoding="utf-8") as add,
    ):
        sdn_w, alt_w, add_w = csv.writer(sdn), csv.writer(alt), csv.writer(add)
        for n in range(1, entries + 1):
            person = n % 10 == 0
            words = " ".join(_word(rng) for _ in range(rng.randint(2, 3)))
            name = (
                f"{words.split()[0]}, {words.split()[1]}"
                if person
                else f"{words} {rng.choice(_FORMS)}"
            )
            program = rng.choice(_PROGRAMS)
            remarks = f"Registration Number {rng.randint(10**8, 10**9)}." if not person else "-0- "
            sdn_w.writerow(
                [n, name, "individual" if person else "-0- ", program, "-0- ", "-0- ", "-0- ",
                 "-0- ", "-0- ", "-0- ", "-0- ", remarks]
            )  # fmt: skip
            if n % 3 == 0:
                alt_w.writerow([n, n, "aka", f"{_word(rng)} {_word(rng)}", "-0- "])
            if n % 2 == 0:
                add_w.writerow([n, n, f"{rng.randint(1, 200)} {_word(rng)} St", _word(rng), rng.choice(_COUNTRIES), "-0- "])  # fmt: skip
    return folder


# Linux keeps, in a process's peak RSS (ru_maxrss), the RSS of the process it was forked from
# at the moment of its exec: a command started straight from a large process (a test session)
# would report that process's size. So the command is started from a small helper interpreter,
# whose own fork copies only a few MB, and the helper reports the command's peak.
_SPAWN = """
import os, sys
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
sys.stdout.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def peak_of(command: list[str], env: dict[str, str]) -> tuple[int, float, str]:
    """(exit code, peak resident memory in MB, stderr) of `command`."""
    done = subprocess.run(
        [sys.executable, "-c", _SPAWN, *command], env=env, capture_output=True, check=False
    )
    code, maxrss_kb = done.stdout.decode().split()
    return int(code), int(maxrss_kb) / 1024, done.stderr.decode(errors="replace")


def _run(
    args: list[str], home: Path, env: dict[str, str] | None = None
) -> tuple[int, float, float, str]:
    """(exit code, seconds, peak RSS in MB, stderr) of one vendorgraph command."""
    full = {
        **os.environ,
        **(env or {}),
        "VENDORGRAPH_HOME": str(home),
        "VENDORGRAPH_STORE": "ladybug",
    }
    started = time.monotonic()
    code, peak, err = peak_of([str(EXE), *args], full)
    return code, time.monotonic() - started, peak, err


def _listed(home: Path) -> int:
    sys.path.insert(0, str(ROOT))
    from graph.store.ladybug import LadybugStore

    store = LadybugStore(home / "ladybug")
    try:
        rows = store.read("MATCH (l:ListedEntity) RETURN count(l) AS n")
    finally:
        store.close()
    return int(rows[0]["n"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=500_000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--no-failure", action="store_true", help="skip the refused-list check")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vg-large-list-"))
    try:
        folder = generate(args.keep or work / "sdn", args.entries)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(f"list: {args.entries:,} entities, {size:.0f} MB in {folder}")
        home = work / "home"
        code, secs, peak, err = _run(["ingest", "--json"], home)
        print(f"bundled graph: exit {code}, {secs:.1f} s, peak {peak:.0f} MB")
        before = _listed(home)
        code, secs, peak, err = _run(["ingest", "--list", f"ofac:{folder}", "--json"], home)
        tail = err.strip().splitlines()[-1:] if code else []
        print(f"ingest --list: exit {code}, {secs:.1f} s, peak {peak:.0f} MB {tail}")
        print(f"listed entities in the graph: {before:,} before, {_listed(home):,} after")
        if code == 0:
            code, secs, peak, err = _run(["ingest", "--json"], home)
            print(
                f"next plain ingest (the list read again, no change): exit {code}, {secs:.1f} s, peak {peak:.0f} MB"
            )
        if not args.no_failure:
            cap = {"VENDORGRAPH_MAX_LIST_ENTRIES": str(args.entries - 1)}
            fresh = work / "home-refused"
            _run(["ingest", "--json"], fresh)
            code, secs, peak, err = _run(["ingest", "--list", f"ofac:{folder}"], fresh, cap)
            lines = err.strip().splitlines()
            print(
                f"over the cap: exit {code}, {secs:.1f} s, peak {peak:.0f} MB, {len(lines)} line(s): {lines[-1:]}"
            )
            print(f"listed entities after the refusal: {_listed(fresh):,}")
            code, secs, peak, err = _run(["ingest", "--json"], fresh)
            print(f"next plain ingest: exit {code}, {secs:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
