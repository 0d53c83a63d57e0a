"""Review decisions outside the graph, and designations propagated along ownership."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.screening.ownership import OwnershipEdge, applies_to, propagate
from graph.screening.review import ReviewStore, effective_matches
from ingest.problems import InputError, UserError


def test_latest_decision_wins_and_survives_reopening(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path)
    store.decide("vendor:hik", "ofac-cons", "30946", "rejected", "a.analyst", "different company")
    store.decide("vendor:hik", "ofac-cons", "30946", "confirmed", "b.analyst", "same USCC")
    store.decide("vendor:acme", "ofac-sdn", "1", "rejected", "a.analyst", "name clash only")
    decisions = ReviewStore(tmp_path).load()
    assert decisions[("vendor:hik", "ofac-cons", "30946")].decision == "confirmed"
    assert decisions[("vendor:hik", "ofac-cons", "30946")].reviewer == "b.analyst"
    assert len(store.path.read_text().splitlines()) == 3  # the file keeps the history


def test_effective_matches_say_which_rule(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path)
    store.decide("v1", "ofac-cons", "A", "confirmed", "r", "checked")
    store.decide("v2", "ofac-cons", "B", "rejected", "r", "false positive")
    matches = [
        ("v1", "ofac-cons", "A", 0.7),
        ("v2", "ofac-cons", "B", 0.99),
        ("v3", "uksl", "C", 0.95),
        ("v4", "un", "D", 0.5),
    ]
    found = effective_matches(matches, store.load(), threshold=0.89)
    assert [(m.vendor_id, m.basis) for m in found] == [
        ("v1", "confirmed"),
        ("v3", "above_threshold"),
    ]


def test_bad_decisions(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path)
    with pytest.raises(UserError):
        store.decide("v", "l", "e", "maybe", "r", "why")
    with pytest.raises(UserError):
        store.decide("v", "l", "e", "confirmed", " ", "why")
    store.path.write_text('{"vendor_id": "v"}\n')
    with pytest.raises(InputError) as caught:
        store.load()
    assert caught.value.line == 1


def test_majority_and_control_chains_carry_the_path() -> None:
    edges = [
        OwnershipEdge("sub", "parent", 0.6, False, "registry"),
        OwnershipEdge("subsub", "sub", None, True, "filing"),
        OwnershipEdge("minority", "parent", 0.3, False),
    ]
    found = propagate({"parent": ["ofac-sdn:1"]}, edges)
    assert [(p.entity, p.path) for p in found] == [
        ("sub", ("parent", "sub")),
        ("subsub", ("parent", "sub", "subsub")),
    ]
    assert "sub is 60% owned by parent (registry)" in found[0].explain()


def test_minority_stakes_aggregate() -> None:
    edges = [OwnershipEdge("target", "a", 0.3, False), OwnershipEdge("target", "b", 0.25, False)]
    found = propagate({"a": ["uksl:X"], "b": ["uksl:X"]}, edges)
    assert [(p.entity, p.aggregated) for p in found] == [("target", True)]
    assert propagate({"a": ["uksl:X"]}, edges) == []


def test_ns_cmic_does_not_pass_to_subsidiaries() -> None:
    assert applies_to(["CMIC-EO13959"]) is False
    assert applies_to(["SDGT", "CMIC-EO13959"]) is True
    assert applies_to(["RUSSIA-EO14024"]) is True
