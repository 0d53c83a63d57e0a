"""Organisation-aware screening: schemas, rare words, short names, legal forms and countries as
evidence, tie-breaks, and the candidate API that name resolution uses (no shared data needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.screening import (
    Candidate,
    IndexedEntry,
    Matcher,
    Query,
    ScreeningIndex,
    name_matcher,
    normalise,
    score_names,
)
from graph.screening.legal_forms import form_relation, split_forms
from graph.screening.weights import REFERENCE_FILE, reference_rarity

ROOT = Path(__file__).resolve().parents[2]
ALL = ("entity", "person", "vessel", "aircraft")


def _index(rows: list[tuple[str, str, list[str], tuple[str, ...]]]) -> ScreeningIndex:
    """rows: (entity_id, schema, names, countries)."""
    index = ScreeningIndex()
    for entity_id, schema, names, countries in rows:
        entry = IndexedEntry("test", entity_id, names[0], schema, countries, frozenset(), ())
        index.add_names(entry, names)
    index.finish()
    return index


# Shapes of the false alerts and lost tie-breaks reported in issue 10, as small lists.
ISSUE_LIST = _index(
    [
        ("company-emma", "entity", ["EMMA LLC"], ()),
        ("vessel-emma", "vessel", ["EMMA 2", "EMMA"], ()),
        ("like-wise", "entity", ["LIKE WISE"], ()),
        ("capital", "entity", ["CAPITAL S.A.L."], ("lb",)),
        ("benzl", "entity", ["BENZL"], ()),
        ("accenture-bm", "entity", ["ACCENTURE BUILDING MATERIALS"], ()),
        ("iss", "entity", ["ISIS-SOMALIA", "ISS"], ("so",)),
        ("donna-shell", "person", ["SHELL, Donna"], ()),
        ("stg-llc", "entity", ["STROYTRANSGAZ LLC", "OOO STROYTRANSGAZ"], ("ru",)),
        ("stg-ojsc", "entity", ["STROYTRANSGAZ OJSC", "OAO STROYTRANSGAZ"], ("ru",)),
        ("manaure-sa", "entity", ["MANAURE S.A."], ("co",)),
        ("manaure-ltda", "entity", ["MANAURE LTDA."], ("co",)),
        ("megvii", "entity", ["MEGVII TECHNOLOGY LIMITED"], ("cn",)),
        ("yitu", "entity", ["YITU LIMITED"], ("cn",)),
    ]
)


@pytest.mark.parametrize(
    "vendor",
    [
        "Wise plc",
        "Capita plc",
        "Shell plc",
        "Bunzl plc",
        "Accenture plc",
        "ISS Facility Services Ltd",
        "ISS A/S",
        "EE Limited",
        "BT Group plc",
    ],
)
def test_ordinary_uk_suppliers_raise_no_alert(vendor: str) -> None:
    matcher = Matcher(ISSUE_LIST)
    assert matcher.screen(Query(vendor, kind="organisation"), schemas=ALL) == []


def test_common_and_one_letter_off_words_are_explained_below_threshold() -> None:
    found = Matcher(ISSUE_LIST).screen("Capita plc", threshold=0.5)
    capital = next(m for m in found if m.entity_id == "capital")
    assert capital.score < 0.89
    assert capital.explanation["name"]["rule"] == "one distinctive word, not matched exactly"


def test_default_is_organisations_and_persons_and_kinds_meet_only_in_full() -> None:
    matcher = Matcher(ISSUE_LIST)
    assert matcher.schemas == {"entity", "person"}
    assert [m.entity_id for m in matcher.screen("EMMA")] == ["company-emma"]  # no vessel
    assert [m.entity_id for m in matcher.screen("EMMA", schemas=["vessel"])] == ["vessel-emma"]
    both = matcher.screen("EMMA", schemas=["entity", "vessel"])
    assert {m.entity_id: m.explanation["schema"]["list"] for m in both} == {
        "company-emma": "entity",
        "vessel-emma": "vessel",
    }
    # A person's name is found by default, unless the row says the name is an organisation.
    donna = matcher.screen("Donna Shell")[0]
    assert donna.entity_id == "donna-shell"
    assert donna.explanation["schema"] == {
        "query": None,
        "read_as": None,
        "list": "person",
        "searched": ["entity", "person"],
        "rule": None,
        "effect": 0.0,
    }
    assert matcher.screen(Query("Donna Shell", kind="organisation"), threshold=0.5) == []
    assert matcher.searched(Query("Donna Shell", kind="organisation")) == {"entity"}
    # A name whose words say organisation meets a person's name only in full.
    shell = matcher.screen("Shell plc", threshold=0.0)
    assert all(m.score == 0.0 for m in shell if m.entity_id == "donna-shell")
    full = matcher.screen(Query("Donna Shell Ltd"), threshold=0.5)[0]
    assert full.explanation["schema"]["read_as"] == "organisation"
    assert full.explanation["schema"]["rule"] == "whole name"
    assert full.explanation["schema"]["effect"] < 0
    with pytest.raises(ValueError, match="unknown schema"):
        matcher.screen("EMMA", schemas=["ship"])


@pytest.mark.parametrize(
    ("query", "winner", "runner_up"),
    [
        ("EMMA LLC", "company-emma", "vessel-emma"),
        ("STROYTRANSGAZ LLC", "stg-llc", "stg-ojsc"),
        ("OAO Stroytransgaz", "stg-ojsc", "stg-llc"),
        ("MANAURE S A", "manaure-sa", "manaure-ltda"),
        ("Manaure Limitada", "manaure-ltda", "manaure-sa"),
    ],
)
def test_ties_are_broken_by_legal_form_never_list_order(
    query: str, winner: str, runner_up: str
) -> None:
    found = Matcher(ISSUE_LIST).screen(query, threshold=0.5, schemas=ALL)
    ids = [m.entity_id for m in found]
    assert ids.index(winner) < ids.index(runner_up)
    best = found[0]
    assert best.explanation["legal_form"]["relation"] == "agrees"
    assert "legal form agrees" in best.summary()


def test_conflicting_country_and_legal_form_lower_the_score() -> None:
    matcher = Matcher(ISSUE_LIST)
    plain = matcher.screen(Query("Stroytransgaz LLC"))[0]
    elsewhere = matcher.screen(Query("Stroytransgaz OJSC", country="gb"))[0]
    assert plain.score == 1.0
    assert elsewhere.entity_id == "stg-ojsc" and elsewhere.score < plain.score
    assert elsewhere.explanation["country"]["effect"] < 0
    other_form = matcher.screen(Query("Manaure LLP"), threshold=0.5)
    assert all(m.explanation["legal_form"]["relation"] == "differs" for m in other_form)
    assert len(other_form) == 2
    assert all(m.explanation["legal_form"]["effect"] < 0 for m in other_form)


def test_distinctive_names_still_match_through_generic_words() -> None:
    matcher = Matcher(ISSUE_LIST)
    assert [m.entity_id for m in matcher.screen("Megvii")] == ["megvii"]
    assert [m.entity_id for m in matcher.screen("Yitu Technology")] == ["yitu"]
    assert [m.entity_id for m in matcher.screen("YITU")] == ["yitu"]


def test_short_names_need_the_whole_name() -> None:
    index = _index([("bt", "entity", ["BT"], ()), ("ee", "entity", ["EE LIMITED"], ())])
    matcher = Matcher(index)
    assert [m.entity_id for m in matcher.screen("B.T.")] == ["bt"]
    assert [m.entity_id for m in matcher.screen("EE Ltd")] == ["ee"]
    for near in ("BT Group", "BTT", "EEE", "Bet"):
        assert matcher.screen(near) == [], near


def test_rarity_combines_lists_and_ordinary_names() -> None:
    assert reference_rarity("services") <= 0.25
    assert reference_rarity("capital") <= 0.4
    assert reference_rarity("hikvision") > 0.9
    assert reference_rarity("comapny") <= 0.05  # a misspelt legal-form word says nothing


def test_legal_forms_across_jurisdictions() -> None:
    assert split_forms(["acme", "s", "r", "o"]) != (["acme", "s", "r", "o"], [])
    assert normalise("Acme s.r.o.").legal_forms == ("sro",)
    assert normalise("Acme EOOD").tokens == ("acme",)
    assert normalise("RS Group plc").tokens == ("rs", "group")  # initials are not a form
    assert form_relation(("llc",), ("ooo",)) == "similar"
    assert form_relation(("co", "ltd"), ("ltd",)) == "agrees"
    assert form_relation(("plc",), ("ltd",)) == "differs"
    assert form_relation((), ("ltd",)) == "one side"


def test_candidate_api_for_name_resolution() -> None:
    matcher = name_matcher(
        [
            Candidate("vendor:facewatch", ("Facewatch",), "gb"),
            Candidate("vendor:clearview", ("Clearview AI, Inc.", "Smartcheckr"), "us"),
            Candidate("vendor:hik", ("Hangzhou Hikvision Digital Technology Co., Ltd.",)),
        ]
    )
    for name, expected in [
        ("Facewatch Ltd", "vendor:facewatch"),
        ("Facewatch Limited", "vendor:facewatch"),
        ("Clearview AI Inc.", "vendor:clearview"),
        ("clearview.ai", "vendor:clearview"),
        ("Smartcheckr", "vendor:clearview"),
        ("Hikvision Digital Technology", "vendor:hik"),
    ]:
        found = matcher.screen(Query(name, kind="organisation"))
        assert [m.entity_id for m in found] == [expected], name
        assert set(found[0].explanation) >= {"name", "legal_form", "country", "schema"}
    assert matcher.screen(Query("Clearwater Ltd", kind="organisation")) == []
    pair = score_names("Facewatch Ltd", "Facewatch", country="gb")
    assert pair.score == 1.0 and pair.explanation["legal_form"]["relation"] == "one side"
    assert score_names("Tesco", "Hikvision").score < 0.5
    given = score_names(Query("Facewatch", legal_forms=("Limited",)), "Facewatch Ltd")
    assert given.explanation["legal_form"]["relation"] == "agrees"


def test_reference_corpus_is_disjoint_from_the_benchmark_negatives() -> None:
    def names(path: Path) -> set[str]:
        lines = path.read_text(encoding="utf-8").splitlines()
        return {normalise(n).text for n in lines if n.strip() and not n.startswith("#")}

    reference = names(REFERENCE_FILE)
    negatives = names(ROOT / "bench" / "real_companies.txt")
    assert len(reference) >= 800 and len(negatives) >= 1000
    assert reference.isdisjoint(negatives), sorted(reference & negatives)[:10]
