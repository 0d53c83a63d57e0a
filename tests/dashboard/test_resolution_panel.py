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


BOROUGH = Path(__file__).resolve().parents[1] / "eval" / "inventories" / "borough_council.csv"


def test_a_built_on_name_is_confirmed_to_the_vendor_from_its_profile(
    empty_home: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 17: a built_on name pending against Hikvision is on Hikvision's profile, and "same
    # organisation" is accepted for it: a product of Hikvision.
    monkeypatch.setenv("VENDORGRAPH_HOME", str(empty_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    store = LadybugStore(empty_home.home / "ladybug")
    try:
        apply_change(store, empty_home, Change(inventories=[BOROUGH]))
    finally:
        store.close()
    name = "Hikvision Digital Technology Co Ltd"
    at = open_page("screens/vendor.py", {"vendor": "vendor:hikvision", "tab": "Sanctions matches"})
    assert not at.exception, at.exception
    assert name in page_text(at) and "built_on" in page_text(at)
    next(t for t in at.text_input if t.key == f"rr-product-{name}").set_value("a.dpo")
    next(t for t in at.text_input if t.key == f"rn-product-{name}").set_value("legal name")
    next(b for b in at.button if b.label == "Same organisation").click().run()
    assert not at.exception, at.exception
    assert "Recorded: confirmed" in page_text(at)
    decisions = ResolutionReviews(empty_home.home).load()
    assert decisions[("vendor", name.casefold(), "vendor:hikvision")].decision == "confirmed"
    store = LadybugStore(empty_home.home / "ladybug")
    try:
        rows = store.read(queries.CUSTOMER_MENTIONS, {"customer": "customer:cust-ev17-borough"})
    finally:
        store.close()
    (mention,) = [r["m"] for r in rows if r["m"]["name"] == name]
    assert (mention["status"], mention["target"]) == ("confirmed", "vendor:hikvision")


CARERS = Path(__file__).resolve().parents[1] / "eval" / "inventories" / "carers_charity.csv"


def test_a_name_rejected_on_the_profile_is_shown_once_as_reviewed(
    empty_home: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VENDORGRAPH_HOME", str(empty_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    store = LadybugStore(empty_home.home / "ladybug")
    try:
        apply_change(store, empty_home, Change(inventories=[CARERS]))
    finally:
        store.close()
    name = "Clearview Glazing Ltd"
    carers = {"customer": "customer:cust-ev17-carers", "scenario": "ico-clearview-2022",
              "as_of": "2022-06-01", "tab": "Affected processes"}  # fmt: skip
    before = page_text(open_page("screens/exposure.py", carers))
    assert f"'{name}' (awaits review" in before
    at = open_page(
        "screens/vendor.py", {"vendor": "vendor:clearview-ai", "tab": "Sanctions matches"}
    )
    assert not at.exception, at.exception
    next(t for t in at.text_input if t.key == f"rr-vendor-{name}").set_value("a.dpo")
    next(t for t in at.text_input if t.key == f"rn-vendor-{name}").set_value("a glazier")
    next(b for b in at.button if b.label == "Not this vendor").click().run()
    assert not at.exception, at.exception
    assert "Recorded: rejected" in page_text(at)
    after = open_page("screens/exposure.py", carers)
    assert not after.exception, after.exception
    text = page_text(after)
    assert text.count(name) == 1 and "could change this answer" not in text
    assert f"'{name}': reviewed, not Clearview AI, Inc. (rejected by a.dpo on" in text
