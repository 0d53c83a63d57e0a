"""One customer's answer from facts already gathered: affected processes, five dimensions with
evidence, the overall score, caveats and actions (graph.exposure.batch gathers the facts for every
customer of a scenario at once; a single exposure is a batch of one).

The overall score combines the customer's own dimensions in full with the order-driven ones scaled
by the order's force as of the date and its reach (scope and jurisdiction) for the customer: see
FORMULA.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from graph import vocabulary
from graph.dates import day_text
from graph.exposure.actions import Standing, plan_actions
from graph.exposure.reach import MAX_DEPTH, TIER_RELS, Cone, Link
from graph.exposure.scope import order_reach
from graph.exposure.scoring import UK_FOUND, Facts, score_dimensions
from graph.exposure.vendor_record import VendorContext
from graph.exposure.weights import ORDER_DIMENSIONS, VULNERABLE, Weights, band
from graph.model import Event
from graph.resolution.answers import link_evidence, open_names, unresolved_caveat
from graph.results import (
    AffectedProcess,
    ExposureResult,
    NameNote,
    PathNode,
    Scenario,
    SourceRef,
    unique_refs,
)

__all__ = ["FORMULA", "Customer", "Pass", "dated_refs", "result"]

_CRIMINAL_OFFENCE = "datacategory:criminal-offence"
_LAW_ENFORCEMENT_SECTORS = ("polic", "law enforcement", "constabulary")
CUT = f"The supply chain was followed to {MAX_DEPTH + 1} tiers; deeper links were not examined."

FORMULA = (
    "score = reach(scope, jurisdiction) x [sum over own dimensions (regulatory, sanctions,"
    " reputational) of weight x score + force(status as of date) x sum over order dimensions"
    " (operational, data remediation) of weight x score] / sum(weights); 0 when no process is"
    " affected or the action is not yet known. force is declared per kind of action and status"
    " (an order in force 1, a notice of intent 0.5, findings 0.4, a"
    " statement 0.5). reach is 1 for an order of the customer's own"
    " jurisdiction protecting all its residents and lower, as declared in the reach table, for a"
    " foreign, narrow or findings-only action; the action's status never scales the customer's own"
    " duties. Each affected process has its own score by the same formula over its own evidence;"
    " the regulatory dimension of a process is sensitivity x scale (data subjects, log-scaled)"
)


@dataclass
class Pass:
    """What every customer's answer to one scenario as of one date shares."""

    scenario: Scenario  # its sources already cut to those published by the day
    day: date
    config: Weights
    threshold: float
    cone: Cone
    context: VendorContext
    force: float
    identities: dict[str, str]  # vendor id -> why it is the scenario's vendor (screening)
    fine_cap: dict[str, Any] | None
    refs: dict[str, SourceRef]  # every source the answers may cite, published by the day
    matches: dict[str, list[dict[str, Any]]]  # vendor id -> its sanctions matches
    storage: dict[str, list[Link]]  # product id -> its STORES_DATA_IN links (any claim)


@dataclass
class Customer:
    """One customer's own facts: its node, the processes using the cone's products, their data
    categories, and the supplier names its inventory gave."""

    node: dict[str, Any]
    uses: list[tuple[dict[str, Any], dict[str, Any], str]] = field(default_factory=list)
    categories: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    notes: list[NameNote] = field(default_factory=list)


def dated_refs(refs: list[SourceRef], day: str) -> list[SourceRef]:
    """Sources published by the day: a source dated after it, or undated, is not cited."""
    return [r for r in refs if r.date and r.date <= day]


def _law_enforcement(customer: dict[str, Any], process: dict[str, Any]) -> bool:
    """Processing by a competent authority for law-enforcement purposes (DPA 2018 Part 3). A police
    force's HR or payroll, on another stated basis, is UK GDPR processing (uk-law.md)."""
    sector = str(customer.get("sector") or "").casefold()
    basis = str(process.get("lawful_basis") or "").casefold()
    if "law enforcement" in basis or "part 3" in basis:
        return True
    return not basis and any(w in sector for w in _LAW_ENFORCEMENT_SECTORS)


