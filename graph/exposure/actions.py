"""The action list: what the customer must do, who owns it, and the deadline.

Order-driven actions depend on the order's status and scope as of the date: a standing order of
the customer's own jurisdiction protecting all residents means suspend and stop routing; an
overturned, remitted, closed, foreign, narrow or findings-only action means assess, not comply. The
customer's own duties (graph.exposure.duties) are listed whatever the order's status. Deadlines derive from
the scenario's effective date and each contract's notice period; an effective date already past
makes the action due on the as-of date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.exposure.duties import due, duty_actions, record_of_processing, vendor_of
from graph.exposure.scope import precedent_words
from graph.exposure.weights import NOT_STANDING
from graph.model import Event
from graph.results import Action, AffectedProcess, DimensionScore, Scenario, SourceRef

__all__ = ["Standing", "plan_actions"]

_STOP_EVENTS = {
    Event.STOP_PROCESSING,
    Event.STOP_COLLECTION,
    Event.VENDOR_EXIT,
    Event.SANCTIONS_DESIGNATION,
}
_DATA_EVENTS = {Event.DELETION, Event.STOP_PROCESSING, Event.STOP_COLLECTION}


@dataclass(frozen=True)
class Standing:
    """The order's status and reach as of the date, and what the actions cite."""

    status: str | None
    reach: float = 1.0
    reach_reason: str = ""
    adequacy: dict[str, dict[str, Any]] = field(default_factory=dict)
    precedents: list[dict[str, Any]] = field(default_factory=list)

    @property
    def binding(self) -> bool:
        """A standing order that binds the customer's processing in full."""
        return self.reach >= 1.0 and self.status not in NOT_STANDING | {
            None,
            "proposed",
            "remitted",
        }


def _status_words(scenario: Scenario, standing: Standing) -> str:
    status = standing.status
    if status == "overturned":
        return "was overturned and is not in force as of the date"
    if status == "remitted":
        return (
            "was remitted: merits pending at the FTT"
            if scenario.jurisdiction == "GB"
            else "was remitted: the case is pending"
        )
    if status == "closed":
        return "is closed: there is no standing order"
    if status in ("superseded", "withdrawn"):
        return f"was {status}"
    if status == "proposed":
        return "is proposed, not final"
    if status == "appealed":
        return "is under appeal"
    return "stands"


def _order_action(
    scenario: Scenario, p: AffectedProcess, standing: Standing, as_of: date
) -> Action:
    label = scenario.event.value.replace("_", " ")
    vendor = vendor_of(p, scenario)
    if standing.binding:
        if p.tier == 1:
            title = f"Suspend use of {p.product} for {p.process}"
            detail = f"{vendor} is subject to a {label} ({standing.reach_reason}); stop sending data and using results."
        else:
            via = " -> ".join(n.name for n in p.path[2:-1])
            supplier = p.supplier or "your supplier"
            title = f"Instruct {supplier} to stop routing {p.process} data to {vendor}"
            detail = f"Fourth-party dependency (tier {p.tier}) via {via}; get written confirmation from {supplier} and an updated subprocessor list."
        priority = "critical"
    else:
        words = _status_words(scenario, standing)
        scope = f"; {standing.reach_reason}" if standing.reach < 1.0 else ""
        title = f"Assess continued use of {p.product} for {p.process}"
        detail = (
            f"The {label} against {vendor} {words}{scope}. Decide, and record, whether to continue."
        )
        if p.tier > 1:
            detail += f" Fourth-party dependency (tier {p.tier}): ask {p.supplier or 'your supplier'} whether your data still reaches {vendor}."
        priority = "high"
    return Action(title=title, detail=detail, owner="Process owner with DPO",
                  due=due(scenario.effective_date, 0, as_of), priority=priority,
                  process_id=p.process_id, sources=scenario.sources)  # fmt: skip


