"""Neo4j applies only the change set: the result equals a fresh build (content hash), in one
transaction or staged in batches; a first load in batches; the same change set as the embedded
store; and a build that fails or is killed mid-apply leaves the previous graph readable, with the
next build recovering."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph.changes.log import ChangeLog
from graph.changes.neo4j_staging import STAGED
from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from graph.store.neo4j import Neo4jStore
from graph.store.protocol import content_hash
from ingest.build import rebuild
from tests.changes.helpers import extra_inventory, home_settings, register, register_only

pytestmark = pytest.mark.neo4j
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def driver(neo4j_connection: Any) -> Iterator[neo4j.Driver]:
    with neo4j.GraphDatabase.driver(
        neo4j_connection.uri, auth=neo4j_connection.auth, max_transaction_retry_time=5
    ) as drv:
        yield drv


@pytest.fixture(scope="module", autouse=True)
def _restore_bundled_graph(driver: neo4j.Driver, built_settings: Settings) -> Iterator[None]:
    """These tests rebuild the one Neo4j database; afterwards the session's other Neo4j tests
    find the bundled graph again."""
    yield
    rebuild(Neo4jStore(driver), built_settings)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Content hashes of fresh embedded builds: the bundled data, and with the extra inventory."""
    home = tmp_path_factory.mktemp("embedded") / "home"
    config = home_settings(home)
    store = LadybugStore(home / "ladybug")
    rebuild(store, config)
    hashes = {"bundled": content_hash(store)}
    register(config, extra_inventory(home.parent / "inbox"), store)
    hashes["extra"] = content_hash(store)
    hashes["home"] = str(home)
    store.close()
    return hashes


def wipe(driver: neo4j.Driver) -> None:
    with driver.session() as session:  # CALL ... IN TRANSACTIONS needs an implicit transaction
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def staged_count(driver: neo4j.Driver) -> int:
    records, _, _ = driver.execute_query(f"MATCH (s:{STAGED}) RETURN count(s) AS c")
    return int(records[0]["c"])


def test_incremental_apply_equals_a_fresh_build(
    driver: neo4j.Driver, embedded: dict[str, str], tmp_path: Path
) -> None:
    config = home_settings(tmp_path / "home")
    store = Neo4jStore(driver)
    rebuild(store, config)  # whatever was there: now the bundled graph
    assert content_hash(store) == embedded["bundled"]
    report = register(config, extra_inventory(tmp_path / "inbox"), store)
    assert report.build is not None and report.build.mode == "one-transaction"
    assert 0 < len(report.build.changes) < 50
    assert content_hash(store) == embedded["extra"]


