"""The legal scope of an order on the bundled graph: who it protects, whom it concerns, its status.

Expected values are derived from the declared factors (graph.exposure.weights.REACH, PRECEDENT_FACTOR), not
read back from a run: for the same vendor, event and date every dimension is the same, so a foreign
order's score is the UK order's score times its reach.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph.exposure.engine import exposure
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import compose, find_scenario
from graph.exposure.weights import PRECEDENT_FACTOR, REACH
from graph.model import Event
from graph.results import ExposureResult
from graph.settings import Settings
from graph.store.ladybug import LadybugStore

POLICE = "customer:cust-northshire-police"
CAMERAS = "customer:cust-harbourside-grocers"
DAY = date(2023, 6, 1)  # every EU order below, and the ICO's, issued and not yet overturned


def _run(store: LadybugStore, settings: Settings, customer: str, scenario_id: str,
         day: date = DAY) -> ExposureResult:  # fmt: skip
    scenario = find_scenario(store, scenario_id)
    return exposure(store, customer, scenario, day, rules=read_rules(settings.data / "kb"))


@pytest.mark.parametrize(
    ("scenario_id", "scope", "country"),
    [("garante-clearview-2022", "all_residents", "Italy"),
     ("cnil-clearview-2022", "all_residents", "France"),
     ("hdpa-clearview-2022", "all_residents", "Greece"),
     ("hmbbfdi-clearview-2021", "named_complainants", "Germany")],
)  # fmt: skip
def test_a_foreign_order_scores_its_reach_times_the_uk_order(
    built_store: LadybugStore, built_settings: Settings, scenario_id: str, scope: str, country: str
) -> None:
    ico = _run(built_store, built_settings, POLICE, "ico-clearview-2022")
    foreign = _run(built_store, built_settings, POLICE, scenario_id)
    assert ico.reach == 1.0 and ico.force == foreign.force == 1.0
    assert foreign.reach == REACH[(False, scope)] < 0.5
    assert foreign.score == pytest.approx(ico.score * foreign.reach, abs=0.15)
    assert foreign.score < ico.score - 30  # clearly lower, not the old equal 67.5
    assert country in foreign.reach_reason
    assert "persuasive, not binding on United Kingdom processing" in foreign.reach_reason
    # The caveat names the action by its kinds (the Garante, CNIL and HDPA actions are a fine and an order).
    assert "order" in foreign.scenario.kind_label
    assert any(
        c.startswith(f"Scope of the {foreign.scenario.kind_label}: ") for c in foreign.caveats
    )
    # Not binding: assess, never "suspend" as if the order bound UK processing.
    assert not any(a.title.startswith("Suspend") for a in foreign.actions)


def test_one_complainant_order_reaches_less_than_an_all_residents_one(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    hamburg = _run(built_store, built_settings, POLICE, "hmbbfdi-clearview-2021")
    garante = _run(built_store, built_settings, POLICE, "garante-clearview-2022")
    assert hamburg.scenario.scope == "named_complainants" and hamburg.reach < garante.reach
    assert "one complainant" in hamburg.reach_reason


def test_the_canadian_joint_report_is_findings_not_an_order(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    report = _run(built_store, built_settings, POLICE, "opc-clearview-2021")
    assert report.scenario.scope == "findings_or_guidance"
    assert report.reach == REACH[(False, "findings_or_guidance")]
    assert "findings or guidance without an order" in report.reach_reason


def test_an_action_no_longer_standing_does_not_count(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    # The OAIC's statement of 21 August 2024 (S9): Clearview withdrew from the AAT proceedings in
    # August 2023, so "the original determination still stands"; the OAIC took no further action, which
    # ends no order (the old expectation, "closed 2024-08-21", misread that statement).
    result = _run(built_store, built_settings, POLICE, "ico-clearview-2022", date(2024, 9, 1))
    reputational = next(d for d in result.dimensions if d.name == "reputational")
    standing = next(e for e in reputational.evidence if "standing as of" in e.claim)
    ended = next(e for e in reputational.evidence if "not standing" in e.claim)
    assert "OAIC determination against Clearview AI (2021-10-14, in force)" in standing.claim
    assert "Administrative Appeals Tribunal" not in standing.claim
    assert (
        "Administrative Appeals Tribunal ruling on Clearview AI v Australian Information "
        "Commissioner (withdrawn by the appellant August 2023)" in ended.claim
    )
    assert ended.points == 0
    # Before the statement was published nothing recorded the withdrawal: the ruling still stood.
    before = _run(built_store, built_settings, POLICE, "ico-clearview-2022", date(2024, 8, 1))
    rep_before = next(d for d in before.dimensions if d.name == "reputational")
    standing_before = next(e for e in rep_before.evidence if "standing as of" in e.claim)
    ended_before = next(e for e in rep_before.evidence if "not standing" in e.claim)
    assert "Administrative Appeals Tribunal" in standing_before.claim
    assert "Administrative Appeals Tribunal" not in ended_before.claim


def test_the_closed_facewatch_investigation_is_worded_as_closed(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    scenario = compose(built_store, vendor_id="vendor:facewatch", event=Event.STOP_PROCESSING,
                       effective_date="2024-01-01")  # fmt: skip
    result = exposure(built_store, CAMERAS, scenario, date(2024, 1, 1),
                      rules=read_rules(built_settings.data / "kb"))  # fmt: skip
    regulatory = next(d for d in result.dimensions if d.name == "regulatory")
    precedent = next(e for e in regulatory.evidence if "Southern Co-op" in e.claim)
    assert "closed 2023-03-31, not a sanction" in precedent.claim
    assert "no further action" in precedent.claim
    # A UK (home) precedent counts in full, halved because it was closed.
    assert precedent.points == 10 * PRECEDENT_FACTOR["home"] * PRECEDENT_FACTOR["closed"]
    reputational = next(d for d in result.dimensions if d.name == "reputational")
    assert not any("actioned" in e.claim for e in reputational.evidence)
    text = result.model_dump_json().casefold()
    for false_claim in (
        "sanctioned southern co-op",
        "fined or reprimanded",
        "sanctioned customers",
    ):
        assert false_claim not in text


def test_the_cabinet_office_statement_concerns_hikvision_and_dahua(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    result = _run(built_store, built_settings, CAMERAS, "cabinet-office-hikvision-dahua-2022",
                  date(2023, 1, 1))  # fmt: skip
    assert result.scenario.vendor_ids == ["vendor:dahua", "vendor:hikvision"]
    [cctv] = result.affected
    assert cctv.product == "Hikvision CCTV cameras" and cctv.tier == 1
    assert cctv.path[-1].id == "vendor:hikvision"
    assert result.score > 0 and result.reach == REACH[(True, "sector_or_site_class")]
    assert "sensitive government sites" in result.reach_reason
    assert "Hikvision" in result.scenario.vendor and "Dahua" in result.scenario.vendor
