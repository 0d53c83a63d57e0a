"""kill -9 while registering or unregistering a knowledge pack, on both engines: the first command
after the kill sees the registry and the graph as they were or as the command would have left them,
and agreeing (tests/hostile/kill_harness.py says how; the inventory chain's checks, with the pack
as the second source)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.settings import Settings
from ingest.build import rebuild
from ingest.knowledge_template import TEMPLATE
from ingest.registry import Registry
from tests.hostile.kill_harness import (
    POINTS,
    Chain,
    Engine,
    committed,
    describe,
    kill_at_point,
    observe,
    run,
    trials_per_kind,
)
from tests.ingest.test_knowledge_registration import INVENTORY


class PackChain(Chain):
    """One home holding an inventory (quarry.csv); the trials register and unregister lumen.yaml."""

    def __init__(self, tmp: Path, engine: Engine) -> None:
        self.engine = engine
        self.home = tmp / "home"
        inbox = tmp / "inbox"
        inbox.mkdir(parents=True)
        self.first = inbox / "quarry.csv"
        self.first.write_text(INVENTORY, encoding="utf-8")
        self.second = inbox / "lumen.yaml"
        self.second.write_text(TEMPLATE, encoding="utf-8")
        self.before = frozenset({"quarry.csv"})
        self.after = frozenset({"quarry.csv", "lumen.yaml"})
        run(engine, self.home, ["ingest", "--inventory", str(self.first)])
        names, self.hash_before = observe(engine, self.home)
        assert names == self.before
        self.length = {"register": run(engine, self.home, self.register_args())}
        names, self.hash_after = observe(engine, self.home)
        assert names == self.after and self.hash_after != self.hash_before
        self.length["unregister"] = run(engine, self.home, self.unregister_args())
        assert observe(engine, self.home) == (self.before, self.hash_before)

    def register_args(self) -> list[str]:
        return ["ingest", "--knowledge", str(self.second)]

    def unregister_args(self) -> list[str]:
        return ["unregister", "lumen.yaml"]

    def next_kind(self) -> str:
        packs = Registry.load(self.home).packs
        return "unregister" if any(p.name == "lumen.yaml" for p in packs) else "register"


@pytest.fixture(scope="module", params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def chain(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    built_settings: Settings,
) -> Iterator[PackChain]:
    if request.param == "ladybug":
        yield PackChain(tmp_path_factory.mktemp("kill-pack"), Engine("ladybug"))
        return
    import neo4j

    from graph.store.neo4j import Neo4jStore

    conn: Any = request.getfixturevalue("neo4j_connection")
    user, password = conn.auth
    env = {"NEO4J_URI": conn.uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
    yield PackChain(tmp_path_factory.mktemp("kill-pack-neo4j"), Engine("neo4j", env))
    with neo4j.GraphDatabase.driver(conn.uri, auth=conn.auth) as driver:
        rebuild(Neo4jStore(driver), built_settings)  # the other Neo4j tests find the bundle


@pytest.mark.timeout(3600)
def test_kill_at_random_points_register_and_unregister_a_pack(chain: PackChain) -> None:
    per_kind = trials_per_kind()
    tally = chain.trials(per_kind)
    print("\n" + describe(chain.engine, tally))
    for kind, counts in tally.items():
        assert counts["killed"] >= per_kind, (kind, counts)


@pytest.mark.parametrize("kind", ["register", "unregister"])
@pytest.mark.parametrize("point", sorted(POINTS))
def test_kill_at_each_step_of_a_packs_commit(chain: PackChain, point: str, kind: str) -> None:
    if (chain.next_kind() == "unregister") != (kind == "unregister"):
        chain.run_uninterrupted(chain.next_kind())
    seen = kill_at_point(chain, point, kind, {})
    assert committed(kind, seen) == POINTS[point], (point, kind, seen)
