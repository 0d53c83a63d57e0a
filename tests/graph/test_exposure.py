"""Exposure for each sample customer on the bundled graph (the real embedded store)."""

from __future__ import annotations

from datetime import date

import pytest

from graph.exposure.engine import UnknownCustomer, exposure, portfolio
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import compose, find_scenario, list_scenarios
from graph.model import Event
from graph.results import ExposureResult
from graph.settings import Settings
from graph.store.ladybug import LadybugStore

POLICE = "customer:cust-northshire-police"
FOURTH_PARTY = "customer:cust-larkspur-stores"
LEISURE = "customer:cust-riverside-leisure"
CAMERAS = "customer:cust-harbourside-grocers"
CONTROL = "customer:cust-fernhill-accountants"


def _ico(store: LadybugStore, customer: str, as_of: str, settings: Settings) -> ExposureResult:
    scenario = find_scenario(store, "ico-clearview-2022")
    return exposure(
        store, customer, scenario, date.fromisoformat(as_of), rules=read_rules(settings.data / "kb")
    )


def test_ready_scenarios_come_from_real_actions(built_store: LadybugStore) -> None:
    scenarios = {s.id: s for s in list_scenarios(built_store)}
    ico = scenarios["ico-clearview-2022"]
    assert ico.event is Event.STOP_PROCESSING and ico.vendor_id == "vendor:clearview-ai"
    assert ico.jurisdiction == "GB" and ico.effective_date.startswith("2022-05")
    assert any(s.url and "ico.org.uk" in s.url for s in ico.sources)
    assert len(scenarios) == len(list_scenarios(built_store))  # one scenario per action


def test_police_is_exposed_at_tier_1_with_cited_evidence(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    result = _ico(built_store, POLICE, "2022-06-01", built_settings)
    assert result.action_status == "issued" and result.force == 1.0
    [affected] = result.affected
    assert affected.tier == 1 and affected.special_category
    assert [n.label for n in affected.path] == ["Customer", "Process", "Product", "Vendor"]
    assert affected.path[-1].id == "vendor:clearview-ai"
    assert result.band in ("high", "critical")
    regulatory = next(d for d in result.dimensions if d.name == "regulatory")
    # Law-enforcement processing: biometric data is "sensitive processing" in DPA 2018 Part 3's terms.
    assert regulatory.score >= 40 and any(
        "sensitive processing (DPA 2018 Part 3" in e.claim for e in regulatory.evidence
    )
    urls = {s.url for s in result.sources if s.url}
    assert any("ico.org.uk" in u for u in urls)
    assert any(a.priority == "critical" and "Suspend" in a.title for a in result.actions)


def test_fourth_party_retailer_is_affected_through_its_contractor(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    result = _ico(built_store, FOURTH_PARTY, "2022-06-01", built_settings)
    assert result.affected, "the contractor's service is built on Clearview"
    tier2 = [a for a in result.affected if a.tier == 2]
    assert tier2
    path_labels = [n.label for n in tier2[0].path]
    assert path_labels == ["Customer", "Process", "Product", "Product", "Vendor"]
    assert tier2[0].path[2].rel == "BUILT_ON" and tier2[0].path[-1].id == "vendor:clearview-ai"
    assert tier2[0].supplier and "(fictional)" in tier2[0].supplier  # the contractor is fictional
    assert any("Fourth-party" in a.detail for a in result.actions)


def test_control_customer_scores_low(built_store: LadybugStore, built_settings: Settings) -> None:
    result = _ico(built_store, CONTROL, "2022-06-01", built_settings)
    assert result.affected == [] and result.score == 0 and result.band == "low"
    assert result.actions == []


@pytest.mark.parametrize(
    ("as_of", "status", "force"),
    [("2021-12-01", None, 0.0), ("2022-06-01", "issued", 1.0), ("2024-01-01", "overturned", 0.3),
     ("2025-11-01", "remitted", 0.6)],
)  # fmt: skip
def test_the_ico_penalty_status_is_asked_as_of_a_date(
    built_store: LadybugStore,
    built_settings: Settings,
    as_of: str,
    status: str | None,
    force: float,
) -> None:
    result = _ico(built_store, POLICE, as_of, built_settings)
    assert result.action_status == status and result.force == force
    if status == "remitted":
        assert any("remitted" in e.claim for e in result.action_status_evidence)
        assert any("pending" in c or "not final" in c for c in result.caveats)


def test_score_follows_the_history(built_store: LadybugStore, built_settings: Settings) -> None:
    scores = [
        _ico(built_store, POLICE, d, built_settings).score
        for d in ("2022-06-01", "2024-01-01", "2025-11-01")
    ]
    assert scores[0] > scores[2] > scores[1] > 0


def test_what_if_sanctions_designation_of_hikvision(built_store: LadybugStore) -> None:
    scenario = compose(built_store, vendor_id="vendor:hikvision", event=Event.SANCTIONS_DESIGNATION,
                       effective_date="2026-12-01", jurisdiction="GB")  # fmt: skip
    result = exposure(built_store, CAMERAS, scenario, date.fromisoformat("2026-12-01"))
    assert result.scenario.what_if and result.force == 1.0
    assert [a.tier for a in result.affected] == [1]
    sanctions = next(d for d in result.dimensions if d.name == "sanctions")
    assert sanctions.score > 0 and sanctions.evidence  # curated restricted-list matches
    assert exposure(built_store, CONTROL, scenario, date.fromisoformat("2026-12-01")).score == 0


def test_portfolio_ranks_every_sample_customer(
    built_store: LadybugStore, built_settings: Settings
) -> None:
    rows = portfolio(built_store, find_scenario(built_store, "ico-clearview-2022"), date(2022, 6, 1),
                     rules=read_rules(built_settings.data / "kb"))  # fmt: skip
    ids = [r.customer_id for r in rows]
    assert len(ids) >= 5 and set(ids[:2]) == {POLICE, FOURTH_PARTY}
    assert [r.rank for r in rows] == list(range(1, len(rows) + 1))
    assert rows[-1].score == 0


def test_unknown_customer_is_a_lookup_error(built_store: LadybugStore) -> None:
    with pytest.raises(UnknownCustomer, match="vendorgraph customers"):
        exposure(
            built_store,
            "customer:nobody",
            find_scenario(built_store, "ico-clearview-2022"),
            date(2022, 6, 1),
        )
