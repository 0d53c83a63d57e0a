"""Registering knowledge packs on both engines: a pack's vendor resolves an inventory's name through
its alias, its action is a ready scenario that scores a customer only from its date, its sources
say whose they are; an undated source or a clash is refused with the graph and registry as they
were; --replace replaces and says so; unregister removes it all.

Expected answers, written before running: the fictional Quarry Mall's "Brightline Data Ltd" (the
pack's former name of Lumen Analytics) resolves to vendor:lumen-analytics; the ICO notice of
2026-03-02 scores 0 as of 2026-03-01 and above 0 (high band) as of 2026-04-01; every source it
cites from the pack reads "your knowledge pack lumen.yaml, registered <today>".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.exposure.engine import exposure
from graph.exposure.scenarios import list_scenarios
from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from graph.store.protocol import Store, content_hash
from ingest.build import rebuild
from ingest.knowledge_template import TEMPLATE
from ingest.problems import UserError
from ingest.registration import Change, apply_change
from ingest.registry import Registry
from tests.conftest import make_settings

INVENTORY = (
    "customer_id,customer_name,sector,process_id,process,product,vendor,data_categories,"
    "uk_data_subjects,role,criticality,storage_countries,fictional\n"
    "cust-quarry-mall,Quarry Mall Ltd (fictional),retail,p1,Footfall counting,Footfall analytics,"
    "Brightline Data Ltd,facial-images,200000,controller,high,GB,true\n"
)


@pytest.fixture(params=["ladybug", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def engine(
    request: pytest.FixtureRequest, tmp_path: Path, built_settings: Settings
) -> Iterator[tuple[Store, Settings]]:
    config = make_settings(tmp_path / "home")
    if request.param == "ladybug":
        store: Any = LadybugStore(config.home / "ladybug")
        yield store, config
        store.close()
        return
    from graph.store.neo4j import Neo4jStore

    store = Neo4jStore(request.getfixturevalue("neo4j_driver"))
    yield store, dataclasses.replace(config, store="neo4j")
    rebuild(store, built_settings)  # the session's other Neo4j tests find the bundled graph


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "lumen.yaml").write_text(TEMPLATE, encoding="utf-8")
    (folder / "quarry.csv").write_text(INVENTORY, encoding="utf-8")
    return folder


def _state(store: Store, config: Settings) -> tuple[str, str]:
    registry = config.home / "sources.json"
    return content_hash(store), registry.read_text() if registry.exists() else ""


def _scenario(store: Store, scenario_id: str) -> Any:
    return next(s for s in list_scenarios(store) if s.id == scenario_id)


def test_register_resolve_score_and_unregister(engine: tuple[Store, Settings], inbox: Path) -> None:
    store, config = engine
    change = Change(inventories=[inbox / "quarry.csv"], packs=[inbox / "lumen.yaml"])
    outcome = apply_change(store, config, change)
    assert not outcome.report.rejections, outcome.report.rejections[:3]
    assert [e.kind for e in outcome.added] == ["inventory", "knowledge pack"]
    registry = Registry.load(config.home)
    assert [p.name for p in registry.packs] == ["lumen.yaml"]
    # The inventory's "Brightline Data Ltd" is the pack's former name of Lumen Analytics.
    rows = store.read(
        "MATCH (m:Mention)-[:RESOLVES_TO]->(v:Vendor) WHERE m.name = $n RETURN v.id AS id",
        {"n": "Brightline Data Ltd"},
    )
    assert [r["id"] for r in rows] == ["vendor:lumen-analytics"]
    scenario = _scenario(store, "ico-lumen-2026")
    before = exposure(store, "customer:cust-quarry-mall", scenario, dt.date(2026, 3, 1))
    after = exposure(store, "customer:cust-quarry-mall", scenario, dt.date(2026, 4, 1))
    assert before.score == 0.0
    assert after.score > 0 and after.band in ("high", "critical")
    today = dt.date.today().isoformat()
    said = {s.id: s.pack for s in after.sources}
    assert said.get("LUMEN-1") == f"your knowledge pack lumen.yaml, registered {today}"
    assert any(
        s.publisher and "your knowledge pack lumen.yaml" in s.publisher for s in after.sources
    )
    # Unregistered: the pack's action, vendor and sources are gone; the inventory's name is new.
    apply_change(store, config, Change(unregister=["lumen.yaml"]))
    assert Registry.load(config.home).packs == []
    assert not store.read(
        "MATCH (a:EnforcementAction {id: 'action:ico-lumen-2026'}) RETURN a.id AS id"
    )
    assert not store.read("MATCH (s:Source {id: 'LUMEN-1'}) RETURN s.id AS id")
    assert not list((config.home / "inventories").glob("*/lumen.yaml"))


def test_a_refused_pack_changes_nothing(engine: tuple[Store, Settings], inbox: Path) -> None:
    store, config = engine
    apply_change(store, config, Change(packs=[inbox / "lumen.yaml"]))
    before = _state(store, config)
    undated = inbox / "undated.yaml"
    other = TEMPLATE.replace("LUMEN", "OTHER").replace("lumen", "other")
    undated.write_text(re.sub(r'    date: "2026-06".*\n', "", other), encoding="utf-8")
    with pytest.raises(UserError, match=r"undated.yaml:\d+: date: source 'OTHER-2' has no date"):
        apply_change(store, config, Change(packs=[undated]))
    assert _state(store, config) == before
    clash = inbox / "clash.yaml"
    clash.write_text(TEMPLATE.replace("LUMEN-", "CLASH-"), encoding="utf-8")
    with pytest.raises(UserError) as refused:
        apply_change(store, config, Change(packs=[clash]))
    message = str(refused.value)
    assert "\n" not in message
    assert f"{clash}:" in message and "already defined by your knowledge pack lumen.yaml" in message
    assert _state(store, config) == before


def test_replace_shows_both_sources(engine: tuple[Store, Settings], inbox: Path) -> None:
    store, config = engine
    ico = "action:ico-clearview-2022"
    text = (
        "sources:\n"
        "  - {id: MY-1, name: My note (fictional), title: My note (fictional),"
        " publisher: Our DPO (fictional), date: '2026-11-01'}\n"
        "nodes:\n"
        f"  - {{label: EnforcementAction, id: '{ico}', name: ICO action as we record it,"
        " date: '2022-05-18', kinds: [fine], sources: [MY-1]}\n"
    )
    pack = inbox / "ours.yaml"
    pack.write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match="already defined by the bundled knowledge base"):
        apply_change(store, config, Change(packs=[pack]))
    outcome = apply_change(store, config, Change(packs=[pack], replace=True))
    assert any("the bundled knowledge base's record replaced" in r for r in outcome.report.replaced)
    row = store.read(
        "MATCH (a:EnforcementAction {id: $id}) RETURN a.name AS name, a.sources AS sources,"
        " a.note AS note",
        {"id": ico},
    )[0]
    assert row["name"] == "ICO action as we record it"
    assert row["sources"][0] == "MY-1" and "S1" in row["sources"]  # both records' sources
    assert row["note"].startswith("Replaces the record in the bundled knowledge base")
    # The bundled status history went with the replaced record.
    assert not store.read(
        "MATCH (:EnforcementAction {id: $id})-[:HAS_STATUS]->(s) RETURN s.id AS id", {"id": ico}
    )
    # A plain rebuild keeps the replacement (the registry remembers --replace).
    rebuild(store, config)
    again = store.read("MATCH (a:EnforcementAction {id: $id}) RETURN a.name AS n", {"id": ico})
    assert again[0]["n"] == "ICO action as we record it"


def test_a_new_action_in_a_pack_is_an_alert_naming_the_pack(
    engine: tuple[Store, Settings], inbox: Path
) -> None:
    """Quarry Mall already uses Lumen (under its former name, kept as an unresolved name until the
    pack arrives): registering the pack moves its exposure, and the alert names the pack."""
    from graph.changes.log import ChangeLog

    store, config = engine
    apply_change(store, config, Change(inventories=[inbox / "quarry.csv"]))
    apply_change(store, config, Change(packs=[inbox / "lumen.yaml"]))
    newest = ChangeLog(config.home).entries()[-1]
    mine = [a for a in newest["alerts"] if a["customer_id"] == "customer:cust-quarry-mall"]
    assert mine, newest["alerts"]
    today = dt.date.today().isoformat()
    named = [
        a for a in mine if f"your knowledge pack lumen.yaml, registered {today}" in a["reason"]
    ]
    assert any(a["scenario_id"] == "ico-lumen-2026" for a in named), [a["reason"] for a in mine]


def test_the_commands_register_a_folder_list_check_and_unregister(
    tmp_path: Path, inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from typer.testing import CliRunner

    from ingest.knowledge_template import CSV_TEMPLATE
    from vendorgraph.main import app

    runner = CliRunner()
    monkeypatch.setenv("VENDORGRAPH_HOME", str(tmp_path / "cli-home"))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "lumen.yaml").write_text(TEMPLATE, encoding="utf-8")
    # The CSV row's action gets its own id (regulator, vendor, date): no clash with the YAML's.
    (folder / "more.csv").write_text(
        CSV_TEMPLATE.replace("2026-03-02", "2026-05-01"), encoding="utf-8"
    )
    (folder / "notes.txt").write_text("not a pack", encoding="utf-8")
    done = runner.invoke(app, ["ingest", "--knowledge", str(folder)])
    assert done.exit_code == 0, done.output
    listed = json.loads(runner.invoke(app, ["sources", "--json"]).output)
    assert sorted((r["kind"], r["name"], r["status"]) for r in listed) == [
        ("knowledge pack", "lumen.yaml", "ok"),
        ("knowledge pack", "more.csv", "ok"),
    ]
    # Checking the same file again now clashes with the registered pack, and names it.
    again = runner.invoke(app, ["knowledge", "check", str(folder / "lumen.yaml")])
    assert again.exit_code == 1
    assert "already defined by your knowledge pack lumen.yaml, registered" in again.output
    gone = runner.invoke(app, ["unregister", "lumen.yaml"])
    assert gone.exit_code == 0, gone.output
    assert [r["name"] for r in json.loads(runner.invoke(app, ["sources", "--json"]).output)] == [
        "more.csv"
    ]
