"""A vendor's whole record as of a date: enforcement across jurisdictions, appeals, precedents,
screening matches with their designations, links, and the customers whose processes reach it.

As of a date means as known then (graph.exposure.vendor_record): an action or status step shows once
it had happened and a source recording it had been published; a listing once it was made; a source
is cited once it was published. Nothing dated after the date is shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph import queries
from graph.explore.explorer import edge_from_rel, exposed_processes, link_pattern, node_from_row
from graph.explore.models import GraphEdge, SanctionsMatch, VendorAction, VendorProfile
from graph.exposure.vendor_record import histories, known, source_dates
from graph.provenance import source_refs, status_as_of
from graph.results import SourceRef
from graph.store.protocol import Store

__all__ = ["vendor_products", "vendor_profile"]

_APPEAL_DEPTH = 4
_APPEALS = (
    "MATCH (v:Vendor {id: $vendor})<-[:AGAINST]-(a:EnforcementAction)"
    f"<-[:APPEAL_OF*1..{_APPEAL_DEPTH}]-(b:EnforcementAction) "
    "OPTIONAL MATCH (r:Regulator)-[:ISSUED]->(b) "
    "RETURN DISTINCT b AS action, r AS regulator ORDER BY b.date, b.id"
)
_ACTION_SUBJECTS = (
    "UNWIND $ids AS i MATCH (a:EnforcementAction {id: i})-[:AGAINST]->(c:Customer) "
    "RETURN a.id AS action, c.name AS name ORDER BY action, name"
)
_VENDOR_LINKS = (
    ("OFFERS", "out", "Product"),
    ("BASED_IN", "out", "Jurisdiction"),
    ("COLLECTS_FROM", "out", "DataSource"),
    ("OWNED_BY", "out", "Vendor"),
    ("OWNED_BY", "in", "Vendor"),
    ("SUBPROCESSOR", "out", "Vendor"),
    ("SUBPROCESSOR", "in", "Vendor"),
)
_PRODUCT_STORAGE = (
    "MATCH (v:Vendor {id: $id})-[:OFFERS]->(p:Product)-[r:STORES_DATA_IN]->(j:Jurisdiction) "
    "RETURN p.id AS product, r AS rel, j AS node ORDER BY p.id, j.id"
)


def vendor_products(store: Store, vendor_id: str) -> list[tuple[str, str]]:
    """(id, name) of the products a vendor offers."""
    rows = store.read(
        f"{link_pattern('Vendor', 'OFFERS', 'out', 'Product')} RETURN m.id AS id, m.name AS name ORDER BY name",
        {"id": vendor_id},
    )
    return [(r["id"], r["name"] or r["id"]) for r in rows]


def _published(refs: list[SourceRef], as_of: str) -> list[SourceRef]:
    """Sources published by the date. Every knowledge-base source is dated (ingest.kb); an undated
    one is the user's own list extract or inventory, kept so that its matches can be reviewed."""
    return [r for r in refs if not r.date or r.date <= as_of]


def _actions(store: Store, vendor_id: str, as_of: str) -> list[VendorAction]:
    found: dict[str, dict[str, Any]] = {}  # action id -> {action, relation, regulators, against}
    groups = (
        ("against", store.read(queries.ACTIONS_AGAINST_VENDOR, {"vendor": vendor_id})),
        ("appeal", store.read(_APPEALS, {"vendor": vendor_id})),
        ("concerns", store.read(queries.PRECEDENTS, {"vendor": vendor_id})),
    )
    for relation, rows in groups:
        for row in rows:
            action = row["action"]
            if action["date"] > as_of:
                continue
            entry = found.setdefault(
                action["id"], {"action": action, "relation": relation, "regulators": []}
            )
            regulator = (row.get("regulator") or {}).get("name")
            if regulator and regulator not in entry["regulators"]:
                entry["regulators"].append(regulator)
    steps = histories(store, list(found), as_of)
    dates = source_dates(
        store, [s for e in found.values() for s in e["action"].get("sources") or []]
    )
    found = {i: e for i, e in found.items() if known(e["action"], steps.get(i), as_of, dates)}
    ids = list(found)
    subjects: dict[str, list[str]] = {}
    for row in store.read(_ACTION_SUBJECTS, {"ids": ids}) if ids else []:
        subjects.setdefault(row["action"], []).append(row["name"])
    out = []
    for action_id, entry in found.items():
        action = entry["action"]
        history = [
            {"date": s["date"], "status": s["status"], "note": s.get("note"),
             "sources": [r.model_dump() for r in _published(source_refs(store, s.get("sources") or []), as_of)]}
            for s in steps.get(action_id, [])
        ]  # fmt: skip
        step = status_as_of(steps.get(action_id, []), as_of)
        out.append(
            VendorAction(
                id=action_id, name=action["name"], date=action["date"], relation=entry["relation"],
                regulators=entry["regulators"], jurisdiction=action.get("jurisdiction"),
                against=", ".join(subjects.get(action_id, [])) or None,
                kinds=list(action.get("kinds") or []), orders=list(action.get("orders") or []),
                ordered=action.get("ordered"), amount=action.get("amount"), currency=action.get("currency"),
                reference=action.get("reference"), status=step["status"] if step else None, history=history,
                sources=_published(source_refs(store, action.get("sources") or []), as_of),
            )
        )  # fmt: skip
    return sorted(out, key=lambda a: (a.date, a.id))


