"""Screening against the real OFAC lists and the project's NS-CMIC sample: the issue's done-when."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from graph.screening import DEFAULT_THRESHOLD, Matcher, Query, ScreeningIndex, screen_many
from graph.settings import BUNDLED_DATA
from ingest.listing import ListEntry, Rejections
from ingest.ofac import read_ofac

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = BUNDLED_DATA / "lists" / "ofac-ns-cmic"

VARIANTS = {
    "30946": [
        "Hikvision",
        "HIKVISION DIGITAL TECHNOLOGY CO LTD",
        "Hangzhou Hikvision",
        "Hik Vision",
        "Hikvison Digital Tech",
    ],
    "33114": ["SenseTime", "SenseTime Group Ltd", "Sense Time Group"],
    "33091": ["Megvii", "Megvii Technology", "MEGVII Technology Limited"],
    "33112": ["CloudWalk", "Cloudwalk Technology Co., Ltd.", "Cloud Walk Technology"],
    "33893": ["Yitu", "Yitu Technology", "YITU Limited"],
}
NOT_LISTED = [
    "Clearview AI, Inc.",
    "Clearview AI",
    "Facewatch Ltd",
    "Facewatch",
    "NEC Corporation",
    "NEC",
    "Idemia",
    "IDEMIA Identity & Security",
]


@pytest.fixture(scope="module")
def ofac_matcher(shared_data: Path) -> Matcher:
    entries: list[ListEntry] = []
    for folder in ("sdn-2019", "non-sdn"):
        entries += read_ofac(shared_data / "ofac" / folder, Rejections())
    return Matcher(ScreeningIndex.build(entries))


@pytest.mark.parametrize(
    ("entity_id", "name"), [(e, n) for e, names in VARIANTS.items() for n in names]
)
def test_real_ofac_finds_ns_cmic_vendors_under_variants(
    ofac_matcher: Matcher, entity_id: str, name: str
) -> None:
    matches = ofac_matcher.screen(name)
    assert matches, f"{name!r} found nothing"
    best = matches[0]
    assert (best.list, best.entity_id) == ("ofac-cons", entity_id)
    assert best.score >= DEFAULT_THRESHOLD
    assert best.explanation["summary"].startswith("name ")


@pytest.mark.parametrize("name", NOT_LISTED)
def test_real_ofac_flags_none_of_the_unlisted(ofac_matcher: Matcher, name: str) -> None:
    assert ofac_matcher.screen(name) == []


def test_identifier_and_country_agreement_explained(ofac_matcher: Matcher) -> None:
    query = Query("Hangzhou Hikvision", country="cn", identifiers=("91330000733796106P",))
    best = ofac_matcher.screen(query)[0]
    assert best.entity_id == "30946"
    assert best.score >= 0.99
    assert best.explanation["identifier"]["agrees"] == ["91330000733796106P"]
    assert best.explanation["country"]["effect"] > 0
    other = ofac_matcher.screen(Query("Hangzhou Hikvision", country="gb"), threshold=0.5)[0]
    assert other.explanation["country"]["effect"] < 0
    assert other.score < best.score


def test_blocking_meets_tens_not_thousands(ofac_matcher: Matcher) -> None:
    from graph.screening.normalise import normalise

    index = ofac_matcher.index
    assert len(index) > 20_000
    for name in ("Hikvision Digital Technology", "Global Trading Company", "Mohammed Ali"):
        assert len(index.candidates(normalise(name))) <= 300


def test_project_sample_finds_the_five() -> None:
    matcher = Matcher(ScreeningIndex.build(read_ofac(SAMPLE)))
    found = {
        name: [m.entity_id for m in matcher.screen(name)]
        for name in ("Hikvision", "SenseTime", "Megvii Technology Ltd", "Yitu", "CloudWalk")
    }
    assert found == {
        "Hikvision": ["900001"],
        "SenseTime": ["900002"],
        "Megvii Technology Ltd": ["900003"],
        "Yitu": ["900004"],
        "CloudWalk": ["900005"],
    }
    assert matcher.screen("Zhejiang Dahua Technology") == []
    assert all(matcher.screen(n) == [] for n in NOT_LISTED)


def test_screen_many_keeps_order_across_workers() -> None:
    matcher = Matcher(ScreeningIndex.build(read_ofac(SAMPLE)))
    names = ["Hikvision", "Clearview AI", "Yitu"] * 1000
    parallel = screen_many(matcher, names, workers=2)
    assert [[m.entity_id for m in r] for r in parallel[:3]] == [["900001"], [], ["900004"]]
    assert len(parallel) == len(names)


def test_a_batch_gives_the_collector_back_as_it_found_it() -> None:
    # screen_many sets the heap aside from the cyclic collector while it runs (batch.py); after
    # it nothing is left frozen, and objects a caller froze itself stay frozen.
    matcher = Matcher(ScreeningIndex.build(read_ofac(SAMPLE)))
    names = ["Hikvision", "Clearview AI"] * 10
    assert gc.get_freeze_count() == 0
    assert [len(r) for r in screen_many(matcher, names)] == [1, 0] * 10
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        screen_many(matcher, names)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
