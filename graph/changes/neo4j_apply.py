"""Neo4j builds that apply only a change set, never delete-and-recreate the whole graph.

Three shapes, chosen by size (`VENDORGRAPH_APPLY_BATCH`, default 10,000 rows):

* Small change set (<= one batch): ONE write transaction through the store's own writer
  (`Neo4jStore.build`): deletions, then MERGE upserts of added and changed rows, then the version
  stamp. Visible at commit or not at all; the writer replays it on transient errors.
* Large change set on an existing graph: staged, then flipped. (1) Every change row is written in
  bounded batches (one transaction each, so neither the client nor the server holds the whole
  change set) as a `VendorgraphStaged` node: a label outside the model, no `id` property, so no
  model query, saved query or content hash can see it. A `VendorgraphMeta {key: 'staging'}`
  marker names the build being staged. (2) One server-side transaction applies the staged rows
  to the model (MATCH the staged row, MERGE/SET or DELETE the live one), stamps the new version
  and deletes the marker. Readers see the previous graph until that commit and the new one
  after: never a half-applied build. The flip ships nothing over the wire; its memory grows with
  the change set, not the graph (a 1% refresh of a 1M-node graph is about 20,000 rows). (3) The
  staged rows are deleted in batches.
* First load of a large graph: batches of CREATE, each committed, then the version stamp. Until
  the stamp there is no version, and `Neo4jStore.read` answers "no graph" rather than a partial one.

Recovery. A killed process or a restarted server leaves at most: staged rows and a marker (the
flip never committed, so the live graph is the previous build), staged rows without a marker
(killed while cleaning up after a committed flip), or model rows without a version (a killed first
load). `recover` runs before every build and removes each, in batches; the build then starts from
whatever graph is visible, so it recovers by recomputing its change set.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import neo4j

from graph.changes.change_set import ChangeSet, EdgeRows, NodeRows
from graph.changes.neo4j_staging import stage_and_flip
from graph.model import NODE_TYPES, edge_type, node_type
from graph.store.cypher import FROM_KEY, TO_KEY, create_edges, create_nodes
from graph.store.neo4j import Neo4jStore, new_version
from graph.store.neo4j_values import coerced_rows, translate
from graph.store.neo4j_writer import META_LABEL
from graph.store.protocol import CommitHook, QueryError

__all__ = ["STAGED_LABEL", "apply_changes", "batch_size", "recover"]

STAGED_LABEL = "VendorgraphStaged"
Progress = Callable[[str, int, int], None]
_STAGED_INDEX = (
    f"CREATE INDEX vendorgraph_staged IF NOT EXISTS FOR (s:{STAGED_LABEL}) ON (s._b, s._op, s._l)"
)


# The flip's peak transaction memory per change, measured on Neo4j 5.26 (SHOW TRANSACTIONS during
# a 542,248-change registration: 1.7 GB at its commit). For the refusal's estimate only.
_FLIP_BYTES_PER_CHANGE = 3_200


def batch_size() -> int:
    """Rows per transaction for staged and first-load writes (VENDORGRAPH_APPLY_BATCH)."""
    return max(1, int(os.environ.get("VENDORGRAPH_APPLY_BATCH", "10000")))


def _write(store: Neo4jStore, query: str, **params: Any) -> Any:
    """One auto-retried write transaction (the driver backs off on transient errors)."""

    def work(tx: neo4j.ManagedTransaction) -> Any:
        record = tx.run(query, params).single()
        return record[0] if record else None

    with store.driver.session(  # the store's driver: one connection pool per process
        database=store.database, default_access_mode=neo4j.WRITE_ACCESS
    ) as session:
        return session.execute_write(work)


def _drain(store: Neo4jStore, match: str, limit: int) -> None:
    """Delete what `match` binds to `n`, `limit` nodes per transaction, until none is left."""
    query = f"{match} WITH n LIMIT $limit DETACH DELETE n RETURN count(*)"
    while _write(store, query, limit=limit):
        pass


def recover(store: Neo4jStore, limit: int | None = None) -> None:
    """Remove what a killed or failed build left behind (see the module docstring)."""
    limit = limit or batch_size()
    store.apply_schema()
    _write(store, _STAGED_INDEX)
    _drain(store, f"MATCH (n:{STAGED_LABEL})", limit)
    _write(store, f"MATCH (m:{META_LABEL} {{key: 'staging'}}) DELETE m RETURN 1")
    if not store.version():
        for label in NODE_TYPES:  # a killed first load: model rows without a version
            _drain(store, f"MATCH (n:{node_type(label).label})", limit)


def _chunks(rows: Sequence[Mapping[str, Any]], size: int) -> Iterator[Sequence[Mapping[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _wanted(
    changes: ChangeSet, nodes: NodeRows, edges: EdgeRows
) -> tuple[dict[str, list[Mapping[str, Any]]], dict[tuple[str, str, str], list[Mapping[str, Any]]]]:
    """The desired rows of every added or changed node and relationship, grouped for writing."""
    node_ids = {c.id for c in changes.nodes if c.kind != "removed"}
    edge_keys = {(c.type, c.from_id, c.to_id) for c in changes.edges if c.kind != "removed"}
    out_nodes = {label: [r for r in rows if r["id"] in node_ids] for label, rows in nodes.items()}
    out_edges = {
        key: [r for r in rows if (key[0], r[FROM_KEY], r[TO_KEY]) in edge_keys]
        for key, rows in edges.items()
    }
    return (
        {k: v for k, v in out_nodes.items() if v},
        {k: v for k, v in out_edges.items() if v},
    )


def _removals(changes: ChangeSet) -> tuple[dict[str, list[dict[str, Any]]], dict[Any, list[Any]]]:
    nodes: dict[str, list[dict[str, Any]]] = {}
    edges: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for n in changes.nodes:
        if n.kind == "removed":
            nodes.setdefault(n.label, []).append({"id": n.id})
    for e in changes.edges:
        if e.kind == "removed":
            row = {FROM_KEY: e.from_id, TO_KEY: e.to_id}
            edges.setdefault((e.type, e.from_label, e.to_label), []).append(row)
    return nodes, edges


def _delete_edges(rel: str, a: str, b: str) -> str:
    edge_type(rel)
    return (
        f"UNWIND $rows AS r MATCH (a:{node_type(a).label} {{id: r.{FROM_KEY}}})"
        f"-[e:{rel}]->(b:{node_type(b).label} {{id: r.{TO_KEY}}}) DELETE e"
    )


def _delete_nodes(label: str) -> str:
    return f"UNWIND $rows AS r MATCH (n:{node_type(label).label} {{id: r.id}}) DETACH DELETE n"


def apply_changes(
    store: Neo4jStore,
    changes: ChangeSet,
    nodes: NodeRows,
    edges: EdgeRows,
    *,
    progress: Progress | None = None,
    commit: CommitHook | None = None,
) -> str:
    """Make the store's graph the desired one by applying `changes`; returns the mode used.
    `commit` is told the new version right before the transaction that makes it visible. A
    driver or server error is one line (the server's memory cap on the flip included)."""
    try:
        return _apply(store, changes, nodes, edges, progress, commit)
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
        if (getattr(exc, "code", "") or "").endswith("MemoryPoolOutOfMemoryError"):
            need = len(changes) * _FLIP_BYTES_PER_CHANGE / 1e9
            raise QueryError(
                f"this build's {len(changes):,} changes need more memory than the Neo4j server "
                f"allows one transaction (db.memory.transaction.max; about {need:.1f} GB here); "
                "nothing changed: raise that limit or the heap, or register a smaller inventory "
                "or list (e.g. split by customer)"
            ) from None
        raise translate(exc) from None


def _apply(
    store: Neo4jStore,
    changes: ChangeSet,
    nodes: NodeRows,
    edges: EdgeRows,
    progress: Progress | None,
    commit: CommitHook | None,
) -> str:
    size = batch_size()
    recover(store, size)
    total = sum(map(len, nodes.values())) + sum(map(len, edges.values()))
    if changes.first_build and not store.version() and total > size:
        _first_load(store, nodes, edges, size, progress, commit)
        return "first-load"
    up_nodes, up_edges = _wanted(changes, nodes, edges)
    del_nodes, del_edges = _removals(changes)
    if len(changes) <= size:
        with store.build(fresh=False, commit=commit) as writer:
            for (rel, a, b), rows in del_edges.items():
                writer.run_batch(_delete_edges(rel, a, b), rows)
            for label, rows in del_nodes.items():
                writer.run_batch(_delete_nodes(label), rows)
            for label, rows in up_nodes.items():
                writer.write_nodes(label, rows)
            for (rel, a, b), rows in up_edges.items():
                writer.write_edges(rel, a, b, rows)
        return "one-transaction"
    stage_and_flip(store, size, up_nodes, up_edges, del_nodes, del_edges, _write, progress, commit)
    return "staged"


def _first_load(
    store: Neo4jStore,
    nodes: NodeRows,
    edges: EdgeRows,
    size: int,
    progress: Progress | None,
    commit: CommitHook | None,
) -> None:
    total = sum(map(len, nodes.values())) + sum(map(len, edges.values()))
    marker = f"MERGE (m:{META_LABEL} {{key: 'staging'}}) SET m.build = $build RETURN 1"
    _write(store, marker, build="first-load")
    work: Iterable[tuple[str, str, Any, Sequence[Mapping[str, Any]]]] = [
        *((label, create_nodes(label), node_type(label), rows) for label, rows in nodes.items()),
        *((k[0], create_edges(*k), edge_type(k[0]), rows) for k, rows in edges.items()),
    ]
    for what, query, spec, rows in work:
        for chunk in _chunks(rows, size):
            _write(store, query + " RETURN count(*)", rows=coerced_rows(spec, chunk))
            if progress:
                progress(what, len(chunk), total)
    stamp = (
        f"MATCH (s:{META_LABEL} {{key: 'staging'}}) DELETE s "
        f"MERGE (m:{META_LABEL} {{key: 'graph'}}) SET m.version = $version, m.built_at = $at "
        "RETURN 1"
    )
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    version = new_version()
    if commit is not None:
        commit.prepare(store.backend, version)
    _write(store, stamp, version=version, at=at)
