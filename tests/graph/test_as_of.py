"""As of a date, an answer uses only what was true and known then (the bundled graph)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import vocabulary
from graph.dates import parse_as_of
from graph.exposure.engine import exposure
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import compose, find_scenario, list_scenarios
from graph.model import Event
from graph.results import Evidence, ExposureResult
from graph.settings import Settings
from graph.store.ladybug import LadybugStore

POLICE = "customer:cust-northshire-police"
CAMERAS = "customer:cust-harbourside-grocers"
SAMPLES = [
    "customer:cust-fernhill-accountants",
    CAMERAS,
    "customer:cust-larkspur-stores",
    POLICE,
    "customer:cust-oakfield-academy",
    "customer:cust-riverside-leisure",
]


def _sanctions(store: LadybugStore, day: date) -> list[Evidence]:
    scenario = compose(store, vendor_id="vendor:hikvision", event=Event.SANCTIONS_DESIGNATION,
                       effective_date=day.isoformat())  # fmt: skip
    result = exposure(store, CAMERAS, scenario, day)
    return next(d for d in result.dimensions if d.name == "sanctions").evidence


def test_listings_count_only_from_their_listed_on_date(built_store: LadybugStore) -> None:
    # Hikvision: BIS Entity List 2019-10-07, DoD 1260H June 2020, OFAC NS-CMIC 2021-06-03; FCC
    # undated, recorded by a source of 2022 (FCC-22-84).
    before = _sanctions(built_store, date(2019, 9, 1))
    assert all(e.points == 0 for e in before if e.path)
    assert not any(e.date and e.date > "2019-09-01" for e in before)
    assert not any(vocabulary.list_name("fcc-covered") in e.claim for e in before)  # no source yet
    assert any("No UK designation" in e.claim for e in before)
    after_bis = _sanctions(built_store, date(2019, 10, 7))
    listed = [e for e in after_bis if e.path]
    # An export restriction for US items: supply-chain risk, no effect on a UK buyer's payments.
    assert max(e.points for e in listed) == 15 and "no prohibition on buying" in listed[0].claim
    assert not any("June 2020" in e.claim or "2021-06-03" in e.claim for e in after_bis)
    after_ofac = _sanctions(built_store, date(2021, 6, 3))
    assert any("June 2020" in e.claim for e in after_ofac)  # month precision, printed as such
    assert not any("2020-06-01" in e.claim for e in after_ofac)
    # The what-if UK designation is the one listing that can stop payments.
    assert max(e.points for e in after_ofac) == 100


def _data_claim(store: LadybugStore, settings: Settings, day: date) -> Evidence:
    result = exposure(store, POLICE, find_scenario(store, "ico-clearview-2022"), day,
                      rules=read_rules(settings.data / "kb"))  # fmt: skip
    data = next(d for d in result.dimensions if d.name == "data_remediation")
    return next(e for e in data.evidence if "stored in United States" in e.claim)


def test_us_storage_is_covered_by_the_bridge_only_from_2023_10_12(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    early = _data_claim(built_store, built_settings, date(2022, 6, 1))
    assert "s.77" in early.claim and "IDTA" not in early.claim  # DPA 2018 Part 3, not UK GDPR
    assert "2023-10-12" not in early.claim  # a later fact is not shown as known
    assert early.points == 50 + 25 + 25  # personal data, special category, Part 3 transfer
    late = _data_claim(built_store, built_settings, date(2023, 10, 12))
    assert "s.74" in late.claim and late.points == 50 + 25 + 10  # Part 3 words; partial adequacy


def test_parse_as_of_is_the_one_string_parser() -> None:
    assert parse_as_of(" 2022-06-01 ") == date(2022, 6, 1)
    with pytest.raises(ValueError, match="not a date"):
        parse_as_of("1 June 2022")


def test_a_string_as_of_is_refused_at_the_api(built_store: LadybugStore) -> None:
    scenario = find_scenario(built_store, "ico-clearview-2022")
    with pytest.raises(TypeError, match="parse_as_of"):
        exposure(built_store, POLICE, scenario, "2022-06-01")  # type: ignore[arg-type]


def _evidence(result: ExposureResult) -> list[Evidence]:
    return [*result.action_status_evidence, *(e for d in result.dimensions for e in d.evidence)]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    customer=st.sampled_from(SAMPLES),
    pick=st.integers(min_value=0, max_value=10_000),
    day=st.dates(min_value=date(2018, 1, 1), max_value=date(2026, 11, 27)),
)
def test_no_evidence_is_dated_after_the_as_of_date(
    built_store: LadybugStore, customer: str, pick: int, day: date
) -> None:
    scenarios = list_scenarios(built_store)
    scenario = scenarios[pick % len(scenarios)]
    result = exposure(built_store, customer, scenario, day)
    for item in _evidence(result):
        assert item.date is None or item.date <= day.isoformat(), (scenario.id, item.claim)
        for source in item.sources:
            assert source.date is None or source.date <= day.isoformat(), (scenario.id, source.id)
    for action in result.actions:  # what the customer is told to do cites only what was known
        for source in action.sources:
            assert source.date is None or source.date <= day.isoformat(), (scenario.id, source.id)


def test_an_action_counts_from_its_publication(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    # The Dutch AP decided on 2024-05-16 and published on 2024-09-03.
    def standing(day: date) -> str:
        result = exposure(built_store, POLICE, find_scenario(built_store, "ico-clearview-2022"),
                          day, rules=read_rules(built_settings.data / "kb"))  # fmt: skip
        rep = next(d for d in result.dimensions if d.name == "reputational")
        return next(e.claim for e in rep.evidence if "standing as of" in e.claim)

    assert "Autoriteit Persoonsgegevens" not in standing(date(2024, 6, 1))
    assert "Autoriteit Persoonsgegevens" in standing(date(2024, 9, 3))
