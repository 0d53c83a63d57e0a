"""Plain data the dashboard shows, built from graph answers (pages call these, never Cypher).

Rows for tables and charts, and Cytoscape elements (the st-link-analysis format) for the graph
views. Everything here is a pure function of a result model, so it is tested without a browser.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from itertools import pairwise
from typing import Any

from graph import vocabulary
from graph.explore.models import SanctionsMatch, Subgraph, VendorProfile
from graph.exposure.timeline import ExposureTimeline
from graph.exposure.weights import BAND_COLOURS, BANDS
from graph.results import ExposureResult, PortfolioRow
from graph.screening.normalise import normalise

__all__ = [
    "BAND_COLOURS",
    "BAND_ORDER",
    "LABEL_COLOURS",
    "cell",
    "cited",
    "compare_portfolios",
    "compare_rows",
    "dimension_rows",
    "explanation_rows",
    "explanation_summary",
    "exposed_rows",
    "exposure_elements",
    "filter_portfolio",
    "kind_rows",
    "match_rows",
    "portfolio_rows",
    "subgraph_elements",
    "subgraph_rows",
    "timeline_rows",
    "vendor_action_rows",
    "vendor_link_rows",
    "vendor_status_rows",
]

BAND_ORDER = [name for name, _ in BANDS]  # critical first

LABEL_COLOURS = {
    "Customer": "#1c7ed6",
    "Process": "#4dabf7",
    "Product": "#9775fa",
    "Vendor": "#e8590c",
    "ListedEntity": "#c92a2a",
    "Designation": "#862e9c",
    "EnforcementAction": "#495057",
    "Regulator": "#868e96",
    "Jurisdiction": "#2f9e44",
    "DataCategory": "#f08c00",
    "DataSource": "#a61e4d",
    "Source": "#adb5bd",
    "Law": "#5c940d",
    "StatusEvent": "#ced4da",
    "Mention": "#fab005",
}


def cell(value: Any) -> Any:
    """A value as a table cell: scalars as they are, nodes, relationships and lists as short text."""
    if isinstance(value, dict):
        if "_label" in value:
            return f"{value.get('name') or value.get('id')} ({vocabulary.label(value['_label'])})"
        if "_type" in value:
            return vocabulary.relation(value["_type"])
        if "nodes" in value and "rels" in value:
            return " → ".join(str(n.get("name") or n.get("id")) for n in value["nodes"])
        return json.dumps(value, default=str, ensure_ascii=False)
    if isinstance(value, list):
        return "; ".join(str(cell(v)) for v in value)
    return value


def cited(ids: Iterable[str]) -> str:
    """Source references for a table cell: the knowledge base's numbers ("S42"); a customer's
    inventory in words (its id is the app's bookkeeping)."""
    words = (
        "a customer's inventory" if i.startswith("source:inventory:")
        else "the list extract screened" if i.startswith("source:list:") else i
        for i in ids
    )  # fmt: skip
    return ", ".join(dict.fromkeys(words))


def _node_element(node_id: str, label: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"data": {"id": node_id, "label": label, "name": name, **extra}}


def _edge_element(src: str, rel: str, dst: str, **extra: Any) -> dict[str, Any]:
    return {
        "data": {
            "id": f"{src}|{rel}|{dst}",
            "label": vocabulary.relation(rel),
            "type": rel,
            "source": src,
            "target": dst,
            **extra,
        }
    }


def dimension_rows(result: ExposureResult) -> list[dict[str, Any]]:
    """One row per scoring dimension: score, weight, weighted contribution and formula."""
    return [
        {"dimension": vocabulary.dimension(d.name), "score": d.score, "weight": d.weight, "weighted": round(d.score * d.weight, 2),
         "formula": d.formula}
        for d in result.dimensions
    ]  # fmt: skip


def compare_rows(a: ExposureResult, b: ExposureResult) -> list[dict[str, Any]]:
    """Two results side by side, dimension by dimension, with B minus A."""
    b_scores = {d.name: d.score for d in b.dimensions}
    rows = [
        {
            "measure": vocabulary.dimension(d.name),
            "A": d.score,
            "B": b_scores.get(d.name, 0.0),
            "B - A": round(b_scores.get(d.name, 0.0) - d.score, 1),
        }
        for d in a.dimensions
    ]
    rows.append(
        {"measure": "force", "A": a.force, "B": b.force, "B - A": round(b.force - a.force, 2)}
    )
    rows.append(
        {
            "measure": "affected processes",
            "A": len(a.affected),
            "B": len(b.affected),
            "B - A": len(b.affected) - len(a.affected),
        }
    )
    rows.append(
        {
            "measure": "overall score",
            "A": a.score,
            "B": b.score,
            "B - A": round(b.score - a.score, 1),
        }
    )
    return rows


def exposure_elements(result: ExposureResult) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape elements for the paths from customer to vendor."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}
    for affected in result.affected:
        path = affected.path
        for step in path:
            nodes.setdefault(step.id, _node_element(step.id, step.label, step.name))
        for a, b in pairwise(path):
            rel = a.rel or ""
            # OFFERED_BY is the engine's reading of OFFERS walked backwards; show the stored direction.
            src, dst, label = (b.id, a.id, "OFFERS") if rel == "OFFERED_BY" else (a.id, b.id, rel)
            edge = _edge_element(src, label, dst)
            edges.setdefault(edge["data"]["id"], edge)
    for dim in result.dimensions:
        if dim.name != "sanctions":
            continue
        for ev in dim.evidence:
            for a, b in pairwise(ev.path):
                for step in (a, b):
                    nodes.setdefault(step.id, _node_element(step.id, step.label, step.name))
                edge = _edge_element(a.id, "MATCHES", b.id)
                edges.setdefault(edge["data"]["id"], edge)
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


def subgraph_elements(
    subgraph: Subgraph, highlight: Subgraph | None = None, labels: set[str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape elements for an explored subgraph; nodes and edges on `highlight` are marked `path`.

    `labels` keeps only nodes of those labels (and the edges between kept nodes); highlighted
    nodes are always kept, so a path never loses a step to a filter.
    """
    on_path = {n.id for n in highlight.nodes} if highlight else set()
    path_edges = {e.id for e in highlight.edges} if highlight else set()
    merged = subgraph.merge(highlight) if highlight else subgraph
    nodes = [
        _node_element(n.id, n.label, n.name, path=n.id in on_path)
        for n in merged.nodes
        if labels is None or n.label in labels or n.id in on_path
    ]
    kept = {n["data"]["id"] for n in nodes}
    edges = [
        _edge_element(e.source, e.type, e.target, path=e.id in path_edges)
        for e in merged.edges
        if e.source in kept and e.target in kept
    ]
    return {"nodes": nodes, "edges": edges}


def subgraph_rows(elements: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The drawn relationships as table rows: the screen-reader view of a graph."""
    names = {n["data"]["id"]: (n["data"]["name"], n["data"]["label"]) for n in elements["nodes"]}
    rows = []
    for e in elements["edges"]:
        (src, src_label), (dst, dst_label) = names[e["data"]["source"]], names[e["data"]["target"]]
        rows.append({
            "from": f"{src} ({vocabulary.label(src_label)})", "relationship": e["data"]["label"],
            "to": f"{dst} ({vocabulary.label(dst_label)})",
            "on path": bool(e["data"].get("path")),
        })  # fmt: skip
    return sorted(rows, key=lambda r: (not r["on path"], r["from"], r["relationship"], r["to"]))


def portfolio_rows(
    rows: list[PortfolioRow], sectors: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Portfolio ranking rows for a table and a chart (`sectors`: customer id -> sector)."""
    return [
        {
            "rank": r.rank, "customer": r.customer, "score": r.score, "band": r.band,
            "affected processes": r.affected, "nearest tier": str(r.top_tier) if r.top_tier else "—", "drivers": ", ".join(vocabulary.dimension(d) for d in r.drivers),
            "sector": (sectors or {}).get(r.customer_id) or "unknown", "customer_id": r.customer_id,
            "unresolved names": "; ".join(r.unresolved),
        }
        for r in rows
    ]  # fmt: skip


def compare_portfolios(a: list[PortfolioRow], b: list[PortfolioRow]) -> list[dict[str, Any]]:
    """Each customer's score and band under two scenarios, in A's ranking order."""
    under_b = {r.customer_id: r for r in b}
    return [
        {"customer": r.customer, "A score": r.score, "A band": r.band,
         "B score": under_b[r.customer_id].score, "B band": under_b[r.customer_id].band,
         "B - A": round(under_b[r.customer_id].score - r.score, 1)}
        for r in a if r.customer_id in under_b
    ]  # fmt: skip


def filter_portfolio(
    rows: list[dict[str, Any]], *, bands: Collection[str], sectors: Collection[str], min_score: float = 0.0,
    only_affected: bool = False,
) -> list[dict[str, Any]]:  # fmt: skip
    """The portfolio rows that pass the page's filters."""
    return [
        r for r in rows
        if r["band"] in bands and r["sector"] in sectors and r["score"] >= min_score
        and (r["affected processes"] > 0 or not only_affected)
    ]  # fmt: skip


def timeline_rows(timeline: ExposureTimeline) -> list[dict[str, Any]]:
    """One row per timeline date: score, band, the action's status in its kind's words, what happened."""
    return [
        {
            "date": p.date, "score": p.score, "band": p.band, "status": p.words or p.status or "",
            "force": p.force, "affected processes": p.affected,
            "what happened": "; ".join(f"{e.action}: {e.words or e.status}" for e in p.events)
            or "baseline (before the action was made public)",
        }
        for p in timeline.points
    ]  # fmt: skip


def kind_rows() -> list[dict[str, Any]]:
    """The declared kinds of action (graph.vocabulary.ACTION_KINDS): each status in the kind's own
    words with its force in the score, and the scenario events the kind can carry."""
    rows = []
    for kind in vocabulary.ACTION_KINDS.values():
        events = ", ".join(sorted(vocabulary.event(e.value) for e in kind.events)) or "none"
        said = dict.fromkeys((kind.words.get(s, kind.default), f) for s, f in kind.force.items())
        rows += [{"kind": kind.label, "status": words, "force": force, "scenario events": events}
                 for words, force in said]  # fmt: skip
    return rows


def vendor_action_rows(profile: VendorProfile) -> list[dict[str, Any]]:
    """A vendor's enforcement record as table rows, oldest first."""
    return [
        {
            "date": a.date, "jurisdiction": a.jurisdiction or "", "action": a.name,
            "regulator": ", ".join(a.regulators), "relation": a.relation, "against": a.against or "",
            "status as of date": vocabulary.status_words(a.kinds, a.status) if a.status else "", "amount": a.amount, "currency": a.currency or "",
            "orders": ", ".join(vocabulary.event(o) for o in a.orders),
        }
        for a in profile.actions
    ]  # fmt: skip


_LINK_NAMES = {
    ("OFFERS", True): "offers product", ("BASED_IN", True): "based in", ("COLLECTS_FROM", True): "collects data from",
    ("OWNED_BY", True): "owned by", ("OWNED_BY", False): "owns", ("SUBPROCESSOR", True): "uses as subprocessor",
    ("SUBPROCESSOR", False): "is a subprocessor of", ("STORES_DATA_IN", True): "stores data in",
}  # fmt: skip


def vendor_link_rows(profile: VendorProfile) -> list[dict[str, Any]]:
    """The vendor's products, places, data sources, owners and subprocessors as table rows."""
    vendor_id = profile.vendor.id
    rows = []
    for e in profile.links:
        outgoing = e.source == vendor_id
        other = e.target if outgoing or e.type == "STORES_DATA_IN" else e.source
        via = profile.names.get(e.source, e.source) if e.type == "STORES_DATA_IN" else ""
        share = e.props.get("share")
        rows.append({
            "link": _LINK_NAMES.get((e.type, outgoing or e.type == "STORES_DATA_IN"), e.type),
            "to": profile.names.get(other, other), "via product": via,
            "share": f"{share:.0%}" if isinstance(share, int | float) else "",
            "since": e.props.get("since") or "", "note": e.props.get("note") or "",
            "sources": cited(e.props.get("sources") or []),
        })  # fmt: skip
    return rows


def _explanation(text: str | None) -> dict[str, Any] | None:
    if not text or not text.lstrip().startswith("{"):
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def explanation_summary(text: str | None) -> str:
    """A screening explanation in one line: the matcher's own summary, or the curated text as is."""
    parsed = _explanation(text)
    if parsed is None:
        return text or ""
    effects = [
        f"{name} {value['effect']:+.2f}" for name, value in parsed.items()
        if isinstance(value, dict) and isinstance(value.get("effect"), int | float) and value["effect"]
    ]  # fmt: skip
    return "; ".join([str(parsed.get("summary") or "scored match"), *effects])


def explanation_rows(text: str | None) -> list[dict[str, Any]]:
    """A screening explanation feature by feature (name, country, identifier, ...), for a table."""
    parsed = _explanation(text)
    if parsed is None:
        return []
    rows = []
    for name, value in parsed.items():
        if not isinstance(value, dict):
            continue
        detail = {k: v for k, v in value.items() if k not in ("effect", "score")}
        rows.append({
            "feature": name, "score": value.get("score"), "effect": value.get("effect"),
            "detail": json.dumps(detail, ensure_ascii=False, default=str)[:300],
        })  # fmt: skip
    return rows


def enforcement_counts(profile: VendorProfile) -> dict[str, int]:
    """The one definition of "enforcement actions against a vendor", used by every view.

    `against`: actions whose target is the vendor itself. Rulings on those actions (appeals,
    tribunal decisions) and actions against the vendor's customers for using it are counted
    apart and always labelled, never added in.
    """
    counts = {"against": 0, "appeal": 0, "concerns": 0}
    for action in profile.actions:
        counts[action.relation] = counts.get(action.relation, 0) + 1
    return counts


def enforcement_summary(profile: VendorProfile) -> str:
    """The counts in words, e.g. '20 actions against the vendor; 4 rulings on appeal; 3 ...'."""
    c = enforcement_counts(profile)
    return (
        f"{c['against']} enforcement action(s) against {profile.vendor.name}; "
        f"{c['appeal']} ruling(s) on appeal of those; "
        f"{c['concerns']} action(s) against its customers for using it"
    )


def _listing_key(m: SanctionsMatch) -> tuple[str, str]:
    return m.list_code, normalise(m.listed_name).compact


def unique_matches(profile: VendorProfile) -> list[list[SanctionsMatch]]:
    """Matches grouped by listing: a curated entry and a screened match of the same listing (same
    list, same name once legal forms and punctuation are set aside) are one row with both sources."""
    groups: dict[tuple[str, str], list[SanctionsMatch]] = {}
    for m in profile.matches:
        groups.setdefault(_listing_key(m), []).append(m)
    return list(groups.values())


def match_rows(profile: VendorProfile) -> list[dict[str, Any]]:
    """Sanctions and restricted-list matches as table rows, one per listing."""
    rows = []
    for found in unique_matches(profile):
        # The knowledge base's entry first: its curated facts lead, the screened match follows.
        group = sorted(found, key=lambda g: g.review != "curated")
        m = group[0]
        rows.append({
            "list": vocabulary.list_name(m.list_code), "listed entity": m.listed_name,
            "program": ", ".join(dict.fromkeys(p for g in group for p in g.programs)),
            "listed on": ", ".join(dict.fromkeys(d for g in group for d in g.listed_on)),
            "list as of": max((g.list_as_of or "" for g in group), default=""),
            "review": ", ".join(dict.fromkeys(g.review for g in group)),
            "score": max((g.score for g in group if g.score is not None), default=None),
            "explanation": "; ".join(dict.fromkeys(explanation_summary(g.explanation) for g in group)),
            "sources": cited(r.id for g in group for r in g.sources),
            "found by": " and ".join(dict.fromkeys(
                "knowledge base" if g.review == "curated" else "list screening" for g in group)),
        })  # fmt: skip
    return rows


def exposed_rows(profile: VendorProfile) -> list[dict[str, Any]]:
    """The customer processes that reach the vendor, nearest tier first."""
    return [
        {
            "customer": c.customer, "process": c.process, "product used": c.product, "tier": c.tier,
            "path": vocabulary.path_sentence([(n.name, n.rel) for n in c.path]),
        }
        for c in profile.customers
    ]  # fmt: skip


def vendor_status_rows(profile: VendorProfile) -> list[dict[str, Any]]:
    """Every dated status step of every action, for the cross-jurisdiction timeline chart."""
    rows = []
    for a in profile.actions:
        steps = a.history or [{"date": a.date, "status": a.status or "issued", "note": None}]
        for step in steps:
            rows.append({
                "date": step["date"], "jurisdiction": a.jurisdiction or "?",
                "status": vocabulary.status_words(a.kinds, step["status"]),
                "action": a.name, "relation": a.relation, "note": step.get("note") or "",
            })  # fmt: skip
    return rows