def _affected(one: Customer, shared: Pass) -> list[AffectedProcess]:
    cone, customer = shared.cone, one.node
    cid = customer["id"]
    out = []
    for process, uses, product_id in one.uses:
        route = cone.route(cid, product_id)
        if route is None:
            continue
        route_nodes = [product_id, *(k.dst for k in route)]
        # The path as a small graph, in the shape graph.resolution.answers.link_evidence reads.
        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.add_node(process["id"], **process)
        for node in route_nodes:
            graph.add_node(node, **cone.nodes[node])
        graph.add_edge(process["id"], product_id, rel="USES", props=uses)
        for link in route:
            graph.add_edge(link.src, link.dst, rel=link.rel, props=link.props)
        rels = ["RUNS", "USES", *(k.rel for k in route)]
        steps = [customer, process, *(cone.nodes[n] for n in route_nodes)]
        path = [
            PathNode(
                id=node["id"],
                label=node["_label"],
                name=node.get("name") or node["id"],
                rel=rels[i] if i < len(rels) else None,
            )
            for i, node in enumerate(steps)
        ]
        cats = one.categories.get(process["id"], [])
        storage = sorted(
            {
                k.dst.removeprefix("jurisdiction:")
                for n in route_nodes
                for k in shared.storage.get(n, [])
                if k.holds_for(cid)
            }
        )
        supplier = next(iter(cone.offered_by(product_id, cid)), None)
        out.append(
            AffectedProcess(
                process_id=process["id"],
                process=process["name"],
                product_id=product_id,
                product=cone.nodes[product_id].get("name") or product_id,
                tier=1 + sum(1 for k in route if k.rel in TIER_RELS),
                path=path,
                supplier=cone.names.get(supplier.dst) if supplier else None,
                criticality=process.get("criticality"),
                role=process.get("role"),
                data_categories=[c["name"] for c in cats],
                special_category=any(bool(c.get("special_category")) for c in cats),
                criminal_offence_data=any(c["id"] == _CRIMINAL_OFFENCE for c in cats),
                law_enforcement=_law_enforcement(customer, process),
                lawful_basis=process.get("lawful_basis"),
                uk_data_subjects=process.get("uk_data_subjects"),
                vulnerable=sorted({VULNERABLE[c["id"]] for c in cats if c["id"] in VULNERABLE}),
                notice_days=uses.get("notice_days"),
                annual_spend=uses.get("annual_spend"),
                alternatives=list(process.get("alternatives") or []),
                dpia=process.get("dpia"),
                storage=storage,
                links=link_evidence(
                    graph, [process["id"], *route_nodes], customer, one.notes, shared.identities
                ),
            )
        )
    return sorted(out, key=lambda a: (a.tier, a.process_id, a.product_id))


def _path_key(path: list[PathNode] | None) -> tuple[Any, ...]:
    return tuple((n.id, n.label, n.name, n.rel) for n in path or [])


def _process_scores(
    affected: list[AffectedProcess],
    dimensions: list[Any],
    force: float,
    reach_factor: float,
    issued: bool,
) -> list[AffectedProcess]:
    """Each process scored by the overall formula over its own evidence (issue 17 point 5)."""
    total = sum(d.weight for d in dimensions) or 1.0
    # Each dimension's evidence by path, read once: linear in the processes, not quadratic.
    best: dict[str, dict[tuple[Any, ...], float]] = {}
    shared: dict[str, float] = {}
    for d in dimensions:
        found = best.setdefault(d.name, {})
        shared[d.name] = sum(e.points for e in d.evidence if not e.path)
        for e in d.evidence:
            key = _path_key(e.path)
            found[key] = max(found.get(key, e.points), e.points)
    out = []
    for p in affected:
        raw = 0.0
        key = _path_key(p.path)
        for d in dimensions:
            own = best[d.name].get(key, 0.0)
            if d.name in ("operational", "data_remediation"):
                points = own
            elif d.name == "regulatory":
                points = min(100.0, own + shared[d.name])
            else:
                points = d.score  # the vendors' listings and record: the same for every process
            raw += d.weight * points * (force if d.name in ORDER_DIMENSIONS else 1.0)
        score = round(reach_factor * raw / total, 1) if issued else 0.0
        out.append(p.model_copy(update={"score": score}))
    return out


def _uk_designation(scenario: Scenario, dimensions: list[Any]) -> bool:
    """A UK designation (or a UN one given effect in the UK) found on the affected paths, or assumed
    by a what-if: only then do payments stop (uk-law.md)."""
    if (
        scenario.what_if
        and scenario.event is Event.SANCTIONS_DESIGNATION
        and (scenario.jurisdiction or "GB") in ("GB", "UN")
    ):
        return True
    sanctions = next((d for d in dimensions if d.name == "sanctions"), None)
    return sanctions is not None and any(e.claim.startswith(UK_FOUND) for e in sanctions.evidence)


