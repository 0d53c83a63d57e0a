"""Turning an exposure result (or a portfolio ranking) into a report whose every claim is cited.

Sources are numbered in the order the report first cites them, so the same result always gives
the same numbers. Nothing here reads the clock unless no generation time is given, and then
SOURCE_DATE_EPOCH (the reproducible-builds convention) wins over the wall clock.

>>> report = build_report(result, graph_fingerprint=content_hash(store),
...                       generated_at=datetime(2026, 1, 1, tzinfo=UTC))
>>> report.sources[0].n
1
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from graph import vocabulary
from graph.exposure.weights import ORDER_DIMENSIONS
from graph.model import Event
from graph.reports.model import (
    ActionItem,
    Citation,
    Claim,
    DimensionSection,
    EvidenceItem,
    PortfolioEntry,
    PortfolioReport,
    ProcessItem,
    Provenance,
    Report,
    ScenarioInfo,
    Step,
)
from graph.reports.summary import exposure_caveats, exposure_summary, portfolio_summary
from graph.reports.wording import dimension_label, path_text
from graph.results import Evidence, ExposureResult, PathNode, PortfolioRow, Scenario, SourceRef

__all__ = ["REPORT_ROWS", "Citations", "build_portfolio_report", "build_report", "provenance"]

# The most rows of each list (affected processes, evidence per dimension, actions, portfolio lines)
# a report shows: a graph with thousands of them still gives a report that renders and opens. The
# summary counts everything; a caveat says how many more were left out and where to find them.
REPORT_ROWS = 200
_FULL_LIST = "`vendorgraph exposure --json` lists them all"


class Citations:
    """The report's numbered source list, filled in the order sources are first cited."""

    def __init__(self) -> None:
        self._by_id: dict[str, Citation] = {}

    def cite(self, refs: Iterable[SourceRef]) -> list[int]:
        """The numbers of these sources (ascending), numbering any not cited before."""
        numbers: list[int] = []
        for ref in refs:
            known = self._by_id.get(ref.id)
            if known is None:
                known = Citation(
                    n=len(self._by_id) + 1,
                    id=ref.id,
                    title=ref.title,
                    url=ref.url,
                    publisher=ref.publisher,
                    date=ref.date,
                )
                self._by_id[ref.id] = known
            if known.n not in numbers:
                numbers.append(known.n)
        return sorted(numbers)

    def all(self) -> list[Citation]:
        return sorted(self._by_id.values(), key=lambda c: c.n)


def provenance(graph_fingerprint: str, generated_at: datetime | None = None) -> Provenance:
    """Tool, version, generation time (UTC, seconds) and graph fingerprint."""
    if generated_at is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        generated_at = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    elif generated_at.tzinfo is None:
        generated_at = generated_at.replace(tzinfo=UTC)  # a naive time is taken as UTC
    stamp = generated_at.astimezone(UTC).replace(microsecond=0).isoformat()
    try:
        tool_version = version("vendorgraph")
    except PackageNotFoundError:  # running from a source tree that was never installed
        tool_version = "unknown"
    return Provenance(
        tool_version=tool_version,
        generated_at=stamp.replace("+00:00", "Z"),
        graph_fingerprint=graph_fingerprint,
    )


def _steps(path: Sequence[PathNode]) -> list[Step]:
    return [Step(id=n.id, label=n.label, name=n.name, rel=n.rel) for n in path]


def _scenario(scenario: Scenario, citations: Citations) -> ScenarioInfo:
    event = Event(scenario.event)
    return ScenarioInfo(
        id=scenario.id,
        name=scenario.name,
        event=event.value,
        event_label=scenario.event_label,
        vendor_id=scenario.vendor_id,
        vendor=scenario.vendor,
        product_id=scenario.product_id,
        jurisdiction=scenario.jurisdiction,
        effective_date=scenario.effective_date,
        action_id=scenario.action_id,
        description=scenario.description,
        what_if=scenario.what_if,
        cites=citations.cite(scenario.sources),
    )


