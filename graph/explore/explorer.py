"""Graph exploration for the dashboard: neighbour expansion, node details and customer-to-vendor
paths (a vendor's whole record is graph.explore.vendor_profile's).

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

from graph.explore.models import (
    ExposedCustomer,
    GraphEdge,
    GraphNode,
    NeighbourCount,
    NodeDetails,
    Subgraph,
)
from graph.exposure.supply_chain import fetch_supply_chain
from graph.model import EDGE_TYPES, NODE_TYPES, node_type
from graph.provenance import source_refs
from graph.store.protocol import Store

__all__ = [
    "customer_vendor_paths",
    "edge_from_rel",
    "exposed_processes",
    "find_node",
    "link_pattern",
    "neighbours",
    "node_details",
    "node_from_row",
    "nodes_of",
]

# Labels tried first for an id prefix, so a lookup by id is usually one point query.
_PREFIXES = {
    "customer:": "Customer", "vendor:": "Vendor", "product:": "Product", "process:": "Process",
    "datacategory:": "DataCategory", "datasource:": "DataSource", "jurisdiction:": "Jurisdiction",
    "regulator:": "Regulator", "law:": "Law", "designation:": "Designation",
    "listed:": "ListedEntity", "source:": "Source", "mention:": "Mention",
}  # fmt: skip


# -- nodes and neighbours --------------------------------------------------------------------------
def node_from_row(row: dict[str, Any]) -> GraphNode:
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
            return node_from_row(rows[0]["n"])
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


def link_pattern(label: str, rel: str, direction: str, other: str) -> str:
    arrow = f"-[r:{rel}]->" if direction == "out" else f"<-[r:{rel}]-"
    return f"MATCH (n:{label} {{id: $id}}){arrow}(m:{other})"


def edge_from_rel(rel: dict[str, Any], a: str, b: str) -> GraphEdge:
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
        match = link_pattern(centre.label, rel, direction, other)
        rows = store.read(
            f"{match} RETURN r AS rel, m AS node ORDER BY m.id LIMIT $limit",
            {"id": node_id, "limit": limit + 1},
        )
        if len(rows) > limit:
            total = store.read(f"{match} RETURN count(m) AS c", {"id": node_id})[0]["c"]
            left_out += int(total) - limit
        for row in rows[:limit]:
            other_node = node_from_row(row["node"])
            nodes.setdefault(other_node.id, other_node)
            a, b = (node_id, other_node.id) if direction == "out" else (other_node.id, node_id)
            edge = edge_from_rel(row["rel"], a, b)
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
                f"{link_pattern(node.label, rel, direction, other)} RETURN count(m) AS c",
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
    for exposed in exposed_processes(
        store, customer_id, vendor_id, as_of or date.today().isoformat()
    ):
        nodes = [GraphNode(id=n.id, label=n.label, name=n.name) for n in exposed.path]
        edges = []
        for a, b in zip(exposed.path, exposed.path[1:], strict=False):
            rel = a.rel or ""
            # The supply chain walks OFFERS backwards (OFFERED_BY); draw the stored direction.
            src, dst, rel = (b.id, a.id, "OFFERS") if rel == "OFFERED_BY" else (a.id, b.id, rel)
            edges.append(GraphEdge(id=f"{src}|{rel}|{dst}", type=rel, source=src, target=dst))
        subgraph = subgraph.merge(Subgraph(nodes=nodes, edges=edges))
    return subgraph


def exposed_processes(
    store: Store, customer_id: str, vendor_id: str, as_of: str
) -> list[ExposedCustomer]:
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
