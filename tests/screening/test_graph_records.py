"""List entries and screening results as graph records, validated against graph.model."""

from __future__ import annotations

import json
from pathlib import Path

from graph.records import NodeRecord
from graph.screening import Matcher, ReviewStore, ScreeningIndex
from graph.settings import BUNDLED_DATA
from ingest.kb import PendingEdge
from ingest.list_hook import match_records
from ingest.list_records import list_records
from ingest.lists import read_list
from ingest.problems import Rejections

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = f"ofac:{BUNDLED_DATA / 'lists' / 'ofac-ns-cmic'}"
FTM = f"ftm:{ROOT / 'tests' / 'fixtures' / 'lists' / 'ftm_sample.json'}"


def test_entries_become_designations_and_listed_entities() -> None:
    records = list(list_records(read_list(SAMPLE)))
    nodes = {r.id: r for r in records if isinstance(r, NodeRecord)}
    hik = nodes["listed:ofac-cons:900001"]
    assert hik.props["entity_id"] == "900001" and hik.props["aliases"] == ["HIKVISION"]
    designation = nodes["designation:ofac-cons:900001"].props
    assert designation["listed_on"] == "2021-06-03"
    assert designation["program"] == "CMIC-EO13959"
    assert designation["authority"] == "US Treasury, Office of Foreign Assets Control (OFAC)"
    assert designation["remarks"] == "Listing Date (CMIC) 03 Jun 2021."
    edges = [r for r in records if isinstance(r, PendingEdge)]
    assert ("DESIGNATES", "designation:ofac-cons:900001", "listed:ofac-cons:900001") in {
        (e.type, e.from_id, e.to_id) for e in edges
    }


def test_ownership_only_between_listed_entities() -> None:
    rejected = Rejections()
    edges = [
        r for r in list_records(read_list(FTM, rejected), rejected) if isinstance(r, PendingEdge)
    ]
    # test-co-1 owns test-co-2, which is not a target: no node, so no OWNED_BY edge.
    assert [e.type for e in edges] == ["DESIGNATES", "DESIGNATES"]


def test_matches_carry_score_explanation_and_review(tmp_path: Path) -> None:
    matcher = Matcher(ScreeningIndex.build(read_list(SAMPLE)))
    vendors = [
        NodeRecord.of("Vendor", id="vendor:hik", name="Hikvision", country="CN"),
        NodeRecord.of("Vendor", id="vendor:yitu", name="Yitu Technology"),
        NodeRecord.of("Vendor", id="vendor:clearview", name="Clearview AI, Inc."),
    ]
    store = ReviewStore(tmp_path)
    store.decide(
        "vendor:yitu", "ofac-cons", "900004", "rejected", "a.analyst", "test of a rejection"
    )
    edges = {e.from_id: e for e in match_records(vendors, matcher, store.load())}
    assert set(edges) == {"vendor:hik", "vendor:yitu"}
    assert edges["vendor:hik"].to_id == "listed:ofac-cons:900001"
    assert edges["vendor:hik"].props["review"] == "unreviewed"
    assert json.loads(edges["vendor:hik"].props["explanation"])["name"]["score"] == 1.0
    assert edges["vendor:yitu"].props["review"] == "rejected"
    assert edges["vendor:yitu"].props["reviewer"] == "a.analyst"


def test_a_vendor_is_screened_against_listed_persons_too() -> None:
    """A vendor may be a sole trader: vendors are screened as a register's rows without a type,
    against listed organisations and persons; an organisation's name meets a person's in full."""
    from graph.screening import IndexedEntry

    index = ScreeningIndex()
    person = IndexedEntry("test", "p1", "POLOZOV, Sergey Pavlovich", "person", (), frozenset(), ())
    index.add_names(person, ["POLOZOV, Sergey Pavlovich"])
    index.finish()
    vendors = [
        NodeRecord.of("Vendor", id="vendor:sole", name="Sergey Polozov"),
        NodeRecord.of("Vendor", id="vendor:ltd", name="Polozov Consulting Ltd"),
    ]
    edges = list(match_records(vendors, Matcher(index), {}))
    assert [(e.from_id, e.to_id) for e in edges] == [("vendor:sole", "listed:test:p1")]
