"""Neo4j's console path: EXPLAIN, the plan check, then the bounded run; in a worker when it can.

`console_rows` does the work on a driver: the server plans the query once in a READ transaction
(an error there refuses the query), graph.neo4j_plan allows only plans made of read operators,
and the query runs in an explicit READ transaction with the timeout (never retried: a query that
ran out of time or memory must not run again), stopped at the row and byte budget.

The server bounds its own memory (`db.memory.transaction.max`), but a record is decoded whole by
the driver before any budget sees it: a 400 MB `collect()` would land in the dashboard process.
So when the store knows its login (graph.backend passes it), the query runs in a worker process
(`python -m graph.neo4j_console`, graph.console_worker) with its own driver and an address-space
limit; without it (a store built on a caller's driver only) it runs in-process.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, LiteralString

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from graph.console_worker import cap_address_space, serve
from graph.neo4j_plan import check_plan
from graph.neo4j_store import _translate, plain
from graph.store import ConsoleRows, QueryError, ReadOnlyViolation, RowBudget

__all__ = ["console_rows"]


def _text(cypher: str) -> LiteralString:
    # A user's query: checked by graph.cypher_guard and by its plan before it runs.
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
) -> ConsoleRows:
    """Plan, check and run one console query on `driver` (errors as QueryError subclasses)."""
    parameters = dict(params)
    try:
        with driver.session(
            database=database,
            default_access_mode=neo4j.READ_ACCESS,
            notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
        ) as session:
            with session.begin_transaction(timeout=timeout_s) as tx:
                summary = tx.run(_text("EXPLAIN " + cypher), parameters).consume()
            check_plan(summary.query_type, summary.plan)
            budget = RowBudget(limit, max_bytes)
            rows: list[dict[str, Any]] = []
            with session.begin_transaction(timeout=timeout_s) as tx:
                for record in tx.run(_text(cypher), parameters):
                    pairs = zip(record.keys(), record.values(), strict=True)
                    if not budget.admit(rows, {key: plain(value) for key, value in pairs}):
                        break
            return ConsoleRows(rows, budget.cut)
    except (Neo4jError, DriverError) as exc:
        raise _translate(exc) from None


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
            )
        except ReadOnlyViolation as exc:
            return {"refused": str(exc)}
        except QueryError as exc:
            return {"error": str(exc)}
        except (Neo4jError, DriverError) as exc:
            return {"error": str(_translate(exc))}
        return {"rows": answer.rows, "cut": answer.cut}


def main() -> None:
    serve(_serve)


if __name__ == "__main__":
    main()
