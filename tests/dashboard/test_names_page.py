"""The "Names to review" page (issue 20): every open name from all four inventory columns, with the
customers that write it and the candidates with scores and reasons; confirm and reject apply at
once (the list, the sidebar's count and the answers change without a reload)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from graph import queries
from graph.resolution import ResolutionReviews
from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from ingest.registration import Change, apply_change
from tests.dashboard.conftest import APP, page_text

INVENTORIES = Path(__file__).resolve().parents[1] / "eval" / "inventories"


@pytest.fixture
def review_home(empty_home: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The bundled graph with two inventories whose names wait for review: a subprocessor
    (university) and a built_on name (borough council)."""
    monkeypatch.setenv("VENDORGRAPH_HOME", str(empty_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    store = LadybugStore(empty_home.home / "ladybug")
    try:
        change = Change(
            inventories=[INVENTORIES / "university.csv", INVENTORIES / "borough_council.csv"]
        )
        apply_change(store, empty_home, change)
    finally:
        store.close()
    return empty_home


def _names_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("screens/names.py")
    return at.run()


def _status(home: Path, customer: str, name: str) -> str:
    store = LadybugStore(home / "ladybug")
    try:
        rows = store.read(queries.CUSTOMER_MENTIONS, {"customer": customer})
    finally:
        store.close()
    return str(next(r["m"]["status"] for r in rows if r["m"]["name"] == name))


def _metric(at: AppTest, label: str) -> Any:
    return next(m.value for m in at.metric if m.label == label)


def test_every_open_name_with_its_customers_and_candidates(review_home: Settings) -> None:
    # Expected before running: the university's subprocessor "Hikvision Digital Cloud" (0.78 to
    # Hikvision) and the council's built_on "Hikvision Digital Technology Co Ltd" (0.89) await
    # review; "Blackboard Inc" (vendor column) and "Blackboard Learn" (product) are not in the
    # knowledge base.
    at = _names_page()
    assert not at.exception, at.exception
    text = page_text(at)
    for name in ("Hikvision Digital Cloud", "Hikvision Digital Technology Co Ltd", "Blackboard Inc", "Blackboard Learn"):  # fmt: skip
        assert f"{name} — " in text, name
    assert (
        "Written in the **subprocessors** column by **University of Wexcombe (fictional)**" in text
    )
    assert "Written in the **built on** column by **Saltmarsh Borough Council (fictional)**" in text
    assert int(_metric(at, "Names to review")) >= 4
    candidates = [d.value for d in at.dataframe if "candidate" in d.value.columns]
    best = candidates[0].iloc[0]
    assert best["candidate"].endswith("(vendor)") and "Hikvision" in best["candidate"]
    assert 0.7 <= best["score"] < 0.9 and "digital, cloud" in best["why"]


def test_confirm_applies_at_once(review_home: Settings) -> None:
    name = "Hikvision Digital Cloud"
    at = _names_page()
    before = int(_metric(at, "Names to review"))
    next(t for t in at.text_input if t.key == f"reviewer-vendor-{name}").set_value("a.dpo")
    next(t for t in at.text_input if t.key == f"reason-vendor-{name}").set_value(
        "the contract says so"
    )
    index = next(i for i, e in enumerate(at.expander) if e.label.startswith(f"{name} — "))
    at.button(key=f"FormSubmitter:name-{index}-Confirm: it is this one").click().run()
    assert not at.exception, at.exception
    text = page_text(at)
    assert f"Recorded: “{name}” is Hangzhou Hikvision Digital Technology (vendor)" in text
    assert int(_metric(at, "Names to review")) == before - 1  # no reload needed
    assert f"{name} — " not in text
    assert _status(review_home.home, "customer:cust-eval-university", name) == "confirmed"
    decisions = ResolutionReviews(review_home.home).load()
    assert decisions[("vendor", "hikvision digital cloud", "vendor:hikvision")].reviewer == "a.dpo"


def test_reject_settles_the_name_and_shows_it_once_as_reviewed(review_home: Settings) -> None:
    name = "Hikvision Digital Technology Co Ltd"
    at = _names_page()
    next(t for t in at.text_input if t.key == f"reviewer-product-{name}").set_value("a.dpo")
    next(t for t in at.text_input if t.key == f"reason-product-{name}").set_value(
        "a different firm"
    )
    index = next(i for i, e in enumerate(at.expander) if e.label.startswith(f"{name} — "))
    at.button(key=f"FormSubmitter:name-{index}-Reject: it is not this one").click().run()
    assert not at.exception, at.exception
    reviewed = next(d.value for d in at.dataframe if "decision" in d.value.columns)
    assert list(reviewed["name"]).count(name) == 1
    assert _status(review_home.home, "customer:cust-ev17-borough", name) == "rejected"


def test_a_new_name_can_be_linked_to_any_knowledge_base_vendor(review_home: Settings) -> None:
    # "Blackboard Inc" has no candidate: the reviewer searches for the target and must choose one.
    name = "Blackboard Inc"
    at = _names_page()
    target = next(s for s in at.selectbox if s.key == f"target-vendor-{name}")
    assert target.value is None  # nothing proposed, nothing chosen for the reviewer
    assert "vendor:facewatch" in target.options or any("Facewatch" in o for o in target.options)
    index = next(i for i, e in enumerate(at.expander) if e.label.startswith(f"{name} — "))
    at.button(key=f"FormSubmitter:name-{index}-Confirm: it is this one").click().run()
    assert "Choose the vendor or product" in page_text(at)


def test_search_filters_the_names(review_home: Settings) -> None:
    at = _names_page()
    next(t for t in at.text_input if t.label == "Find a name").set_value("blackboard").run()
    labels = [e.label for e in at.expander]
    assert labels and all("Blackboard" in label for label in labels)
