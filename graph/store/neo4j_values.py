"""Neo4j values and errors in vendorgraph's terms: the shared row shape and one-line errors.

Both directions of the Bolt boundary: a Neo4j result value becomes plain Python in the shared row
shape of graph.store.protocol (`plain`), a row written to Neo4j is coerced to the model's kinds as the
embedded engine's CASTs do (`coerced_rows`), and a driver or server error becomes the store's
one-line error (`translate`). The store, its writer, the change-set apply and the console's Neo4j
path all use these, so they live apart from the store itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, LiteralString

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

from graph.model import EDGE_TYPES, NODE_TYPES, EdgeType, NodeType, Prop
from graph.store.protocol import (
    QueryError,
    ReadOnlyViolation,
    StoreUnavailable,
    normal_node,
    normal_rel,
)

__all__ = [
    "Neo4jUnavailable",
    "coerced_rows",
    "describe",
    "plain",
    "query_text",
    "retryable",
    "translate",
]


class Neo4jUnavailable(StoreUnavailable):
    """Neo4j cannot be reached, refused the credentials, or kept failing (one-line message)."""


def _first_line(text: object) -> str:
    lines = str(text).strip().splitlines()
    return lines[0].strip() if lines else ""


def describe(exc: BaseException) -> str:
    if isinstance(exc, Neo4jError):
        message = _first_line(exc.message or "") or type(exc).__name__
        return f"{message} [{exc.code}]" if exc.code else message
    return _first_line(exc) or type(exc).__name__


def retryable(exc: BaseException) -> bool:
    """Worth another attempt: connection loss, a changed leader, or a retryable TransientError
    (deadlock, lock timeout, memory pressure; not a transaction terminated on purpose)."""
    if isinstance(exc, ServiceUnavailable | SessionExpired):
        return True
    return isinstance(exc, TransientError | Neo4jError) and exc.isretryable()


def translate(exc: BaseException) -> Exception:
    """The store's one-line error for a driver or server error."""
    if isinstance(exc, AuthError):
        return Neo4jUnavailable(
            f"Neo4j refused the credentials (check NEO4J_USER / NEO4J_PASSWORD): {describe(exc)}"
        )
    if isinstance(exc, ServiceUnavailable | SessionExpired):
        return Neo4jUnavailable(f"Neo4j is unreachable (check NEO4J_URI): {describe(exc)}")
    if isinstance(exc, Neo4jError):
        code = exc.code or ""
        if code.endswith(".AccessMode") or code.startswith("Neo.ClientError.Security.Forbidden"):
            return ReadOnlyViolation(f"refused: {describe(exc)}")
        if "TransactionTimedOut" in code:
            return QueryError(f"query timed out: {describe(exc)}")
        if code.endswith("MemoryPoolOutOfMemoryError"):
            return QueryError(
                "stopped: the query needs more memory than the server allows one transaction "
                f"(db.memory.transaction.max); narrow it [{code}]"
            )
        return QueryError(describe(exc))
    if isinstance(exc, DriverError):
        return Neo4jUnavailable(f"Neo4j driver error: {describe(exc)}")
    return QueryError(describe(exc))


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


_SCALARS = frozenset({str, int, float, bool})


def plain(value: Any) -> Any:
    """A Neo4j result value as plain Python in the shared row shape (see graph.store.protocol)."""
    if value is None or type(value) in _SCALARS:
        return value  # most values: one test, not eight (a 108,000-row read spent 1 s here)
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


def coerced_rows(
    spec: NodeType | EdgeType, rows: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    props = {p.name: p for p in spec.all_props}
    out = []
    for row in rows:
        out.append({k: (_coerce(props[k], v) if k in props else v) for k, v in row.items()})
    return out


def query_text(text: str) -> LiteralString:
    # Every query text here is built from the model or from constants, or is a read-only query
    # the caller passes to `read` (refused by the server if it writes).
    return text