def _deletion(scenario: Scenario, p: AffectedProcess, as_of: date) -> Action:
    subs = " and from every sub-processor on the path" if p.tier > 1 else ""
    return Action(
        title=f"Obtain evidence of deletion of {p.process} data from {vendor_of(p, scenario)}{subs}",
        detail="Ask the vendor (and any sub-processor) for written evidence that your data was deleted; keep it with the DPIA record.",
        owner="DPO", due=due(scenario.effective_date, 30, as_of), priority="high",
        process_id=p.process_id, sources=scenario.sources,
    )  # fmt: skip


def _contract(scenario: Scenario, p: AffectedProcess, as_of: date) -> list[Action]:
    out = []
    eff = scenario.effective_date
    if p.notice_days is not None:
        exit_by = due(as_of, p.notice_days, as_of)
        if exit_by > eff:
            out.append(Action(
                title=f"Negotiate early termination for {p.product}",
                detail=f"The {p.notice_days}-day notice period ends {exit_by}, after the effective date {eff}.",
                owner="Procurement", due=due(eff, 0, as_of), priority="high", process_id=p.process_id,
            ))  # fmt: skip
    if p.alternatives:
        out.append(Action(
            title=f"Move {p.process} to {p.alternatives[0]}",
            detail="An alternative is recorded in the inventory: plan and test the switch.",
            owner="Process owner", due=due(eff, 60, as_of), priority="medium", process_id=p.process_id,
        ))  # fmt: skip
    else:
        out.append(Action(
            title=f"Identify a substitute for {p.product} in {p.process}",
            detail="No alternative is recorded; the process stops if the vendor does.",
            owner="Process owner", due=due(eff, 30, as_of), priority="high", process_id=p.process_id,
        ))  # fmt: skip
    return out


def _designation(scenario: Scenario, as_of: date) -> Action:
    return Action(
        title=f"Stop payments that reach {scenario.vendor} and consider an OFSI licence or report",
        detail="A designation freezes funds and economic resources of the designated person: stop payments that reach it directly or through suppliers, and take advice on applying to OFSI for a licence or reporting to OFSI.",
        owner="Compliance", due=due(as_of, 0, as_of), priority="critical", sources=scenario.sources,
    )  # fmt: skip


def plan_actions(
    scenario: Scenario,
    affected: list[AffectedProcess],
    dimensions: list[DimensionScore],
    as_of: date,
    precedent_sources: list[SourceRef],
    standing: Standing | None = None,
) -> list[Action]:
    """Actions for the affected processes, most urgent first."""
    standing = standing or Standing(status="what_if")
    actions: list[Action] = []
    issued = standing.status is not None
    for p in affected:
        if issued and scenario.event in _STOP_EVENTS:
            actions.append(_order_action(scenario, p, standing, as_of))
        if issued and scenario.event in _DATA_EVENTS:
            actions.append(_deletion(scenario, p, as_of))
        if issued:
            actions += _contract(scenario, p, as_of)
        actions += duty_actions(scenario, p, standing.adequacy, standing.binding, as_of)
    if affected and scenario.event is Event.SANCTIONS_DESIGNATION and issued:
        actions.append(_designation(scenario, as_of))
    if affected and standing.precedents:
        actions.append(Action(
            title=f"Brief the board on regulators' and courts' cases about customers of {scenario.vendor}",
            detail="As the sources record them: " + "; ".join(precedent_words(r) for r in standing.precedents)
            + ". Assess your own liability as controller.",
            owner="DPO", due=due(as_of, 7, as_of), priority="high", sources=precedent_sources,
        ))  # fmt: skip
    sanctions = next((d for d in dimensions if d.name == "sanctions"), None)
    if affected and sanctions is not None and sanctions.score > 0:
        actions.append(Action(
            title="Take legal advice on sanctions and restricted-list status before further payments",
            detail="Vendors on the affected paths match restricted or sanctions lists; see the sanctions evidence.",
            owner="Compliance", due=due(as_of, 0, as_of), priority="critical",
        ))  # fmt: skip
    if affected:
        actions.append(record_of_processing(affected, as_of))
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    return sorted(actions, key=lambda a: (order[a.priority], a.due, a.title, a.process_id or ""))
