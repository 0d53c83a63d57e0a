"""Name-resolution review from the vendor profile: a pending name is confirmed and answers use it."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import queries
from graph.resolution import ResolutionReviews
from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from ingest.registration import Change, apply_change
from tests.dashboard.conftest import open_page, page_text

UNIVERSITY = Path(__file__).resolve().parents[1] / "eval" / "inventories" / "university.csv"


@pytest.fixture
def own_home(empty_home: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("VENDORGRAPH_HOME", str(empty_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    store = LadybugStore(empty_home.home / "ladybug")
    try:
        apply_change(store, empty_home, Change(inventories=[UNIVERSITY]))
    finally:
        store.close()
    return empty_home


def _status(home: Path, name: str) -> str:
    store = LadybugStore(home / "ladybug")
    try:
        rows = store.read(queries.CUSTOMER_MENTIONS, {"customer": "customer:cust-eval-university"})
    finally:
        store.close()
    return next(r["m"]["status"] for r in rows if r["m"]["name"] == name)


def test_a_pending_name_is_confirmed_from_the_vendor_profile(own_home: Settings) -> None:
    name = "Hikvision Digital Cloud"
    assert _status(own_home.home, name) == "pending"
    at = open_page("screens/vendor.py", {"vendor": "vendor:hikvision", "tab": "Sanctions matches"})
    assert not at.exception, at.exception
    assert name in page_text(at) and "'Hikvision UK Ltd' resolved to" in page_text(at)
    next(t for t in at.text_input if t.key == f"rr-vendor-{name}").set_value("a.dpo")
    next(t for t in at.text_input if t.key == f"rn-vendor-{name}").set_value("the contract says so")
    # Pending names come first in the panel, so the first form is this name's.
    next(b for b in at.button if b.label == "Same organisation").click().run()
    assert not at.exception, at.exception
    assert "Recorded: confirmed" in page_text(at)
    decisions = ResolutionReviews(own_home.home).load()
    assert decisions[("vendor", "hikvision digital cloud", "vendor:hikvision")].reviewer == "a.dpo"
    assert _status(own_home.home, name) == "confirmed"
