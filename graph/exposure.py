"""The exposure engine: how exposed a customer is to a scenario, why, and what to do, as of a date.

Cypher fetches the customer's supply chain and the vendor's record (graph.queries); networkx finds
the paths (graph.supply_chain); graph.scoring scores five dimensions with evidence; the overall
score is their weighted mean times the force of the order as of the date.

>>> result = exposure(store, "customer:cust-northshire-police", find_scenario(store, "ico-clearview-2022"), "2022-06-01")
>>> result.band
'critical'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from graph import queries
from graph.actions import plan_actions
from graph.model import Event
from graph.provenance import source_refs, status_as_of
from graph.resolution.answers import (
    customer_names,
    link_evidence,
    open_names,
    same_organisation,
    unresolved_caveat,
)
from graph.results import (
    AffectedProcess,
    Evidence,
    ExposureResult,
    NameNote,
    PortfolioRow,
    Scenario,
    SourceRef,
)
from graph.scoring import Facts, score_dimensions
from graph.store import Store
from graph.supply_chain import SupplyChain, fetch_supply_chain
from graph.weights import FORCE, Weights, band, weights

__all__ = ["UnknownCustomer", "exposure", "portfolio"]

_OWNERSHIP_EVENTS = {Event.SANCTIONS_DESIGNATION, Event.VENDOR_EXIT}
_DEFAULT_THRESHOLD = 0.85


class UnknownCustomer(LookupError):
    """No customer with that id."""


def _affected(
    chain: SupplyChain,
    scenario: Scenario,
    notes: list[NameNote] | None = None,
    identities: dict[str, str] | None = None,
) -> list[AffectedProcess]:
    # The scenario's vendor, and vendors screening identified as the same organisation.
    targets = [scenario.product_id or scenario.vendor_id, *sorted(identities or {})]
    out = []
    for (process_id, product_id), uses in sorted(chain.uses.items()):
        routes = [r for t in targets if (r := chain.path_to(product_id, t)) is not None]
        if not routes:
            continue
        route = min(routes, key=len)
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
                uk_data_subjects=process.get("uk_data_subjects"),
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


def _vendor_actions(store: Store, vendor_id: str, as_of: str) -> list[dict[str, Any]]:
    """The vendor's enforcement actions issued by `as_of`, each with its status then."""
    # A joint action (several regulators ISSUED it) comes back once per regulator: keep one.
    by_id = {
        r["action"]["id"]: r
        for r in store.read(queries.ACTIONS_AGAINST_VENDOR, {"vendor": vendor_id})
        if r["action"]["date"] <= as_of
    }
    rows = list(by_id.values())
    histories = _histories(store, [r["action"]["id"] for r in rows])
    out = []
    for row in rows:
        step = status_as_of(histories.get(row["action"]["id"], []), as_of)
        out.append({**row["action"], "status": step["status"] if step else "issued"})
    return out


