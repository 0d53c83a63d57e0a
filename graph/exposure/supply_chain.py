"""A customer's supply chain as a networkx graph, fetched by Cypher, and its paths to a vendor.

The subgraph runs Customer -> Process -> Product -> Vendor, with BUILT_ON (product on product),
SUBPROCESSOR and, for ownership-driven events, OWNED_BY links expanded breadth-first to a bounded
depth. Tier counts vendors crossed: a product the vendor offers directly is tier 1; a product
built on the vendor's product, or a vendor that uses it as subprocessor, is tier 2; and so on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import networkx as nx

from graph import queries
from graph.provenance import active
from graph.results import PathNode
from graph.store.protocol import Store

__all__ = ["MAX_DEPTH", "SupplyChain", "fetch_supply_chain"]

# Hops of BUILT_ON, SUBPROCESSOR or OWNED_BY followed from the customer: tier 5 at most, well past
# what contracts and subprocessor lists disclose, while a dense graph stays fast to expand.
MAX_DEPTH = queries.MAX_DEPTH
# Edges that move the path one tier further from the customer.
_TIER_EDGES = frozenset({"BUILT_ON", "SUBPROCESSOR", "OWNED_BY"})


@dataclass
class SupplyChain:
    """The fetched subgraph plus the process and category facts the scoring needs."""

    customer: dict[str, Any]
    graph: nx.DiGraph[str] = field(default_factory=nx.DiGraph)
    processes: dict[str, dict[str, Any]] = field(default_factory=dict)
    uses: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    categories: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    storage: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Set when links went on past MAX_DEPTH: the answer must say the chain was cut there.
    cut_at_tier: int | None = None

    @property
    def caveats(self) -> list[str]:
        if self.cut_at_tier is None:
            return []
        return [
            f"The supply chain was followed to {self.cut_at_tier} tiers; deeper links were not "
            "examined."
        ]

    def add_node(self, node: dict[str, Any]) -> None:
        self.graph.add_node(node["id"], **node)

    def path_to(self, process_id: str, target: str) -> list[str] | None:
        """The shortest path from a process to the target vendor or product, if any."""
        try:
            return list(nx.shortest_path(self.graph, process_id, target))
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return None

    def tier(self, path: list[str]) -> int:
        rels = [self.graph.edges[a, b]["rel"] for a, b in pairwise(path)]
        return 1 + sum(1 for r in rels if r in _TIER_EDGES)

    def path_nodes(self, path: list[str]) -> list[PathNode]:
        """The customer-rooted path as PathNodes, each naming the relationship to the next."""
        ids = [self.customer["id"], *path]
        rels = ["RUNS"] + [self.graph.edges[a, b]["rel"] for a, b in pairwise(path)]
        out = []
        for index, node_id in enumerate(ids):
            data = self.customer if index == 0 else self.graph.nodes[node_id]
            out.append(
                PathNode(
                    id=node_id,
                    label=data["_label"],
                    name=data.get("name") or node_id,
                    rel=rels[index] if index < len(rels) else None,
                )
            )
        return out

    def supplier_of(self, product_id: str) -> str | None:
        """The name of the vendor offering a product (the customer's direct supplier)."""
        for _, vendor, data in self.graph.out_edges(product_id, data=True):
            if data["rel"] == "OFFERED_BY":
                return str(self.graph.nodes[vendor].get("name", vendor))
        return None

    def vendors_on(self, path: list[str]) -> list[str]:
        return [n for n in path if self.graph.nodes[n].get("_label") == "Vendor"]


def _expand(
    store: Store, chain: SupplyChain, query: str, ids: list[str], rel: str, as_of: str
) -> list[str]:
    """Fetch one hop; returns the ids newly reached. OFFERS is walked product -> vendor. Links
    another customer's inventory states are left out by the query (asserted_by)."""
    if not ids:
        return []
    new = []
    for row in store.read(query, {"ids": ids, "customer": chain.customer["id"]}):
        if not active(row["rel"], as_of):
            continue
        dst = row["dst"]
        if dst["id"] not in chain.graph:
            new.append(dst["id"])
            chain.add_node(dst)
        chain.graph.add_edge(row["src"], dst["id"], rel=rel, props=row["rel"])
    return new


def _links_beyond(
    store: Store,
    chain: SupplyChain,
    products: list[str],
    vendors: list[str],
    as_of: str,
    ownership: bool,
) -> bool:
    """Whether any active link leads from the last frontier to a node not yet fetched."""
    probes = [(queries.BUILT_ON_FROM, products), (queries.SUBPROCESSORS_OF, vendors)]
    if ownership:
        probes.append((queries.OWNED_BY_FROM, vendors))
    for query, ids in probes:
        if not ids:
            continue
        for row in store.read(query, {"ids": ids, "customer": chain.customer["id"]}):
            if active(row["rel"], as_of) and row["dst"]["id"] not in chain.graph:
                return True
    return False


def fetch_supply_chain(
    store: Store, customer_id: str, as_of: str, *, ownership: bool = False
) -> SupplyChain | None:
    """The customer's supply chain as of a date, or None if the customer is unknown."""
    rows = store.read(queries.CUSTOMER, {"customer": customer_id})
    if not rows:
        return None
    chain = SupplyChain(customer=rows[0]["c"])
    products: list[str] = []
    for row in store.read(queries.CUSTOMER_PROCESSES, {"customer": customer_id}):
        process, runs = row["process"], row["runs"]
        if not active(runs, as_of):
            continue
        chain.processes[process["id"]] = process
        chain.add_node(process)
        uses, product = row["uses"], row["product"]
        if product is None or uses is None or not active(uses, as_of):
            continue
        if product["id"] not in chain.graph:
            chain.add_node(product)
            products.append(product["id"])
        chain.graph.add_edge(process["id"], product["id"], rel="USES", props=uses)
        chain.uses[(process["id"], product["id"])] = uses
    for row in store.read(queries.CUSTOMER_CATEGORIES, {"customer": customer_id}):
        chain.categories.setdefault(row["process"], []).append(row["category"])

    frontier_products: list[str] = products
    frontier_vendors: list[str] = []
    all_products = list(products)
    for _ in range(MAX_DEPTH):
        built = _expand(store, chain, queries.BUILT_ON_FROM, frontier_products, "BUILT_ON", as_of)
        offered = _expand(
            store, chain, queries.OFFERED_BY, frontier_products + built, "OFFERED_BY", as_of
        )
        vendors = frontier_vendors + offered
        subs = _expand(store, chain, queries.SUBPROCESSORS_OF, vendors, "SUBPROCESSOR", as_of)
        owners = (
            _expand(store, chain, queries.OWNED_BY_FROM, vendors + subs, "OWNED_BY", as_of)
            if ownership
            else []
        )
        all_products += built
        frontier_products, frontier_vendors = built, subs + owners
        if not frontier_products and not frontier_vendors:
            break
    else:  # the cap was reached with a frontier left: one probe says whether links go on
        if _links_beyond(store, chain, frontier_products, frontier_vendors, as_of, ownership):
            chain.cut_at_tier = MAX_DEPTH + 1
    for row in store.read(queries.STORAGE_OF, {"ids": all_products, "customer": customer_id}):
        if active(row["rel"], as_of):
            chain.storage.setdefault(row["product"], []).append(row["jurisdiction"])
    return chain
