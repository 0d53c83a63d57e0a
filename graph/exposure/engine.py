"""The exposure engine: how exposed a customer is to a scenario, why, and what to do, as of a date.

Cypher fetches the customer's supply chain and the vendor's record (graph.queries); networkx finds
the paths (graph.exposure.supply_chain); graph.exposure.scoring scores five dimensions with evidence; the overall
score combines the customer's own dimensions in full with the order-driven ones scaled by the
order's force as of the date and its reach (scope and jurisdiction) for the customer: see FORMULA.

>>> result = exposure(store, "customer:cust-northshire-police", find_scenario(store, "ico-clearview-2022"), date(2022, 6, 1))
>>> result.band
'critical'
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph import queries, vocabulary
from graph.dates import day_text, resolve_as_of
from graph.exposure.actions import Standing, plan_actions
from graph.exposure.scope import order_reach
from graph.exposure.scoring import UK_FOUND, Facts, score_dimensions
from graph.exposure.supply_chain import SupplyChain, fetch_supply_chain
from graph.exposure.vendor_record import vendor_context
from graph.exposure.weights import ORDER_DIMENSIONS, VULNERABLE, Weights, band, weights
from graph.model import Event
from graph.provenance import source_refs
from graph.resolution.answers import (
    customer_names,
    link_evidence,
    open_names,
    same_organisation,
    unresolved_caveat,
)
from graph.results import (
    AffectedProcess,
    ExposureResult,
    NameNote,
    PortfolioRow,
    Scenario,
    SourceRef,
)
from graph.store.protocol import Store

__all__ = ["FORMULA", "UnknownCustomer", "exposure", "portfolio"]

_OWNERSHIP_EVENTS = {Event.SANCTIONS_DESIGNATION, Event.VENDOR_EXIT}
_DEFAULT_THRESHOLD = 0.85
_CRIMINAL_OFFENCE = "datacategory:criminal-offence"
_LAW_ENFORCEMENT_SECTORS = ("polic", "law enforcement", "constabulary")

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


class UnknownCustomer(LookupError):
    """No customer with that id."""


def _law_enforcement(customer: dict[str, Any], process: dict[str, Any]) -> bool:
    """Processing by a competent authority for law-enforcement purposes (DPA 2018 Part 3). A police
    force's HR or payroll, on another stated basis, is UK GDPR processing (uk-law.md)."""
    sector = str(customer.get("sector") or "").casefold()
    basis = str(process.get("lawful_basis") or "").casefold()
    if "law enforcement" in basis or "part 3" in basis:
        return True
    return not basis and any(w in sector for w in _LAW_ENFORCEMENT_SECTORS)


def _affected(
    chain: SupplyChain,
    scenario: Scenario,
    notes: list[NameNote] | None = None,
    identities: dict[str, str] | None = None,
) -> list[AffectedProcess]:
    # The scenario's vendors (or product), and vendors screening identified as the same
    # organisation as one of them.
    base = [scenario.product_id] if scenario.product_id else list(scenario.targets)
    targets = [*base, *sorted(set(identities or {}) - set(base))]
    out = []
    for (process_id, product_id), uses in sorted(chain.uses.items()):
        routes = [r for t in targets if (r := chain.path_to(product_id, t)) is not None]
        if not routes:
            continue
        route = min(routes, key=lambda r: (len(r), r))
        path = [process_id, *route]
        process = chain.processes[process_id]
        cats = chain.categories.get(process_id, [])
        storage = sorted(
            {j["id"].removeprefix("jurisdiction:") for n in route for j in chain.storage.get(n, [])}
        )
        out.append(
            AffectedProcess(
                process_id=process_id,
                process=process["name"],
                product_id=product_id,
                product=chain.graph.nodes[product_id].get("name", product_id),
                tier=chain.tier(path),
                path=chain.path_nodes(path),
                supplier=chain.supplier_of(product_id),
                criticality=process.get("criticality"),
                role=process.get("role"),
                data_categories=[c["name"] for c in cats],
                special_category=any(bool(c.get("special_category")) for c in cats),
                criminal_offence_data=any(c["id"] == _CRIMINAL_OFFENCE for c in cats),
                law_enforcement=_law_enforcement(chain.customer, process),
                lawful_basis=process.get("lawful_basis"),
                uk_data_subjects=process.get("uk_data_subjects"),
                vulnerable=sorted({VULNERABLE[c["id"]] for c in cats if c["id"] in VULNERABLE}),
                notice_days=uses.get("notice_days"),
                annual_spend=uses.get("annual_spend"),
                alternatives=list(process.get("alternatives") or []),
                dpia=process.get("dpia"),
                storage=storage,
                links=link_evidence(
                    chain.graph, path, chain.customer, notes or [], identities or {}
                ),
            )
        )
    return sorted(out, key=lambda a: (a.tier, a.process_id, a.product_id))