def _histories(store: Store, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in store.read(queries.ACTION_STATUSES, {"ids": ids}) if ids else []:
        out.setdefault(row["action"], []).append(row["status"])
    return out


def _action_status(
    store: Store, scenario: Scenario, as_of: str
) -> tuple[str | None, list[Evidence]]:
    if scenario.action_id is None:
        return "what_if", []
    history = _histories(store, [scenario.action_id]).get(scenario.action_id, [])
    evidence = [
        Evidence(
            claim=f"{s['date']}: {s['status']}" + (f" - {s['note']}" if s.get("note") else ""),
            sources=source_refs(store, s.get("sources") or []),
        )
        for s in history
        if s["date"] <= as_of
    ]
    step = status_as_of(history, as_of)
    return (step["status"] if step else None), evidence


def _matches(
    store: Store, chain: SupplyChain, affected: list[AffectedProcess]
) -> list[dict[str, Any]]:
    vendors = sorted({n.id for a in affected for n in a.path if n.label == "Vendor"})
    rows = store.read(queries.SANCTIONS_MATCHES, {"ids": vendors}) if vendors else []
    return [
        {**r, "vendor_name": chain.graph.nodes[r["vendor"]].get("name", r["vendor"])} for r in rows
    ]


@dataclass(frozen=True)
class _VendorContext:
    """What an exposure needs that depends on the scenario's vendor and date, not the customer."""

    precedents: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    adequacy: dict[str, dict[str, Any]]
    status: str | None
    status_evidence: list[Evidence]
    version: str


# Shared by every customer of a portfolio run: keyed by graph version so a rebuild invalidates it.
_CONTEXT_CACHE: dict[tuple[int, str, str, str | None, str], _VendorContext] = {}
_CONTEXT_CACHE_SIZE = 64


def _vendor_context(store: Store, scenario: Scenario, as_of: str) -> _VendorContext:
    version, vendor_id = store.version(), scenario.vendor_id
    key = (id(store), version, vendor_id, scenario.action_id, as_of)
    cached = _CONTEXT_CACHE.get(key)
    if cached is None:
        precedents = [
            r
            for r in store.read(queries.PRECEDENTS, {"vendor": vendor_id})
            if r["action"]["date"] <= as_of
        ]
        adequacy = {
            row["j"]["id"].removeprefix("jurisdiction:"): row["j"]
            for row in store.read(queries.JURISDICTIONS)
        }
        status, evidence = _action_status(store, scenario, as_of)
        actions = _vendor_actions(store, vendor_id, as_of)
        cached = _VendorContext(precedents, actions, adequacy, status, evidence, version)
        if len(_CONTEXT_CACHE) >= _CONTEXT_CACHE_SIZE:
            _CONTEXT_CACHE.pop(next(iter(_CONTEXT_CACHE)))
        _CONTEXT_CACHE[key] = cached
    return cached


def _fine_cap(store: Store, rules: dict[str, Any] | None) -> dict[str, Any] | None:
    cap = (rules or {}).get("fine_cap_higher_gbp")
    if not cap:
        return None
    return {**cap, "refs": source_refs(store, cap.get("sources") or [])}


def exposure(
    store: Store,
    customer_id: str,
    scenario: Scenario,
    as_of: str | None = None,
    *,
    rules: dict[str, Any] | None = None,
    config: Weights | None = None,
    threshold: float = _DEFAULT_THRESHOLD,
) -> ExposureResult:
    """A customer's exposure to a scenario as of a date (today if not given)."""
    as_of = as_of or date.today().isoformat()
    date.fromisoformat(as_of)  # a bad date is the caller's error, raised as ValueError
    config = config or weights()
    chain = fetch_supply_chain(
        store, customer_id, as_of, ownership=scenario.event in _OWNERSHIP_EVENTS
    )
    if chain is None:
        raise UnknownCustomer(
            f"unknown customer {customer_id!r}; `vendorgraph customers` lists them"
        )
    notes = customer_names(store, customer_id)
    identities = same_organisation(store, scenario.vendor_id) if not scenario.product_id else {}
    affected = _affected(chain, scenario, notes, identities)
    context = _vendor_context(store, scenario, as_of)
    status, status_evidence = context.status, context.status_evidence
    force = 1.0 if scenario.action_id is None else FORCE.get(status, 1.0)
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
    all_ids = sorted({s for ids in cited.values() for s in ids})
    refs = {r.id: r for r in source_refs(store, all_ids)}
    adequacy = context.adequacy
    facts = Facts(
        event=scenario.event,
        affected=affected,
        effective_date=scenario.effective_date,
        as_of=as_of,
        actions=vendor_actions,
        precedents=precedents,
        matches=matches,
        adequacy=adequacy,
        sources={k: [refs[i] for i in ids if i in refs] for k, ids in cited.items()},
        turnover_gbp=chain.customer.get("turnover_gbp"),
        fine_cap=_fine_cap(store, rules),
        threshold=threshold,
    )
    dimensions = score_dimensions(facts, config)
    total_weight = sum(d.weight for d in dimensions) or 1.0
    raw = sum(d.score * d.weight for d in dimensions) / total_weight
    score = round(raw * force, 1) if affected else 0.0
    precedent_refs = [ref for r in precedents for ref in facts.sources.get(r["action"]["id"], [])]
    caveats = _caveats(scenario, status, affected, matches, threshold)
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
        as_of=as_of,
        action_status=status,
        action_status_evidence=status_evidence,
        force=force,
        score=score,
        band=band(score),
        formula="score = force(status as of date) x sum(weight x dimension) / sum(weights); 0 when no process is affected",
        dimensions=dimensions,
        affected=affected,
        actions=plan_actions(scenario, affected, dimensions, as_of, precedent_refs),
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
) -> list[str]:
    out = []
    if status in ("appealed", "overturned", "remitted", "proposed"):
        out.append(
            f"The order's status as of the date is '{status}': the facts are under appeal or not final."
        )
    if status is None:
        out.append("The action had not been issued as of the date: its force is 0.")
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
    store: Store, scenario: Scenario, as_of: str | None = None, **kwargs: Any
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
