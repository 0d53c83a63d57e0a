"""Conflicts that count against a match (issue 18): country and nationality words, cities and
regions that differ; a name of one kind meeting another kind's name on one word; and what a
register leaves out of a person's name (middle names). Each effect is in the explanation."""

from __future__ import annotations

import pytest

from graph.screening import IndexedEntry, Matcher, Query, ScreeningIndex
from graph.screening.places import conflict, countries

ROWS = [
    ("nbi", "entity", ["NATIONAL BANK OF IRAN"]),
    ("nbc", "entity", ["NATIONAL BANK OF CUBA"]),
    ("bom", "entity", ["BANK OF MOSCOW"]),
    ("cbi", "entity", ["CENTRAL BANK OF IRAN"]),
    ("melli", "entity", ["BANK MELLI IRAN"]),
    ("hik", "entity", ["HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."]),
    ("polozov", "person", ["POLOZOV, Sergey Pavlovich"]),
    ("andre", "person", ["JOHNSON, Andre"]),
    ("oriental", "vessel", ["ORIENTAL"]),
    ("marina", "vessel", ["MARINA"]),
]
ALL = ("entity", "person", "vessel", "aircraft")


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    index = ScreeningIndex()
    for entity_id, schema, names in ROWS:
        entry = IndexedEntry("test", entity_id, names[0], schema, (), frozenset(), ())
        index.add_names(entry, names)
    index.finish()
    return Matcher(index)


def _scores(matcher: Matcher, query: Query | str, **kw: object) -> dict[str, float]:
    return {m.entity_id: m.score for m in matcher.screen(query, 0.0, **kw)}  # type: ignore[arg-type]


def test_place_words_are_read_as_countries() -> None:
    assert countries(("national", "bank", "of", "kuwait", "international")) == (("kw", "kuwait"),)
    assert countries(("bank", "of", "moscow")) == (("ru", "moscow"),)  # a city names its country
    assert countries(("hellenic", "bank")) == (("gr", "hellenic"),)  # a nationality word
    assert countries(("and", "can", "per", "bank")) == ()  # codes are not words
    assert conflict(("bank", "of", "greece"), ("bank", "of", "iran")) == ("greece", "iran")
    assert conflict(("bank", "melli", "iran", "london"), ("bank", "melli", "iran")) is None
    assert conflict(("hikvision", "hong", "kong"), ("hangzhou", "hikvision")) is None


@pytest.mark.parametrize(
    ("query", "listed", "words"),
    [
        ("National Bank of Kuwait (International) plc", "nbi", "Kuwait / Iran"),
        ("National Bank of Kuwait (International) plc", "bom", "Kuwait / Moscow"),
        ("National Bank of Greece", "nbc", "Greece / Cuba"),
        ("Central Bank of Ireland", "cbi", "Ireland / Iran"),
    ],
)
def test_country_words_that_differ_count_against_a_match(
    matcher: Matcher, query: str, listed: str, words: str
) -> None:
    match = next(m for m in matcher.screen(query, 0.0) if m.entity_id == listed)
    assert match.score < 0.89
    assert match.explanation["places"]["effect"] < 0
    assert f"country words differ: {words}" in match.summary()
    assert matcher.screen(query) == []


def test_country_words_that_agree_do_not(matcher: Matcher) -> None:
    [match] = matcher.screen("Bank Melli Iran London Branch")
    assert match.entity_id == "melli"
    assert match.explanation["places"] == {"query": None, "list": None, "effect": 0.0}


def test_one_word_of_a_vessel_does_not_alert(matcher: Matcher) -> None:
    for name in ("Oriental Trading Ltd", "Marina Developments"):
        found = matcher.screen(name, 0.0, ALL)
        vessel = next(m for m in found if m.entry.schema == "vessel")
        assert vessel.score == 0.0, name
        assert vessel.explanation["schema"]["rule"] == "not the whole name"
    # The vessel's whole name, as a row of unknown kind: found, marked down; as a vessel: in full.
    [whole] = matcher.screen("Oriental", schemas=ALL)
    assert whole.explanation["schema"]["rule"] == "whole name"
    assert whole.score == pytest.approx(0.92)
    [vessel] = matcher.screen(Query("Oriental", kind="vessel"), schemas=ALL)
    assert vessel.score == 1.0 and vessel.explanation["schema"]["effect"] == 0.0


def test_an_organisation_meets_a_person_only_in_full(matcher: Matcher) -> None:
    andre = next(m for m in matcher.screen("Johnson & Johnson", 0.0) if m.entity_id == "andre")
    assert andre.score == 0.0
    assert andre.explanation["schema"]["read_as"] == "organisation"  # "and" is no person's word
    # The same words of unknown kind and no organisation word are a person's name.
    assert _scores(matcher, "Andre Johnson")["andre"] == 1.0


def test_a_person_without_middle_names_is_found(matcher: Matcher) -> None:
    [match] = matcher.screen("Sergey Polozov")
    assert match.entity_id == "polozov"
    assert match.explanation["name"]["middle_names"] == ["pavlovich"]
    assert matcher.screen("Sergey Ivanov") == []  # the surname decides
