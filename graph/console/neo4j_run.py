"""Neo4j's console path: EXPLAIN, the plan check, then the bounded run; in a worker when it can.

`console_rows` does the work on a driver: the server plans the query once in a READ transaction
(an error there refuses the query), graph.console.neo4j_plan allows only plans made of read operators,
and the query runs in an explicit READ transaction with the timeout (never retried: a query that
ran out of time or memory must not run again), stopped at the row and byte budget.

The server bounds its own memory (`db.memory.transaction.max`), but a record is decoded whole by
the driver before any budget sees it: a 400 MB `collect()` would land in the dashboard process.
So when the store knows its login (graph.store.backend passes it), the query runs in a worker process
(`python -m graph.console.neo4j_run`, graph.console.worker) with its own driver and an address-space
limit; without it (a store built on a caller's driver only) it runs in-process.

Every console transaction names a timeout (the store's, or `CONSOLE_MAX_S` when the store sets
none) and carries metadata (`CONSOLE_APP` and a request id), so `SHOW TRANSACTIONS` shows what the
console is running, and when the worker has to be killed (it outlived its time, or its memory)
the parent terminates that request's transactions on the server too: a client-side stop ends
the server's work as well. A query the server stops (its time, its transaction memory, or a heap
it exhausted: the bundled server no longer exits on that) is reported in one line, and the server
carries on serving everyone else.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, LiteralString

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from graph.console.neo4j_plan import check_plan
from graph.console.rows import ConsoleRows, RowBudget
from graph.console.worker import cap_address_space, run_worker, serve
from graph.store.neo4j import Neo4jStore
from graph.store.neo4j_values import plain, translate
from graph.store.protocol import QueryError, ReadOnlyViolation, StoreUnavailable

__all__ = [
    "CONSOLE_APP",
    "CONSOLE_MAX_S",
    "console_rows",
    "neo4j_console_read",
    "stopped_error",
    "terminate_request",
]

CONSOLE_APP = "vendorgraph-console"
CONSOLE_MAX_S = 300.0  # when the store sets no timeout, a console query still ends


def stopped_error(exc: Neo4jError | DriverError, timeout_s: float) -> QueryError | StoreUnavailable:
    """The one line a user reads when the server stopped (or refused) a console query."""
    code = getattr(exc, "code", None) or ""
    if "TransactionTimedOut" in code:
        return QueryError(f"query timed out: the server stopped it after {timeout_s:g} s")
    if code.endswith("Transaction.Terminated"):
        return QueryError("stopped: the server ended the query")
    if code.endswith("General.OutOfMemoryError"):
        return QueryError(
            "stopped: the query needed more memory than the server has; the server ended it "
            "and carries on (narrow the query: a more specific MATCH, or a LIMIT)"
        )
    if "MemoryPoolOutOfMemoryError" in code or "TransactionMemoryLimit" in code:
        return QueryError(
            "stopped: the query needed more memory than the server allows one query "
            "(narrow it: a more specific MATCH, or a LIMIT)"
        )
    error = translate(exc)
    return error if isinstance(error, QueryError | StoreUnavailable) else QueryError(str(error))


def _text(cypher: str) -> LiteralString:
    # A user's query: checked by graph.console.guard and by its plan before it runs.
    return cypher


def console_rows(
    driver: neo4j.Driver,
    database: str | None,
    cypher: str,
    params: Mapping[str, Any],
    *,
    limit: int,
    max_bytes: int,
    timeout_s: float | None,
    request: str = "",
) -> ConsoleRows:
    """Plan, check and run one console query on `driver` (errors as QueryError subclasses)."""
    parameters = dict(params)
    timeout = timeout_s or CONSOLE_MAX_S
    metadata = {"app": CONSOLE_APP, "request": request or uuid.uuid4().hex}
    try:
        with driver.session(
            database=database,
            default_access_mode=neo4j.READ_ACCESS,
            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
        ) as session:
            with session.begin_transaction(timeout=timeout, metadata=metadata) as tx:
                summary = tx.run(_text("EXPLAIN " + cypher), parameters).consume()
            check_plan(summary.query_type, summary.plan)
            budget = RowBudget(limit, max_bytes)
            rows: list[dict[str, Any]] = []
            with session.begin_transaction(timeout=timeout, metadata=metadata) as tx:
                for record in tx.run(_text(cypher), parameters):
                    pairs = zip(record.keys(), record.values(), strict=True)
                    if not budget.admit(rows, {key: plain(value) for key, value in pairs}):
                        break
            return ConsoleRows(rows, budget.cut)
    except (Neo4jError, DriverError) as exc:
        raise stopped_error(exc, timeout) from None


def terminate_request(driver: neo4j.Driver, database: str | None, request: str) -> int:
    """End the server transactions of one console request (after its worker was killed)."""
    try:
        with driver.session(database=database) as session:
            found = session.run(
                "SHOW TRANSACTIONS YIELD transactionId, metaData "
                "WHERE metaData.app = $app AND metaData.request = $request "
                "RETURN transactionId",
                app=CONSOLE_APP,
                request=request,
            ).value()
            if found:
                session.run("TERMINATE TRANSACTIONS $ids", ids=found).consume()
            return len(found)
    except (Neo4jError, DriverError):
        return 0  # the server is gone or the transaction already ended: nothing left to stop


def neo4j_console_read(
    store: Neo4jStore, cypher: str, params: Mapping[str, Any], *, limit: int, max_bytes: int
) -> ConsoleRows:
    """A user's query on `store`: planned first, run only if the plan is all reads, bounded in
    time, rows and bytes; in a memory-capped worker when the store knows its login."""
    store.require_graph()
    store.check()
    if store.console_login is not None:
        tag = uuid.uuid4().hex
        request = {
            "login": store.console_login,
            "database": store.database,
            "cypher": cypher,
            "params": dict(params),
            "limit": limit,
            "max_bytes": max_bytes,
            "timeout_s": store.timeout_s,
            "memory_mb": store.console_memory_mb,
            "request": tag,
        }
        return run_worker(
            "graph.console.neo4j_run",
            request,
            timeout_s=store.timeout_s or CONSOLE_MAX_S,
            memory_mb=store.console_memory_mb,
            on_stop=lambda: terminate_request(store.driver, store.database, tag),
        )
    return console_rows(
        store.driver,
        store.database,
        cypher,
        params,
        limit=limit,
        max_bytes=max_bytes,
        timeout_s=store.timeout_s,
    )


def _serve(request: dict[str, Any]) -> dict[str, Any]:
    uri, user, password = request["login"]
    with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver:
        try:
            driver.verify_connectivity()
            cap_address_space(request["memory_mb"])
            answer = console_rows(
                driver,
                request["database"],
                request["cypher"],
                request["params"],
                limit=request["limit"],
                max_bytes=request["max_bytes"],
                timeout_s=request["timeout_s"],
                request=request["request"],
            )
        except ReadOnlyViolation as exc:
            return {"refused": str(exc)}
        except (QueryError, StoreUnavailable) as exc:
            return {"error": str(exc)}
        except (Neo4jError, DriverError) as exc:
            return {"error": str(stopped_error(exc, request["timeout_s"] or CONSOLE_MAX_S))}
        return {"rows": answer.rows, "cut": answer.cut}


def main() -> None:
    serve(_serve)


if __name__ == "__main__":
    main()
