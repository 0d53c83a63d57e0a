"""The action list: what the customer must do, who owns it, and the deadline.

Order-driven actions depend on the order's status and scope as of the date: a standing order of
the customer's own jurisdiction protecting all residents means suspend and stop routing; an
overturned, remitted, closed, foreign, narrow or findings-only action means assess, not comply. The
customer's own duties (graph.exposure.duties) are listed whatever the order's status. Deadlines derive from
the scenario's effective date and each contract's notice period; an effective date already past
makes the action due on the as-of date.

Time words fit the date: an event whose effective date is ahead is a plan ("if this takes effect on
1 January 2026 ..."); termination is advised once per product and contract, and not because of an
order that no longer stands unless the customer's own duties call for it. Sanctions actions follow
the list's authority: only a UK designation (or a UN one given effect in the UK) stops payments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph import vocabulary
from graph.dates import date_text, day_text
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
    Event.SITE_RESTRICTION,
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
    uk_designation: bool = False  # a UK (or UN) designation found, or assumed by a what-if

    @property
    def binding(self) -> bool:
        """A standing order that binds the customer's processing in full."""
        return self.reach >= 1.0 and self.status not in NOT_STANDING | {
            None,
            "proposed",
            "remitted",
        }


def _status_words(scenario: Scenario, standing: Standing) -> str:
    """The status of the part of the action that carries the scenario's event, in its kind's words
    (the order to stop processing of an order-and-fine is "overturned", its fine "set aside")."""
    status = standing.status
    words = vocabulary.status_words(scenario.event_kinds, status)
    if status == "remitted":
        return (
            f"stood '{words}': merits pending at the FTT"
            if scenario.jurisdiction == "GB"
            else f"stood '{words}': the case is pending"
        )
    if status in NOT_STANDING:
        return f"stood '{words}' as of the date and is not in force"
    if status in ("proposed", "appealed"):
        return f"stood '{words}' as of the date"
    return f"stood '{words}'"


def _ahead(scenario: Scenario, as_of: date) -> bool:
    return scenario.effective_date > as_of.isoformat()


def _order_action(
    scenario: Scenario, p: AffectedProcess, standing: Standing, as_of: date
) -> Action:
    label = scenario.event_label
    vendor = vendor_of(p, scenario)
    when = day_text(scenario.effective_date)
    if scenario.event is Event.SITE_RESTRICTION:
        title = f"Check whether {p.process} uses {vendor} equipment at a site the statement covers"
        detail = (
            f"The {label} was {vocabulary.status_words(scenario.kinds, standing.status)} "
            f"({standing.reach_reason}). It is policy for that class of sites, not an order against "
            "your organisation: record whether any of your sites is in the class; if so, plan no new "
            "deployment there and consider removal."
        )
        priority = "high"
    elif standing.binding and _ahead(scenario, as_of):
        title = f"Plan to stop using {p.product} for {p.process} if the {label} takes effect"
        detail = (
            f"If this takes effect on {when}, {vendor} must comply with the {label} "
            f"({standing.reach_reason}): plan to stop sending data and using results from then."
        )
        if p.tier > 1:
            detail += f" Fourth-party dependency (tier {p.tier}): ask {p.supplier or 'your supplier'} how it will stop routing your data to {vendor}."
        priority = "high"
    elif standing.binding:
        if p.tier == 1:
            title = f"Suspend use of {p.product} for {p.process}"
            detail = f"{vendor} is subject to an {label} in force since {date_text(scenario.effective_date)} ({standing.reach_reason}); stop sending data and using results."
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


def _own_duties_call(p: AffectedProcess) -> str:
    """Why the customer's own duties call for ending the contract whatever the order's status
    (high-risk data with no DPIA or no lawful basis recorded), or "" when they do not."""
    if not (p.special_category or p.criminal_offence_data):
        return ""
    missing = [
        w for w, gap in (("no DPIA", not p.dpia), ("no lawful basis", not p.lawful_basis)) if gap
    ]
    return f"{' and '.join(missing)} recorded for high-risk processing" if missing else ""


