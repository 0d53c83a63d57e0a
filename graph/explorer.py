"""Graph exploration for the dashboard: neighbour expansion, node details, customer-to-vendor paths
and vendor profiles.

Every query is parameterised; the only names spliced into Cypher are node labels and relationship
types taken from graph.model (each node is matched by its label and key, so lookups stay point
queries on both engines). Labels a caller passes are checked against the model first.

>>> sub = neighbours(store, "vendor:clearview-ai", labels={"EnforcementAction", "Product"})
>>> sorted({n.label for n in sub.nodes})
['EnforcementAction', 'Product', 'Vendor']
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from graph import queries
from graph.model import EDGE_TYPES, NODE_TYPES, node_type
from graph.provenance import source_refs, status_as_of
from graph.results import PathNode, SourceRef
from graph.store import Store
from graph.supply_chain import fetch_supply_chain

__all__ = [
    "ExposedCustomer",
    "GraphEdge",
    "GraphNode",
    "NeighbourCount",
    "NodeDetails",
    "SanctionsMatch",
    "Subgraph",
    "VendorAction",
    "VendorProfile",
    "customer_vendor_paths",
    "find_node",
    "neighbours",
    "node_details",
    "nodes_of",
    "vendor_products",
    "vendor_profile",
]

# Labels tried first for an id prefix, so a lookup by id is usually one point query.
_PREFIXES = {
    "customer:": "Customer", "vendor:": "Vendor", "product:": "Product", "process:": "Process",
    "datacategory:": "DataCategory", "datasource:": "DataSource", "jurisdiction:": "Jurisdiction",
    "regulator:": "Regulator", "law:": "Law", "designation:": "Designation",
    "listed:": "ListedEntity", "source:": "Source", "mention:": "Mention",
}  # fmt: skip
_APPEAL_DEPTH = 4


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GraphNode(_Strict):
    """A node as the explorer shows it: label, display name and every declared property."""

    id: str
    label: str
    name: str
    props: dict[str, Any] = Field(default_factory=dict)


class GraphEdge(_Strict):
    """A relationship in its stored direction."""

    id: str
    type: str
    source: str
    target: str
    props: dict[str, Any] = Field(default_factory=dict)


class Subgraph(_Strict):
    """Nodes and relationships to draw; `more` counts neighbours left out by the limit, per node."""

    nodes: list[GraphNode] = Field(default_factory=list)
    edges: list[GraphEdge] = Field(default_factory=list)
    more: dict[str, int] = Field(default_factory=dict)

    def merge(self, other: Subgraph) -> Subgraph:
        nodes = {n.id: n for n in [*self.nodes, *other.nodes]}
        edges = {e.id: e for e in [*self.edges, *other.edges]}
        return Subgraph(
            nodes=list(nodes.values()), edges=list(edges.values()), more={**self.more, **other.more}
        )


class NeighbourCount(_Strict):
    """How many neighbours of one label a node has through one relationship type and direction."""

    rel: str
    direction: str  # "out" or "in"
    label: str
    count: int


class NodeDetails(_Strict):
    """What the details panel shows for one node."""

    node: GraphNode
    sources: list[SourceRef] = Field(default_factory=list)
    neighbours: list[NeighbourCount] = Field(default_factory=list)


class VendorAction(_Strict):
    """An enforcement action in a vendor's record, with its status as of the date and its history."""

    id: str
    name: str
    date: str
    relation: (
        str  # against (the vendor), appeal (of an action against it), concerns (a customer's use)
    )
    regulators: list[str] = Field(default_factory=list)
    jurisdiction: str | None = None
    against: str | None = None
    kinds: list[str] = Field(default_factory=list)
    orders: list[str] = Field(default_factory=list)
    ordered: str | None = None
    amount: float | None = None
    currency: str | None = None
    reference: str | None = None
    status: str | None = None
    history: list[dict[str, Any]] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)


class SanctionsMatch(_Strict):
    """A screening match of the vendor against a listed entity, with its designations."""

    listed_id: str
    listed_name: str
    list_code: str
    entity_id: str | None = None
    programs: list[str] = Field(default_factory=list)
    listed_on: list[str] = Field(default_factory=list)
    list_as_of: str | None = None
    score: float | None = None
    review: str = "unreviewed"
    explanation: str | None = None
    reviewer: str | None = None
    reason: str | None = None
    sources: list[SourceRef] = Field(default_factory=list)


