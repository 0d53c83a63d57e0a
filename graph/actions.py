"""The action list: what the customer must do, who owns it, and the deadline.

Deadlines derive from the scenario's effective date and each contract's notice period; an
effective date already past makes the action due on the as-of date.
"""

from __future__ import annotations

from datetime import date, timedelta

from graph.model import Event
from graph.results import Action, AffectedProcess, DimensionScore, Scenario, SourceRef

__all__ = ["plan_actions"]


def _due(base: str, days: int, floor: str) -> str:
    due = date.fromisoformat(base) + timedelta(days=days)
    return max(due, date.fromisoformat(floor)).isoformat()


def plan_actions(
    scenario: Scenario,
    affected: list[AffectedProcess],
    dimensions: list[DimensionScore],
    as_of: str,
    precedent_sources: list[SourceRef],
) -> list[Action]:
    """Actions for the affected processes, most urgent first."""
    eff = scenario.effective_date
    actions: list[Action] = []
    vendor = scenario.vendor
    for p in affected:
        if scenario.event in (
            Event.STOP_PROCESSING,
            Event.STOP_COLLECTION,
            Event.VENDOR_EXIT,
            Event.SANCTIONS_DESIGNATION,
        ):
            if p.tier == 1:
                title = f"Suspend use of {p.product} for {p.process}"
                detail = f"{vendor} is subject to a {scenario.event.value.replace('_', ' ')}; stop sending data and using results."
            else:
                via = " -> ".join(n.name for n in p.path[2:-1])
                supplier = p.supplier or "your supplier"
                title = f"Require {supplier} to stop routing {p.process} data to {vendor}"
                detail = f"Fourth-party dependency (tier {p.tier}) via {via}; get written confirmation from {supplier} and an updated subprocessor list."
            actions.append(
                Action(
                    title=title,
                    detail=detail,
                    owner="Process owner with DPO",
                    due=_due(eff, 0, as_of),
                    priority="critical",
                    process_id=p.process_id,
                    sources=scenario.sources,
                )
            )
        if scenario.event in (Event.DELETION, Event.STOP_PROCESSING):
            actions.append(
                Action(
                    title=f"Obtain written confirmation that {vendor} deleted data from {p.process}",
                    detail="A deletion order reaches data the vendor holds for you; keep the confirmation with the DPIA record.",
                    owner="DPO",
                    due=_due(eff, 30, as_of),
                    priority="high",
                    process_id=p.process_id,
                    sources=scenario.sources,
                )
            )
        if p.notice_days is not None:
            exit_by = _due(as_of, p.notice_days, as_of)
            if exit_by > scenario.effective_date:
                actions.append(
                    Action(
                        title=f"Negotiate early termination for {p.product}",
                        detail=f"The {p.notice_days}-day notice period ends {exit_by}, after the effective date {eff}.",
                        owner="Procurement",
                        due=_due(eff, 0, as_of),
                        priority="high",
                        process_id=p.process_id,
                    )
                )
        if p.alternatives:
            actions.append(
                Action(
                    title=f"Move {p.process} to {p.alternatives[0]}",
                    detail="An alternative is recorded in the inventory: plan and test the switch.",
                    owner="Process owner",
                    due=_due(eff, 60, as_of),
                    priority="medium",
                    process_id=p.process_id,
                )
            )
        else:
            actions.append(
                Action(
                    title=f"Identify a substitute for {p.product} in {p.process}",
                    detail="No alternative is recorded; the process stops if the vendor does.",
                    owner="Process owner",
                    due=_due(eff, 30, as_of),
                    priority="high",
                    process_id=p.process_id,
                )
            )
        if p.special_category and not p.dpia:
            actions.append(
                Action(
                    title=f"Complete a DPIA for {p.process}",
                    detail="Special-category (biometric) processing without a recorded DPIA; regulators have reprimanded this (ICO, Chelmer Valley).",
                    owner="DPO",
                    due=_due(as_of, 14, as_of),
                    priority="high",
                    process_id=p.process_id,
                )
            )
    if affected and precedent_sources:
        actions.append(
            Action(
                title=f"Brief the board: customers were sanctioned for using {vendor}",
                detail="Regulators fined or reprimanded users of this vendor; assess your own liability as controller.",
                owner="DPO",
                due=_due(as_of, 7, as_of),
                priority="high",
                sources=precedent_sources,
            )
        )
    sanctions = next((d for d in dimensions if d.name == "sanctions"), None)
    if affected and sanctions is not None and sanctions.score > 0:
        actions.append(
            Action(
                title="Take legal advice on sanctions and restricted-list status before further payments",
                detail="Vendors on the affected paths match restricted or sanctions lists; see the sanctions evidence.",
                owner="Compliance",
                due=_due(as_of, 0, as_of),
                priority="critical",
            )
        )
    if affected:
        actions.append(
            Action(
                title="Record the assessment and decisions in the ROPA and DPIA record",
                detail="Keep this report, its sources and the decisions taken.",
                owner="DPO",
                due=_due(eff, 30, as_of),
                priority="medium",
            )
        )
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    return sorted(actions, key=lambda a: (order[a.priority], a.due, a.title))
