"""kill -9 during `vendorgraph ingest --inventory` and `--list`: the registry is always exactly the
one before or exactly the one after (never half), and the graph still opens.

Each trial copies a prepared home, starts a real `vendorgraph ingest` process and kills it with
SIGKILL after a random delay within the length of an uninterrupted run (seeded, so a failure can be
replayed with VENDORGRAPH_KILL_SEED). After the kill: sources.json is byte-identical to the one
before, or equal to the one an uninterrupted run wrote (bar the registration time); every file it
names exists with its hash; after the next start (`vendorgraph sources` clears what the killed run
left) the registry's file set is exactly the before or the after one; the graph opens and answers.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.settings import BUNDLED_DATA
from graph.store.ladybug import LadybugStore
from vendorgraph.main import app

ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).with_name("vendorgraph")
TRIALS = int(os.environ.get("VENDORGRAPH_KILL_TRIALS", "10"))
SEED = int(os.environ.get("VENDORGRAPH_KILL_SEED", "13"))
runner = CliRunner()


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "VENDORGRAPH_HOME": str(home), "VENDORGRAPH_STORE": "ladybug"}


def _cli(home: Path, *args: str) -> str:
    result = runner.invoke(app, list(args), env=_env(home))
    assert result.exit_code == 0, result.output
    return result.stdout


def _registry(home: Path) -> tuple[bytes, list[tuple[str, str, str]]]:
    """sources.json's bytes, and its entries without the registration time."""
    path = home / "sources.json"
    raw = path.read_bytes() if path.exists() else b""
    data = json.loads(raw) if raw else {}
    entries = [
        (e["id"], e.get("name", e.get("kind", "")), e["sha256"])
        for e in [*data.get("inventories", []), *data.get("lists", [])]
    ]
    return raw, entries


def _files(home: Path) -> set[str]:
    return {
        str(p.relative_to(home))
        for p in home.rglob("*")
        # The registry's files: the graph, staging and the change log (graph.changes.monitor) are not.
        if p.is_file() and p.relative_to(home).parts[0] not in ("ladybug", "staging", "changes")
        and p.name != "registry.lock"
    }  # fmt: skip


def _check_referenced(home: Path) -> None:
    data = json.loads((home / "sources.json").read_text())
    for entry in data["inventories"]:
        copy = home / entry["path"]  # relative to the home
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == entry["sha256"]


def _graph_opens(home: Path) -> int:
    store = LadybugStore(home / "ladybug")
    try:
        return len(store.read("MATCH (c:Customer) RETURN c.id AS id"))
    finally:
        store.close()


def _trials(tmp_path: Path, args: list[str]) -> dict[str, int]:
    template = tmp_path / "template"
    extra = tmp_path / "first.csv"
    sample = (BUNDLED_DATA / "customers" / "riverside_leisure.csv").read_text()
    extra.write_text(sample.replace("cust-riverside-leisure", "cust-first"))
    _cli(template, "ingest", "--inventory", str(extra))  # the "before": one registered inventory
    before_raw, before_entries = _registry(template)
    before_files = _files(template)

    reference = tmp_path / "reference"
    shutil.copytree(template, reference)
    started = time.monotonic()
    done = subprocess.run([str(EXE), "ingest", *args], env=_env(reference), capture_output=True)
    length = time.monotonic() - started
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    _, after_entries = _registry(reference)
    after_files = _files(reference)
    assert after_entries != before_entries

    rng = random.Random(SEED)  # noqa: S311 - replayable delays, not secrets
    outcomes = {"before": 0, "after": 0, "killed": 0}
    for trial in range(TRIALS):
        home = tmp_path / f"trial-{trial}"
        shutil.copytree(template, home)
        proc = subprocess.Popen(
            [str(EXE), "ingest", *args],
            env=_env(home),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.0, length * 1.05))
        proc.send_signal(signal.SIGKILL)
        code = proc.wait()
        outcomes["killed"] += code == -signal.SIGKILL
        raw, entries = _registry(home)
        state = "before" if raw == before_raw else "after"
        if state == "after":
            assert entries == after_entries, f"trial {trial}: half a registry: {entries}"
        _check_referenced(home)
        _cli(home, "sources")  # the next start clears what the killed run left
        assert _files(home) == (before_files if state == "before" else after_files), trial
        assert _graph_opens(home) > 0, trial
        if trial % 5 == 0:  # a plain ingest after a kill works (a killed list is not kept)
            _cli(home, "ingest", "--json")
        outcomes[state] += 1
        shutil.rmtree(home)
    print(f"\nkill -9 trials for ingest {' '.join(args)}: {outcomes} (seed {SEED})")
    return outcomes


def test_kill_during_an_inventory_ingest(tmp_path: Path) -> None:
    new = tmp_path / "second.csv"
    sample = (BUNDLED_DATA / "customers" / "oakfield_academy.csv").read_text()
    new.write_text(sample.replace("cust-oakfield-academy", "cust-second"))
    outcomes = _trials(tmp_path, ["--inventory", str(new)])
    assert outcomes["before"] + outcomes["after"] == TRIALS and outcomes["killed"] > 0


def test_kill_during_a_list_ingest(tmp_path: Path) -> None:
    spec = f"uksl:{ROOT / 'tests' / 'fixtures' / 'lists' / 'uksl_sample.csv'}"
    outcomes = _trials(tmp_path, ["--list", spec])
    assert outcomes["before"] + outcomes["after"] == TRIALS and outcomes["killed"] > 0


_CRASH = """
import os, signal, sys
from ingest.registry import Registry
save = Registry.save
def crashing(self):
    if sys.argv[1] == "after":
        save(self)
    os.kill(os.getpid(), signal.SIGKILL)
Registry.save = crashing
from vendorgraph.main import app
app(sys.argv[2:])
"""


@pytest.mark.parametrize("point", ["before", "after"])
def test_kill_at_the_commit_point(tmp_path: Path, point: str) -> None:
    """SIGKILL exactly when the copies have moved but sources.json is not yet written ("before"),
    and right after it is written but before the replaced copy is deleted ("after")."""
    home = tmp_path / "home"
    sample = (BUNDLED_DATA / "customers" / "riverside_leisure.csv").read_text()
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(sample.replace("cust-riverside-leisure", "cust-first"))
    second.write_text(sample.replace("cust-riverside-leisure", "cust-first").replace("p1,", "p9,"))
    _cli(home, "ingest", "--inventory", str(first))
    before_raw, _ = _registry(home)
    before_files = _files(home)
    proc = subprocess.run(
        [sys.executable, "-c", _CRASH, point, "ingest", "--inventory", str(second), "--replace"],
        env=_env(home),
        capture_output=True,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]
    raw, entries = _registry(home)
    if point == "before":
        assert raw == before_raw
    else:
        assert [name for _, name, _ in entries] == ["second.csv"]
    _check_referenced(home)
    _cli(home, "sources")  # the next start clears the moved copy (before) or the replaced one
    files = _files(home)
    if point == "before":
        assert files == before_files
    else:
        assert len(files) == 2 and any(f.endswith("/second.csv") for f in files)
    assert _graph_opens(home) > 0
    _cli(home, "ingest", "--json")
