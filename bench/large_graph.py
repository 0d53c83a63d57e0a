"""A generator of a large, realistic vendorgraph, and a load-and-query benchmark on both backends.

The graph has many customers with processes, vendors at several tiers (products built on others,
subprocessors, owners), enforcement actions with status histories, and sanctions-list entities
with designations and screening matches: by default about 0.7M nodes and 0.65M relationships.

Usage:
    python bench/large_graph.py [--scale 1.0] [--neo4j] [--queries 200]
With --neo4j it loads the same graph into Neo4j (NEO4J_URI/USER/PASSWORD, or a local Neo4j it
starts from tools/neo4j_local.py) in the same run. Prints figures; never fails on timing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.exposure.engine import exposure  # noqa: E402
from graph.exposure.scenarios import compose  # noqa: E402
from graph.model import Event, edge_type, node_type  # noqa: E402
from graph.store.cypher import FROM_KEY, TO_KEY  # noqa: E402
from graph.store.ladybug import LadybugStore  # noqa: E402
from graph.store.protocol import Store  # noqa: E402

BATCH = 50_000
CATEGORIES = (
    "biometric",
    "facial-images",
    "cctv-footage",
    "employee-records",
    "customer-contact",
    "payment",
    "location",
    "criminal-offence",
)
COUNTRIES = ("GB", "US", "CN", "DE", "FR", "IE", "NL", "IN", "JP", "CA")
ADEQUACY = {"GB": "uk", "US": "partial", "CN": "none", "IN": "none", "CA": "partial"}


def _node(label: str, **props: Any) -> dict[str, Any]:
    row = {p.name: None for p in node_type(label).all_props}
    row.update(props)
    return row


def _edge(rel: str, src: str, dst: str, **props: Any) -> dict[str, Any]:
    row: dict[str, Any] = {p.name: None for p in edge_type(rel).all_props}
    row.update(props)
    row[FROM_KEY], row[TO_KEY] = src, dst
    return row


Nodes = dict[str, list[dict[str, Any]]]
Edges = dict[tuple[str, str, str], list[dict[str, Any]]]


def generate(scale: float = 1.0, seed: int = 7) -> tuple[Nodes, Edges]:
    """The whole graph as rows per label and per (type, from, to), deterministic for a seed."""
    rnd = random.Random(seed)
    n_customers, n_vendors, n_listed = int(5_000 * scale), int(20_000 * scale), int(300_000 * scale)
    nodes: Nodes = {}
    edges: Edges = {}

    def add(label: str, row: dict[str, Any]) -> None:
        nodes.setdefault(label, []).append(row)

    def link(rel: str, a: str, b: str, src: str, dst: str, **props: Any) -> None:
        edges.setdefault((rel, a, b), []).append(_edge(rel, src, dst, **props))

    for code in COUNTRIES:
        add(
            "Jurisdiction",
            _node(
                "Jurisdiction",
                id=f"jurisdiction:{code}",
                name=code,
                uk_adequacy=ADEQUACY.get(code, "adequate"),
            ),
        )
    for cat in CATEGORIES:
        add(
            "DataCategory",
            _node(
                "DataCategory",
                id=f"datacategory:{cat}",
                name=cat,
                special_category=cat in ("biometric", "facial-images"),
            ),
        )
    for i in range(50):
        add(
            "Regulator",
            _node(
                "Regulator",
                id=f"regulator:{i}",
                name=f"Regulator {i}",
                kind="dpa",
                country=COUNTRIES[i % len(COUNTRIES)],
            ),
        )
    for i in range(n_vendors):
        vid = f"vendor:{i}"
        add(
            "Vendor",
            _node(
                "Vendor",
                id=vid,
                name=f"Vendor {i} Ltd",
                aliases=[f"V{i}"],
                country=rnd.choice(COUNTRIES),
            ),
        )
        link("BASED_IN", "Vendor", "Jurisdiction", vid, f"jurisdiction:{rnd.choice(COUNTRIES)}")
        for k in range(2):
            pid = f"product:{i}-{k}"
            add("Product", _node("Product", id=pid, name=f"Product {i}-{k}"))
            link("OFFERS", "Vendor", "Product", vid, pid, since="2018-01-01")
            link(
                "STORES_DATA_IN",
                "Product",
                "Jurisdiction",
                pid,
                f"jurisdiction:{rnd.choice(COUNTRIES)}",
            )
            if rnd.random() < 0.1:
                base = rnd.randrange(n_vendors)
                if base != i:
                    link("BUILT_ON", "Product", "Product", pid, f"product:{base}-0")
        sub = rnd.randrange(n_vendors)
        if sub != i:
            link("SUBPROCESSOR", "Vendor", "Vendor", vid, f"vendor:{sub}")
        if rnd.random() < 0.25:
            owner = rnd.randrange(n_vendors)
            if owner != i:
                link(
                    "OWNED_BY",
                    "Vendor",
                    "Vendor",
                    vid,
                    f"vendor:{owner}",
                    share=round(rnd.uniform(0.1, 1.0), 2),
                )
    for i in range(n_customers):
        cid = f"customer:{i}"
        add(
            "Customer",
            _node("Customer", id=cid, name=f"Customer {i} plc", fictional=True, turnover_gbp=1e7),
        )
        for k in range(8):
            pid = f"process:{i}/{k}"
            add(
                "Process",
                _node(
                    "Process",
                    id=pid,
                    name=f"Process {k}",
                    customer_id=cid,
                    criticality=rnd.choice(("low", "medium", "high", "critical")),
                    uk_data_subjects=rnd.randrange(10, 10**6),
                    role="controller",
                    dpia=rnd.random() < 0.5,
                ),
            )
            link("RUNS", "Customer", "Process", cid, pid, since="2019-01-01")
            for cat in rnd.sample(CATEGORIES, 2):
                link("PROCESSES", "Process", "DataCategory", pid, f"datacategory:{cat}")
            for _ in range(2):
                link(
                    "USES",
                    "Process",
                    "Product",
                    pid,
                    f"product:{rnd.randrange(n_vendors)}-{rnd.randrange(2)}",
                    since="2020-01-01",
                    notice_days=rnd.choice((30, 90, 180)),
                )
    for i in range(int(2_000 * scale)):
        aid = f"action:{i}"
        add(
            "EnforcementAction",
            _node(
                "EnforcementAction",
                id=aid,
                name=f"Action {i}",
                date="2022-05-18",
                orders=["stop_processing", "deletion"],
                amount=1e6,
                currency="GBP",
                jurisdiction="GB",
            ),
        )
        link("ISSUED", "Regulator", "EnforcementAction", f"regulator:{i % 50}", aid)
        link("AGAINST", "EnforcementAction", "Vendor", aid, f"vendor:{rnd.randrange(n_vendors)}")
        for k, (day, status) in enumerate((("2022-05-23", "issued"), ("2023-10-17", "overturned"))):
            sid = f"{aid}#{k + 1}"
            add(
                "StatusEvent",
                _node("StatusEvent", id=sid, name=status, action_id=aid, date=day, status=status),
            )
            link("HAS_STATUS", "EnforcementAction", "StatusEvent", aid, sid)
    for i in range(n_listed):
        lid, did = f"listed:{i}", f"designation:{i}"
        add(
            "ListedEntity",
            _node(
                "ListedEntity",
                id=lid,
                name=f"Listed Entity {i}",
                list="ofac-sdn",
                entity_id=str(i),
                entity_type="entity",
            ),
        )
        add(
            "Designation",
            _node(
                "Designation",
                id=did,
                name=f"Designation {i}",
                list="ofac-sdn",
                program="SDGT",
                listed_on="2019-01-01",
            ),
        )
        link("DESIGNATES", "Designation", "ListedEntity", did, lid)
    for _ in range(int(5_000 * scale)):
        link(
            "MATCHES",
            "Vendor",
            "ListedEntity",
            f"vendor:{rnd.randrange(n_vendors)}",
            f"listed:{rnd.randrange(n_listed)}",
            score=round(rnd.uniform(0.8, 1.0), 3),
            review="unreviewed",
        )
    for key, rows in edges.items():  # one relationship per pair, as the pipeline guarantees
        unique = {(r[FROM_KEY], r[TO_KEY]): r for r in rows}
        edges[key] = list(unique.values())
    return nodes, edges


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def load(store: Store, nodes: Nodes, edges: Edges) -> float:
    """Write the graph in one atomic build; returns records per second."""
    total = sum(map(len, nodes.values())) + sum(map(len, edges.values()))
    start = time.perf_counter()
    with store.build(fresh=True) as writer:
        for label, rows in nodes.items():
            for batch in _batches(rows):
                writer.write_nodes(label, batch)
        for (rel, a, b), rows in edges.items():
            for batch in _batches(rows):
                writer.write_edges(rel, a, b, batch)
    seconds = time.perf_counter() - start
    rate = total / seconds
    print(
        f"{store.backend}: loaded {total:,} nodes+relationships in {seconds:.1f} s = {rate:,.0f}/s"
    )
    return rate


def query_latency(store: Store, n_customers: int, runs: int) -> None:
    """p50/p95 exposure for random customers against a vendor under a stop order."""
    rnd = random.Random(11)
    vendor = store.read(
        "MATCH (a:EnforcementAction)-[:AGAINST]->(v:Vendor) RETURN v.id AS id ORDER BY id LIMIT 1"
    )[0]["id"]
    scenario = compose(
        store, vendor_id=vendor, event=Event.STOP_PROCESSING, effective_date="2022-06-01"
    )
    times = []
    for _ in range(runs):
        customer = f"customer:{rnd.randrange(n_customers)}"
        t = time.perf_counter()
        exposure(store, customer, scenario, date(2022, 6, 1))
        times.append((time.perf_counter() - t) * 1000)
    # All calls, and the steady state after the first 20 (query plans compiled, caches warm).
    for name, sample in (("all calls", times), ("after 20 warm-up calls", times[20:])):
        q = statistics.quantiles(sample, n=100)
        print(
            f"{store.backend}: exposure on the large graph, {name} ({len(sample)} customers): "
            f"p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms (target p95 <= 100 ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--neo4j", action="store_true", help="also load into Neo4j")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    t = time.perf_counter()
    nodes, edges = generate(args.scale)
    n_nodes, n_edges = sum(map(len, nodes.values())), sum(map(len, edges.values()))
    print(
        f"generated {n_nodes:,} nodes and {n_edges:,} relationships ({n_nodes + n_edges:,}) in {time.perf_counter() - t:.1f} s"
    )
    n_customers = len(nodes["Customer"])
    with tempfile.TemporaryDirectory() as home:
        store = LadybugStore(Path(home))
        load(store, nodes, edges)
        query_latency(store, n_customers, args.queries)
        store.close()
    if args.neo4j:
        _neo4j(nodes, edges, n_customers, args.queries)


def _neo4j(nodes: Nodes, edges: Edges, n_customers: int, runs: int) -> None:
    import importlib.util
    import os

    import neo4j

    from graph.store.neo4j import Neo4jStore

    spec = importlib.util.spec_from_file_location("neo4j_local", ROOT / "tools" / "neo4j_local.py")
    assert spec and spec.loader
    launcher: Any = importlib.util.module_from_spec(spec)
    sys.modules["neo4j_local"] = launcher
    spec.loader.exec_module(launcher)
    conn = launcher.connection_from_env()
    ctx = None
    if conn is None:
        ctx = launcher.running_neo4j(heap=os.environ.get("BENCH_NEO4J_HEAP", "6g"), page_cache="2g")
        conn = ctx.__enter__()
    try:
        with neo4j.GraphDatabase.driver(conn.uri, auth=conn.auth) as driver:
            store = Neo4jStore(driver, timeout_ms=0)
            load(store, nodes, edges)
            query_latency(store, n_customers, runs)
    finally:
        if ctx is not None:
            ctx.__exit__(None, None, None)


if __name__ == "__main__":
    main()
