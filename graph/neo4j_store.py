"""The Neo4j store: the Store protocol over Bolt, giving the same rows as the embedded store.

The caller owns the `neo4j.Driver` (graph.backend creates and closes it); the store never creates
one and never closes it.

Reading. Every read runs in a session opened with READ access mode through `execute_read`, so the
server itself refuses a write (reported as ReadOnlyViolation). Values come back in the shared row
shape of graph.store: a node is a dict of every property the model declares for its label plus
`_label`, a relationship its declared properties plus `_type`, a path `{"nodes", "rels"}`; Neo4j
temporal values become Python `date`/`datetime`/`time`/`timedelta` as the embedded engine returns
them. The driver retries transient failures inside `execute_read` (with exponential backoff, for
up to the driver's `max_transaction_retry_time`).

Console queries (text a user typed) come through `console_read` instead, behind graph.console's
text check: the server plans them first (EXPLAIN) and only a plan made of read operators runs
(graph.neo4j_plan), in an explicit READ transaction (never retried) stopped at a row and byte
budget.

Writing. `build()` applies the constraints and indexes of graph.cypher.neo4j_schema() (derived
from graph.model; idempotent, `IF NOT EXISTS`), then runs the whole build in ONE explicit write
transaction: with `fresh=True` it first deletes every node of a model label, then each batch is an
`UNWIND $rows AS r MERGE ...` generated from the model (graph.cypher), and last it stamps a
`VendorgraphMeta {key: 'graph'}` node with a new version. The graph becomes visible only at commit;
an exception in the block (or a killed process, or a lost connection) rolls it back and leaves the
previous graph exactly as it was. On a transient error (TransientError, ServiceUnavailable,
SessionExpired) the writer backs off, opens a new transaction and replays every batch written so
far; that is safe because the build is idempotent (fresh delete, then MERGE), even when a commit's
outcome is unknown.

Very large loads. One transaction keeps all of its changes in server memory until commit
(`db.memory.transaction.total.max`, `db.tx_state.memory_allocation`); this is the right trade for
the bundled knowledge base and inventories (thousands of rows) and for lists up to a few hundred
thousand rows with a server heap of a few GB. Beyond that (for example a full OpenSanctions load of
millions of entities), build the graph offline instead (`neo4j-admin database import full` from CSV
into a new database, then point clients at it: `ALTER ALIAS` / `CREATE DATABASE` on Enterprise or
Aura, a stop/swap/start of the database directory on Community). Splitting one build over several
transactions here would give up the guarantee that a failed ingest leaves the previous graph
untouched, so this store does not do it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, LiteralString

import neo4j
from neo4j.exceptions import (
    AuthError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time

from graph.console_worker import DEFAULT_MEMORY_MB, run_worker
from graph.cypher import (
    FROM_KEY,
    TO_KEY,
    create_edges,
    create_nodes,
    merge_edges,
    merge_nodes,
    neo4j_schema,
)
from graph.model import EDGE_TYPES, NODE_TYPES, EdgeType, NodeType, Prop, edge_type, node_type
from graph.store import (
    ConsoleRows,
    QueryError,
    ReadOnlyViolation,
    StoreUnavailable,
    normal_node,
    normal_rel,
)

__all__ = ["META_LABEL", "Neo4jStore", "Neo4jUnavailable", "plain"]

# One node outside the model records which build is visible (graph.store.Store.version). It has no
# `id`, so the saved queries that match unlabelled nodes by id never see it.
META_LABEL = "VendorgraphMeta"
_META_SCHEMA = (
    f"CREATE CONSTRAINT vendorgraph_meta_key IF NOT EXISTS "
    f"FOR (m:{META_LABEL}) REQUIRE m.key IS UNIQUE"
)
_META_READ = f"MATCH (m:{META_LABEL} {{key: 'graph'}}) RETURN m.version AS version"
_META_WRITE = (
    f"MERGE (m:{META_LABEL} {{key: 'graph'}}) SET m.version = $version, m.built_at = $built_at"
)


class Neo4jUnavailable(StoreUnavailable):
    """Neo4j cannot be reached, refused the credentials, or kept failing (one-line message)."""


def _first_line(text: object) -> str:
    lines = str(text).strip().splitlines()
    return lines[0].strip() if lines else ""


def _describe(exc: BaseException) -> str:
    if isinstance(exc, Neo4jError):
        message = _first_line(exc.message or "") or type(exc).__name__
        return f"{message} [{exc.code}]" if exc.code else message
    return _first_line(exc) or type(exc).__name__


def _retryable(exc: BaseException) -> bool:
    """Worth another attempt: connection loss, a changed leader, or a retryable TransientError
    (deadlock, lock timeout, memory pressure; not a transaction terminated on purpose)."""
    if isinstance(exc, ServiceUnavailable | SessionExpired):
        return True
    return isinstance(exc, TransientError | Neo4jError) and exc.is_retryable()


def _translate(exc: BaseException) -> Exception:
    """The store's one-line error for a driver or server error."""
    if isinstance(exc, AuthError):
        return Neo4jUnavailable(
            f"Neo4j refused the credentials (check NEO4J_USER / NEO4J_PASSWORD): {_describe(exc)}"
        )
    if isinstance(exc, ServiceUnavailable | SessionExpired):
        return Neo4jUnavailable(f"Neo4j is unreachable (check NEO4J_URI): {_describe(exc)}")
    if isinstance(exc, Neo4jError):
        code = exc.code or ""
        if code.endswith(".AccessMode") or code.startswith("Neo.ClientError.Security.Forbidden"):
            return ReadOnlyViolation(f"refused: {_describe(exc)}")
        if "TransactionTimedOut" in code:
            return QueryError(f"query timed out: {_describe(exc)}")
        if code.endswith("MemoryPoolOutOfMemoryError"):
            return QueryError(
                "stopped: the query needs more memory than the server allows one transaction "
                f"(db.memory.transaction.max); narrow it [{code}]"
            )
        return QueryError(_describe(exc))
    if isinstance(exc, DriverError):
        return Neo4jUnavailable(f"Neo4j driver error: {_describe(exc)}")
    return QueryError(_describe(exc))