def _matches(store: Store, vendor_id: str, as_of: str) -> list[SanctionsMatch]:
    """Listings made by the date (an undated one is shown; the exposure engine counts it at 0), with
    the sources published by then; a listing known only from later sources is not shown."""
    grouped: dict[str, SanctionsMatch] = {}
    for row in store.read(queries.SANCTIONS_MATCHES, {"ids": [vendor_id]}):
        entity, match, designation = row["entity"], row["match"], row.get("designation")
        listed_on = (designation or {}).get("listed_on")
        if listed_on and listed_on > as_of:
            continue
        cited = [*(match.get("sources") or []), *(entity.get("sources") or []),
                 *((designation or {}).get("sources") or [])]  # fmt: skip
        refs = _published(source_refs(store, cited), as_of)
        if cited and not refs:
            continue
        item = grouped.get(entity["id"])
        if item is None:
            item = grouped[entity["id"]] = SanctionsMatch(
                listed_id=entity["id"], listed_name=entity["name"], list_code=entity["list"],
                entity_id=entity.get("entity_id"), entity_type=entity.get("entity_type"),
                identifiers=list(entity.get("identifiers") or []), score=match.get("score"),
                review=match.get("review") or "unreviewed", explanation=match.get("explanation"),
                reviewer=match.get("reviewer"), reason=match.get("reason"),
                sources=refs,
            )  # fmt: skip
        if designation:
            for program in (designation.get("program") or "").split("; "):
                if program and program not in item.programs:
                    item.programs.append(program)
            if designation.get("listed_on") and designation["listed_on"] not in item.listed_on:
                item.listed_on.append(designation["listed_on"])
            item.list_as_of = designation.get("list_as_of") or item.list_as_of
            item.authority = designation.get("authority") or item.authority
            item.remarks = designation.get("remarks") or item.remarks
            item.measures += [
                m for m in designation.get("measures") or [] if m not in item.measures
            ]
    return sorted(grouped.values(), key=lambda m: (m.list_code, m.listed_id))


def _links(store: Store, vendor_id: str) -> tuple[list[GraphEdge], dict[str, str]]:
    edges: list[GraphEdge] = []
    names: dict[str, str] = {}
    for rel, direction, other in _VENDOR_LINKS:
        rows = store.read(
            f"{link_pattern('Vendor', rel, direction, other)} RETURN r AS rel, m AS node ORDER BY m.id",
            {"id": vendor_id},
        )
        for row in rows:
            node = row["node"]
            names[node["id"]] = node.get("name") or node["id"]
            a, b = (vendor_id, node["id"]) if direction == "out" else (node["id"], vendor_id)
            edges.append(edge_from_rel(row["rel"], a, b))
    for row in store.read(_PRODUCT_STORAGE, {"id": vendor_id}):
        names[row["node"]["id"]] = row["node"].get("name") or row["node"]["id"]
        edges.append(edge_from_rel(row["rel"], row["product"], row["node"]["id"]))
    return edges, names


def vendor_profile(store: Store, vendor_id: str, as_of: str | None = None) -> VendorProfile:
    """A vendor's record as of a date: enforcement across jurisdictions, matches, links, customers."""
    as_of = as_of or date.today().isoformat()
    rows = store.read(queries.VENDOR, {"vendor": vendor_id})
    if not rows:
        raise LookupError(f"unknown vendor {vendor_id!r}")
    vendor = node_from_row(rows[0]["v"])
    links, names = _links(store, vendor_id)
    customers = []
    for row in store.read(queries.ALL_CUSTOMERS):
        if row["processes"]:
            customers.extend(exposed_processes(store, row["id"], vendor_id, as_of))
    return VendorProfile(
        vendor=vendor, as_of=as_of, sources=_published(source_refs(store, vendor.props.get("sources") or []), as_of),
        links=links, names=names, actions=_actions(store, vendor_id, as_of), matches=_matches(store, vendor_id, as_of),
        customers=sorted(customers, key=lambda c: (c.tier, c.customer, c.process)),
    )  # fmt: skip
