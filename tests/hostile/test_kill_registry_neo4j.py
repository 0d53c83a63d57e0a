"""kill -9 during `vendorgraph ingest --inventory` and `vendorgraph unregister` on Neo4j
(tests/hostile/kill_harness.py says how): at random points, in one-transaction and staged
applies alike, and at each step of the commit, the first command after the kill sees a graph
equal to what the registry lists. CI runs 40 kills of each kind (VENDORGRAPH_KILL_TRIALS)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from graph.settings import Settings
from graph.store.neo4j import Neo4jStore
from ingest.build import rebuild
from tests.hostile.kill_harness import (
    POINTS,
    Chain,
    Engine,
    committed,
    describe,
    kill_at_point,
    trials_per_kind,
)

pytestmark = pytest.mark.neo4j
STAGED = {
    "VENDORGRAPH_APPLY_BATCH": "20"
}  # a one-row inventory's change set is staged, then flipped


@pytest.fixture(scope="module")
def engine(neo4j_connection: Any) -> Engine:
    user, password = neo4j_connection.auth
    env = {"NEO4J_URI": neo4j_connection.uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
    return Engine("neo4j", env, variants=[{}, STAGED])


@pytest.fixture(scope="module")
def chain(
    tmp_path_factory: pytest.TempPathFactory,
    engine: Engine,
    neo4j_driver: neo4j.Driver,
    built_settings: Settings,
) -> Iterator[Chain]:
    yield Chain(tmp_path_factory.mktemp("kill-neo4j"), engine)
    # The session's other Neo4j tests find the bundled graph again.
    rebuild(Neo4jStore(neo4j_driver), built_settings)


@pytest.mark.timeout(3600)  # 40 kills of each kind in CI, each a real command
def test_kill_at_random_points_register_and_unregister(chain: Chain) -> None:
    per_kind = trials_per_kind()
    tally = chain.trials(per_kind)
    print("\n" + describe(chain.engine, tally))
    for kind, counts in tally.items():
        assert counts["killed"] >= per_kind, (kind, counts)


@pytest.mark.parametrize("apply", ["one transaction", "staged"])
@pytest.mark.parametrize("kind", ["register", "unregister"])
@pytest.mark.parametrize("point", sorted(POINTS))
def test_kill_at_each_step_of_the_commit(chain: Chain, point: str, kind: str, apply: str) -> None:
    registered = "second.csv" in (chain.home / "sources.json").read_text()
    if registered != (kind == "unregister"):
        chain.run_uninterrupted("unregister" if registered else "register")
    seen = kill_at_point(chain, point, kind, STAGED if apply == "staged" else {})
    assert committed(kind, seen) == POINTS[point], (point, kind, apply, seen)
    assert seen.left == (
        "no journal"
        if point == "journal removed"
        else "journal, graph " + ("switched" if POINTS[point] else "not switched")
    )
