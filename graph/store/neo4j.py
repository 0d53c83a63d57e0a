"""The Neo4j store: the Store protocol over Bolt, giving the same rows as the embedded store.

The caller owns the `neo4j.Driver` (graph.store.backend creates and closes it); the store never creates
one and never closes it.

Reading. Every read runs in a session opened with READ access mode through `execute_read`, so the
server itself refuses a write (reported as ReadOnlyViolation). Values come back in the shared row
shape of graph.store.protocol: a node is a dict of every property the model declares for its label plus
`_label`, a relationship its declared properties plus `_type`, a path `{"nodes", "rels"}`; Neo4j
temporal values become Python `date`/`datetime`/`time`/`timedelta` as the embedded engine returns
them. The driver retries transient failures inside `execute_read` (with exponential backoff, for
up to the driver's `max_transaction_retry_time`).

Console queries (text a user typed) never come through here: graph.console checks their text,
has the server plan them, and runs them bounded, on this store's driver or login.

Writing. `build()` applies the constraints and indexes of graph.store.cypher.neo4j_schema() (derived
from graph.model; idempotent, `IF NOT EXISTS`), then runs the whole build in ONE explicit write
transaction (graph.store.neo4j_writer). The graph becomes visible only at commit; an exception in
the block (or a killed process, or a lost connection) rolls it back and leaves the previous graph
exactly as it was.

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

import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, LiteralString

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from graph.store.cypher import neo4j_schema
from graph.store.neo4j_values import (
    Neo4jUnavailable,
    describe,
    plain,
    query_text,
    translate,
)
from graph.store.neo4j_writer import META_READ, META_SCHEMA, Neo4jWriter
from graph.store.protocol import CommitHook, StoreUnavailable

__all__ = ["Neo4jStore", "Neo4jUnavailable", "new_version"]


def new_version() -> str:
    """A fresh graph version stamp: the time and a random part."""
    return f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}"


def _run_schema(tx: neo4j.ManagedTransaction, statement: LiteralString) -> None:
    tx.run(statement).consume()


class Neo4jStore:
    """The Store protocol on a Neo4j database reached through a caller-owned driver.

    `database`: None for the server's default (home) database. `timeout_ms`: longest a read may
    run (enforced by the server; 0 for none). `attempts` and `retry_delay`: how often, and after
    what first pause (doubling, with jitter), a build is replayed after a transient error.
    `console_login` (uri, user, password): lets console queries run in a worker process with its
    own driver and `console_memory_mb` of address space (graph.console.neo4j_run).
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
        console_memory_mb: int = 1024,  # graph.console.worker's default
    ) -> None:
        self.driver = driver
        self.database = database
        self.timeout_s = timeout_ms / 1000 if timeout_ms > 0 else None
        self.attempts = max(1, attempts)
        self.retry_delay = retry_delay
        self.console_login = console_login
        self.console_memory_mb = console_memory_mb
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
            self.driver.verify_connectivity()
        except Exception as exc:
            error = translate(exc)
            if not isinstance(error, StoreUnavailable):
                error = Neo4jUnavailable(f"cannot use Neo4j: {describe(exc)}")
            raise error from None
        self._reachable = True

    # -- reading -----------------------------------------------------------------------------
    def _read(
        self, cypher: str, params: Mapping[str, Any] | None, limit: int | None
    ) -> list[dict[str, Any]]:
        self.check()
        parameters = dict(params or {})

        @neo4j.unit_of_work(timeout=self.timeout_s)
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            result = tx.run(query_text(cypher), parameters)
            keys = result.keys()
            rows: list[dict[str, Any]] = []
            for record in result:  # a Record is a tuple of values in the order of `keys`
                if limit is not None and len(rows) >= limit:
                    break
                rows.append({key: plain(value) for key, value in zip(keys, record, strict=True)})
            return rows

        try:
            with self.driver.session(
                database=self.database,
                default_access_mode=neo4j.READ_ACCESS,
                # Larger pulls than the driver's 1,000 records (a 100,000-row read of a large
                # book made a round trip per thousand), but no more than a limited read keeps.
                fetch_size=10_000 if limit is None else min(10_000, limit + 1),
                # No "property key does not exist" chatter in the log for optional properties.
                notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
            ) as session:
                return session.execute_read(work)
        except (Neo4jError, DriverError) as exc:
            raise translate(exc) from None

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

    def require_graph(self) -> None:
        """Raise the usual "no graph" StoreUnavailable unless a build has committed here."""
        if not self._has_graph:
            self.read(META_READ, limit=1)

    def read_columns(self, cypher: str) -> dict[str, list[Any]]:
        """A whole-table read as columns, without the per-value conversion of `read` (change sets
        read only strings, numbers and lists of strings; graph.changes.change_set scans with it)."""
        with self.driver.session(
            database=self.database,
            default_access_mode=neo4j.READ_ACCESS,
            fetch_size=20_000,
            # Optional properties absent from every row are normal here: no warning per column.
            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
        ) as session:
            result = session.run(query_text(cypher))
            keys = list(result.keys())
            rows = [record.values() for record in result]
        return {key: [row[i] for row in rows] for i, key in enumerate(keys)}

    def version(self) -> str:
        rows = self._read(META_READ, None, 1)
        return str(rows[0]["version"] or "") if rows else ""

    # -- building ----------------------------------------------------------------------------
    def apply_schema(self) -> None:
        """Create the model's constraints and indexes if missing (each in its own transaction)."""
        self.check()
        statements = [*neo4j_schema(), META_SCHEMA]
        try:
            with self.driver.session(
                database=self.database, default_access_mode=neo4j.WRITE_ACCESS
            ) as session:
                for statement in statements:
                    session.execute_write(_run_schema, query_text(statement))
        except (Neo4jError, DriverError) as exc:
            raise translate(exc) from None
        self._schema_applied = True

    @contextmanager
    def build(
        self, *, fresh: bool = False, commit: CommitHook | None = None
    ) -> Iterator[Neo4jWriter]:
        """Yield a writer; its batches become visible together when the block exits cleanly.
        The commit that stamps the new version is the build's commit point: `commit` is told
        the version just before (graph.store.journal)."""
        with self._lock:  # one build at a time through this store
            if not self._schema_applied:
                self.apply_schema()
            writer = Neo4jWriter(
                self.driver,
                self.database,
                fresh=fresh,
                attempts=self.attempts,
                retry_delay=self.retry_delay,
            )
            try:
                writer._sync(None)  # open the transaction (and clear, when fresh) up front
                yield writer
                version = new_version()
                writer._sync(None)  # every batch written before the journal says "committing"
                if commit is not None:
                    commit.prepare(self.backend, version)
                writer.commit(version)
            finally:
                writer.discard()
            self._has_graph = True

    def close(self) -> None:
        """Nothing to release: the driver belongs to the caller."""
