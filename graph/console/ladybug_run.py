"""LadybugDB's console door: the engine's own plan, in a worker process bounded in memory and time.

A read-only LadybugDB connection still runs `LOAD FROM` (reads any file), `COPY ... TO` (writes
one) and table functions (`CALL current_setting(...)`, `show_tables()`), so read-only mode is not
a door. Each console query therefore runs in a fresh worker process (`python -m
graph.console.ladybug_run`), which:

1. opens the build read-only with a small buffer pool and a bounded mmap reservation;
2. limits its own address space (RLIMIT_AS) to what it uses after opening plus `memory_mb`, so a
   query that builds huge values (`RETURN range(1,50000000)`) fails with bad_alloc in the
   worker, never in the dashboard or the CLI;
3. lets only one statement that starts like a read reach EXPLAIN (EXPLAIN EXPORT DATABASE
   creates a folder; a statement after `;` would run unexplained), then asks the engine for the
   plan (`EXPLAIN`) and allows it only when every operator is a read
   operator in `_READ_OPERATORS` and every table function is an internal one (`_TABLE_FUNCTIONS`);
   the plan text is parsed strictly: operator ids must run 0..n-1 without a gap, else refused;
4. runs the query with the engine's timeout and stops at the row and byte budget.

The process handling (spawn, wall-clock kill, answer channel) is graph.console.worker's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from graph.console.lexer import CypherSyntaxRefused, tokenize
from graph.console.rows import ConsoleRows, RowBudget
from graph.console.worker import DEFAULT_MEMORY_MB, cap_address_space, run_worker, serve
from graph.store.ladybug import LadybugStore, normalise_value
from graph.store.protocol import ReadOnlyViolation

__all__ = ["DEFAULT_MEMORY_MB", "ladybug_console_read", "run_console_query"]


_READ_OPERATORS = frozenset(
    {
        "AGGREGATE", "AGGREGATE_FINALIZE", "AGGREGATE_SCAN", "CROSS_PRODUCT", "DUMMY_SCAN",
        "EMPTY_RESULT", "FILTER", "FLATTEN", "HASH_JOIN_BUILD", "HASH_JOIN_PROBE", "INTERSECT",
        "INTERSECT_BUILD", "LIMIT", "MULTIPLICITY_REDUCER", "ORDER_BY", "ORDER_BY_MERGE",
        "ORDER_BY_SCAN", "PATH_PROPERTY_PROBE", "PRIMARY_KEY_SCAN_NODE_TABLE", "PROJECTION",
        "QUERY_PRIMARY_KEY_LOOKUP", "RECURSIVE_EXTEND", "RESULT_COLLECTOR", "SCAN_NODE_TABLE",
        "SCAN_REL_TABLE", "SEMI_MASKER", "SKIP", "TABLE_FUNCTION_CALL", "TOP_K", "TOP_K_SCAN",
        "UNION_ALL_SCAN", "UNWIND", "DUMMY_SINK",
    }
)  # fmt: skip
# Table functions the planner itself inserts for reads (a factorised intermediate table).
_TABLE_FUNCTIONS = frozenset({"READ_FTABLE"})
# EXPLAIN is not free of effects for every statement (EXPLAIN EXPORT DATABASE creates the
# folder) and a second statement after `;` would run unexplained: the worker itself lets only one
# statement that begins like a read reach EXPLAIN.
_READ_STARTS = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN"})
_OPERATOR = re.compile(r"│\s*([A-Z][A-Z_]*)\[(\d+)\]\s*│")
_FUNCTION = re.compile(r"Function: (\S+)")


def check_statement(cypher: str) -> None:
    """Raise ReadOnlyViolation unless `cypher` is one statement that starts like a read."""
    try:
        tokens = tokenize(cypher)
    except CypherSyntaxRefused as exc:
        raise ReadOnlyViolation(f"refused: the console is read-only; {exc}") from None
    if not tokens or tokens[0].kind != "word" or tokens[0].text.upper() not in _READ_STARTS:
        raise ReadOnlyViolation("refused: the console is read-only; not a read query")
    if any(t.kind == "symbol" and t.text == ";" for t in tokens):
        raise ReadOnlyViolation("refused: the console is read-only; one statement only")


def check_plan(plan: str) -> None:
    """Raise ReadOnlyViolation unless the EXPLAIN text shows only read operators."""
    operators = _OPERATOR.findall(plan)
    ids = sorted(int(n) for _, n in operators)
    if not operators or ids != list(range(len(ids))):
        raise ReadOnlyViolation(
            "refused: the console is read-only; the engine's plan is unreadable"
        )
    for name, _ in operators:
        if name not in _READ_OPERATORS:
            raise ReadOnlyViolation(
                f"refused: the console is read-only; the plan has a {name} step"
            )
    functions = _FUNCTION.findall(plan)
    calls = sum(1 for name, _ in operators if name == "TABLE_FUNCTION_CALL")
    if len(functions) != calls or any(f not in _TABLE_FUNCTIONS for f in functions):
        raise ReadOnlyViolation(
            "refused: the console is read-only; table functions are not allowed "
            f"({', '.join(sorted(set(functions))) or 'unnamed'})"
        )


def run_console_query(
    db_path: Path,
    cypher: str,
    params: dict[str, Any],
    *,
    limit: int,
    max_bytes: int,
    timeout_ms: int,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> ConsoleRows:
    """Run one console query in a bounded worker; raise QueryError/ReadOnlyViolation on failure."""
    request = {
        "db": str(db_path),
        "cypher": cypher,
        "params": params,
        "limit": limit,
        "max_bytes": max_bytes,
        "timeout_ms": timeout_ms,
        "memory_mb": memory_mb,
    }
    return run_worker(
        "graph.console.ladybug_run", request, timeout_s=timeout_ms / 1000, memory_mb=memory_mb
    )


def ladybug_console_read(
    store: LadybugStore, cypher: str, params: dict[str, Any], *, limit: int, max_bytes: int
) -> ConsoleRows:
    """A user's query on the store's visible build, in a bounded worker process."""
    return run_console_query(
        store.visible_database(),
        cypher,
        params,
        limit=limit,
        max_bytes=max_bytes,
        timeout_ms=store.timeout_ms,
        memory_mb=store.console_memory_mb,
    )


# ------------------------------------------------------------------------------------------------
# The worker


def _max_db_size(path: Path) -> int:
    # The engine reserves (mmaps) this much address space up front; a power of two above the file.
    size = 1 << 30
    while size < 2 * path.stat().st_size:
        size <<= 1
    return size


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _serve(request: dict[str, Any]) -> dict[str, Any]:
    import ladybug

    path = Path(request["db"])
    db = ladybug.Database(
        str(path),
        read_only=True,
        buffer_pool_size=request["memory_mb"] * 2**20 // 2,
        max_db_size=_max_db_size(path),
        max_num_threads=2,
    )
    conn = ladybug.Connection(db)
    cap_address_space(request["memory_mb"])
    if request["timeout_ms"] > 0:
        conn.set_query_timeout(request["timeout_ms"])
    cypher, params = request["cypher"], request["params"]
    try:
        check_statement(cypher)
        plan = conn.execute("EXPLAIN " + cypher, params)
        if isinstance(plan, list):
            return {"refused": "refused: the console is read-only; one statement only"}
        first = plan.get_next() if plan.has_next() else [""]
        check_plan(str(first[0] if isinstance(first, list) else ""))
        result = conn.execute(cypher, params)
        if isinstance(result, list):
            return {"refused": "refused: the console is read-only; one statement only"}
        columns = result.get_column_names()
        budget = RowBudget(request["limit"], request["max_bytes"])
        rows: list[dict[str, Any]] = []
        while result.has_next():
            values = result.get_next()
            row = {c: normalise_value(v) for c, v in zip(columns, values, strict=True)}
            if not budget.admit(rows, row):
                break
        return {"rows": rows, "cut": budget.cut}
    except ReadOnlyViolation as exc:
        return {"refused": str(exc)}
    except RuntimeError as exc:
        message = _first_line(exc)
        if "bad_alloc" in message or "Unable to allocate memory" in message:
            message = f"stopped: the query needs more than {request['memory_mb']} MB of memory"
        elif "interrupt" in message.lower():
            message = f"query timed out: {message}"
        return {"error": message}


def main() -> None:
    serve(_serve)


if __name__ == "__main__":
    main()