def test_staged_apply_equals_a_fresh_build(
    driver: neo4j.Driver, embedded: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = home_settings(tmp_path / "home")
    store = Neo4jStore(driver)
    rebuild(store, config)
    monkeypatch.setenv("VENDORGRAPH_APPLY_BATCH", "4")  # 20-odd changes: staged in batches
    report = register(config, extra_inventory(tmp_path / "inbox"), store)
    assert report.build is not None and report.build.mode == "staged"
    # Both kinds of upsert go through the flip (what the change set adds and what it changes);
    # the graph must be the fresh build's either way.
    counts = report.build.changes.counts()
    assert counts["nodes_added"] >= 1 and counts["edges_added"] >= 1
    assert counts["nodes_changed"] + counts["edges_changed"] >= 1
    assert content_hash(store) == embedded["extra"]
    assert staged_count(driver) == 0
    records, _, _ = driver.execute_query("MATCH (m:VendorgraphMeta {key: 'staging'}) RETURN m")
    assert records == []
    # And back: removing the inventory is staged too, and gives the bundled graph again.
    (config.home / "sources.json").unlink()
    back = rebuild(store, config)
    assert back.build is not None and back.build.mode == "staged"
    assert back.build.changes.counts()["nodes_removed"] >= 1
    assert content_hash(store) == embedded["bundled"]


def test_first_load_in_batches(
    driver: neo4j.Driver, embedded: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wipe(driver)
    monkeypatch.setenv("VENDORGRAPH_APPLY_BATCH", "300")
    store = Neo4jStore(driver)
    report = rebuild(store, home_settings(tmp_path / "home"))
    assert report.build is not None and report.build.mode == "first-load"
    assert report.build.changes.first_build
    assert content_hash(store) == embedded["bundled"]


def test_both_engines_compute_the_same_change_set(
    driver: neo4j.Driver, embedded: dict[str, str], tmp_path: Path
) -> None:
    config = home_settings(tmp_path / "home")
    store = Neo4jStore(driver)
    rebuild(store, config)
    register(config, extra_inventory(tmp_path / "inbox"), store)
    ours = ChangeLog(config.home).latest()
    theirs = ChangeLog(Path(embedded["home"])).latest()
    assert ours is not None and theirs is not None
    assert ours["counts"] == theirs["counts"]
    assert ours["changes"] == theirs["changes"]
    assert ours["alerts"] == theirs["alerts"]


def test_a_failed_flip_leaves_the_previous_graph(
    driver: neo4j.Driver, embedded: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another client's build lands while this one is staged: the flip refuses, nothing of this
    build shows, and the next build recovers (staged rows removed) and applies cleanly."""
    config = home_settings(tmp_path / "home")
    store = Neo4jStore(driver)
    rebuild(store, config)
    register_only(config, extra_inventory(tmp_path / "inbox"))
    monkeypatch.setenv("VENDORGRAPH_APPLY_BATCH", "4")
    other = home_settings(tmp_path / "other")
    interrupted = False

    def progress(what: str, n: int, total: int) -> None:
        nonlocal interrupted
        if what == "staged" and not interrupted:
            interrupted = True
            monkeypatch.setenv("VENDORGRAPH_APPLY_BATCH", "10000")
            rebuild(Neo4jStore(driver), other)  # the bundled graph again, a new version
            monkeypatch.setenv("VENDORGRAPH_APPLY_BATCH", "4")

    with pytest.raises(RuntimeError, match="changed while this build was staged"):
        rebuild(store, config, progress=progress)
    assert content_hash(store) == embedded["bundled"]
    assert staged_count(driver) > 0  # left behind, invisible to the model
    rebuild(store, config)
    assert staged_count(driver) == 0
    assert content_hash(store) == embedded["extra"]


_KILLED = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    sys.path.insert(0, os.environ["VG_ROOT"])
    import neo4j
    from graph.store.neo4j import Neo4jStore
    from ingest.build import rebuild
    from tests.changes.helpers import home_settings

    def progress(what, n, total):
        if what == "staged":
            print("staging", flush=True)
            time.sleep(120)

    auth = (os.environ["VG_USER"], os.environ["VG_PASSWORD"])
    with neo4j.GraphDatabase.driver(os.environ["VG_URI"], auth=auth) as driver:
        rebuild(Neo4jStore(driver), home_settings(Path(os.environ["VG_HOME"])), progress=progress)
    """
)


def test_kill_9_mid_apply_keeps_the_previous_graph_and_the_next_build_recovers(
    driver: neo4j.Driver, embedded: dict[str, str], tmp_path: Path, neo4j_connection: Any
) -> None:
    config = home_settings(tmp_path / "home")
    store = Neo4jStore(driver)
    rebuild(store, config)
    version = store.version()
    register_only(config, extra_inventory(tmp_path / "inbox"))
    env = {
        **os.environ,
        "VG_ROOT": str(ROOT),
        "VG_URI": neo4j_connection.uri,
        "VG_USER": neo4j_connection.user,
        "VG_PASSWORD": neo4j_connection.password,
        "VG_HOME": str(config.home),
        "VENDORGRAPH_APPLY_BATCH": "4",
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "staging"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
    assert store.version() == version
    assert content_hash(store) == embedded["bundled"]
    assert staged_count(driver) > 0
    report = rebuild(store, config)
    assert report.build is not None and report.build.mode == "one-transaction"
    assert staged_count(driver) == 0
    assert content_hash(store) == embedded["extra"]


def test_a_server_restart_mid_apply_keeps_the_previous_graph(
    embedded: dict[str, str], tmp_path: Path
) -> None:
    """A build killed while staging, then the server restarted (its own throwaway server, with a
    database directory that outlives the restart): the previous graph is what it serves, and the
    next build recovers."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("neo4j_local", ROOT / "tools" / "neo4j_local.py")
    assert spec is not None and spec.loader is not None
    launcher: Any = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("neo4j_local", launcher)
    spec.loader.exec_module(launcher)
    data = tmp_path / "neo4j-home"
    config = home_settings(tmp_path / "home")
    try:
        first = launcher.running_neo4j(home=data, heap="512m", page_cache="128m")
        conn = first.__enter__()
    except launcher.Neo4jLaunchError as exc:
        pytest.skip(f"a second local Neo4j could not start: {exc}")
    try:
        with neo4j.GraphDatabase.driver(conn.uri, auth=conn.auth) as drv:
            store = Neo4jStore(drv)
            rebuild(store, config)
            version = store.version()
        register_only(config, extra_inventory(tmp_path / "inbox"))
        env = {
            **os.environ,
            "VG_ROOT": str(ROOT),
            "VG_URI": conn.uri,
            "VG_USER": conn.user,
            "VG_PASSWORD": conn.password,
            "VG_HOME": str(config.home),
            "VENDORGRAPH_APPLY_BATCH": "4",
        }
        proc = subprocess.Popen(
            [sys.executable, "-c", _KILLED], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
        )
        assert proc.stdout is not None
        try:
            assert proc.stdout.readline().strip() == "staging"
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            proc.stdout.close()
    finally:
        first.__exit__(None, None, None)
    second = launcher.running_neo4j(home=data, heap="512m", page_cache="128m")
    conn = second.__enter__()
    try:
        with neo4j.GraphDatabase.driver(conn.uri, auth=conn.auth) as drv:
            store = Neo4jStore(drv)
            assert store.version() == version
            assert content_hash(store) == embedded["bundled"]
            assert staged_count(drv) > 0
            rebuild(store, config)
            assert staged_count(drv) == 0
            assert content_hash(store) == embedded["extra"]
    finally:
        second.__exit__(None, None, None)


def test_a_list_past_the_servers_transaction_memory_fails_in_one_line_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    """Its own small server (256 MB heap: 128 MiB a transaction): a generated 8,000-entity list
    needs more in the flip. The ingest says so in one line, the graph and the registry stay as
    they were (the staged rows never show), and the next ingest works."""
    import importlib.util

    from bench.large_list import generate

    spec = importlib.util.spec_from_file_location("neo4j_local", ROOT / "tools" / "neo4j_local.py")
    assert spec is not None and spec.loader is not None
    launcher: Any = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("neo4j_local", launcher)
    spec.loader.exec_module(launcher)
    folder = generate(tmp_path / "sdn", 8_000)
    try:
        server = launcher.running_neo4j(heap="256m", page_cache="64m")
        conn = server.__enter__()
    except launcher.Neo4jLaunchError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and a second local Neo4j could not start: {exc}")
        pytest.skip(f"a second local Neo4j could not start: {exc}")
    exe = str(Path(sys.executable).with_name("vendorgraph"))
    env = {
        **os.environ,
        "VENDORGRAPH_STORE": "neo4j",
        "VENDORGRAPH_HOME": str(tmp_path / "home"),
        "NEO4J_URI": conn.uri,
        "NEO4J_USER": conn.user,
        "NEO4J_PASSWORD": conn.password,
    }
    try:
        assert subprocess.run([exe, "ingest"], env=env, capture_output=True).returncode == 0
        with neo4j.GraphDatabase.driver(conn.uri, auth=conn.auth) as drv:
            before = content_hash(Neo4jStore(drv))
        failed = subprocess.run(
            [exe, "ingest", "--list", f"ofac:{folder}"], env=env, capture_output=True, text=True
        )
        assert failed.returncode == 2, failed.stderr[-2000:]
        assert "Traceback" not in failed.stderr
        assert len(failed.stderr.strip().splitlines()) == 1, failed.stderr
        assert "db.memory.transaction.max" in failed.stderr and "nothing changed" in failed.stderr
        assert not (tmp_path / "home" / "sources.json").exists()
        with neo4j.GraphDatabase.driver(conn.uri, auth=conn.auth) as drv:
            assert content_hash(Neo4jStore(drv)) == before
        again = subprocess.run([exe, "ingest"], env=env, capture_output=True, text=True)
        assert again.returncode == 0, again.stderr[-2000:]
        with neo4j.GraphDatabase.driver(conn.uri, auth=conn.auth) as drv:
            assert content_hash(Neo4jStore(drv)) == before and staged_count(drv) == 0
    finally:
        server.__exit__(None, None, None)
