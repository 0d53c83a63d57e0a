"""Exposure over time: a customer's score at each date the enforcement history of a scenario moved.

The dates are the status changes of the scenario's action and of the appeals that review it
(APPEAL_OF, followed back a few steps), plus the day before the first of them as a baseline. At each
date the exposure engine scores the customer as of that date, so the curve shows what a DPO would
have seen then: e.g. the ICO's Clearview penalty issued (May 2022), overturned by the First-tier
Tribunal (Oct 2023), remitted by the Upper Tribunal (Oct 2025).

>>> line = exposure_timeline(store, "customer:cust-northshire-police", find_scenario(store, "ico-clearview-2022"))
>>> [(p.date, p.status) for p in line.points][:3]
[('2022-05-22', None), ('2022-05-23', 'issued'), ('2023-10-17', 'overturned')]
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from graph import queries, vocabulary
from graph.dates import earliest
from graph.exposure.engine import exposure
from graph.exposure.vendor_record import recorded_by, source_dates
from graph.exposure.weights import Weights
from graph.provenance import source_refs
from graph.results import Scenario, SourceRef
from graph.store.protocol import Store

__all__ = ["ExposureTimeline", "TimelineEvent", "TimelinePoint", "exposure_timeline"]

_APPEAL_DEPTH = 4
_RELATED = (
    "MATCH (a:EnforcementAction {id: $id})"
    f"<-[:APPEAL_OF*1..{_APPEAL_DEPTH}]-(b:EnforcementAction) "
    "RETURN DISTINCT b.id AS id, b.name AS name, b.kinds AS kinds, b.outcome AS outcome ORDER BY id"
)
_ACTION = (
    "MATCH (a:EnforcementAction {id: $id}) "
    "RETURN a.id AS id, a.name AS name, a.kinds AS kinds, a.outcome AS outcome"
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TimelineEvent(_Strict):
    """One status step of the scenario's action or of an appeal, on a date of the timeline."""

    action_id: str
    action: str
    status: str
    words: str = ""  # the status in the action's kind's own words ("in force", "set aside")
    happened: str | None = (
        None  # the step's own date, when it became known later (a report after it)
    )
    note: str | None = None
    sources: list[SourceRef] = Field(default_factory=list)


class TimelinePoint(_Strict):
    """The exposure as of one date, and what happened that day."""

    date: str
    score: float
    band: str
    status: str | None
    words: str = ""  # the scenario action's status in its kind's words as of the date
    force: float
    affected: int
    events: list[TimelineEvent] = Field(default_factory=list)


class ExposureTimeline(_Strict):
    """A customer's exposure to one scenario across the dates its enforcement history changed."""

    customer_id: str
    customer: str
    scenario: Scenario
    actions: dict[str, str] = Field(default_factory=dict)  # id -> name, the scenario's action first
    points: list[TimelinePoint] = Field(default_factory=list)
    note: str | None = None


def _events(
    store: Store, actions: dict[str, str], kinds: dict[str, tuple[Any, Any]], until: str | None
) -> dict[str, list[TimelineEvent]]:
    """Each step on the date it became known: taken, and recorded by a source published (a ruling
    reported a month later counts from the report). With `until`, only the steps known by then and
    only the sources published by then."""
    by_date: dict[str, list[TimelineEvent]] = {}
    rows = store.read(queries.ACTION_STATUSES, {"ids": list(actions)}) if actions else []
    cited = sorted({sid for row in rows for sid in row["status"].get("sources") or []})
    refs = {r.id: r for r in source_refs(store, cited)}
    dates = source_dates(store, cited)
    for row in rows:
        step: dict[str, Any] = row["status"]
        cited = [dates.get(s) or "" for s in step.get("sources") or []]
        first = min((d for d in cited if d), default=None)
        on = max(step["date"], first) if first else step["date"]
        if until is not None and (on > until or not recorded_by(step, dates, until)):
            continue
        kind, outcome = kinds[row["action"]]
        sources = [refs[s] for s in step.get("sources") or [] if s in refs]
        if until is not None:
            sources = [r for r in sources if r.date and r.date <= until]
        by_date.setdefault(on, []).append(
            TimelineEvent(
                action_id=row["action"], action=actions[row["action"]], status=step["status"],
                words=vocabulary.status_words(kind, step["status"], outcome),
                happened=step["date"] if on != step["date"] else None,
                note=step.get("note"), sources=sources,
            )
        )  # fmt: skip
    return by_date


def exposure_timeline(
    store: Store,
    customer_id: str,
    scenario: Scenario,
    *,
    rules: dict[str, Any] | None = None,
    config: Weights | None = None,
    until: str | None = None,
) -> ExposureTimeline:
    """Scores at the baseline and at each status-change date of the scenario's action and appeals;
    with `until` (an as-of date), only the dates up to it, so nothing later is shown."""
    if scenario.action_id is None:
        # A what-if has no enforcement history: one point, from its effective date.
        result = exposure(
            store, customer_id, scenario, earliest(scenario.effective_date), rules=rules,
            config=config,
        )  # fmt: skip
        point = TimelinePoint(
            date=scenario.effective_date, score=result.score, band=result.band, status=result.action_status,
            words=scenario.status_text(result.action_status, scenario.effective_date),
            force=result.force, affected=len(result.affected),
        )  # fmt: skip
        later = until is not None and scenario.effective_date > until
        return ExposureTimeline(
            customer_id=customer_id, customer=result.customer, scenario=scenario,
            points=[] if later else [point],
            note="A what-if scenario has no enforcement history: it holds in full from its effective date.",
        )  # fmt: skip
    rows = [*store.read(_ACTION, {"id": scenario.action_id}),
            *store.read(_RELATED, {"id": scenario.action_id})]  # fmt: skip
    actions = {r["id"]: r["name"] for r in rows}
    kinds = {r["id"]: (r.get("kinds"), r.get("outcome")) for r in rows}
    events = _events(store, actions, kinds, until)
    dates = sorted(events)
    if dates:
        dates.insert(0, (earliest(dates[0]) - timedelta(days=1)).isoformat())
    if until is not None:
        dates = [d for d in dates if earliest(d).isoformat() <= until]
    points = []
    customer = customer_id
    for day in dates:
        result = exposure(store, customer_id, scenario, earliest(day), rules=rules, config=config)
        customer = result.customer
        points.append(
            TimelinePoint(
                date=day, score=result.score, band=result.band, status=result.action_status,
                words=scenario.status_text(result.action_status, day), force=result.force, affected=len(result.affected), events=events.get(day, []),
            )
        )  # fmt: skip
    return ExposureTimeline(
        customer_id=customer_id, customer=customer, scenario=scenario, actions=actions, points=points,
        note=None if points else "The action has no dated status history in the graph.",
    )  # fmt: skip
