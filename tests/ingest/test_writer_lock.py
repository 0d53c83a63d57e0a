"""One lock for every writer: `resolve confirm|reject` racing `ingest --inventory` (real processes,
random offsets) never loses a just-registered inventory, and whichever waits says so in one line.

Each race registers a new inventory (its own customer) while a resolve decision flips the same
name between confirmed and rejected. After both end: every inventory the registry lists is in
the graph, none it does not list is, and each command either did its work or refused with the
one-line "another command ... is changing" message. CI runs 20 races (VENDORGRAPH_RACE_TRIALS)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.settings import BUNDLED_DATA
from graph.store.ladybug import LadybugStore
from ingest.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).with_name("vendorgraph")
UNIVERSITY = ROOT / "tests" / "eval" / "inventories" / "university.csv"
BUSY = "is changing"


def races() -> int:
    default = "20" if os.environ.get("CI") == "true" else "4"
    return int(os.environ.get("VENDORGRAPH_RACE_TRIALS", default))


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "VENDORGRAPH_HOME": str(home), "VENDORGRAPH_STORE": "ladybug"}


def _start(home: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(EXE), *args], env=_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _customers(home: Path) -> set[str]:
    store = LadybugStore(home / "ladybug")
    try:
        return {r["id"] for r in store.read("MATCH (c:Customer) RETURN c.id AS id")}
    finally:
        store.close()


@pytest.mark.timeout(1800)
def test_resolve_racing_ingest_never_loses_a_registration(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = subprocess.run(
        [str(EXE), "ingest", "--inventory", str(UNIVERSITY)], env=_env(home), capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    sample = (BUNDLED_DATA / "customers" / "riverside_leisure.csv").read_text()
    started = time.monotonic()
    probe = tmp_path / "probe.csv"
    probe.write_text(sample.replace("cust-riverside-leisure", "cust-probe"))
    assert (
        subprocess.run([str(EXE), "ingest", "--inventory", str(probe)], env=_env(home)).returncode
        == 0
    )
    length = time.monotonic() - started
    rng = random.Random(22)  # noqa: S311 - replayable offsets, not secrets
    outcome = {"both ran": 0, "ingest refused": 0, "resolve refused": 0}
    for race in range(races()):
        inventory = tmp_path / f"race-{race}.csv"
        inventory.write_text(sample.replace("cust-riverside-leisure", f"cust-race-{race}"))
        verdict = "confirm" if race % 2 == 0 else "reject"
        first_ingest = rng.random() < 0.5
        offset = rng.uniform(0, length * 0.8)
        ingest_args = ("ingest", "--inventory", str(inventory))
        resolve_args = ("resolve", verdict, "Hikvision Digital Cloud", "--to", "vendor:hikvision",
                        "--reviewer", "race", "--reason", f"race {race}")  # fmt: skip
        a = _start(home, *(ingest_args if first_ingest else resolve_args))
        time.sleep(offset)
        b = _start(home, *(resolve_args if first_ingest else ingest_args))
        ingest, resolve = (a, b) if first_ingest else (b, a)
        results = {}
        for name, proc in (("ingest", ingest), ("resolve", resolve)):
            _, err = proc.communicate(timeout=600)
            text = err.decode()
            assert "Traceback" not in text, text[-2000:]
            assert proc.returncode == 0 or BUSY in text, (name, text[-2000:])
            results[name] = proc.returncode == 0
        if all(results.values()):
            outcome["both ran"] += 1
        else:
            outcome["ingest refused" if not results["ingest"] else "resolve refused"] += 1
        # The registry and the graph agree, whoever won.
        listed = {c for e in Registry.load(home).inventories for c in e.customers}
        in_graph = _customers(home)
        assert listed <= in_graph, listed - in_graph
        registered = f"customer:cust-race-{race}" in listed
        assert registered == results["ingest"], (race, results)
        assert (f"customer:cust-race-{race}" in in_graph) == registered
    print(f"\n{races()} resolve/ingest races: {json.dumps(outcome)}")
    assert sum(outcome.values()) == races()