# ------------------------------------------------------------------------------------------------
# Neo4j values -> the shared row shape


def _model_label(labels: frozenset[str]) -> str | None:
    known = sorted(label for label in labels if label in NODE_TYPES)
    return known[0] if known else None


def _node(node: Node) -> dict[str, Any]:
    props = {key: plain(value) for key, value in node.items()}
    label = _model_label(node.labels)
    if label is not None:
        return normal_node(label, props)
    # Not a model node (only the meta node, or data someone else wrote): properties as stored.
    props["_label"] = sorted(node.labels)[0] if node.labels else None
    return props


def _rel(rel: Relationship) -> dict[str, Any]:
    props = {key: plain(value) for key, value in rel.items()}
    if rel.type in EDGE_TYPES:
        return normal_rel(rel.type, props)
    props["_type"] = rel.type
    return props


def _duration(value: Duration) -> dt.timedelta | str:
    if value.months:
        return value.iso_format()  # calendar months have no fixed length
    return dt.timedelta(
        days=value.days, seconds=value.seconds, microseconds=value.nanoseconds // 1000
    )


def plain(value: Any) -> Any:
    """A Neo4j result value as plain Python in the shared row shape (see graph.store)."""
    if isinstance(value, Node):
        return _node(value)
    if isinstance(value, Relationship):
        return _rel(value)
    if isinstance(value, Path):
        return {
            "nodes": [_node(n) for n in value.nodes],
            "rels": [_rel(r) for r in value.relationships],
        }
    # Durations and points are tuples: convert them before lists.
    if isinstance(value, Date | DateTime | Time):
        return value.to_native()
    if isinstance(value, Duration):
        return _duration(value)
    if isinstance(value, Point):
        return list(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


# ------------------------------------------------------------------------------------------------
# Values -> Neo4j (coerced to the model's kinds, as the embedded engine's CASTs do)


def _coerce(prop: Prop, value: Any) -> Any:
    if value is None:
        return None
    if prop.kind == "DOUBLE" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if prop.kind == "INT64" and isinstance(value, float) and value.is_integer():
        return int(value)
    if prop.kind == "STRING[]" and isinstance(value, tuple | set | frozenset):
        return list(value)
    return value


def _coerced_rows(
    spec: NodeType | EdgeType, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    props = {p.name: p for p in spec.all_props}
    out = []
    for row in rows:
        out.append({k: (_coerce(props[k], v) if k in props else v) for k, v in row.items()})
    return out


def _query(text: str) -> LiteralString:
    # Every query text here is built from the model or from constants, or is a read-only query
    # the caller passes to `read` (refused by the server if it writes).
    return text


def _run_schema(tx: neo4j.ManagedTransaction, statement: LiteralString) -> None:
    tx.run(statement).consume()


# ------------------------------------------------------------------------------------------------
# Building


class _Writer:
    """Batches for one build, in one explicit write transaction (replayed on transient errors)."""

    def __init__(self, store: Neo4jStore, *, fresh: bool) -> None:
        self._store = store
        self._fresh = fresh
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
            self._ops.append((_query(create_nodes(label)), _coerced_rows(spec, new)))
        if again:
            self._ops.append((_query(merge_nodes(label, "neo4j")), _coerced_rows(spec, again)))
        if rows:
            self._sync(None)

    def write_edges(
        self, rel_type: str, from_label: str, to_label: str, rows: Sequence[Mapping[str, Any]]
    ) -> None:
        seen = self._seen.setdefault(rel_type, set())
        new, again = self._split(seen, rows, lambda r: (r[FROM_KEY], r[TO_KEY]))
        spec = edge_type(rel_type)
        if new:
            query = _query(create_edges(rel_type, from_label, to_label))
            self._ops.append((query, _coerced_rows(spec, new)))
        if again:
            query = _query(merge_edges(rel_type, from_label, to_label, "neo4j"))
            self._ops.append((query, _coerced_rows(spec, again)))
        if rows:
            self._sync(None)

    def run_batch(self, query: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run one model-generated statement over `rows` in this build's transaction (the hook
        graph.neo4j_changes uses to delete what a change set removes)."""
        if rows:
            self._ops.append((_query(query), [dict(r) for r in rows]))
            self._sync(None)

    # -- transaction handling ----------------------------------------------------------------
    def _begin(self) -> neo4j.Transaction:
        self._session = self._store._driver.session(
            database=self._store.database, default_access_mode=neo4j.WRITE_ACCESS
        )
        tx = self._session.begin_transaction()
        if self._fresh:
            for label in NODE_TYPES:
                tx.run(_query(f"MATCH (n:{node_type(label).label}) DETACH DELETE n")).consume()
        return tx

    def _sync(self, finish: Callable[[neo4j.Transaction], None] | None) -> None:
        """Bring the transaction up to date with every batch, then `finish` (commit) if given."""
        delay = self._store.retry_delay
        attempts = self._store.attempts
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
                if not _retryable(exc):
                    raise _translate(exc) from exc
                if attempt == attempts:
                    raise Neo4jUnavailable(
                        f"Neo4j build failed after {attempts} attempts, nothing written: "
                        f"{_describe(exc)}"
                    ) from exc
                time.sleep(delay * (1 + random.random() / 2))  # noqa: S311 (jitter, not crypto)
                delay = min(delay * 2, 10.0)

    def commit(self, version: str) -> None:
        built_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

        def stamp_and_commit(tx: neo4j.Transaction) -> None:
            tx.run(_query(_META_WRITE), version=version, built_at=built_at).consume()
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


# ------------------------------------------------------------------------------------------------
# The store


class Neo4jStore:
    """The Store protocol on a Neo4j database reached through a caller-owned driver.

    `database`: None for the server's default (home) database. `timeout_ms`: longest a read may
    run (enforced by the server; 0 for none). `attempts` and `retry_delay`: how often, and after
    what first pause (doubling, with jitter), a build is replayed after a transient error.
    `console_login` (uri, user, password): lets console queries run in a worker process with its
    own driver and `console_memory_mb` of address space (graph.neo4j_console).
    """

    backend = "neo4j"

    def __init__(
        self,
        driver: neo4j.Driver,
        *,
        database: str | None = None,
        timeout_ms: int = 30_000,
        attempts: int = 5,
        retry_delay: float = 0.5,
        console_login: tuple[str, str, str] | None = None,
        console_memory_mb: int = DEFAULT_MEMORY_MB,
    ) -> None:
        self._driver = driver
        self.database = database
        self._timeout_s = timeout_ms / 1000 if timeout_ms > 0 else None
        self.attempts = max(1, attempts)
        self.retry_delay = retry_delay
        self._console_login = console_login
        self._console_memory_mb = console_memory_mb
        self._lock = threading.Lock()
        self._reachable = False
        self._has_graph = False
        self._schema_applied = False

    # -- connectivity ------------------------------------------------------------------------
    def check(self) -> None:
        """Fail fast with Neo4jUnavailable when the server is unreachable or refuses the login."""
        if self._reachable:
            return
        try:
            self._driver.verify_connectivity()
        except Exception as exc:
            error = _translate(exc)
            if not isinstance(error, StoreUnavailable):
                error = Neo4jUnavailable(f"cannot use Neo4j: {_describe(exc)}")
            raise error from None
        self._reachable = True

    # -- reading -----------------------------------------------------------------------------
    def _read(
        self, cypher: str, params: Mapping[str, Any] | None, limit: int | None
    ) -> list[dict[str, Any]]:
        self.check()
        parameters = dict(params or {})

        @neo4j.unit_of_work(timeout=self._timeout_s)
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            result = tx.run(_query(cypher), parameters)
            rows: list[dict[str, Any]] = []
            for record in result:
                if limit is not None and len(rows) >= limit:
                    break
                pairs = zip(record.keys(), record.values(), strict=True)
                rows.append({key: plain(value) for key, value in pairs})
            return rows

        try:
            with self._driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                # No "property key does not exist" chatter in the log for optional properties.
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
            ) as session:
                return session.execute_read(work)
        except (Neo4jError, DriverError) as exc:
            raise _translate(exc) from None

    def read(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, limit: int | None = None
    ) -> list[dict[str, Any]]:
        if not self._has_graph:
            if not self.version():
                raise StoreUnavailable(
                    "no vendorgraph graph in this Neo4j database: run `vendorgraph ingest` "
                    "(or `vendorgraph demo`) with VENDORGRAPH_STORE=neo4j first"
                )
            self._has_graph = True
        return self._read(cypher, params, limit)

    def console_read(
        self, cypher: str, params: Mapping[str, Any], *, limit: int, max_bytes: int
    ) -> ConsoleRows:
        """A user's query: planned first, run only if the plan is all reads, bounded in time, rows
        and bytes (graph.neo4j_console); in a memory-capped worker when the login is known."""
        if not self._has_graph:
            self.read(_META_READ, limit=1)  # raises the usual "no graph" message
        self.check()
        if self._console_login is not None:
            request = {
                "login": self._console_login,
                "database": self.database,
                "cypher": cypher,
                "params": dict(params),
                "limit": limit,
                "max_bytes": max_bytes,
                "timeout_s": self._timeout_s,
                "memory_mb": self._console_memory_mb,
            }
            return run_worker(
                "graph.neo4j_console",
                request,
                timeout_s=self._timeout_s or 0.0,
                memory_mb=self._console_memory_mb,
            )
        from graph.neo4j_console import console_rows

        return console_rows(
            self._driver,
            self.database,
            cypher,
            params,
            limit=limit,
            max_bytes=max_bytes,
            timeout_s=self._timeout_s,
        )

    def version(self) -> str:
        rows = self._read(_META_READ, None, 1)
        return str(rows[0]["version"] or "") if rows else ""

    # -- building ----------------------------------------------------------------------------
    def apply_schema(self) -> None:
        """Create the model's constraints and indexes if missing (each in its own transaction)."""
        self.check()
        statements = [*neo4j_schema(), _META_SCHEMA]
        try:
            with self._driver.session(
                database=self.database, default_access_mode=neo4j.WRITE_ACCESS
            ) as session:
                for statement in statements:
                    session.execute_write(_run_schema, _query(statement))
        except (Neo4jError, DriverError) as exc:
            raise _translate(exc) from None
        self._schema_applied = True

    @contextmanager
    def build(self, *, fresh: bool = False) -> Iterator[_Writer]:
        """Yield a writer; its batches become visible together when the block exits cleanly."""
        with self._lock:  # one build at a time through this store
            if not self._schema_applied:
                self.apply_schema()
            writer = _Writer(self, fresh=fresh)
            try:
                writer._sync(None)  # open the transaction (and clear, when fresh) up front
                yield writer
                writer.commit(f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}")
            finally:
                writer.discard()
            self._has_graph = True

    def close(self) -> None:
        """Nothing to release: the driver belongs to the caller."""
