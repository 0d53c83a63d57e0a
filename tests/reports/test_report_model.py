"""The report model: every claim cited, sources numbered in order, a summary that says why."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib.metadata import version

import pytest

from graph.reports import PortfolioReport, Report, build_report
from graph.reports.build import provenance
from graph.results import ExposureResult

from .conftest import FINGERPRINT, GENERATED_AT, make_report
from .samples import (
    FTT,
    ICO_MPN,
    NS_CMIC,
    council_result,
    police_after_ftt,
    police_result,
    unaffected_result,
)


def _all_cites(report: Report) -> list[int]:
    groups = [report.scenario.cites, *(c.cites for c in report.summary)]
    groups += [c.cites for c in report.status_history + report.caveats]
    groups += [p.cites for p in report.affected] + [a.cites for a in report.actions]
    groups += [e.cites for d in report.dimensions for e in d.evidence]
    return [n for group in groups for n in group]


def test_sources_are_numbered_from_one_in_order(report: Report) -> None:
    assert [c.n for c in report.sources] == list(range(1, len(report.sources) + 1))
    assert len({c.id for c in report.sources}) == len(report.sources)


def test_every_cited_number_is_in_the_source_list(report: Report) -> None:
    numbers = {c.n for c in report.sources}
    assert set(_all_cites(report)) <= numbers


def test_every_source_the_engine_used_is_listed(sample: tuple[ExposureResult, Report]) -> None:
    result, report = sample
    listed = {c.id for c in report.sources}
    assert {s.id for s in result.sources} <= listed
    assert {s.id for s in result.scenario.sources} <= listed


def test_evidence_cites_exactly_the_engines_sources(sample: tuple[ExposureResult, Report]) -> None:
    result, report = sample
    by_number = {c.n: c.id for c in report.sources}
    for dimension, section in zip(result.dimensions, report.dimensions, strict=True):
        for evidence, item in zip(dimension.evidence, section.evidence, strict=True):
            assert item.cites == sorted(item.cites)
            assert {by_number[n] for n in item.cites} == {s.id for s in evidence.sources}
            assert item.claim == evidence.claim and item.points == evidence.points


def test_scenario_and_status_are_cited(police_report: Report) -> None:
    first = police_report.sources[0]
    assert first.id == ICO_MPN.id and first.url == ICO_MPN.url
    assert police_report.scenario.cites == [1, 2]
    assert police_report.status_history[0].cites == [1]
    assert "£7,552,800" in police_report.status_history[0].text


def test_summary_states_band_score_and_drivers(police_report: Report) -> None:
    headline, status, reach, *rest = police_report.summary
    assert "Northshire Police" in headline.text and "CRITICAL" in headline.text
    assert "76.2 out of 100" in headline.text and "2022-06-01" in headline.text
    assert headline.cites == [1, 2]
    assert "'issued'" in status.text and "100%" in status.text
    assert "2 processes" in reach.text and "1 directly, 1 through other suppliers" in reach.text
    drivers = [c.text for c in rest if "exposure scores" in c.text]
    assert [d.split(" exposure")[0] for d in drivers] == [
        "Regulatory",
        "Operational",
        "Data remediation",
    ]
    assert all(c.cites for c in rest)
    assert "7 actions follow, 2 of them critical" in rest[-1].text


def test_contributions_add_up_to_the_score(report: Report) -> None:
    total = sum(d.contribution for d in report.dimensions)
    assert total == pytest.approx(report.score, abs=0.3)


def test_unaffected_customer_reads_zero() -> None:
    report = make_report(unaffected_result())
    assert report.score == 0 and not report.actions
    assert "No process of Westbrook Academy Trust depends on" in report.summary[2].text


def test_caveat_on_an_overturned_order_cites_the_tribunal() -> None:
    report = make_report(police_after_ftt())
    ftt = next(c.n for c in report.sources if c.id == FTT.id)
    caveat = next(c for c in report.caveats if "'overturned'" in c.text)
    assert ftt in caveat.cites
    assert "30%" in report.summary[1].text


def test_caveats_on_lists_and_unreviewed_matches() -> None:
    report = make_report(council_result())
    texts = [c.text for c in report.caveats]
    assert any("not yet reviewed" in t for t in texts)
    freshness = next(c for c in report.caveats if c.text.startswith("Restricted-list facts"))
    assert NS_CMIC.date is not None and NS_CMIC.date in freshness.text and freshness.cites
    assert any("after the as-of date" in t for t in texts)
    assert any("evidence items cite no source" in t for t in texts)


def test_fictional_customer_is_flagged(police_report: Report) -> None:
    assert any("fictional sample organisation" in c.text for c in police_report.caveats)


def test_actions_carry_days_from_the_as_of_date(police_report: Report) -> None:
    due = {a.title: a.days_from_as_of for a in police_report.actions}
    assert due["Complete a DPIA for Custody image search"] == 14
    assert police_report.actions[0].priority == "critical"


def test_provenance() -> None:
    made = provenance(FINGERPRINT, GENERATED_AT)
    assert made.generated_at == "2026-01-02T03:04:05Z"
    assert made.tool == "vendorgraph" and made.tool_version == version("vendorgraph")
    assert made.graph_fingerprint == FINGERPRINT
    naive = provenance(FINGERPRINT, datetime(2026, 1, 2, 3, 4, 5, 999))
    assert naive.generated_at == "2026-01-02T03:04:05Z"


def test_source_date_epoch_fixes_generation_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(GENERATED_AT.timestamp())))
    report = build_report(police_result(), graph_fingerprint=FINGERPRINT)
    assert report.provenance.generated_at == "2026-01-02T03:04:05Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    now = build_report(police_result(), graph_fingerprint=FINGERPRINT).provenance.generated_at
    assert now[:4] == str(datetime.now(UTC).year)


def test_portfolio_summary(portfolio_report: PortfolioReport) -> None:
    texts = [c.text for c in portfolio_report.summary]
    assert texts[0].startswith("3 customers assessed") and "1 critical, 1 medium, 1 low" in texts[0]
    assert "Northshire Police, CRITICAL (76.2 out of 100)" in texts[1]
    assert "regulatory and operational" in texts[1]
    assert texts[2] == "1 customer runs no process that depends on Clearview AI, Inc."
    assert [r.rank for r in portfolio_report.rows] == [1, 2, 3]
    assert portfolio_report.summary[0].cites == [1, 2]