class ExposedCustomer(_Strict):
    """A customer process that reaches the vendor, at some tier, as of the date."""

    customer_id: str
    customer: str
    process: str
    product: str
    tier: int
    path: list[PathNode]


class VendorProfile(_Strict):
    """Everything the vendor profile page shows, as of a date."""

    vendor: GraphNode
    as_of: str
    sources: list[SourceRef] = Field(default_factory=list)
    links: list[GraphEdge] = Field(
        default_factory=list
    )  # products, jurisdictions, data sources, owners
    names: dict[str, str] = Field(default_factory=dict)  # node id -> name for `links`
    actions: list[VendorAction] = Field(default_factory=list)
    matches: list[SanctionsMatch] = Field(default_factory=list)
    customers: list[ExposedCustomer] = Field(default_factory=list)


# -- nodes and neighbours --------------------------------------------------------------------------
def _node(row: dict[str, Any]) -> GraphNode:
    props = {k: v for k, v in row.items() if not k.startswith("_")}
    return GraphNode(
        id=row["id"], label=row["_label"], name=row.get("name") or row["id"], props=props
    )


def _labels_for(node_id: str) -> list[str]:
    first = next((label for prefix, label in _PREFIXES.items() if node_id.startswith(prefix)), None)
    if node_id.startswith("action:"):
        first = "StatusEvent" if "#" in node_id else "EnforcementAction"
    return (
        [first, *[label for label in NODE_TYPES if label != first]] if first else list(NODE_TYPES)
    )


def find_node(store: Store, node_id: str) -> GraphNode | None:
    """The node with this id, whatever its label, or None."""
    for label in _labels_for(node_id):
        rows = store.read(f"MATCH (n:{label} {{id: $id}}) RETURN n", {"id": node_id})
        if rows:
            return _node(rows[0]["n"])
    return None


def nodes_of(store: Store, label: str, limit: int = 1000) -> list[tuple[str, str]]:
    """(id, name) of the nodes of one model label, by name, for pickers."""
    node_type(label)  # a label not in the model is refused before it reaches Cypher
    rows = store.read(
        f"MATCH (n:{label}) RETURN n.id AS id, n.name AS name ORDER BY name, id LIMIT $limit",
        {"limit": limit},
    )
    return [(r["id"], r["name"] or r["id"]) for r in rows]


def _pairs(label: str) -> Iterator[tuple[str, str, str]]:
    """(relationship type, direction, other label) for every link the model allows this label."""
    for spec in EDGE_TYPES.values():
        for src, dst in spec.ends:
            if src == label:
                yield spec.type, "out", dst
            if dst == label:
                yield spec.type, "in", src


def _pattern(label: str, rel: str, direction: str, other: str) -> str:
    arrow = f"-[r:{rel}]->" if direction == "out" else f"<-[r:{rel}]-"
    return f"MATCH (n:{label} {{id: $id}}){arrow}(m:{other})"


def _edge(rel: dict[str, Any], a: str, b: str) -> GraphEdge:
    props = {k: v for k, v in rel.items() if not k.startswith("_")}
    return GraphEdge(
        id=f"{a}|{rel['_type']}|{b}", type=rel["_type"], source=a, target=b, props=props
    )


def neighbours(
    store: Store, node_id: str, labels: Collection[str] | None = None, limit: int = 40
) -> Subgraph:
    """A node and its neighbours (both directions), optionally only those of some labels.

    At most `limit` neighbours per relationship type and label are returned; `more[node_id]`
    counts the ones left out.
    """
    centre = find_node(store, node_id)
    if centre is None:
        raise LookupError(f"no node with id {node_id!r}")
    wanted = set(NODE_TYPES) if labels is None else {node_type(label).label for label in labels}
    nodes = {centre.id: centre}
    edges: dict[str, GraphEdge] = {}
    left_out = 0
    for rel, direction, other in _pairs(centre.label):
        if other not in wanted:
            continue
        match = _pattern(centre.label, rel, direction, other)
        rows = store.read(
            f"{match} RETURN r AS rel, m AS node ORDER BY m.id LIMIT $limit",
            {"id": node_id, "limit": limit + 1},
        )
        if len(rows) > limit:
            total = store.read(f"{match} RETURN count(m) AS c", {"id": node_id})[0]["c"]
            left_out += int(total) - limit
        for row in rows[:limit]:
            other_node = _node(row["node"])
            nodes.setdefault(other_node.id, other_node)
            a, b = (node_id, other_node.id) if direction == "out" else (other_node.id, node_id)
            edge = _edge(row["rel"], a, b)
            edges[edge.id] = edge
    return Subgraph(
        nodes=list(nodes.values()),
        edges=list(edges.values()),
        more={node_id: left_out} if left_out else {},
    )


