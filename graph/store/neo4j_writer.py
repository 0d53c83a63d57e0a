"""One Neo4j build: batched writes in one explicit write transaction, replayed on transient errors.

A fresh build first deletes every node of a model label; each batch is an `UNWIND $rows AS r
CREATE/MERGE ...` generated from the model (graph.store.cypher); the commit stamps the meta node
with the new version. Until the commit nothing is visible, and a failure rolls everything back.
On a transient error (TransientError, ServiceUnavailable, SessionExpired) the writer backs off,
opens a new transaction and replays every batch written so far: safe because the build is
idempotent (fresh delete, then MERGE), even when a commit's outcome is unknown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, LiteralString

import neo4j

from graph.model import NODE_TYPES, edge_type, node_type
from graph.store.cypher import (
    FROM_KEY,
    TO_KEY,
    create_edges,
    create_nodes,
    merge_edges,
    merge_nodes,
)
from graph.store.neo4j_values import (
    Neo4jUnavailable,
    coerced_rows,
    describe,
    query_text,
    retryable,
    translate,
)

__all__ = ["META_LABEL", "META_READ", "META_SCHEMA", "META_WRITE", "Neo4jWriter"]

# One node outside the model records which build is visible (graph.store.protocol.Store.version).
# It has no `id`, so the saved queries that match unlabelled nodes by id never see it.
META_LABEL = "VendorgraphMeta"
META_SCHEMA = (
    f"CREATE CONSTRAINT vendorgraph_meta_key IF NOT EXISTS "
    f"FOR (m:{META_LABEL}) REQUIRE m.key IS UNIQUE"
)
META_READ = f"MATCH (m:{META_LABEL} {{key: 'graph'}}) RETURN m.version AS version"
META_WRITE = (
    f"MERGE (m:{META_LABEL} {{key: 'graph'}}) SET m.version = $version, m.built_at = $built_at"
)


class Neo4jWriter:
    """Batches for one build, in one explicit write transaction (replayed on transient errors)."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str | None,
        *,
        fresh: bool,
        attempts: int,
        retry_delay: float,
    ) -> None:
        self._driver = driver
        self._database = database
        self._fresh = fresh
        self._attempts = attempts
        self._retry_delay = retry_delay
        self._ops: list[tuple[LiteralString, list[dict[str, Any]]]] = []
        self._session: neo4j.Session | None = None
        self._tx: neo4j.Transaction | None = None
        self._done = 0  # how many of _ops the open transaction has run
        self._seen: dict[str, set[Any]] = {}  # ids (and endpoint pairs) written in this build

    # -- the GraphWriter protocol ------------------------------------------------------------
    def _split(
        self,
        seen: set[Any],
        rows: Sequence[Mapping[str, Any]],
        key: Callable[[Mapping[str, Any]], Any],
    ) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
        """(new, again): in a fresh build a row met for the first time is CREATEd (no lookup,
        several times faster); one met again goes by MERGE, so writes stay upserts."""
        if not self._fresh:
            return [], list(rows)
        new, again = [], []
        for row in rows:
            k = key(row)
            if k in seen:
                again.append(row)
            else:
                seen.add(k)
                new.append(row)
        return new, again

    def write_nodes(self, label: str, rows: Sequence[Mapping[str, Any]]) -> None:
        new, again = self._split(self._seen.setdefault(label, set()), rows, lambda r: r["id"])
        spec = node_type(label)
        if new:
            self._ops.append((query_text(create_nodes(label)), coerced_rows(spec, new)))
        if again:
            self._ops.append((query_text(merge_nodes(label, "neo4j")), coerced_rows(spec, again)))
        if rows:
            self._sync(None)

    def write_edges(
        self, rel_type: str, from_label: str, to_label: str, rows: Sequence[Mapping[str, Any]]
    ) -> None:
        seen = self._seen.setdefault(rel_type, set())
        new, again = self._split(seen, rows, lambda r: (r[FROM_KEY], r[TO_KEY]))
        spec = edge_type(rel_type)
        if new:
            query = query_text(create_edges(rel_type, from_label, to_label))
            self._ops.append((query, coerced_rows(spec, new)))
        if again:
            query = query_text(merge_edges(rel_type, from_label, to_label, "neo4j"))
            self._ops.append((query, coerced_rows(spec, again)))
        if rows:
            self._sync(None)

    def run_batch(self, query: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run one model-generated statement over `rows` in this build's transaction (the hook
        graph.changes.neo4j_apply uses to delete what a change set removes)."""
        if rows:
            self._ops.append((query_text(query), [dict(r) for r in rows]))
            self._sync(None)

    # -- transaction handling ----------------------------------------------------------------
    def _begin(self) -> neo4j.Transaction:
        self._session = self._driver.session(
            database=self._database, default_access_mode=neo4j.WRITE_ACCESS
        )
        tx = self._session.begin_transaction()
        if self._fresh:
            for label in NODE_TYPES:
                tx.run(query_text(f"MATCH (n:{node_type(label).label}) DETACH DELETE n")).consume()
        return tx

    def _sync(self, finish: Callable[[neo4j.Transaction], None] | None) -> None:
        """Bring the transaction up to date with every batch, then `finish` (commit) if given."""
        delay = self._retry_delay
        attempts = self._attempts
        for attempt in range(1, attempts + 1):
            try:
                if self._tx is None:
                    self._tx = self._begin()
                    self._done = 0
                while self._done < len(self._ops):
                    query, rows = self._ops[self._done]
                    self._tx.run(query, rows=rows).consume()
                    self._done += 1
                if finish is not None:
                    finish(self._tx)
                return
            except Exception as exc:
                self.discard()
                if not retryable(exc):
                    raise translate(exc) from exc
                if attempt == attempts:
                    raise Neo4jUnavailable(
                        f"Neo4j build failed after {attempts} attempts, nothing written: "
                        f"{describe(exc)}"
                    ) from exc
                time.sleep(delay * (1 + random.random() / 2))  # noqa: S311 (jitter, not crypto)
                delay = min(delay * 2, 10.0)

    def commit(self, version: str) -> None:
        built_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

        def stamp_and_commit(tx: neo4j.Transaction) -> None:
            tx.run(query_text(META_WRITE), version=version, built_at=built_at).consume()
            tx.commit()

        self._sync(stamp_and_commit)
        self.discard()

    def discard(self) -> None:
        """Roll back anything uncommitted and release the session (never raises)."""
        tx, session = self._tx, self._session
        self._tx, self._session = None, None
        # The connection may already be gone; the server rolls back an orphaned transaction.
        if tx is not None:
            with contextlib.suppress(Exception):
                tx.close()  # rolls back unless committed
        if session is not None:
            with contextlib.suppress(Exception):
                session.close()