def _matches(
    store: Store, chain: SupplyChain, affected: list[AffectedProcess]
) -> list[dict[str, Any]]:
    vendors = sorted({n.id for a in affected for n in a.path if n.label == "Vendor"})
    rows = store.read(queries.SANCTIONS_MATCHES, {"ids": vendors}) if vendors else []
    return [
        {**r, "vendor_name": chain.graph.nodes[r["vendor"]].get("name", r["vendor"])} for r in rows
    ]


def _fine_cap(store: Store, rules: dict[str, Any] | None, day: str) -> dict[str, Any] | None:
    """The fine cap as its sources state it, only once one of them had been published by the day."""
    cap = (rules or {}).get("fine_cap_higher_gbp")
    refs = _dated_refs(source_refs(store, cap.get("sources") or []), day) if cap else []
    return {**cap, "refs": refs} if cap and refs else None


def _dated_refs(refs: list[SourceRef], day: str) -> list[SourceRef]:
    """Sources published by the day: a source dated after it, or undated, is not cited."""
    return [r for r in refs if r.date and r.date <= day]


def _process_scores(
    affected: list[AffectedProcess],
    dimensions: list[Any],
    force: float,
    reach_factor: float,
    issued: bool,
) -> list[AffectedProcess]:
    """Each process scored by the overall formula over its own evidence (issue 17 point 5)."""
    total = sum(d.weight for d in dimensions) or 1.0
    out = []
    for p in affected:
        raw = 0.0
        for d in dimensions:
            own = [e.points for e in d.evidence if e.path == p.path]
            if d.name in ("operational", "data_remediation"):
                points = max(own, default=0.0)
            elif d.name == "regulatory":
                shared = sum(e.points for e in d.evidence if not e.path)
                points = min(100.0, max(own, default=0.0) + shared)
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


