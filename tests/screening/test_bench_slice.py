"""Regression on a fixed slice of the screening benchmark (bench/screening_bench.py): real names on
no list must not alert, labelled list-name variants must be found. Labels come from the lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.eval_set import build_positives, negatives
from graph.screening import Matcher, Query, ScreeningIndex
from ingest.listing import ListEntry, Rejections
from ingest.ofac import read_ofac
from ingest.un import read_un

pytestmark = pytest.mark.shared_data

# Hand-checked: IRON MOUNTAIN ENTERPRISES LIMITED (OFAC SDN 24671, British Virgin Islands) is not
# the US records-management company; the names differ only by a generic word and the legal form,
# which lowers the score but not below the threshold. Any other alert is a regression.
KNOWN_FALSE_ALERTS = {"Iron Mountain Incorporated"}


@pytest.fixture(scope="module")
def entries(shared_data: Path) -> list[ListEntry]:
    found: list[ListEntry] = []
    for folder in ("sdn-2019", "non-sdn"):
        found += read_ofac(shared_data / "ofac" / folder, Rejections())
    found += read_un(shared_data / "un" / "UN_consolidated.xml", Rejections())
    return found


@pytest.fixture(scope="module")
def matcher(entries: list[ListEntry]) -> Matcher:
    return Matcher(ScreeningIndex.build(entries))


def test_real_organisations_on_no_list_raise_no_alert(
    entries: list[ListEntry], matcher: Matcher
) -> None:
    clean, set_aside = negatives(entries)
    assert len(clean) >= 1000
    assert set_aside == ["Ministry of Defence"]  # the UN lists an entity of that name
    alerted = {
        c.query: [m.name for m in found]
        for c in clean[::3]  # a fixed third of them: seconds, not minutes
        if (found := matcher.screen(Query(c.query, kind="organisation")))
    }
    assert set(alerted) <= KNOWN_FALSE_ALERTS, alerted


@pytest.mark.parametrize("schema", ["entity", "person"])
def test_labelled_variants_are_found(
    entries: list[ListEntry], matcher: Matcher, schema: str
) -> None:
    cases = build_positives(entries, 60, seed=21, schemas=(schema,))
    assert {c.list for c in cases} == {"ofac-sdn", "ofac-cons", "un"}
    found = [
        {(m.list, m.entity_id) for m in matcher.screen(c.query, schemas=[schema])} for c in cases
    ]
    hits = sum(1 for c, f in zip(cases, found, strict=True) if f & c.gold)
    wrong = [c.query for c, f in zip(cases, found, strict=True) if f and not f & c.gold]
    assert hits / len(cases) >= 0.95, [
        c.query for c, f in zip(cases, found, strict=True) if not f & c.gold
    ]
    assert len(wrong) <= 1, wrong


def test_screen_command_schema_option(tmp_path: Path, shared_data: Path) -> None:
    import io
    import json

    from ingest.problems import UserError
    from vendorgraph.screen_command import run_screen

    names = tmp_path / "names.csv"
    names.write_text("name\nNS Leader\nMoreno Daniel\n", encoding="utf-8")
    sample = [f"ofac:{shared_data / 'ofac' / 'sample'}"]

    def screen(schema: str) -> list[list[str]]:
        out = io.StringIO()
        run_screen(names, sample, None, True, False, out=out, err=io.StringIO(), schema=schema)
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
        return [[m["explanation"]["schema"]["list"] for m in r["matches"]] for r in rows]

    assert screen("entity") == [[], []]  # organisations only: no vessel, no person
    assert screen("entity,person") == [[], ["person"]]  # the default: no vessel
    assert screen("vessel,person") == [["vessel"], ["person"]]
    with pytest.raises(UserError, match="unknown schema"):
        screen("ship")
