"""The read-only Cypher console behind the console page: saved queries and free Cypher.

Every query goes through the read-only door of graph.console.door: a token allowlist (the same refusal
on both engines), then the engine's own plan must be all reads, then a run bounded in time,
memory, rows (`limit`) and bytes.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.console.door import console_read
from graph.console.saved_queries import SAVED_QUERIES
from graph.explore.views import cell
from graph.store.protocol import QueryError, ReadOnlyViolation, Store

__all__ = [
    "ConsoleResult",
    "coerce_params",
    "is_date_param",
    "parse_params",
    "run_cypher",
    "run_saved_query",
]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# How each engine says a query ran out of time (LadybugDB: "Interrupted."; Neo4j: terminated, timeout).
_STOPPED = re.compile(r"interrupt|timed? ?out|terminated", re.IGNORECASE)


@dataclass(frozen=True)
class ConsoleResult:
    """Rows as table cells, how long the query took, and whether (and why) a bound cut it short."""

    columns: list[str]
    rows: list[dict[str, Any]]
    seconds: float
    truncated: bool
    limit: int
    params: dict[str, Any] = field(default_factory=dict)
    cut: str | None = None


def parse_params(text: str) -> dict[str, Any]:
    """Query parameters from the JSON object a user typed (blank means none)."""
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"parameters are not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        # Python's JSON reader recurses on nesting; graph.console.parameters bounds the rest.
        raise ValueError("parameters are nested too deeply") from None
    if not isinstance(value, dict):
        raise ValueError('parameters must be a JSON object, e.g. {"vendor": "vendor:clearview-ai"}')
    return value


def is_date_param(example: Any) -> bool:
    """Whether a saved query's example value is an ISO date (the form then offers a date picker)."""
    return isinstance(example, str) and bool(_ISO_DATE.match(example))


def coerce_params(name: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """Form values turned into the types of the saved query's example values."""
    examples = SAVED_QUERIES[name].params
    out: dict[str, Any] = {}
    for key, value in given.items():
        example = examples.get(key)
        if isinstance(example, bool) or example is None or isinstance(value, type(example)):
            out[key] = value
        elif isinstance(example, int | float):
            try:
                out[key] = type(example)(value)
            except (TypeError, ValueError):
                raise ValueError(f"parameter {key!r}: {value!r} is not a number") from None
        else:
            out[key] = str(value)
    return out


def run_cypher(
    store: Store, cypher: str, params: Mapping[str, Any] | None, limit: int
) -> ConsoleResult:
    """Run one read-only query; anything but a plain read raises ReadOnlyViolation unrun."""
    if not cypher.strip():
        raise ValueError("enter a Cypher query")
    started = time.perf_counter()
    try:
        answer = console_read(store, cypher, dict(params or {}), limit=limit)
    except QueryError as exc:
        if _STOPPED.search(str(exc)) and not isinstance(exc, ReadOnlyViolation):
            raise QueryError(
                f"stopped at the time limit ({exc}); narrow the query: a more specific MATCH, or a LIMIT"
            ) from None
        raise
    seconds = time.perf_counter() - started
    rows = [{k: cell(v) for k, v in row.items()} for row in answer.rows]
    columns = list(answer.rows[0]) if answer.rows else []
    truncated = answer.cut is not None
    return ConsoleResult(columns, rows, seconds, truncated, limit, dict(params or {}), answer.cut)


def run_saved_query(
    store: Store, name: str, params: Mapping[str, Any], limit: int
) -> ConsoleResult:
    """Run a saved query with the form's parameters (missing ones take the examples)."""
    try:
        query = SAVED_QUERIES[name]
    except KeyError:
        raise LookupError(f"unknown saved query {name!r}") from None
    unknown = set(params) - set(query.params)
    if unknown:
        raise ValueError(f"{name}: unknown parameter(s) {', '.join(sorted(unknown))}")
    return run_cypher(store, query.cypher, {**query.params, **coerce_params(name, params)}, limit)
