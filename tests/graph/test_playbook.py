"""A UK DPO's playbook: actions follow the order's status and scope; the customer's duties do not."""

from __future__ import annotations

from datetime import date

from graph.exposure.engine import exposure
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import compose, find_scenario
from graph.exposure.weights import ORDER_DIMENSIONS
from graph.model import Event
from graph.results import ExposureResult
from graph.settings import Settings
from graph.store.ladybug import LadybugStore

POLICE = "customer:cust-northshire-police"
FOURTH_PARTY = "customer:cust-larkspur-stores"
CAMERAS = "customer:cust-harbourside-grocers"


def _ico(store: LadybugStore, settings: Settings, customer: str, day: date) -> ExposureResult:
    scenario = find_scenario(store, "ico-clearview-2022")
    return exposure(store, customer, scenario, day, rules=read_rules(settings.data / "kb"))


def _text(result: ExposureResult) -> str:
    return "\n".join(f"{a.title} | {a.detail}" for a in result.actions)


def test_overturned_order_is_never_said_to_bind(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    result = _ico(built_store, built_settings, POLICE, date(2024, 1, 1))
    text = _text(result)
    assert "is subject to" not in text and "Suspend use" not in text
    # The stop-processing order's own word (uk-law.md): "overturned", not the fine's "set aside".
    assert (
        "The order to stop processing against Clearview AI, Inc. stood 'overturned' as of the date and is not in force"
        in text
    )
    # The trial still has no DPIA for high-risk processing: the police's own duties, not the overturned
    # order, are why an exit is advised, and the action says so.
    [exit_] = [a for a in result.actions if a.title.startswith("Negotiate early termination")]
    assert (
        "no longer stands: this follows from your own duties (no DPIA and no lawful basis recorded"
        in exit_.detail
    )
    assert any(a.title.startswith("Assess continued use") for a in result.actions)


def test_remitted_order_says_the_merits_are_pending_at_the_ftt(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    result = _ico(built_store, built_settings, POLICE, date(2025, 11, 1))
    assert "stood 'remitted': merits pending at the FTT" in _text(result)
    assert any("First-tier Tribunal" in c for c in result.caveats)


def test_standing_uk_order_means_suspend(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    result = _ico(built_store, built_settings, POLICE, date(2022, 6, 1))
    suspend = [a for a in result.actions if a.title.startswith("Suspend use")]
    assert suspend and suspend[0].priority == "critical"


def test_police_processing_is_dpa_2018_part_3_not_art_9(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    result = _ico(built_store, built_settings, POLICE, date(2022, 6, 1))
    [process] = result.affected
    assert process.law_enforcement
    regulatory = next(d for d in result.dimensions if d.name == "regulatory")
    claim = next(e.claim for e in regulatory.evidence if e.claim.startswith(process.process))
    assert "DPA 2018 Part 3" in claim and "UK GDPR Art 9" not in claim
    text = _text(result)
    assert "Check the DPA 2018 Part 3 basis for sensitive processing" in text
    assert "Check the Art 9 condition" not in text
    assert "Carry out a DPIA" in text  # no DPIA recorded for the trial


def test_duties_are_not_scaled_by_the_order_status(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    issued = _ico(built_store, built_settings, POLICE, date(2022, 6, 1))
    overturned = _ico(built_store, built_settings, POLICE, date(2024, 1, 1))
    reg = {
        r.as_of: next(d for d in r.dimensions if d.name == "regulatory")
        for r in (issued, overturned)
    }
    assert reg["2022-06-01"].score == reg["2024-01-01"].score  # same duties, same precedents
    weights = sum(d.weight for d in overturned.dimensions)
    own = sum(d.score * d.weight for d in overturned.dimensions if d.name not in ORDER_DIMENSIONS)
    order = sum(d.score * d.weight for d in overturned.dimensions if d.name in ORDER_DIMENSIONS)
    assert overturned.force == 0.3 and overturned.reach == 1.0
    assert overturned.score == round((own + 0.3 * order) / weights, 1)
    assert overturned.score > round(0.3 * (own + order) / weights, 1)  # the old, scaled score
    # The duties appear in the actions whatever the status.
    for result in (issued, overturned):
        assert "Carry out a DPIA" in _text(result)


def test_fourth_party_playbook(built_store: LadybugStore, built_settings: Settings) -> None:
    result = _ico(built_store, built_settings, FOURTH_PARTY, date(2022, 6, 1))
    text = _text(result)
    assert "was authorised to engage" in text and "Art 28(2)" in text and "28(4)" in text
    assert "Instruct Sentinel Guarding Ltd (fictional) to stop routing" in text
    assert "evidence of deletion" in text and "every sub-processor" in text
    assert "personal data breach" in text and "72 hours" in text
    assert "Check the Art 9 condition" in text and "Schedule 1" in text
    assert "Check the Art 10 condition for criminal-offence data" in text
    assert "Update the record of processing" in text and "Art 30" in text


def test_designation_stops_payments_and_names_ofsi(built_store: LadybugStore) -> None:
    scenario = compose(built_store, vendor_id="vendor:hikvision",
                       event=Event.SANCTIONS_DESIGNATION, effective_date="2026-12-01")  # fmt: skip
    result = exposure(built_store, CAMERAS, scenario, date(2026, 12, 1))
    stop = [a for a in result.actions if a.title.startswith("Stop payments that reach")]
    assert stop and "OFSI licence" in stop[0].title and stop[0].priority == "critical"
