"""Every file in the home is checked when read: the truth (registry, decision logs, change log,
commit journal) gives a one-line error naming the file; what is derived (score cache, watch
state, outbox bookkeeping, the Neo4j snapshot) is ignored and rebuilt. Real commands on a real
home, nothing mocked."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.changes.change_set import GraphState
from graph.changes.snapshot import SnapshotError, load_snapshot, save_snapshot
from tests.changes.helpers import extra_inventory
from vendorgraph.main import app

runner = CliRunner()


def cli(home: Path, *args: str) -> tuple[int, str, str]:
    env = {"VENDORGRAPH_HOME": str(home), "VENDORGRAPH_STORE": "ladybug"}
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with two builds (so a change log, scores and a registry exist), kept pristine."""
    home = tmp_path_factory.mktemp("home-files") / "home"
    assert cli(home, "ingest", "--json")[0] == 0
    inventory = extra_inventory(home.parent / "inbox")
    code, _, err = cli(home, "ingest", "--inventory", str(inventory), "--replace", "--json")
    assert code == 0, err
    return home


@pytest.fixture
def home(built: Path, tmp_path: Path) -> Iterator[Path]:
    import shutil

    copy = tmp_path / "home"
    shutil.copytree(built, copy)
    yield copy


def one_line_error(code: int, err: str, *names: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for name in names:
        assert name in err, err


# -- the truth: a one-line error naming the file -------------------------------------------------

LOG_DAMAGE = {
    "counts not an object": {"counts": "x"},
    "alerts not a list": {"alerts": 5},
    "a change of no known kind": {"changes": [{"entity": "node", "kind": "exploded"}]},
    "an alert without a score": {"alerts": [{"customer": "c", "customer_id": "c", "scenario": "s",
                                              "scenario_id": "s", "after": {"band": "low"},
                                              "reason": "r"}]},
    "version a number": {"version": 7},
}  # fmt: skip


@pytest.mark.parametrize("damage", sorted(LOG_DAMAGE))
def test_a_change_log_entry_of_the_wrong_shape_is_one_line_naming_the_file(
    home: Path, damage: str
) -> None:
    log = home / "changes" / "log.jsonl"
    lines = log.read_text().splitlines()
    entry = json.loads(lines[-1])
    entry.update(LOG_DAMAGE[damage])
    log.write_text("\n".join([*lines[:-1], json.dumps(entry)]) + "\n")
    for args in (["changes"], ["changes", "--json"], ["changes", "--report", "md"]):
        code, _, err = cli(home, *args)
        one_line_error(code, err, "log.jsonl:2", "not a change-log entry")
    # A build still works and appends (it never needs the old lines to be readable).
    code, _, err = cli(home, "ingest", "--json")
    assert code == 0, err
    assert len(log.read_text().splitlines()) == 3


def test_a_registry_of_the_wrong_shape_is_one_line_naming_it(home: Path) -> None:
    registry = home / "sources.json"
    data = json.loads(registry.read_text())
    for damage in ({"customers": "cust-a"}, {"sha256": "not a hash"}, {"path": 5}):
        broken = json.loads(json.dumps(data))
        broken["inventories"][0].update(damage)
        registry.write_text(json.dumps(broken))
        for args in (["sources"], ["ingest"], ["unregister", "x"]):
            code, _, err = cli(home, *args)
            one_line_error(code, err, "sources.json", "not a vendorgraph registry")
    registry.write_text("[1, 2")
    one_line_error(*cli(home, "sources")[::2], "sources.json", "not valid JSON")


@pytest.mark.parametrize("file", ["resolution_reviews.jsonl", "screening_reviews.jsonl"])
def test_a_decision_log_line_of_the_wrong_types_is_one_line_naming_file_and_line(
    home: Path, file: str
) -> None:
    common = {"decision": "confirmed", "reviewer": ["a"], "reason": "r", "at": "2026-01-01"}
    line = (
        {"kind": "vendor", "name": "X", "target": "vendor:x", **common}
        if file.startswith("resolution")
        else {"vendor_id": "vendor:x", "list": "ofac-sdn", "entity_id": "1", **common}
    )
    (home / file).write_text(
        json.dumps({**line, "reviewer": "ok"}) + "\n" + json.dumps(line) + "\n"
    )
    code, _, err = cli(home, "ingest", "--json")
    one_line_error(code, err, f"{file}:2", "reviewer must be text")


def test_a_damaged_commit_journal_stops_readers_and_is_repaired_by_a_rebuild(home: Path) -> None:
    journal = home / "journal.json"
    journal.write_text(json.dumps({"format": 1, "backend": "ladybug", "target": "x",
                                   "started_at": "", "files": {"../escape": "boom"}}))  # fmt: skip
    code, _, err = cli(home, "customers", "--json")
    one_line_error(code, err, "journal.json", "not a vendorgraph commit journal")
    assert not (home.parent / "escape").exists()
    code, _, err = cli(home, "ingest", "--json")
    assert code == 0, err
    assert not journal.exists() and cli(home, "customers", "--json")[0] == 0


# -- derived files: ignored and rebuilt ------------------------------------------------------------

SCORE_DAMAGE = {
    "a list": [1, 2, 3],
    "scores a string": {"version": "v", "as_of": "2026-01-01", "scores": "x"},
    "rows of lists": {"version": "v", "as_of": "2026-01-01",
                      "scores": {"k": {"scenario": {}, "rows": {"c": [1]}}}},
    "not JSON": "{{{",
}  # fmt: skip


@pytest.mark.parametrize("damage", sorted(SCORE_DAMAGE))
def test_a_score_cache_of_the_wrong_shape_is_rebuilt(home: Path, damage: str) -> None:
    cache = home / "changes" / "scores.json"
    value = SCORE_DAMAGE[damage]
    cache.write_text(value if isinstance(value, str) else json.dumps(value))
    code, _, err = cli(home, "unregister", "fernhill_extra.csv", "--json")
    assert code == 0 and "Traceback" not in err, err
    fresh = json.loads(cache.read_text())
    assert set(fresh) == {"version", "as_of", "scores"} and fresh["scores"]


def test_a_watch_state_and_outbox_bookkeeping_of_the_wrong_shape_start_again(
    home: Path, tmp_path: Path
) -> None:
    (home / "changes" / "watch.json").write_text(json.dumps({"folder": 3, "files": []}))
    (home / "changes" / "outbox-state.json").write_text('{"dropped": "many"}')
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    code, _, err = cli(home, "watch", str(inbox), "--once")
    assert code == 0 and "0 build(s)" in err, err
    (inbox / "notes.txt").write_text("not a list, not an inventory")
    code, _, err = cli(home, "watch", str(inbox), "--once")
    assert code == 0 and "1 build(s)" in err, err
    assert list(json.loads((home / "changes" / "watch.json").read_text())["files"]) == ["notes.txt"]
    code, out, err = cli(home, "changes", "--outbox", "--json")
    assert code == 0 and json.loads(out)["dropped"] == 0, err


def test_the_neo4j_snapshot_is_data_checked_against_the_model(tmp_path: Path) -> None:
    """A pickle (even one that would run code), a truncated file, or a table whose schema is not
    the model's is refused; a good one round-trips."""
    path = tmp_path / "neo4j-state.arrows"
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (marker.write_text, ("code ran",))

    path.write_bytes(pickle.dumps(("v1", Payload())))
    with pytest.raises(SnapshotError):
        load_snapshot(path)
    assert not marker.exists()
    state = GraphState()
    state.nodes["Vendor"] = {}
    from graph.model import node_type

    names = [p.name for p in node_type("Vendor").all_props]
    row = tuple({"id": "vendor:x", "name": "X", "aliases": ["Ex"]}.get(n) for n in names)
    state.nodes["Vendor"]["vendor:x"] = row
    save_snapshot(path, "v1", state)
    version, loaded = load_snapshot(path)
    assert version == "v1" and loaded.nodes["Vendor"]["vendor:x"][:2] == ("vendor:x", "X")
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(SnapshotError):
        load_snapshot(path)
    # The header names a label the model does not have.
    path.write_bytes(raw.replace(b'"group":["Vendor"]', b'"group":["Vendxr"]'))
    with pytest.raises(SnapshotError, match="unknown label"):
        load_snapshot(path)
    # A column of another type: the Arrow schema no longer matches the model's.
    import pyarrow as pa

    from graph.changes import snapshot as module
    from graph.store.arrow import arrow_schema

    bad = pa.schema([(f.name, pa.int64() if f.name == "name" else f.type)
                     for f in arrow_schema(node_type("Vendor").all_props)])  # fmt: skip
    table = pa.Table.from_arrays([pa.array([None], type=f.type) for f in bad], schema=bad)
    stream = module._stream(table)
    header = {"format": 1, "version": "v1",
              "tables": [{"kind": "node", "group": ["Vendor"], "offset": 0,
                          "length": len(stream), "rows": 1}]}  # fmt: skip
    head = json.dumps(header).encode()
    path.write_bytes(module._MAGIC + module._LENGTH.pack(len(head)) + head + stream)
    with pytest.raises(SnapshotError, match="schema"):
        load_snapshot(path)
