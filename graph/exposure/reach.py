"""Reverse reachability: which customer processes a scenario's vendors (or product) reach, found
from the vendors' side in one pass for every customer at once.

A supply chain runs product -BUILT_ON-> product -OFFERED_BY-> vendor -SUBPROCESSOR-> vendor (and
-OWNED_BY-> for ownership-driven events). One query walks it backwards from the scenario's targets
(graph.queries.reach_query): the vendors that reach a target through subprocessor (or ownership)
links, the products they offer and the products built on those, each walk capped at MAX_DEPTH
links: the cone. The links into the cone and the processes that use its products are then read
by id, so the work grows with what the scenario reaches, never with the size of the book.

Which links hold is decided per customer, here: a link holds on a date when it is active then
(since <= date < until) and for a customer when it is curated or that customer's inventory states
it (asserted_by). A process is affected when a path of at most MAX_DEPTH tier links (BUILT_ON,
SUBPROCESSOR, OWNED_BY: tier 1 + MAX_DEPTH at most) leads from its product to a target through
links that hold for its customer; the path shown is the shortest, ties broken by the ids along it.
When links that hold for a customer go on past the cap towards a target, the answer says so.

>>> cone = fetch_cone(store, ["vendor:clearview-ai"], "2022-06-01")  # doctest: +SKIP
>>> cone.route("customer:cust-larkspur-stores", "product:sentinel-watchlist-service-fictional")
... # doctest: +SKIP
[Link(src='product:sentinel-...', dst='product:clearview-ai-search', rel='BUILT_ON', ...), ...]
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph import queries
from graph.provenance import active
from graph.store.protocol import Store

__all__ = ["MAX_DEPTH", "TIER_RELS", "Cone", "Link", "fetch_cone"]

MAX_DEPTH = queries.MAX_DEPTH
# Links that move a path one tier further from the customer (OFFERED_BY does not).
TIER_RELS = frozenset({"BUILT_ON", "SUBPROCESSOR", "OWNED_BY"})


@dataclass(frozen=True)
class Link:
    """One supply-chain link, pointing away from the customer (towards the scenario's vendor)."""

    src: str
    dst: str
    rel: str  # BUILT_ON, OFFERED_BY, SUBPROCESSOR or OWNED_BY
    props: dict[str, Any]
    # None for a curated link (it holds for everyone); else the customers whose inventories state it.
    claimed_by: frozenset[str] | None

    def holds_for(self, customer: str) -> bool:
        return self.claimed_by is None or customer in self.claimed_by


@dataclass
class Cone:
    """The part of the graph from which a target can be reached, with the links that hold on the
    date (active), whoever states them; `holds_for` narrows them to one customer."""

    targets: tuple[str, ...]
    as_of: str
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {id, name, _label}
    names: dict[str, str] = field(default_factory=dict)  # vendors offering its products, any
    out: dict[str, list[Link]] = field(default_factory=dict)  # forward links, by target id
    # Fewest tier links from each node to a target over every active link (any customer's): a
    # lower bound of any one customer's, so it prunes without losing a path.
    distance: dict[str, int] = field(default_factory=dict)
    # Active tier links into the cap's frontier from further out: the chain goes on past the cap.
    beyond: list[Link] = field(default_factory=list)
    _routes: dict[tuple[str, str], list[Link] | None] = field(default_factory=dict)

    @property
    def products(self) -> list[str]:
        return sorted(n for n, d in self.nodes.items() if d["_label"] == "Product")

    def offered_by(self, product: str, customer: str) -> list[Link]:
        """The OFFERED_BY links of a product that hold for the customer, by vendor id."""
        return [k for k in self.out.get(product, []) if k.rel == "OFFERED_BY" and k.holds_for(customer)]  # fmt: skip

    def cut_for(self, customer: str) -> bool:
        """Whether links that hold for the customer go on past the cap towards a target."""
        return any(k.holds_for(customer) for k in self.beyond)

    def route(self, customer: str, product: str) -> list[Link] | None:
        """The shortest path (fewest links; ties: smallest ids in order) from a product the
        customer uses to a target, within the cap, through links that hold for the customer."""
        key = (customer, product)
        if key not in self._routes:
            self._routes[key] = self._route(customer, product)
        return self._routes[key]

    def _tiers(self, node: str, hops: int) -> int:
        # A path runs products first, then one OFFERED_BY link to a vendor: every hop but that
        # one is a tier link.
        return hops - int(self.nodes[node]["_label"] == "Vendor")

    def _route(self, customer: str, product: str) -> list[Link] | None:
        if product not in self.distance or self.distance[product] > MAX_DEPTH:
            return None
        targets = set(self.targets)
        # Breadth-first by hops; a node is expanded only while a target may still lie within the cap.
        depth: dict[str, int] = {product: 0}
        layers: list[list[str]] = [[product]]
        found = product in targets
        while not found and layers[-1]:
            nxt: list[str] = []
            for node in layers[-1]:
                hops = depth[node] + 1
                for link in self.out.get(node, []):
                    dst = link.dst
                    if dst in depth or dst not in self.distance or not link.holds_for(customer):
                        continue
                    if self._tiers(dst, hops) + self.distance[dst] > MAX_DEPTH:
                        continue
                    depth[dst] = hops
                    nxt.append(dst)
                    found = found or dst in targets
            layers.append(nxt)
        if not found:
            return None
        length = len(layers) - 1
        # Nodes on some shortest path, from the end back; then the smallest id at every step.
        good: list[set[str]] = [set() for _ in range(length + 1)]
        good[length] = {n for n in layers[length] if n in targets}
        for i in range(length - 1, -1, -1):
            good[i] = {
                n
                for n in layers[i]
                if any(k.dst in good[i + 1] and k.holds_for(customer) for k in self.out.get(n, []))
            }
        path: list[Link] = []
        node = product
        for i in range(length):
            link = min(
                (k for k in self.out.get(node, []) if k.dst in good[i + 1] and k.holds_for(customer)),
                key=lambda k: k.dst,
            )  # fmt: skip
            path.append(link)
            node = link.dst
        return path


def _claims(props: dict[str, Any]) -> frozenset[str] | None:
    stated = props.get("asserted_by")
    return None if stated is None else frozenset(stated)


def _links(
    store: Store, query: str, ids: list[str], rel: str, as_of: str, names: dict[str, str]
) -> Iterable[Link]:
    if not ids:
        return
    for row in store.read(query, {"ids": ids}):
        if active(row["rel"], as_of):
            names[row["dst"]] = row["name"]
            yield Link(row["src"], row["dst"], rel, row["rel"], _claims(row["rel"]))


def fetch_cone(
    store: Store, targets: Iterable[str], as_of: str, *, ownership: bool = False
) -> Cone:
    """The cone of the targets (vendor ids, or one product id) as of a date."""
    cone = Cone(targets=tuple(dict.fromkeys(targets)), as_of=as_of)
    if not cone.targets:
        return cone
    product_target = cone.targets[0].startswith("product:")
    query = queries.reach_query(product=product_target, ownership=ownership)
    for row in store.read(query, {"targets": list(cone.targets)}):
        cone.nodes[row["id"]] = {"id": row["id"], "name": row["name"], "_label": row["label"]}
    products = cone.products
    vendors = sorted(n for n, d in cone.nodes.items() if d["_label"] == "Vendor")
    names = cone.names
    into: list[Link] = [
        *_links(store, queries.BUILT_ON_INTO, products, "BUILT_ON", as_of, names),
        *_links(store, queries.OFFERS_INTO, products, "OFFERED_BY", as_of, names),
        *_links(store, queries.SUBPROCESSORS_INTO, vendors, "SUBPROCESSOR", as_of, names),
    ]
    if ownership:
        into += _links(store, queries.OWNERS_INTO, vendors, "OWNED_BY", as_of, names)
    by_src: dict[str, list[Link]] = defaultdict(list)
    for link in into:
        by_src[link.src].append(link)
    cone.out = {src: sorted(links, key=lambda k: (k.dst, k.rel)) for src, links in by_src.items()}
    _measure(cone, into)
    return cone


def _measure(cone: Cone, links: list[Link]) -> None:
    """Fewest tier links from each cone node to a target, and the links past the cap."""
    back: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        back[link.dst].append(link)
    # OFFERED_BY links cost nothing, tier links one: a 0-1 breadth-first search, stopped one
    # past the cap (what lies there is only counted as "beyond").
    distance = {t: 0 for t in cone.targets if t in cone.nodes}
    queue = deque(distance)
    while queue:
        node = queue.popleft()
        for link in back.get(node, []):
            cost = distance[node] + (link.rel in TIER_RELS)
            if cost > MAX_DEPTH + 1 or cost >= distance.get(link.src, MAX_DEPTH + 2):
                continue
            distance[link.src] = cost
            if cost == distance[node]:
                queue.appendleft(link.src)
            else:
                queue.append(link.src)
    cone.distance = {n: d for n, d in distance.items() if d <= MAX_DEPTH and n in cone.nodes}
    cone.beyond = [
        k
        for k in links
        if k.rel in TIER_RELS
        and cone.distance.get(k.dst) == MAX_DEPTH
        and k.src not in cone.distance
    ]