def node_details(store: Store, node_id: str) -> NodeDetails:
    """A node's properties, cited sources and neighbour counts by relationship and label."""
    node = find_node(store, node_id)
    if node is None:
        raise LookupError(f"no node with id {node_id!r}")
    counts = []
    for rel, direction, other in _pairs(node.label):
        if rel == "CITES" and direction == "out":
            continue  # shown as sources
        c = int(
            store.read(
                f"{_pattern(node.label, rel, direction, other)} RETURN count(m) AS c",
                {"id": node_id},
            )[0]["c"]
        )
        if c:
            counts.append(NeighbourCount(rel=rel, direction=direction, label=other, count=c))
    refs = source_refs(store, node.props.get("sources") or [])
    return NodeDetails(node=node, sources=refs, neighbours=counts)


def customer_vendor_paths(
    store: Store, customer_id: str, vendor_id: str, as_of: str | None = None
) -> Subgraph:
    """Every path from a customer's processes to a vendor (any tier, ownership included), as a subgraph."""
    subgraph = Subgraph()
    for exposed in _exposed(store, customer_id, vendor_id, as_of or date.today().isoformat()):
        nodes = [GraphNode(id=n.id, label=n.label, name=n.name) for n in exposed.path]
        edges = []
        for a, b in zip(exposed.path, exposed.path[1:], strict=False):
            rel = a.rel or ""
            # The supply chain walks OFFERS backwards (OFFERED_BY); draw the stored direction.
            src, dst, rel = (b.id, a.id, "OFFERS") if rel == "OFFERED_BY" else (a.id, b.id, rel)
            edges.append(GraphEdge(id=f"{src}|{rel}|{dst}", type=rel, source=src, target=dst))
        subgraph = subgraph.merge(Subgraph(nodes=nodes, edges=edges))
    return subgraph


def _exposed(store: Store, customer_id: str, vendor_id: str, as_of: str) -> list[ExposedCustomer]:
    chain = fetch_supply_chain(store, customer_id, as_of, ownership=True)
    if chain is None:
        raise LookupError(f"unknown customer {customer_id!r}")
    out = []
    for process_id, product_id in sorted(chain.uses):
        route = chain.path_to(product_id, vendor_id)
        if route is None:
            continue
        path = [process_id, *route]
        out.append(
            ExposedCustomer(
                customer_id=customer_id, customer=chain.customer["name"],
                process=chain.processes[process_id]["name"],
                product=chain.graph.nodes[product_id].get("name", product_id),
                tier=chain.tier(path), path=chain.path_nodes(path),
            )
        )  # fmt: skip
    return out


