"""Review decisions on screening matches from the vendor profile (kept outside the graph)."""

from __future__ import annotations

import pytest

from dashboard.review_panel import listing_lines, record_decision
from graph.explore import vendor_profile
from graph.explore.models import SanctionsMatch
from graph.screening.review import ReviewStore
from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from ingest.build import rebuild
from tests.dashboard.conftest import open_page, page_text


@pytest.fixture
def own_home(empty_home: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A home of its own: decisions are written to it."""
    monkeypatch.setenv("VENDORGRAPH_HOME", str(empty_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    return empty_home


def test_curated_matches_are_not_reviewed(own_home: Settings) -> None:
    curated = SanctionsMatch(
        listed_id="listed:x", listed_name="X", list_code="uksl", review="curated"
    )
    with pytest.raises(ValueError, match="curated"):
        record_decision("vendor:x", curated, "rejected", "a.analyst", "not them")


def test_a_decision_is_stored_outside_the_graph(own_home: Settings) -> None:
    match = SanctionsMatch(
        listed_id="listed:ofac:1", listed_name="X", list_code="ofac-sdn", entity_id="1", score=0.9
    )
    decision = record_decision("vendor:x", match, "rejected", "a.analyst", "different country")
    assert decision.key == ("vendor:x", "ofac-sdn", "1")
    assert ReviewStore(own_home.home).load()[decision.key].decision == "rejected"


def test_screening_matches_can_be_confirmed_from_the_profile(own_home: Settings) -> None:
    store = LadybugStore(own_home.home / "ladybug")
    rebuild(store, own_home)
    vendors = [
        r["id"]
        for r in store.read(
            "MATCH (v:Vendor)-[m:MATCHES]->() WHERE m.review = 'unreviewed' RETURN DISTINCT v.id AS id"
        )
    ]
    if not vendors:
        store.close()
        pytest.skip("the bundled graph has no unreviewed screening match to review")
    vendor = vendors[0]
    match = next(
        m for m in vendor_profile.vendor_profile(store, vendor).matches if m.review == "unreviewed"
    )
    store.close()
    at = open_page("screens/vendor.py", {"vendor": vendor, "tab": "Sanctions matches"})
    assert not at.exception, at.exception
    # The reviewer is told what the listing is: authority, list, programmes, date.
    assert match.authority and match.programs and match.listed_on
    shown = page_text(at).replace("\\", "")
    for line in listing_lines(match):
        assert line in shown, line
    assert any(line.startswith("programmes or regimes: ") for line in listing_lines(match))
    next(t for t in at.text_input if t.key == f"reviewer-{match.listed_id}").set_value("a.analyst")
    next(t for t in at.text_input if t.key == f"reason-{match.listed_id}").set_value(
        "same name and program"
    )
    next(b for b in at.button if b.label == "Confirm match").click().run()
    assert not at.exception, at.exception
    assert "Recorded: confirmed" in page_text(at)
    key = (vendor, match.list_code, match.entity_id or match.listed_id)
    assert ReviewStore(own_home.home).load()[key].decision == "confirmed"
    # The panel rebuilt the graph, so the stored match now carries the decision.
    store = LadybugStore(own_home.home / "ladybug")
    reviews = store.read(
        "MATCH (v:Vendor {id: $v})-[m:MATCHES]->(l:ListedEntity {id: $l}) RETURN m.review AS review",
        {"v": vendor, "l": match.listed_id},
    )
    store.close()
    assert reviews == [{"review": "confirmed"}]


def test_listing_lines_say_what_the_list_gives() -> None:
    match = SanctionsMatch(
        listed_id="listed:uksl:RUS0001", listed_name="X", list_code="uksl", entity_id="RUS0001",
        entity_type="entity", authority="UK Foreign, Commonwealth & Development Office (UK Sanctions List)",
        programs=["Russia"], listed_on=["2022-03-15"], list_as_of="2024-01-02",
        identifiers=["Company number: 123"], measures=["Asset freeze"], remarks="Linked to Y. " * 80,
    )  # fmt: skip
    lines = listing_lines(match)
    assert lines[0] == (
        "UK Foreign, Commonwealth & Development Office (UK Sanctions List): UK Sanctions List"
        " (extract as of 2024-01-02)"
    )
    assert lines[1:6] == [
        "listed as: entity, entry RUS0001",
        "programmes or regimes: Russia",
        "listed on 2022-03-15",
        "measures: Asset freeze",
        "identifiers: Company number: 123",
    ]
    assert lines[6].startswith("remarks: Linked to Y.") and lines[6].endswith(" …")
    bare = SanctionsMatch(listed_id="listed:ofac-sdn:1", listed_name="X", list_code="ofac-sdn")
    assert listing_lines(bare) == [
        "US Treasury, Office of Foreign Assets Control (OFAC): US Treasury OFAC SDN list",
        "listing date not given",
    ]
