"""Builds as differences: how long change sets, incremental Neo4j applies and re-scoring take.

Prints figures (never fails on timing):
  * embedded: the change set of a large build against the graph the store holds (read the
    current graph, reduce the desired rows, compare), for no change, one inventory (~50 records)
    and a list refresh changing 1% of the nodes;
  * re-scoring a portfolio: C customers x S scenarios on the embedded store (graph.changes.alerts);
  * with --neo4j: a batched first load, then the one-inventory change and the 1% refresh applied
    incrementally (change set computed from Neo4j, then applied), under a capped heap.

Usage:
    python bench/changes_bench.py [--scale 1.45] [--neo4j] [--heap 2g]
        [--customers 100] [--scenarios 15] [--skip-embedded]
--scale 1.45 gives about 1.0M nodes (bench/large_graph.py's generator).
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from large_graph import Edges, Nodes, _edge, _node, generate  # noqa: E402

from graph.changes.alerts import affected, assessed_customers, score_all  # noqa: E402
from graph.changes.change_set import current_state, desired_state, diff  # noqa: E402
from graph.changes.incremental import write_build  # noqa: E402
from graph.exposure.scenarios import compose  # noqa: E402
from graph.model import Event  # noqa: E402
from graph.store.cypher import FROM_KEY, TO_KEY  # noqa: E402
from graph.store.ladybug import LadybugStore  # noqa: E402
from graph.store.protocol import Store  # noqa: E402


def dedupe(edges: Edges) -> Edges:
    """One row per relationship key (the generator may draw the same pair twice)."""
    out: Edges = {}
    for key, rows in edges.items():
        seen: dict[tuple[str, str], dict[str, Any]] = {}
        for row in rows:
            seen[(row[FROM_KEY], row[TO_KEY])] = row
        out[key] = list(seen.values())
    return out


def one_inventory(nodes: Nodes, edges: Edges) -> tuple[Nodes, Edges, int]:
    """A new customer inventory: 1 customer, 10 processes and their links (about 50 records)."""
    nodes, edges = copy.copy(nodes), copy.copy(edges)
    cid = "customer:bench-new"
    nodes["Customer"] = [*nodes["Customer"], _node("Customer", id=cid, name="Bench New plc")]
    new_nodes = [_node("Process", id=f"process:bench/{k}", name=f"P{k}", customer_id=cid) for k in range(10)]  # fmt: skip
    nodes["Process"] = [*nodes["Process"], *new_nodes]
    added = 1 + len(new_nodes)
    for rel, a, b, make in (
        ("RUNS", "Customer", "Process", lambda k: (cid, f"process:bench/{k}")),
        ("USES", "Process", "Product", lambda k: (f"process:bench/{k}", f"product:{k}-0")),
        ("PROCESSES", "Process", "DataCategory", lambda k: (f"process:bench/{k}", "datacategory:biometric")),
        ("PROCESSES", "Process", "DataCategory", lambda k: (f"process:bench/{k}", "datacategory:payment")),
    ):  # fmt: skip
        rows = [_edge(rel, *make(k)) for k in range(10)]
        edges[(rel, a, b)] = [*edges[(rel, a, b)], *rows]
        added += len(rows)
    return nodes, edges, added


def refresh(nodes: Nodes, edges: Edges, fraction: float) -> tuple[Nodes, Edges, int]:
    """A list refresh: `fraction` of all nodes, taken from the listed entities, get new aliases."""
    total = sum(map(len, nodes.values()))
    n = int(total * fraction)
    nodes = copy.copy(nodes)
    listed = [dict(r) for r in nodes["ListedEntity"]]
    for row in listed[:n]:
        row["aliases"] = [*(row.get("aliases") or []), "REFRESHED ALIAS"]
    nodes["ListedEntity"] = listed
    return nodes, edges, n


def timed_change_set(store: Store, nodes: Nodes, edges: Edges, what: str) -> None:
    t0 = time.perf_counter()
    current = current_state(store)
    t1 = time.perf_counter()
    desired = desired_state(nodes, edges)
    t2 = time.perf_counter()
    changes = diff(current, desired)
    t3 = time.perf_counter()
    print(
        f"  {store.backend} change set, {what}: {len(changes):,} changes in {t3 - t0:.2f} s "
        f"(read current {t1 - t0:.2f} s, desired {t2 - t1:.2f} s, compare {t3 - t2:.2f} s)"
    )


def embedded(nodes: Nodes, edges: Edges) -> None:
    total = sum(map(len, nodes.values())) + sum(map(len, edges.values()))
    print(f"embedded: {sum(map(len, nodes.values())):,} nodes, {total:,} records")
    store = LadybugStore(Path(tempfile.mkdtemp(prefix="vg-changes-")))
    t0 = time.perf_counter()
    write_build(store, nodes, edges)
    print(f"  first build (change set + new file) {time.perf_counter() - t0:.1f} s")
    timed_change_set(store, nodes, edges, "no change")
    timed_change_set(store, *one_inventory(nodes, edges)[:2], "one inventory")
    timed_change_set(store, *refresh(nodes, edges, 0.01)[:2], "1% list refresh")
    store.close()


def rescoring(customers: int, scenarios: int, sample: int) -> None:
    """Re-scoring after a change, as graph.changes.monitor does it: only the pairs the change set can
    move; and the cost of one exposure, to put a full re-score in figures."""
    nodes, edges = generate(customers / 5_000)
    edges = dedupe(edges)
    store = LadybugStore(Path(tempfile.mkdtemp(prefix="vg-score-")))
    write_build(store, nodes, edges)
    vendors = [r["id"] for r in store.read("MATCH (a:EnforcementAction)-[:AGAINST]->(v:Vendor) RETURN DISTINCT v.id AS id ORDER BY id")]  # fmt: skip
    chosen = {
        f"what-if:{v}": compose(store, vendor_id=v, event=Event.STOP_PROCESSING, effective_date="2022-06-01")
        for v in vendors[:scenarios]
    }  # fmt: skip
    n_customers = len(assessed_customers(store))
    print(f"re-scoring: {n_customers} customers x {len(chosen)} scenarios on the embedded store")
    first = sorted(assessed_customers(store))[:sample]
    t0 = time.perf_counter()
    score_all(store, chosen, "2022-06-01", lambda key, cid: cid in first)
    per_pair = (time.perf_counter() - t0) / (len(first) * len(chosen))
    print(
        f"  one exposure: {per_pair * 1000:.0f} ms (mean of {len(first) * len(chosen)}); a full "
        f"re-score of {n_customers * len(chosen)} pairs would take about "
        f"{per_pair * n_customers * len(chosen):.0f} s"
    )
    # A customer's inventory changes (one process more): only that customer moves.
    nodes2 = copy.copy(nodes)
    cid = "customer:0"
    extra = _node(
        "Process", id="process:0/new", name="New", customer_id=cid, criticality="critical"
    )
    nodes2["Process"] = [*nodes["Process"], extra]
    edges2 = copy.copy(edges)
    edges2[("RUNS", "Customer", "Process")] = [*edges[("RUNS", "Customer", "Process")], _edge("RUNS", cid, "process:0/new")]  # fmt: skip
    target = chosen[next(iter(chosen))]
    product = store.read("MATCH (v:Vendor {id: $v})-[:OFFERS]->(p:Product) RETURN p.id AS id LIMIT 1", {"v": target.vendor_id})[0]["id"]  # fmt: skip
    edges2[("USES", "Process", "Product")] = [*edges[("USES", "Process", "Product")], _edge("USES", "process:0/new", product, sources=["source:inventory:0"])]  # fmt: skip
    for what, (n, e) in (
        ("one customer's inventory", (nodes2, edges2)),
        ("a list entry matched by a scenario vendor", list_change(store, nodes, edges, target.vendor_id)),
    ):  # fmt: skip
        built = write_build(store, n, e)
        t0 = time.perf_counter()
        moved = affected(store, built.changes)
        scores = score_all(
            store, chosen, "2022-06-01", lambda key, c, m=moved: m(c, chosen[key].vendor_id)
        )
        seconds = time.perf_counter() - t0
        pairs = sum(len(v["rows"]) for v in scores.values())
        print(
            f"  after a change to {what} ({len(built.changes)} changes): {pairs} of "
            f"{n_customers * len(chosen)} pairs re-scored in {seconds:.2f} s"
        )
        write_build(store, nodes, edges)  # back to the base graph
    store.close()


def list_change(store: Store, nodes: Nodes, edges: Edges, vendor: str) -> tuple[Nodes, Edges]:
    """The listed entity a vendor matches gets a new alias (a list refresh touching it)."""
    rows = store.read("MATCH (v:Vendor {id: $v})-[:MATCHES]->(l:ListedEntity) RETURN l.id AS id", {"v": vendor})  # fmt: skip
    if not rows:  # the generator matched no entity to this vendor: match one now
        entity = nodes["ListedEntity"][0]["id"]
        edges = copy.copy(edges)
        edges[("MATCHES", "Vendor", "ListedEntity")] = [*edges[("MATCHES", "Vendor", "ListedEntity")], _edge("MATCHES", vendor, entity, score=0.99, review="confirmed")]  # fmt: skip
        return nodes, edges
    wanted = rows[0]["id"]
    nodes = copy.copy(nodes)
    nodes["ListedEntity"] = [
        {**r, "aliases": [*(r.get("aliases") or []), "NEW ALIAS"]} if r["id"] == wanted else r
        for r in nodes["ListedEntity"]
    ]
    return nodes, edges


def neo4j_bench(nodes: Nodes, edges: Edges, heap: str, scan: bool) -> None:
    import neo4j

    from graph.changes.neo4j_apply import apply_changes
    from graph.changes.snapshot import current_for, save_snapshot
    from graph.store.neo4j import Neo4jStore

    spec = importlib.util.spec_from_file_location("neo4j_local", ROOT / "tools" / "neo4j_local.py")
    assert spec and spec.loader
    launcher: Any = importlib.util.module_from_spec(spec)
    sys.modules["neo4j_local"] = launcher
    spec.loader.exec_module(launcher)
    conn = launcher.connection_from_env()
    ctx = None
    if conn is None:
        ctx = launcher.running_neo4j(heap=heap, page_cache="1g")
        conn = ctx.__enter__()
        print(f"neo4j: local server with a {heap} heap")
    try:
        with neo4j.GraphDatabase.driver(conn.uri, auth=conn.auth) as driver:
            store = Neo4jStore(driver, timeout_ms=0)
            snapshot = Path(tempfile.mkdtemp(prefix="vg-snapshot-")) / "neo4j-state.arrows"
            for what, (n, e) in (
                ("first load", (nodes, edges)),
                ("one inventory", one_inventory(nodes, edges)[:2]),
                ("1% list refresh", refresh(*one_inventory(nodes, edges)[:2], 0.01)[:2]),
            ):
                if scan:
                    t0 = time.perf_counter()
                    current_state(store)
                    print(
                        f"  neo4j full scan of the current graph: {time.perf_counter() - t0:.1f} s"
                    )
                t0 = time.perf_counter()
                current = current_for(store, snapshot)  # the snapshot when it matches
                t1 = time.perf_counter()
                desired = desired_state(n, e)
                changes = diff(current, desired)
                t2 = time.perf_counter()
                mode = apply_changes(store, changes, n, e)
                t3 = time.perf_counter()
                save_snapshot(snapshot, store.version(), desired)
                t4 = time.perf_counter()
                print(
                    f"  neo4j {what}: {len(changes):,} changes, {mode}: change set "
                    f"{t2 - t0:.1f} s (current state {t1 - t0:.1f} s) + apply {t3 - t2:.1f} s "
                    f"= {t3 - t0:.1f} s (then snapshot saved in {t4 - t3:.1f} s)"
                )
    finally:
        if ctx is not None:
            ctx.__exit__(None, None, None)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.45)
    parser.add_argument("--neo4j", action="store_true")
    parser.add_argument("--heap", default="2g", help="Neo4j heap for the local server")
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--scenarios", type=int, default=15)
    parser.add_argument("--skip-embedded", action="store_true")
    parser.add_argument("--scan", action="store_true", help="also time a full Neo4j scan")
    parser.add_argument("--sample", type=int, default=4, help="customers timed for one exposure")
    args = parser.parse_args()
    rescoring(args.customers, args.scenarios, args.sample)
    nodes, edges = generate(args.scale)
    edges = dedupe(edges)
    if not args.skip_embedded:
        embedded(nodes, edges)
    if args.neo4j:
        neo4j_bench(nodes, edges, args.heap, args.scan)


if __name__ == "__main__":
    main()