# -- vendor profile --------------------------------------------------------------------------------
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
        f"{_pattern('Vendor', 'OFFERS', 'out', 'Product')} RETURN m.id AS id, m.name AS name ORDER BY name",
        {"id": vendor_id},
    )
    return [(r["id"], r["name"] or r["id"]) for r in rows]


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
    ids = list(found)
    histories: dict[str, list[dict[str, Any]]] = {}
    for row in store.read(queries.ACTION_STATUSES, {"ids": ids}) if ids else []:
        histories.setdefault(row["action"], []).append(row["status"])
    subjects: dict[str, list[str]] = {}
    for row in store.read(_ACTION_SUBJECTS, {"ids": ids}) if ids else []:
        subjects.setdefault(row["action"], []).append(row["name"])
    out = []
    for action_id, entry in found.items():
        action = entry["action"]
        history = [
            {"date": s["date"], "status": s["status"], "note": s.get("note"),
             "sources": [r.model_dump() for r in source_refs(store, s.get("sources") or [])]}
            for s in histories.get(action_id, []) if s["date"] <= as_of
        ]  # fmt: skip
        step = status_as_of(histories.get(action_id, []), as_of)
        out.append(
            VendorAction(
                id=action_id, name=action["name"], date=action["date"], relation=entry["relation"],
                regulators=entry["regulators"], jurisdiction=action.get("jurisdiction"),
                against=", ".join(subjects.get(action_id, [])) or None,
                kinds=list(action.get("kinds") or []), orders=list(action.get("orders") or []),
                ordered=action.get("ordered"), amount=action.get("amount"), currency=action.get("currency"),
                reference=action.get("reference"), status=step["status"] if step else None, history=history,
                sources=source_refs(store, action.get("sources") or []),
            )
        )  # fmt: skip
    return sorted(out, key=lambda a: (a.date, a.id))


def _matches(store: Store, vendor_id: str) -> list[SanctionsMatch]:
    grouped: dict[str, SanctionsMatch] = {}
    for row in store.read(queries.SANCTIONS_MATCHES, {"ids": [vendor_id]}):
        entity, match, designation = row["entity"], row["match"], row.get("designation")
        item = grouped.get(entity["id"])
        if item is None:
            item = grouped[entity["id"]] = SanctionsMatch(
                listed_id=entity["id"], listed_name=entity["name"], list_code=entity["list"],
                entity_id=entity.get("entity_id"), score=match.get("score"),
                review=match.get("review") or "unreviewed", explanation=match.get("explanation"),
                reviewer=match.get("reviewer"), reason=match.get("reason"),
                sources=source_refs(store, [*(match.get("sources") or []), *(entity.get("sources") or [])]),
            )  # fmt: skip
        if designation:
            if designation.get("program") and designation["program"] not in item.programs:
                item.programs.append(designation["program"])
            if designation.get("listed_on") and designation["listed_on"] not in item.listed_on:
                item.listed_on.append(designation["listed_on"])
            item.list_as_of = designation.get("list_as_of") or item.list_as_of
    return sorted(grouped.values(), key=lambda m: (m.list_code, m.listed_id))


def _links(store: Store, vendor_id: str) -> tuple[list[GraphEdge], dict[str, str]]:
    edges: list[GraphEdge] = []
    names: dict[str, str] = {}
    for rel, direction, other in _VENDOR_LINKS:
        rows = store.read(
            f"{_pattern('Vendor', rel, direction, other)} RETURN r AS rel, m AS node ORDER BY m.id",
            {"id": vendor_id},
        )
        for row in rows:
            node = row["node"]
            names[node["id"]] = node.get("name") or node["id"]
            a, b = (vendor_id, node["id"]) if direction == "out" else (node["id"], vendor_id)
            edges.append(_edge(row["rel"], a, b))
    for row in store.read(_PRODUCT_STORAGE, {"id": vendor_id}):
        names[row["node"]["id"]] = row["node"].get("name") or row["node"]["id"]
        edges.append(_edge(row["rel"], row["product"], row["node"]["id"]))
    return edges, names


def vendor_profile(store: Store, vendor_id: str, as_of: str | None = None) -> VendorProfile:
    """A vendor's record as of a date: enforcement across jurisdictions, matches, links, customers."""
    as_of = as_of or date.today().isoformat()
    rows = store.read(queries.VENDOR, {"vendor": vendor_id})
    if not rows:
        raise LookupError(f"unknown vendor {vendor_id!r}")
    vendor = _node(rows[0]["v"])
    links, names = _links(store, vendor_id)
    customers = []
    for row in store.read(queries.ALL_CUSTOMERS):
        if row["processes"]:
            customers.extend(_exposed(store, row["id"], vendor_id, as_of))
    return VendorProfile(
        vendor=vendor, as_of=as_of, sources=source_refs(store, vendor.props.get("sources") or []),
        links=links, names=names, actions=_actions(store, vendor_id, as_of), matches=_matches(store, vendor_id),
        customers=sorted(customers, key=lambda c: (c.tier, c.customer, c.process)),
    )  # fmt: skip