def result(one: Customer, shared: Pass) -> ExposureResult:
    """The customer's exposure to the pass's scenario as of its date."""
    scenario, context, day = shared.scenario, shared.context, shared.day
    iso = day.isoformat()
    customer = one.node
    affected = _affected(one, shared)
    status, status_evidence = context.status, context.status_evidence
    home_country = str(customer.get("country") or "GB")
    reach_factor, reach_reason = order_reach(scenario, home_country)
    precedents, vendor_actions = context.precedents, context.actions
    path_vendors = sorted({n.id for a in affected for n in a.path if n.label == "Vendor"})
    matches = [
        {**r, "vendor_name": shared.cone.nodes[r["vendor"]].get("name", r["vendor"])}
        for v in path_vendors
        for r in shared.matches.get(v, [])
    ]
    processes = {p["id"]: p for p, _, _ in one.uses}
    cited: dict[str, list[str]] = {
        a.process_id: list(processes[a.process_id].get("sources") or []) for a in affected
    }
    for a in vendor_actions:
        cited[a["id"]] = list(a.get("sources") or [])
    for r in precedents:
        cited[r["action"]["id"]] = list(r["action"].get("sources") or [])
    for m in matches:
        for node in (m["entity"], m["designation"]):
            if node:
                cited[node["id"]] = list(node.get("sources") or [])
    for code in {c for a in affected for c in a.storage}:  # only where the answer's data is
        cited[f"jurisdiction:{code}"] = list(
            (context.adequacy.get(code) or {}).get("sources") or []
        )
    refs = shared.refs
    facts = Facts(
        event=scenario.event,
        affected=affected,
        effective_date=scenario.effective_date,
        as_of=iso,
        actions=vendor_actions,
        precedents=precedents,
        matches=matches,
        adequacy=context.adequacy,
        sources={k: [refs[i] for i in ids if i in refs] for k, ids in cited.items()},
        turnover_gbp=customer.get("turnover_gbp"),
        fine_cap=shared.fine_cap,
        threshold=shared.threshold,
        home_country=home_country,
        scenario=scenario,
    )
    dimensions = score_dimensions(facts, shared.config)
    total_weight = sum(d.weight for d in dimensions) or 1.0
    own = sum(d.score * d.weight for d in dimensions if d.name not in ORDER_DIMENSIONS)
    order = sum(d.score * d.weight for d in dimensions if d.name in ORDER_DIMENSIONS)
    issued = status is not None
    force = shared.force
    raw = reach_factor * (own + force * order) / total_weight
    score = round(raw, 1) if affected and issued else 0.0
    affected = _process_scores(affected, dimensions, force, reach_factor, issued)
    precedent_refs = [ref for r in precedents for ref in facts.sources.get(r["action"]["id"], [])]
    caveats = _caveats(scenario, status, affected, matches, shared.threshold, iso)
    if shared.cone.cut_for(customer["id"]):
        caveats.append(CUT)
    if affected and reach_factor < 1.0:
        caveats.append(f"Scope of the {scenario.kind_label}: {reach_reason}.")
    unresolved = open_names(one.notes)
    if caveat := unresolved_caveat(unresolved):
        caveats.append(caveat)
    evidence = status_evidence + [e for d in dimensions for e in d.evidence]
    used = unique_refs([*scenario.sources, *(s for e in evidence for s in e.sources)])
    standing = Standing(
        status=status,
        reach=reach_factor,
        reach_reason=reach_reason,
        adequacy=context.adequacy,
        precedents=precedents,
        uk_designation=_uk_designation(scenario, dimensions),
    )
    return ExposureResult(
        customer_id=customer["id"],
        customer=customer["name"],
        customer_fictional=customer.get("fictional"),
        scenario=scenario,
        as_of=iso,
        action_status=status,
        action_status_evidence=status_evidence,
        force=force,
        reach=reach_factor,
        reach_reason=reach_reason,
        score=score,
        band=band(score),
        formula=FORMULA,
        dimensions=dimensions,
        affected=affected,
        actions=plan_actions(scenario, affected, dimensions, day, precedent_refs, standing),
        caveats=caveats,
        sources=sorted({s.id: s for s in used}.values(), key=lambda s: s.id),
        graph_version=context.version,
        names=one.notes,
        unresolved=unresolved,
    )


def _caveats(
    scenario: Scenario,
    status: str | None,
    affected: list[AffectedProcess],
    matches: list[dict[str, Any]],
    threshold: float,
    day: str,
) -> list[str]:
    out = []
    kind = scenario.kind_label
    words = vocabulary.status_words(scenario.kinds, status) if status else ""
    if status == "remitted":
        out.append(
            f"The {kind} stood '{words}' as of the date: the merits are pending at the First-tier Tribunal; not final."
            if scenario.jurisdiction == "GB"
            else f"The {kind} stood '{words}' as of the date: the case is pending; not final."
        )
    elif status in ("appealed", "overturned"):
        out.append(f"The {kind} stood '{words}' as of the date: it is not final.")
    elif status == "proposed":
        out.append(
            f"The {kind} is '{words}' as of the date: the regulator's provisional view, not in force."
        )
    elif status == "closed":
        out.append("The action is closed as of the date: it is not a standing order.")
    if status is None:
        out.append("The action had not been made public as of the date: its force is 0.")
    if scenario.what_if and scenario.effective_date > day:
        out.append(
            f"This is a plan, not a present fact: if this takes effect on "
            f"{day_text(scenario.effective_date)}, the actions below apply from then."
        )
    unreviewed = [
        m
        for m in matches
        if (m["match"].get("review") or "unreviewed") == "unreviewed"
        and (m["match"].get("score") or 0) >= threshold
    ]
    if unreviewed:
        out.append(
            f"{len(unreviewed)} sanctions match(es) above the threshold are not yet reviewed and count at half weight."
        )
    if matches:
        out.append(
            "Restricted-list status is as of each list's date; re-check live lists before acting."
        )
    if not affected:
        out.append("No process of this customer depends on the vendor as of the date.")
    if scenario.what_if:
        out.append("This is a hypothetical scenario, not a real order.")
    return out
