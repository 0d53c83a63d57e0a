"""kill -9 during `vendorgraph ingest --inventory` and `vendorgraph unregister` on the embedded store
(tests/hostile/kill_harness.py says how): at random points and at each step of the commit, the
first command after the kill sees a graph equal to what the registry lists. CI runs 40 kills of
each kind (VENDORGRAPH_KILL_TRIALS); the figures are printed for the README."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.hostile.kill_harness import (
    POINTS,
    Chain,
    Engine,
    committed,
    describe,
    kill_at_point,
    trials_per_kind,
)
from vendorgraph.main import app

LADYBUG = Engine("ladybug")
runner = CliRunner()


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Chain:
    return Chain(tmp_path_factory.mktemp("kill-ladybug"), LADYBUG)


@pytest.mark.timeout(3600)  # 40 kills of each kind in CI, each a real command
def test_kill_at_random_points_register_and_unregister(chain: Chain) -> None:
    per_kind = trials_per_kind()
    tally = chain.trials(per_kind)
    print("\n" + describe(LADYBUG, tally))
    for kind, counts in tally.items():
        assert counts["killed"] >= per_kind, (kind, counts)


@pytest.mark.parametrize("kind", ["register", "unregister"])
@pytest.mark.parametrize("point", sorted(POINTS))
def test_kill_at_each_step_of_the_commit(chain: Chain, point: str, kind: str) -> None:
    registered = "second.csv" in (chain.home / "sources.json").read_text()
    if registered != (kind == "unregister"):  # bring the chain to the state this kind starts from
        chain.run_uninterrupted("unregister" if registered else "register")
    seen = kill_at_point(chain, point, kind, {})
    assert committed(kind, seen) == POINTS[point], (point, kind, seen)
    assert seen.left == (
        "no journal"
        if point == "journal removed"
        else "journal, graph " + ("switched" if POINTS[point] else "not switched")
    )


def _env(home: Path) -> dict[str, str]:
    return {"VENDORGRAPH_HOME": str(home), "VENDORGRAPH_STORE": "ladybug"}


@pytest.mark.parametrize(
    "damage",
    ["binary", "empty", "a path out", "a missing build", "a symlink to a device", "a folder"],
)
def test_a_damaged_pointer_never_blocks_the_rebuild_that_repairs_it(
    tmp_path: Path, damage: str
) -> None:
    home = tmp_path / "home"
    assert runner.invoke(app, ["ingest", "--json"], env=_env(home)).exit_code == 0
    pointer = home / "ladybug" / "CURRENT"
    pointer.unlink()
    if damage == "binary":
        pointer.write_bytes(bytes(range(256)))
    elif damage == "empty":
        pointer.write_bytes(b"")
    elif damage == "a path out":
        pointer.write_text("../../../etc")
    elif damage == "a missing build":
        pointer.write_text("20200101T000000-1-1")
    elif damage == "a symlink to a device":
        pointer.symlink_to("/dev/zero")
    else:
        pointer.mkdir()
    read = runner.invoke(app, ["customers", "--json"], env=_env(home))
    assert read.exit_code == 2 and "Traceback" not in read.output
    assert "does not name a complete graph build" in read.stderr
    assert len(read.stderr.strip().splitlines()) == 1
    rebuilt = runner.invoke(app, ["ingest", "--json"], env=_env(home))
    assert rebuilt.exit_code == 0, rebuilt.output
    again = runner.invoke(app, ["customers", "--json"], env=_env(home))
    assert again.exit_code == 0 and "customer:cust-northshire-police" in again.stdout
