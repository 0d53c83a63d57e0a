"""kill -9 trials for registering and unregistering, on either engine: after every kill, the graph
equals what the registry lists, as the first command after the kill sees them (no rebuild between).

A chain of trials on one home: the home holds `first.csv`; each trial runs a real `vendorgraph`
process that either registers `second.csv` (when the registry does not list it) or unregisters it
(when it does), and kills it with SIGKILL after a random delay within the length of an
uninterrupted run of that command (seeded: VENDORGRAPH_KILL_SEED replays a failure). Then it opens
the store as every command does (which settles a commit the kill interrupted) and checks:

- the registry lists exactly {first} or {first, second}, and every copy it names is there with
  its hash;
- the graph's content hash equals that of an uninterrupted build of exactly what the registry
  lists (the two references are taken first);
- no commit journal is left.

A trial that fails a check is counted as "disagreed" with what it saw (the test asserts none), and
the home is repaired by a plain rebuild so the chain goes on: the figures printed then say how many
of the kills disagreed, not only that one did.

What the kill left is recorded before the store is opened: no journal (nothing or everything
done), or a journal whose version the graph already shows (completed by the next command) or not
(rolled back). `commit_point` runs the same command with a SIGKILL at each of the commit's own
steps instead of at a random time.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.settings import BUNDLED_DATA, Settings, settings
from graph.store.backend import open_store
from graph.store.journal import JOURNAL_FILE, PendingCommit
from graph.store.protocol import Store, content_hash
from ingest.registry import Registry

ROOT = Path(__file__).resolve().parents[2]
EXE = Path(sys.executable).with_name("vendorgraph")
SEED = int(os.environ.get("VENDORGRAPH_KILL_SEED", "22"))


def trials_per_kind() -> int:
    """Kills per command kind (register, unregister): 40 in CI, fewer on a developer's machine
    (VENDORGRAPH_KILL_TRIALS sets it)."""
    default = "40" if os.environ.get("CI") == "true" else "6"
    return int(os.environ.get("VENDORGRAPH_KILL_TRIALS", default))


def inventory(folder: Path, name: str, customer: str, sample: str, rows: int = 0) -> Path:
    """A bundled sample under another customer id (its first `rows` rows, or all)."""
    lines = (BUNDLED_DATA / "customers" / sample).read_text(encoding="utf-8").splitlines()
    old = sample.removesuffix(".csv").replace("_", "-")
    text = "\n".join(lines[: rows + 1] if rows else lines) + "\n"
    path = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace(f"cust-{old}", customer), encoding="utf-8")
    return path


@dataclass
class Engine:
    """Which store the commands use: the environment that selects it."""

    name: str
    env: dict[str, str] = field(default_factory=dict)
    # Extra environments a trial may run under (Neo4j: one-transaction or staged apply).
    variants: list[dict[str, str]] = field(default_factory=lambda: [{}])

    def settings(self, home: Path) -> Settings:
        import dataclasses

        base = settings()
        return dataclasses.replace(
            base,
            store=self.name,
            home=home,
            neo4j_uri=self.env.get("NEO4J_URI", base.neo4j_uri),
            neo4j_user=self.env.get("NEO4J_USER", base.neo4j_user),
            neo4j_password=self.env.get("NEO4J_PASSWORD", base.neo4j_password),
        )


@dataclass
class Seen:
    """What one kill left, and what the first command after it saw."""

    killed: bool
    left: str  # "no journal", "journal, graph switched" or "journal, graph not switched"
    settled: str  # "with second", "without second" (graph and registry agree) or "disagreed: ..."


def _env(engine: Engine, home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, **engine.env, **(extra or {})}
    env.update({"VENDORGRAPH_HOME": str(home), "VENDORGRAPH_STORE": engine.name})
    env.pop("VENDORGRAPH_WEBHOOK_URL", None)
    return env


def _raw_version(engine: Engine, home: Path) -> str:
    """The visible graph version, read without opening the store the usual way (no settling)."""
    if engine.name == "ladybug":
        from graph.store.ladybug import LadybugStore

        return LadybugStore(home / "ladybug").version()
    import neo4j

    from graph.store.neo4j import Neo4jStore

    auth = (engine.env["NEO4J_USER"], engine.env["NEO4J_PASSWORD"])
    with neo4j.GraphDatabase.driver(engine.env["NEO4J_URI"], auth=auth) as driver:
        return Neo4jStore(driver).version()


def left_behind(engine: Engine, home: Path) -> str:
    path = home / JOURNAL_FILE
    if not path.exists():
        return "no journal"
    commit = PendingCommit.model_validate_json(path.read_bytes())
    switched = _raw_version(engine, home) == commit.target
    return "journal, graph switched" if switched else "journal, graph not switched"


@contextmanager
def opened(engine: Engine, home: Path) -> Iterator[Store]:
    with open_store(engine.settings(home)) as store:  # settles, as every command does
        yield store


def registered(home: Path) -> frozenset[str]:
    """Names the registry lists, once every copy it names is checked against its hash."""
    registry = Registry.load(home)
    for entry in registry.copies():  # inventories and knowledge packs
        digest = hashlib.sha256(Path(entry.path).read_bytes()).hexdigest()
        assert digest == entry.sha256, entry
    return frozenset(e.name for e in registry.copies())


def observe(engine: Engine, home: Path) -> tuple[frozenset[str], str]:
    """(what the registry lists, the graph's content hash) as the next command sees them; a
    journal the next command left behind shows as the hash "journal survived"."""
    with opened(engine, home) as store:
        graph = content_hash(store)
    if (home / JOURNAL_FILE).exists():
        return registered(home), "journal survived"
    return registered(home), graph


def run(engine: Engine, home: Path, args: list[str], extra: dict[str, str] | None = None) -> float:
    started = time.monotonic()
    done = subprocess.run(
        [str(EXE), *args], env=_env(engine, home, extra), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return time.monotonic() - started


class Chain:
    """One home, two inventories, and the two states the registry may be in."""

    def __init__(self, tmp: Path, engine: Engine) -> None:
        self.engine = engine
        self.home = tmp / "home"
        self.disagreements: list[str] = []  # what each disagreeing trial saw
        inbox = tmp / "inbox"
        self.first = inventory(inbox, "first.csv", "cust-first", "riverside_leisure.csv")
        # One row: the commit is a larger share of a short run, so more kills land near it.
        self.second = inventory(inbox, "second.csv", "cust-second", "oakfield_academy.csv", 1)
        self.before = frozenset({"first.csv"})
        self.after = frozenset({"first.csv", "second.csv"})
        run(engine, self.home, ["ingest", "--inventory", str(self.first)])
        names, self.hash_before = observe(engine, self.home)
        assert names == self.before
        self.length = {"register": 0.0, "unregister": 0.0}
        self.length["register"] = run(engine, self.home, self.register_args())
        names, self.hash_after = observe(engine, self.home)
        assert names == self.after and self.hash_after != self.hash_before
        self.length["unregister"] = run(engine, self.home, self.unregister_args())
        assert observe(engine, self.home) == (self.before, self.hash_before)

    def run_uninterrupted(self, kind: str) -> None:
        run(
            self.engine,
            self.home,
            self.register_args() if kind == "register" else self.unregister_args(),
        )

    def register_args(self) -> list[str]:
        return ["ingest", "--inventory", str(self.second)]

    def unregister_args(self) -> list[str]:
        return ["unregister", "second.csv"]

    def check(self) -> str:
        """The first command's view after a kill: "with second" or "without second" when the
        graph equals a clean build of what the registry lists, else "disagreed: ..." saying how
        (counted by `trials`, which then repairs the home so later trials start clean)."""
        names, graph = observe(self.engine, self.home)
        if names not in (self.before, self.after):
            return f"disagreed: the registry lists {sorted(names)}"
        state = "with second" if names == self.after else "without second"
        expected = self.hash_after if names == self.after else self.hash_before
        if graph != expected:
            return f"disagreed: the graph is not the registry's ({state}, {graph[:16]})"
        return state

    def repair(self) -> None:
        """A plain rebuild: the graph made again from what the registry lists."""
        run(self.engine, self.home, ["ingest"])

    def next_kind(self) -> str:
        registered_now = any(i.name == "second.csv" for i in Registry.load(self.home).inventories)
        return "unregister" if registered_now else "register"

    def kill_at_random(self, rng: random.Random, extra: dict[str, str]) -> tuple[str, Seen]:
        kind = self.next_kind()
        args = self.unregister_args() if kind == "unregister" else self.register_args()
        proc = subprocess.Popen(
            [str(EXE), *args],
            env=_env(self.engine, self.home, extra),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started = time.monotonic()
        try:
            proc.wait(timeout=rng.uniform(0.0, self.length[kind]))
            # It finished first: the machine is quicker than when the length was measured, so
            # later delays follow (kills should land all along a run, the end included).
            taken = time.monotonic() - started
            self.length[kind] = (self.length[kind] + taken) / 2
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
        killed = proc.wait() == -signal.SIGKILL
        left = left_behind(self.engine, self.home)
        return kind, Seen(killed, left, self.check())

    def trials(self, per_kind: int) -> dict[str, Counter[str]]:
        """Kill until each kind has `per_kind` real kills; returns the tallies per kind. When
        one kind has its kills and the chain stands where only that kind can run, it runs
        uninterrupted (not counted) to move on."""
        rng = random.Random(SEED)  # noqa: S311 - replayable delays, not secrets
        tally: dict[str, Counter[str]] = {
            "register": Counter({"disagreed": 0}),
            "unregister": Counter({"disagreed": 0}),
        }
        for attempt in range(per_kind * 10):
            if all(t["killed"] >= per_kind for t in tally.values()):
                break
            if tally[self.next_kind()]["killed"] >= per_kind:
                self.run_uninterrupted(self.next_kind())
                continue
            variant = self.engine.variants[attempt % len(self.engine.variants)]
            kind, seen = self.kill_at_random(rng, variant)
            t = tally[kind]
            if not seen.killed:
                t["finished before the kill"] += 1
                continue
            t["killed"] += 1
            if seen.settled.startswith("disagreed"):
                t["disagreed"] += 1
                self.disagreements.append(f"{kind}, {seen.left}: {seen.settled}")
                self.repair()
                continue
            done = committed(kind, seen)
            t["committed" if done else "not committed"] += 1
            if seen.left != "no journal":
                t[f"{seen.left}: {'completed' if done else 'rolled back'}"] += 1
        return tally


# The same commands, killed by themselves at each step of the commit (graph.store.journal).
_AT_POINT = textwrap.dedent(
    """
    import os, signal, sys
    import graph.store.journal as journal
    from graph.changes.monitor import Monitor
    point = sys.argv[1]

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    prepare = journal.Journal.prepare
    def prepared(self, backend, target):
        prepare(self, backend, target)
        if point == "journal written" and self.files:
            die()
    journal.Journal.prepare = prepared
    if point == "graph switched":
        journal.Journal.complete = die
    if point == "registry written":
        journal._drop = die
    if point == "journal removed":
        Monitor.after = die
    from vendorgraph.main import app
    app(sys.argv[2:])
    """
)
POINTS = {  # where the kill lands -> whether the next command must see the command committed
    "journal written": False,
    "graph switched": True,
    "registry written": True,
    "journal removed": True,
}


def committed(kind: str, seen: Seen) -> bool:
    return seen.settled == ("with second" if kind == "register" else "without second")


def kill_at_point(chain: Chain, point: str, kind: str, extra: dict[str, str]) -> Seen:
    args = chain.register_args() if kind == "register" else chain.unregister_args()
    done = subprocess.run(
        [sys.executable, "-c", _AT_POINT, point, *args],
        env=_env(chain.engine, chain.home, extra),
        capture_output=True,
        check=False,
    )
    killed = done.returncode == -signal.SIGKILL
    assert killed, done.stderr.decode()[-2000:]
    left = left_behind(chain.engine, chain.home)
    return Seen(killed, left, chain.check())


def summary(tally: dict[str, Counter[str]]) -> str:
    return json.dumps({k: dict(sorted(v.items())) for k, v in tally.items()}, sort_keys=True)


def disagreed(tally: dict[str, Counter[str]]) -> int:
    """Kills after which the graph and the registry disagreed, all kinds together."""
    return sum(t["disagreed"] for t in tally.values())


def describe(engine: Engine, tally: dict[str, Any]) -> str:
    killed = sum(t["killed"] for t in tally.values())
    return (
        f"kill -9 trials on {engine.name} (seed {SEED}): {disagreed(tally)} of {killed} kills "
        f"left the graph and the registry disagreeing; {summary(tally)}"
    )