def _evidence(
    item: Evidence, citations: Citations, listings: Mapping[str, list[str]]
) -> EvidenceItem:
    steps = _steps(item.path)
    listed = next((n.id for n in item.path if n.label == "ListedEntity"), None)
    return EvidenceItem(
        claim=item.claim,
        points=item.points,
        path=steps,
        path_text=path_text(steps),
        cites=citations.cite(item.sources),
        listing=list(listings.get(listed, [])) if listed else [],
    )


def _path_key(path: list[PathNode]) -> tuple[tuple[str, str, str, str | None], ...]:
    return tuple((n.id, n.label, n.name, n.rel) for n in path)


def _process_sources(result: ExposureResult) -> dict[tuple[Any, ...], list[SourceRef]]:
    """Path -> sources of the evidence that runs along it (a process's inventory record), read
    in one pass over the evidence: linear in the processes, not quadratic."""
    out: dict[tuple[Any, ...], dict[str, SourceRef]] = {}
    for dimension in result.dimensions:
        for item in dimension.evidence:
            refs = out.setdefault(_path_key(item.path), {})
            for s in item.sources:
                refs.setdefault(s.id, s)
    return {key: list(refs.values()) for key, refs in out.items()}


def _days(start: str, end: str) -> int:
    return (date.fromisoformat(end) - date.fromisoformat(start)).days


def build_report(
    result: ExposureResult,
    *,
    graph_fingerprint: str,
    generated_at: datetime | None = None,
    listings: Mapping[str, list[str]] | None = None,
) -> Report:
    """The report for one exposure result, every claim cited; `listings` (listed entity id ->
    lines, graph.reports.listings) puts each sanctions match's listing under its evidence."""
    citations = Citations()
    scenario = _scenario(result.scenario, citations)
    status_history = [
        Claim(text=e.claim, cites=citations.cite(e.sources)) for e in result.action_status_evidence
    ]
    affected = []
    process_sources = _process_sources(result)
    for process in result.affected:
        steps = _steps(process.path)
        # Field by field, so the engine can grow fields without changing the report schema.
        affected.append(
            ProcessItem(
                process_id=process.process_id,
                process=process.process,
                product_id=process.product_id,
                product=process.product,
                supplier=process.supplier,
                tier=process.tier,
                path=steps,
                path_text=path_text(steps),
                criticality=process.criticality,
                role=process.role,
                data_categories=list(process.data_categories),
                special_category=process.special_category,
                uk_data_subjects=process.uk_data_subjects,
                notice_days=process.notice_days,
                annual_spend=process.annual_spend,
                alternatives=list(process.alternatives),
                dpia=process.dpia,
                storage=list(process.storage),
                links=list(process.links),
                cites=citations.cite(process_sources.get(_path_key(process.path), [])),
            )
        )
    total_weight = sum(d.weight for d in result.dimensions) or 1.0
    # As graph.exposure.engine.FORMULA: reach scales every dimension, the order's force only the
    # order-driven ones (the customer's own duties do not depend on the order's status).
    issued = bool(result.affected) and result.action_status is not None
    reach = result.reach if issued else 0.0
    dimensions = [
        DimensionSection(
            name=d.name,
            label=dimension_label(d.name),
            score=d.score,
            weight=d.weight,
            contribution=round(
                d.score
                * d.weight
                / total_weight
                * reach
                * (result.force if d.name in ORDER_DIMENSIONS else 1.0),
                1,
            ),
            formula=d.formula,
            evidence=[_evidence(e, citations, listings or {}) for e in d.evidence],
        )
        for d in result.dimensions
    ]
    actions = [
        ActionItem(
            priority=a.priority,
            title=a.title,
            detail=a.detail,
            owner=a.owner,
            due=a.due,
            days_from_as_of=_days(result.as_of, a.due),
            process_id=a.process_id,
            cites=citations.cite(a.sources),
        )
        for a in result.actions
    ]
    citations.cite(result.sources)  # sources the engine used that no single claim names
    draft = Report(
        title=f"Exposure of {result.customer} to {result.scenario.name}",
        provenance=provenance(graph_fingerprint, generated_at),
        customer_id=result.customer_id,
        customer=result.customer,
        customer_fictional=result.customer_fictional,
        scenario=scenario,
        as_of=result.as_of,
        action_status=result.action_status,
        force=result.force,
        score=result.score,
        band=result.band,
        formula=result.formula,
        summary=[],
        status_history=status_history,
        affected=affected,
        dimensions=dimensions,
        actions=actions,
        sources=citations.all(),
        unresolved_names=list(result.unresolved),
        reviewed_names=_reviewed(result),
    )
    words = (
        vocabulary.status_words(result.scenario.kinds, result.action_status)
        if result.action_status and result.scenario.kinds
        else None
    )
    caveats = exposure_caveats(draft, result.caveats, words)
    draft = draft.model_copy(update={"caveats": caveats})
    # The summary names the event ("the order to stop processing"): its own kind's words.
    if words:
        words = vocabulary.status_words(result.scenario.event_kinds, result.action_status)
    summary = exposure_summary(draft, words)  # from every row, before the lists are bounded
    return _bounded(draft.model_copy(update={"summary": summary}))


