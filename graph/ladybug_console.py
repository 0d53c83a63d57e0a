"""LadybugDB's console door: the engine's own plan, in a worker process bounded in memory and time.

A read-only LadybugDB connection still runs `LOAD FROM` (reads any file), `COPY ... TO` (writes
one) and table functions (`CALL current_setting(...)`, `show_tables()`), so read-only mode is not
a door. Each console query therefore runs in a fresh worker process (`python -m
graph.ladybug_console`), which:

1. opens the build read-only with a small buffer pool and a bounded mmap reservation;
2. limits its own address space (RLIMIT_AS) to what it uses after opening plus `memory_mb`, so a
   query that builds huge values (`RETURN range(1,50000000)`) fails with bad_alloc in the
   worker, never in the dashboard or the CLI;
3. asks the engine for the plan (`EXPLAIN`) and allows it only when every operator is a read
   operator in `_READ_OPERATORS` and every table function is an internal one (`_TABLE_FUNCTIONS`);
   the plan text is parsed strictly: operator ids must run 0..n-1 without a gap, else refused;
4. runs the query with the engine's timeout and stops at the row and byte budget.

The parent kills the worker when the wall clock passes the timeout plus start-up slack. Requests
and answers travel as pickles over the worker's stdin/stdout (parent and worker are the same
code; engine output to stdout is redirected to stderr first).
"""

from __future__ import annotations

import os
import pickle
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from graph.store import ConsoleRows, QueryError, ReadOnlyViolation, RowBudget

__all__ = ["DEFAULT_MEMORY_MB", "run_console_query"]

DEFAULT_MEMORY_MB = 1024
_START_SLACK_S = 15.0  # interpreter start and database open, on a loaded machine

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
_OPERATOR = re.compile(r"│\s*([A-Z][A-Z_]*)\[(\d+)\]\s*│")
_FUNCTION = re.compile(r"Function: (\S+)")


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
    request = pickle.dumps(
        {
            "db": str(db_path),
            "cypher": cypher,
            "params": params,
            "limit": limit,
            "max_bytes": max_bytes,
            "timeout_ms": timeout_ms,
            "memory_mb": memory_mb,
        }
    )
    wall = (timeout_ms / 1000 if timeout_ms > 0 else 300.0) + _START_SLACK_S
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.ladybug_console"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        out, err = proc.communicate(request, timeout=wall)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise QueryError(f"query timed out: stopped after {wall:g} s") from None
    if proc.returncode != 0 or not out:
        raise QueryError(_worker_failure(proc.returncode, err, memory_mb))
    answer = pickle.loads(out)  # noqa: S301 (our own worker process)
    if "refused" in answer:
        raise ReadOnlyViolation(answer["refused"])
    if "error" in answer:
        raise QueryError(answer["error"])
    return ConsoleRows(answer["rows"], answer["cut"])


def _worker_failure(code: int | None, err: bytes, memory_mb: int) -> str:
    text = err.decode(errors="replace")
    if code is not None and code < 0 and -code in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT):
        return f"stopped: the query needs more than {memory_mb} MB of memory; narrow it"
    if "bad_alloc" in text or "MemoryError" in text:
        return f"stopped: the query needs more than {memory_mb} MB of memory; narrow it"
    last = [line for line in text.splitlines() if line.strip()]
    return f"the query worker failed: {last[-1] if last else f'exit code {code}'}"


# ------------------------------------------------------------------------------------------------
# The worker


def _vm_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


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
    import resource

    import ladybug

    from graph.ladybug_store import _normalise

    path = Path(request["db"])
    db = ladybug.Database(
        str(path),
        read_only=True,
        buffer_pool_size=request["memory_mb"] * 2**20 // 2,
        max_db_size=_max_db_size(path),
        max_num_threads=2,
    )
    conn = ladybug.Connection(db)
    limit = _vm_size() + request["memory_mb"] * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if request["timeout_ms"] > 0:
        conn.set_query_timeout(request["timeout_ms"])
    cypher, params = request["cypher"], request["params"]
    try:
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
            row = {c: _normalise(v) for c, v in zip(columns, values, strict=True)}
            if not budget.admit(rows, row):
                break
        return {"rows": rows, "cut": budget.cut}
    except ReadOnlyViolation as exc:
        return {"refused": str(exc)}
    except MemoryError:
        return {"error": f"stopped: the query needs more than {request['memory_mb']} MB of memory"}
    except RuntimeError as exc:
        message = _first_line(exc)
        if "bad_alloc" in message or "Unable to allocate memory" in message:
            message = f"stopped: the query needs more than {request['memory_mb']} MB of memory"
        elif "interrupt" in message.lower():
            message = f"query timed out: {message}"
        return {"error": message}


def main() -> None:
    # Keep the answer channel clean: anything the engine prints goes to stderr.
    answer_fd = os.dup(1)
    os.dup2(2, 1)
    request = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 (from our own parent process)
    answer = _serve(request)
    with os.fdopen(answer_fd, "wb") as channel:
        channel.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    main()
