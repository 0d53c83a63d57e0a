"""The batch engine gives every customer exactly its single-customer answer (issue 21 point 2).

Random supply chains (hypothesis), written into each engine: products built on products, vendors
offering them and engaging subprocessors, owners, links that only one customer's inventory states
(asserted_by), and links that begin or end on a date. For every customer, the batch answer for
the whole book equals the answer asked for that customer alone, field for field; a customer the
batch leaves out scores 0 alone too. Both are also checked against a brute-force walk written here
from the generated links (which processes are affected, at which tier, along which path), so the
test does not only compare the engine with itself.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.exposure.batch import assess
from graph.exposure.engine import exposure
from graph.exposure.reach import MAX_DEPTH
from graph.exposure.scenarios import compose
from graph.model import Event
from graph.records import EdgeRecord, NodeRecord
from graph.settings import Settings
from graph.store.cypher import FROM_KEY, TO_KEY
from graph.store.ladybug import LadybugStore
from graph.store.protocol import Store
from ingest.build import rebuild

DATES = (None, "2020-01-01", "2023-01-01")
DAYS = (date(2022, 6, 1), date(2024, 1, 1))
TIER = {"BUILT_ON", "SUBPROCESSOR", "OWNED_BY"}


@dataclass
class Book:
    """A random graph: node ids by label, and links (type, from, to, props)."""

    vendors: list[str]
    products: list[str]
    customers: list[str]
    processes: list[tuple[str, str]]  # (customer, process)
    links: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)


@st.composite
def books(draw: st.DrawFn) -> Book:
    n_vendors = draw(st.integers(2, 7))
    n_products = draw(st.integers(2, 9))
    n_customers = draw(st.integers(1, 4))
    vendors = [f"vendor:v{i}" for i in range(n_vendors)]
    products = [f"product:p{i}" for i in range(n_products)]
    customers = [f"customer:c{i}" for i in range(n_customers)]
    book = Book(vendors, products, customers, [])

    def props(claimable: bool = True) -> dict[str, Any]:
        if draw(st.integers(0, 4)) < 3:  # most links curated and undated, so chains run deep
            return {"since": None, "until": None}
        since, until = draw(st.sampled_from(DATES)), draw(st.sampled_from(DATES))
        if since and until and until <= since:
            until = None
        out: dict[str, Any] = {"since": since, "until": until}
        if claimable and draw(st.booleans()):
            out["asserted_by"] = sorted(draw(st.sets(st.sampled_from(customers), min_size=1)))
        return out

    for i, product in enumerate(products):
        book.links.append(("OFFERS", vendors[i % n_vendors], product, props()))
        if draw(st.integers(0, 3)) == 0:
            book.links.append(("OFFERS", draw(st.sampled_from(vendors)), product, props()))
    # Chains (deeper than the cap, at times) and random links besides.
    chains = draw(st.sampled_from(["", "products", "vendors", "both"]))
    built = [(i, i + 1) for i in range(n_products - 1)] if chains in ("products", "both") else []
    subs = [(i, i + 1) for i in range(n_vendors - 1)] if chains in ("vendors", "both") else []
    pairs = st.tuples(st.integers(0, n_products - 1), st.integers(0, n_products - 1))
    for a, b in dict.fromkeys(built + draw(st.lists(pairs, max_size=10, unique=True))):
        if a != b:
            book.links.append(("BUILT_ON", products[a], products[b], props()))
    pairs = st.tuples(st.integers(0, n_vendors - 1), st.integers(0, n_vendors - 1))
    for a, b in dict.fromkeys(subs + draw(st.lists(pairs, max_size=6, unique=True))):
        if a != b:
            book.links.append(("SUBPROCESSOR", vendors[a], vendors[b], props()))
    for a, b in draw(st.lists(pairs, max_size=3, unique=True)):
        if a != b:
            book.links.append(("OWNED_BY", vendors[a], vendors[b], props(claimable=False)))
    for c, customer in enumerate(customers):
        for p in range(draw(st.integers(1, 3))):
            process = f"process:c{c}-p{p}"
            book.processes.append((customer, process))
            book.links.append(("RUNS", customer, process, props(claimable=False)))
            for product in draw(st.sets(st.sampled_from(products), min_size=1, max_size=2)):
                book.links.append(("USES", process, product, props(claimable=False)))
    # One link per (type, from, to), as a build merges them.
    book.links = list({(r, a, b): (r, a, b, p) for r, a, b, p in reversed(book.links)}.values())
    return book


_ENDS = {
    "OFFERS": ("Vendor", "Product"),
    "BUILT_ON": ("Product", "Product"),
    "SUBPROCESSOR": ("Vendor", "Vendor"),
    "OWNED_BY": ("Vendor", "Vendor"),
    "RUNS": ("Customer", "Process"),
    "USES": ("Process", "Product"),
}


def write(store: Store, book: Book) -> None:
    nodes: dict[str, list[dict[str, Any]]] = {
        "Vendor": [NodeRecord.of("Vendor", id=v, name=f"Vendor {v[-1]}").props for v in book.vendors],
        "Product": [NodeRecord.of("Product", id=p, name=f"Product {p[-1]}").props for p in book.products],
        "Customer": [NodeRecord.of("Customer", id=c, name=f"Customer {c[-1]} Ltd", sector="retail").props for c in book.customers],
        "Process": [NodeRecord.of("Process", id=p, name=f"Process {p}", customer_id=c, criticality="high").props for c, p in book.processes],
    }  # fmt: skip
    edges: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for rel, src, dst, props in book.links:
        a, b = _ENDS[rel]
        record = EdgeRecord.of(rel, a, src, b, dst, **props)
        edges.setdefault((rel, a, b), []).append({FROM_KEY: src, TO_KEY: dst, **record.props})
    with store.build(fresh=True) as writer:
        for label, rows in nodes.items():
            writer.write_nodes(label, rows)
        for (rel, a, b), rows in edges.items():
            writer.write_edges(rel, a, b, rows)


def _active(props: dict[str, Any], day: str) -> bool:
    return (props["since"] is None or props["since"] <= day) and (
        props["until"] is None or day < props["until"]
    )


def expected(book: Book, customer: str, targets: list[str], day: str, ownership: bool) -> set[tuple[str, str, int, tuple[str, ...]]]:  # fmt: skip
    """(process, product, tier, path ids) of every affected process, by a plain walk: fewest tier
    links (at most MAX_DEPTH), then the smallest ids along the path."""
    out: dict[str, list[tuple[str, str]]] = {}  # node -> [(next node, rel)], links towards vendors
    for rel, src, dst, props in book.links:
        held = props.get("asserted_by") is None or customer in props["asserted_by"]
        if not (held and _active(props, day)):
            continue
        if rel == "OFFERS":
            out.setdefault(dst, []).append((src, "OFFERED_BY"))
        elif rel in ("BUILT_ON", "SUBPROCESSOR") or (rel == "OWNED_BY" and ownership):
            out.setdefault(src, []).append((dst, rel))
    # Tier links to the nearest target, from every node (0-1 breadth-first, backwards).
    back: dict[str, list[tuple[str, str]]] = {}
    for src, nexts in out.items():
        for dst, rel in nexts:
            back.setdefault(dst, []).append((src, rel))
    dist = {t: 0 for t in targets}
    queue = deque(targets)
    while queue:
        node = queue.popleft()
        for src, rel in back.get(node, []):
            cost = dist[node] + (rel in TIER)
            if cost < dist.get(src, 1 << 30):
                dist[src] = cost
                queue.appendleft(src) if cost == dist[node] else queue.append(src)
    found = set()
    runs = {dst: p for rel, src, dst, p in book.links if rel == "RUNS" and src == customer}
    for rel, process, product, props in book.links:
        if rel != "USES" or process not in runs or not (_active(runs[process], day) and _active(props, day)):  # fmt: skip
            continue
        if dist.get(product, 1 << 30) > MAX_DEPTH:
            continue
        path, node = [product], product
        while node not in targets:
            node = min(d for d, r in out[node] if dist.get(d, 1 << 30) == dist[node] - (r in TIER))
            path.append(node)
        found.add((process, product, 1 + dist[product], tuple(path)))
    return found


def check(store: Store, book: Book, event: Event, product: int | None, day: date) -> None:
    """Every vendor of the book as the scenario's vendor (or one product), every customer."""
    ownership = event in (Event.SANCTIONS_DESIGNATION, Event.VENDOR_EXIT)
    scenarios = [
        compose(store, vendor_id=v, event=event, effective_date="2021-01-01") for v in book.vendors
    ]
    if product is not None:
        product_id = book.products[product % len(book.products)]
        vendor_id = next(src for rel, src, dst, _ in book.links if rel == "OFFERS" and dst == product_id)  # fmt: skip
        scenarios = [compose(store, vendor_id=vendor_id, event=Event.DELETION,
                             effective_date="2021-01-01", product_id=product_id)]  # fmt: skip
    for scenario in scenarios:
        batch = assess(store, scenario, day)
        assert {r.customer_id for r in batch.rows()} == set(book.customers)
        target = scenario.product_id or scenario.vendor_id
        for customer in book.customers:
            alone = exposure(store, customer, scenario, day)
            walked = expected(book, customer, [target], day.isoformat(), ownership)
            got = {(a.process_id, a.product_id, a.tier, tuple(n.id for n in a.path[2:])) for a in alone.affected}  # fmt: skip
            assert got == walked, (customer, scenario.id)
            if customer in batch.results:
                assert batch.results[customer].model_dump() == alone.model_dump()
            else:
                assert not alone.affected and alone.score == 0.0
                assert batch.score(customer) == (alone.score, alone.band)


CASES = dict(
    book=books(),
    event=st.sampled_from([Event.STOP_PROCESSING, Event.SANCTIONS_DESIGNATION, Event.VENDOR_EXIT]),
    product=st.one_of(st.none(), st.integers(0, 8)),
    day=st.sampled_from(DAYS),
)
SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_batch_equals_single_embedded(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path / "ladybug")

    @SETTINGS
    @given(**CASES)
    def run(book: Book, event: Event, product: int | None, day: date) -> None:
        write(store, book)
        check(store, book, event, product, day)

    run()


@pytest.fixture(scope="module")
def neo4j_store(neo4j_driver: Any, built_settings: Settings) -> Iterator[Any]:
    """The one Neo4j database, rewritten per example; the bundled graph is rebuilt afterwards for
    the session's other Neo4j tests."""
    from graph.store.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_driver)
    yield store
    rebuild(store, built_settings)


@pytest.mark.neo4j
def test_batch_equals_single_neo4j(neo4j_store: Any) -> None:
    @SETTINGS
    @given(**CASES)
    def run(book: Book, event: Event, product: int | None, day: date) -> None:
        write(neo4j_store, book)
        check(neo4j_store, book, event, product, day)

    run()