def _reviewed(result: ExposureResult) -> list[str]:
    """Names a reviewer rejected (graph.resolution): shown once each, never as open names."""
    said: dict[str, str] = {}
    for note in result.names:
        if note.status == "rejected":
            said.setdefault(note.name, note.evidence)
    return list(said.values())


def _more(hidden: int, what: str) -> Claim:
    return Claim(text=f"{hidden} more {what} not shown; {_FULL_LIST}.")


def _bounded(report: Report) -> Report:
    """The report with each list cut to REPORT_ROWS, and a caveat for each cut."""
    notes: list[Claim] = []
    if len(report.affected) > REPORT_ROWS:
        notes.append(_more(len(report.affected) - REPORT_ROWS, "affected processes"))
    dimensions = []
    for d in report.dimensions:
        if len(d.evidence) > REPORT_ROWS:
            notes.append(_more(len(d.evidence) - REPORT_ROWS, f"{d.label} evidence items"))
        dimensions.append(d.model_copy(update={"evidence": d.evidence[:REPORT_ROWS]}))
    if len(report.actions) > REPORT_ROWS:
        notes.append(_more(len(report.actions) - REPORT_ROWS, "actions"))
    if not notes:
        return report
    return report.model_copy(
        update={
            "affected": report.affected[:REPORT_ROWS],
            "dimensions": dimensions,
            "actions": report.actions[:REPORT_ROWS],
            "caveats": [*report.caveats, *notes],
        }
    )


def build_portfolio_report(
    rows: Sequence[PortfolioRow],
    scenario: Scenario,
    *,
    as_of: str,
    graph_fingerprint: str,
    generated_at: datetime | None = None,
    limit: int | None = REPORT_ROWS,
) -> PortfolioReport:
    """The portfolio report: every assessed customer ranked for one scenario as of a date, the
    first `limit` of them listed (None: every one, for a spreadsheet of the whole ranking)."""
    citations = Citations()
    info = _scenario(scenario, citations)
    entries = [
        PortfolioEntry(
            rank=r.rank,
            customer_id=r.customer_id,
            customer=r.customer,
            score=r.score,
            band=r.band,
            affected=r.affected,
            top_tier=r.top_tier,
            drivers=list(r.drivers),
            unresolved_names=list(r.unresolved),
        )
        for r in rows
    ]
    summary, caveats = portfolio_summary(info, entries, as_of)
    if limit is not None and len(entries) > limit:
        hidden = len(entries) - limit
        caveats = [
            *caveats,
            Claim(
                text=f"{hidden} more customers not shown; `vendorgraph portfolio --json` lists them all."
            ),
        ]
    return PortfolioReport(
        title=f"Portfolio exposure to {scenario.name}",
        provenance=provenance(graph_fingerprint, generated_at),
        scenario=info,
        as_of=as_of,
        summary=summary,
        rows=entries[:limit],
        caveats=caveats,
        sources=citations.all(),
    )