def _contract(
    scenario: Scenario,
    p: AffectedProcess,
    as_of: date,
    seen: set[tuple[str, str]],
    duty_reason: str = "",
) -> list[Action]:
    out = []
    eff = scenario.effective_date
    contract = (p.product_id, p.supplier or "")
    if p.notice_days is not None and contract not in seen:
        seen.add(contract)  # one termination action per product and contract
        exit_by = due(as_of, p.notice_days, as_of)
        if exit_by > eff:
            when = (
                f"after the effective date {day_text(eff)}"
                if eff > as_of.isoformat()
                else f"and the effective date {day_text(eff)} has passed"
            )
            why = (
                f" The {scenario.event_label} no longer stands: this follows from your own duties"
                f" ({duty_reason} in {p.process}), not from it."
                if duty_reason
                else ""
            )
            out.append(Action(
                title=f"Negotiate early termination for {p.product}",
                detail=f"Notice given on {day_text(as_of.isoformat())} under the {p.notice_days}-day notice period ends {exit_by}, {when}.{why}",
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
    what = (
        f"If the designation takes effect on {day_text(scenario.effective_date)}: an asset freeze"
        if _ahead(scenario, as_of)
        else "A UK designation is an asset freeze"
    )
    return Action(
        title=f"Stop payments that reach {scenario.vendor} and consider an OFSI licence or report",
        detail=f"{what}: making funds or economic resources available to the designated person, directly or indirectly, is prohibited. Stop payments that reach it directly or through suppliers unless OFSI licenses them, take advice on applying to OFSI for a licence, and report to OFSI where you are a relevant firm.",
        owner="Compliance", due=due(scenario.effective_date, 0, as_of), priority="critical",
        sources=scenario.sources,
    )  # fmt: skip


def _restricted_lists(sanctions: DimensionScore, as_of: date) -> Action:
    listed = [e.claim for e in sanctions.evidence if e.path]
    return Action(
        title="Review the supply-chain, security and reputational risk of the vendors' restricted-list entries",
        detail=f"No UK designation was found as of {as_of.isoformat()}: the US, EU or other listings do not make paying the vendor unlawful for a UK organisation. "
        + " ".join(listed[:4])
        + " Check any US nexus (USD clearing, US persons, US-origin goods) with legal advice.",
        owner="Compliance", due=due(as_of, 14, as_of), priority="high",
    )  # fmt: skip


def _us_nexus(scenario: Scenario, as_of: date) -> Action:
    return Action(
        title=f"Check for a US nexus in dealings with {scenario.vendor}",
        detail="A US OFAC SDN listing has no UK legal effect for a UK buyer, but it binds US persons and US-nexus transactions: check USD clearing, US persons in the supply chain and US-origin goods, and the secondary-sanctions risk of the programme, with legal advice.",
        owner="Compliance", due=due(scenario.effective_date, 0, as_of), priority="high",
        sources=scenario.sources,
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
    stands = issued and standing.status not in NOT_STANDING
    seen: set[tuple[str, str]] = set()
    for p in affected:
        if issued and scenario.event in _STOP_EVENTS:
            actions.append(_order_action(scenario, p, standing, as_of))
        if issued and scenario.event in _DATA_EVENTS:
            actions.append(_deletion(scenario, p, as_of))
        by_order = (stands and scenario.event is not Event.SANCTIONS_DESIGNATION) or (
            scenario.event is Event.SANCTIONS_DESIGNATION and standing.uk_designation
        )
        # Under an order that no longer stands, only the customer's own duties call for an exit.
        no_longer = issued and not stands and scenario.event is not Event.SANCTIONS_DESIGNATION
        duty_reason = _own_duties_call(p) if no_longer else ""
        if scenario.event is not Event.SITE_RESTRICTION and (by_order or duty_reason):
            actions += _contract(scenario, p, as_of, seen, "" if by_order else duty_reason)
        actions += duty_actions(scenario, p, standing.adequacy, standing.binding, as_of)
    if affected and standing.uk_designation:
        actions.append(_designation(scenario, as_of))
    if (
        affected
        and scenario.what_if
        and scenario.event is Event.SANCTIONS_DESIGNATION
        and scenario.jurisdiction == "US"
    ):
        actions.append(_us_nexus(scenario, as_of))
    if affected and standing.precedents:
        actions.append(Action(
            title=f"Brief the board on regulators' and courts' cases about customers of {scenario.vendor}",
            detail="As the sources record them: " + "; ".join(precedent_words(r) for r in standing.precedents)
            + ". Assess your own liability as controller.",
            owner="DPO", due=due(as_of, 7, as_of), priority="high", sources=precedent_sources,
        ))  # fmt: skip
    sanctions = next((d for d in dimensions if d.name == "sanctions"), None)
    listings = sanctions is not None and any(e.path and e.points > 0 for e in sanctions.evidence)
    if affected and sanctions is not None and listings and not standing.uk_designation:
        actions.append(_restricted_lists(sanctions, as_of))
    if affected:
        actions.append(record_of_processing(affected, as_of))
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    return sorted(actions, key=lambda a: (order[a.priority], a.due, a.title, a.process_id or ""))
