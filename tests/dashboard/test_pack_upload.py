"""The upload page takes a knowledge pack too: checked whole (problems listed, nothing to confirm),
previewed on a throwaway graph (the ready scenarios it adds), registered only on confirmation."""

from __future__ import annotations

import pytest

from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from ingest.build import rebuild
from ingest.knowledge_template import TEMPLATE
from ingest.registry import Registry
from tests.dashboard.conftest import open_page, page_text

PACK = TEMPLATE.encode()


def _upload(name: str, data: bytes) -> object:
    at = open_page("screens/upload.py")
    at.file_uploader[0].set_value((name, data, "application/yaml")).run()
    assert not at.exception, at.exception
    return at


def test_a_pack_with_problems_is_refused_with_each_problem(dashboard_env: Settings) -> None:
    bad = TEMPLATE.replace("vendor:lumen-analytics", "vendor:clearview-ai").encode()
    at = _upload("lumen.yaml", bad)
    assert any("the pack would be refused" in e.value for e in at.error)
    problems = list(at.dataframe[0].value["problem"])
    assert any(
        p.startswith("lumen.yaml:") and "already defined by the bundled" in p for p in problems
    )
    assert not any(b.label == "Add pack and rebuild" for b in at.button)


def test_a_valid_pack_is_previewed_without_writing(
    dashboard_env: Settings, built_store: LadybugStore
) -> None:
    version = built_store.version()
    at = _upload("lumen.yaml", PACK)
    text = page_text(at)
    assert "lumen.yaml: a valid knowledge pack" in text
    scenarios = at.dataframe[0].value
    assert list(scenarios["scenario"]) == [
        "ICO enforcement notice against Lumen Analytics (fictional) (March 2026)"
    ]
    assert list(scenarios["customers reached today"]) == [0]  # no bundled customer uses Lumen
    assert built_store.version() == version
    assert not Registry.load(dashboard_env.home).packs


def test_confirm_registers_the_pack_and_rebuilds(
    empty_home: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LadybugStore(empty_home.home / "ladybug")
    rebuild(store, empty_home)
    monkeypatch.setenv("VENDORGRAPH_HOME", str(empty_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    at = _upload("lumen.yaml", PACK)
    next(c for c in at.checkbox if c.label.startswith("I want to add")).check().run()
    next(b for b in at.button if b.label == "Add pack and rebuild").click().run()
    assert not at.exception, at.exception
    assert any("Registered lumen.yaml" in s.value for s in at.success)
    (status,) = at.status  # the rebuild said its steps as it went
    assert (status.label, status.state) == (
        "Adding the pack and rebuilding the graph: done",
        "complete",
    )
    steps = [m.value for m in status.markdown]
    assert steps[0] == "Reading and checking the rows: done"
    assert any(t.startswith("Building the graph: ") for t in steps)
    assert [p.name for p in Registry.load(empty_home.home).packs] == ["lumen.yaml"]
    assert store.read("MATCH (a:EnforcementAction {id: 'action:ico-lumen-2026'}) RETURN a.id AS id")
    store.close()
