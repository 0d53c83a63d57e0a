"""Registration as a transaction: every refused or failed ingest leaves sources.json and the
registered copies byte-identical; --replace, unregister, list paths and hashes, symlink rules."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.settings import BUNDLED_DATA
from graph.store.ladybug import LadybugStore
from vendorgraph.main import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = BUNDLED_DATA / "customers" / "fernhill_accountants.csv"
UKSL = ROOT / "tests" / "fixtures" / "lists" / "uksl_sample.csv"


def snapshot(home: Path) -> dict[str, str]:
    """Every file of the registry (sources.json and the copies) with its SHA-256, and the
    visible graph build; the lock and empty staging folders are not state."""
    files: dict[str, str] = {}
    for path in sorted(home.rglob("*")):
        rel = path.relative_to(home)
        if rel.parts[0] == "ladybug" or path.name == "registry.lock" or path.is_dir():
            continue
        files[str(rel)] = hashlib.sha256(path.read_bytes()).hexdigest()
    current = home / "ladybug" / "CURRENT"
    files["graph"] = current.read_text() if current.exists() else ""
    return files


def inventory(folder: Path, name: str, customer: str, *, bad_row: bool = False) -> Path:
    text = SAMPLE.read_text().replace("cust-fernhill-accountants", customer)
    text = text.replace("Fernhill & Co", f"{customer} {Path(name).stem} &")
    if bad_row:
        text = text.replace("high,2019", "extreme,2019")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def customers(home: Path) -> dict[str, str]:
    store = LadybugStore(home / "ladybug")
    try:
        rows = store.read("MATCH (c:Customer) RETURN c.id AS id, c.name AS name")
    finally:
        store.close()
    return {r["id"]: r["name"] for r in rows}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home with one registered inventory (customer cust-extra, file extra.csv)."""
    home = tmp_path / "home"
    monkeypatch.setenv("VENDORGRAPH_HOME", str(home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    code, out = run(
        "ingest", "--inventory", str(inventory(tmp_path / "in", "extra.csv", "cust-extra"))
    )
    assert code == 0, out
    return home


def test_every_failure_leaves_the_registry_byte_identical(home: Path, tmp_path: Path) -> None:
    before = snapshot(home)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    (tmp_path / "dev.csv").symlink_to("/dev/zero")
    (tmp_path / "fifo-link.csv").symlink_to(fifo)
    (tmp_path / "passwd.csv").symlink_to("/etc/passwd")
    bad = tmp_path / "bad" / "extra.csv"  # same name as the registered one, not an inventory
    bad.parent.mkdir()
    bad.write_text("name,colour\nx,y\n")
    failures = {
        "same name, bad file": (["--inventory", str(bad)], "missing columns"),
        "--strict refusal": (
            [
                "--inventory",
                str(inventory(tmp_path / "s", "strict.csv", "cust-s", bad_row=True)),
                "--strict",
            ],
            "strict.csv:2",
        ),
        "id of a registered inventory": (
            ["--inventory", str(inventory(tmp_path / "c", "clash.csv", "cust-extra"))],
            "registered inventory extra.csv",
        ),
        "id of a bundled sample": (
            ["--inventory", str(inventory(tmp_path / "b", "b.csv", "cust-oakfield-academy"))],
            "the bundled sample inventory oakfield academy",
        ),
        "id of the knowledge base": (
            ["--inventory", str(inventory(tmp_path / "k", "k.csv", "met-police")), "--replace"],
            "knowledge base",
        ),
        "symlink to a device": (["--inventory", str(tmp_path / "dev.csv")], "a device"),
        "a FIFO": (["--inventory", str(fifo)], "a FIFO"),
        "symlink to a FIFO": (["--inventory", str(tmp_path / "fifo-link.csv")], "a FIFO"),
        "symlink to /etc/passwd": (["--inventory", str(tmp_path / "passwd.csv")], "missing"),
        "list: unknown kind": (["--list", f"nope:{UKSL}"], "unknown list kind"),
        "list: a FIFO": (["--list", f"uksl:{fifo}"], "a FIFO"),
        "list: missing": (["--list", "uksl:/nonexistent/x.csv"], "does not exist"),
    }
    for what, (args, expected) in failures.items():
        code, out = run("ingest", *args)
        assert code != 0, what
        assert expected in out, (what, out)
        assert "Traceback" not in out and "staging" not in out, (what, out)
        assert snapshot(home) == before, what
    # The refused --strict file is not published by the next plain ingest.
    code, out = run("ingest")
    assert code == 0, out
    assert snapshot(home)["sources.json"] == before["sources.json"]
    assert "customer:cust-s" not in customers(home)
    assert customers(home)["customer:cust-extra"].startswith("cust-extra extra &")
    # Nothing of /etc/passwd was ever copied into the home.
    passwd = Path("/etc/passwd").read_bytes()
    assert all(passwd != p.read_bytes() for p in home.rglob("*") if p.is_file())


def test_an_inventory_over_the_row_limit_is_refused_before_reading(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(home)
    big = inventory(tmp_path / "big", "big.csv", "cust-big")
    rows = len(big.read_text().splitlines()) - 1
    monkeypatch.setenv("VENDORGRAPH_MAX_INVENTORY_ROWS", str(rows - 1))
    code, out = run("ingest", "--inventory", str(big))
    assert code != 0 and f"{rows} rows; an inventory may hold at most {rows - 1}" in out
    assert snapshot(home) == before
    monkeypatch.setenv("VENDORGRAPH_MAX_INVENTORY_ROWS", str(rows))
    code, out = run("ingest", "--inventory", str(big))
    assert code == 0, out


def test_sources_lists_absolute_paths_and_hashes(home: Path, tmp_path: Path) -> None:
    code, out = run("sources", "--json")
    assert code == 0, out
    (entry,) = json.loads(out)
    copy = Path(entry["path"])
    assert entry["kind"] == "inventory" and entry["name"] == "extra.csv"
    assert copy.is_absolute() and copy.is_relative_to(home / "inventories")
    assert entry["sha256"] == hashlib.sha256(copy.read_bytes()).hexdigest()
    assert copy.parent.name == entry["sha256"] and entry["status"] == "ok"
    assert entry["source"] == str((tmp_path / "in" / "extra.csv").resolve())
    assert entry["customers"] == ["customer:cust-extra"] and entry["registered_at"]


def test_replace_takes_over_a_customer_and_unregister_gives_it_back(
    home: Path, tmp_path: Path
) -> None:
    original = customers(home)["customer:cust-oakfield-academy"]
    new = inventory(tmp_path / "r", "oak.csv", "cust-oakfield-academy")
    code, out = run("ingest", "--inventory", str(new), "--replace")
    assert code == 0, out
    assert customers(home)["customer:cust-oakfield-academy"].startswith(
        "cust-oakfield-academy oak &"
    )
    entry = next(e for e in json.loads(run("sources", "--json")[1]) if e["name"] == "oak.csv")
    assert entry["replaces"] == ["customer:cust-oakfield-academy"]
    # A second file for the same customer replaces the first registration entirely.
    newer = inventory(tmp_path / "r2", "oak-v2.csv", "cust-oakfield-academy")
    code, out = run("ingest", "--inventory", str(newer))
    assert code != 0 and "registered inventory oak.csv" in out
    code, out = run("ingest", "--inventory", str(newer), "--replace", "--json")
    assert code == 0, out
    names = [e["name"] for e in json.loads(run("sources", "--json")[1])]
    assert names == ["extra.csv", "oak-v2.csv"]
    assert not Path(entry["path"]).exists()  # the replaced copy is gone
    # Unregistering brings the bundled sample back, atomically with the rebuild.
    code, out = run("unregister", "oak-v2.csv")
    assert code == 0, out
    assert customers(home)["customer:cust-oakfield-academy"] == original
    assert [e["name"] for e in json.loads(run("sources", "--json")[1])] == ["extra.csv"]
    assert sorted(p.name for p in (home / "inventories").iterdir()) == [
        json.loads(run("sources", "--json")[1])[0]["sha256"]
    ]
    code, out = run("unregister", "nothing-like-this")
    assert code != 0 and "nothing registered" in out and "Traceback" not in out


def test_a_list_is_registered_by_resolved_path_and_its_change_is_shown(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    shutil.copy(UKSL, folder / "uksl.csv")
    monkeypatch.chdir(folder)
    code, out = run("ingest", "--list", "uksl:uksl.csv")  # a relative path
    assert code == 0, out
    monkeypatch.chdir(tmp_path)  # another folder: the registered list is still found
    code, out = run("ingest")
    assert code == 0, out
    item = next(e for e in json.loads(run("sources", "--json")[1]) if e["kind"] == "uksl")
    assert item["path"] == str((folder / "uksl.csv").resolve()) and item["status"] == "ok"
    assert item["sha256"] == hashlib.sha256(UKSL.read_bytes()).hexdigest()
    with (folder / "uksl.csv").open("a") as handle:
        handle.write("\n")
    item = next(e for e in json.loads(run("sources", "--json")[1]) if e["kind"] == "uksl")
    assert item["status"] == "changed since registration"
    code, out = run("unregister", item["id"])
    assert code == 0, out
    assert not [e for e in json.loads(run("sources", "--json")[1]) if e["kind"] == "uksl"]


def test_a_format_1_registry_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("VENDORGRAPH_HOME", str(home))
    (home / "inventories").mkdir(parents=True)
    copy = inventory(home / "inventories", "old.csv", "cust-old")
    (home / "sources.json").write_text(json.dumps({"inventories": [str(copy)], "lists": []}))
    code, out = run("ingest")
    assert code == 0, out
    assert "customer:cust-old" in customers(home)
    (entry,) = json.loads(run("sources", "--json")[1])
    assert entry["path"] == str(copy) and entry["customers"] == ["customer:cust-old"]
    code, out = run("unregister", "old.csv")
    assert code == 0, out
    assert not copy.exists() and "customer:cust-old" not in customers(home)


def test_an_upload_that_reuses_a_customer_id_names_the_owner_and_replaces_on_confirm(
    home: Path, tmp_path: Path
) -> None:
    from dashboard.inventory_upload import check_upload, confirm_upload
    from tests.conftest import make_settings

    config = make_settings(home)
    data = inventory(tmp_path / "u", "oak.csv", "cust-oakfield-academy").read_bytes()
    check = check_upload(config, "oak.csv", data)
    assert check.ok and check.owners == {
        "customer:cust-oakfield-academy": "the bundled sample inventory oakfield academy"
    }
    store = LadybugStore(home / "ladybug")
    try:
        report = confirm_upload(store, config, check, data)
    finally:
        store.close()
    assert not report.rejections
    entry = next(e for e in json.loads(run("sources", "--json")[1]) if e["name"] == "oak.csv")
    assert entry["replaces"] == ["customer:cust-oakfield-academy"]
    assert customers(home)["customer:cust-oakfield-academy"].startswith("cust-oakfield-academy oak")