def exposure(
    store: Store,
    customer_id: str,
    scenario: Scenario,
    as_of: date | None = None,
    *,
    rules: dict[str, Any] | None = None,
    config: Weights | None = None,
    threshold: float = _DEFAULT_THRESHOLD,
) -> ExposureResult:
    """A customer's exposure to a scenario as of a date (today if not given)."""
    if isinstance(as_of, str):  # a caller's error; strings are parsed at the edge (parse_as_of)
        raise TypeError("as_of must be a datetime.date; parse text with graph.dates.parse_as_of")
    day = resolve_as_of(as_of)
    iso = day.isoformat()
    config = config or weights()
    chain = fetch_supply_chain(
        store, customer_id, iso, ownership=scenario.event in _OWNERSHIP_EVENTS
    )
    if chain is None:
        raise UnknownCustomer(
            f"unknown customer {customer_id!r}; `vendorgraph customers` lists them"
        )
    notes = customer_names(store, customer_id)
    identities: dict[str, str] = {}
    if not scenario.product_id:
        for vendor_id in scenario.targets:
            identities.update(same_organisation(store, vendor_id))
    affected = _affected(chain, scenario, notes, identities)
    context = vendor_context(store, scenario, day)
    status, status_evidence = context.status, context.status_evidence
    force = 1.0 if scenario.action_id is None else vocabulary.kind_force(scenario.kinds, status)
    # The scenario cites only what had been published by the day.
    scenario = scenario.model_copy(update={"sources": _dated_refs(scenario.sources, iso)})
    home_country = str(chain.customer.get("country") or "GB")
    reach_factor, reach_reason = order_reach(scenario, home_country)
    precedents, vendor_actions = context.precedents, context.actions
    matches = _matches(store, chain, affected)
    cited: dict[str, list[str]] = {
        p: list(chain.processes[p].get("sources") or []) for p in chain.processes
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
    all_ids = sorted({s for ids in cited.values() for s in ids})
    refs = {r.id: r for r in _dated_refs(source_refs(store, all_ids), iso)}
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
        turnover_gbp=chain.customer.get("turnover_gbp"),
        fine_cap=_fine_cap(store, rules, iso),
        threshold=threshold,
        home_country=home_country,
        scenario=scenario,
    )
    dimensions = score_dimensions(facts, config)
    total_weight = sum(d.weight for d in dimensions) or 1.0
    own = sum(d.score * d.weight for d in dimensions if d.name not in ORDER_DIMENSIONS)
    order = sum(d.score * d.weight for d in dimensions if d.name in ORDER_DIMENSIONS)
    issued = status is not None
    raw = reach_factor * (own + force * order) / total_weight
    score = round(raw, 1) if affected and issued else 0.0
    affected = _process_scores(affected, dimensions, force, reach_factor, issued)
    precedent_refs = [ref for r in precedents for ref in facts.sources.get(r["action"]["id"], [])]
    caveats = _caveats(scenario, status, affected, matches, threshold, iso) + chain.caveats
    if affected and reach_factor < 1.0:
        caveats.append(f"Scope of the {scenario.kind_label}: {reach_reason}.")
    unresolved = open_names(notes)
    if caveat := unresolved_caveat(unresolved):
        caveats.append(caveat)
    used: list[SourceRef] = list(scenario.sources)
    for e in status_evidence + [e for d in dimensions for e in d.evidence]:
        used += [s for s in e.sources if s not in used]
    return ExposureResult(
        customer_id=customer_id,
        customer=chain.customer["name"],
        customer_fictional=chain.customer.get("fictional"),
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
        actions=plan_actions(
            scenario,
            affected,
            dimensions,
            day,
            precedent_refs,
            Standing(
                status=status,
                reach=reach_factor,
                reach_reason=reach_reason,
                adequacy=context.adequacy,
                precedents=precedents,
                uk_designation=_uk_designation(scenario, dimensions),
            ),
        ),
        caveats=caveats,
        sources=sorted({s.id: s for s in used}.values(), key=lambda s: s.id),
        graph_version=context.version,
        names=notes,
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


def portfolio(
    store: Store, scenario: Scenario, as_of: date | None = None, **kwargs: Any
) -> list[PortfolioRow]:
    """Every assessed customer (those that run processes), ranked by exposure to one scenario."""
    results = []
    for row in store.read(queries.ALL_CUSTOMERS):
        if not row["processes"]:
            continue  # precedent organisations from the knowledge base have no inventory
        results.append(exposure(store, row["id"], scenario, as_of, **kwargs))
    results.sort(key=lambda r: (-r.score, r.customer_id))
    return [
        PortfolioRow(
            rank=i,
            customer_id=r.customer_id,
            customer=r.customer,
            score=r.score,
            band=r.band,
            affected=len(r.affected),
            top_tier=min((a.tier for a in r.affected), default=None),
            drivers=[
                d.name
                for d in sorted(r.dimensions, key=lambda d: -d.score * d.weight)[:2]
                if d.score > 0
            ],
            unresolved=r.unresolved,
        )
        for i, r in enumerate(results, start=1)
    ]
