"""The Store protocol both backends implement, and helpers built on its one read primitive.

A store answers read-only Cypher with plain Python rows and builds a new graph atomically: the
writer a `build()` context yields becomes visible only when the block exits cleanly, and a failure
(or a killed process) leaves the previous graph exactly as it was.

Row shape, identical on both engines: scalars as Python values; a node as a dict of every property
the model declares for its label plus `_label`; a relationship as a dict of its declared properties
plus `_type`; a path as `{"nodes": [...], "rels": [...]}`.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from graph.model import EDGE_TYPES, NODE_TYPES, edge_type, node_type

__all__ = [
    "CONSOLE_MAX_BYTES",
    "ConsoleRows",
    "GraphWriter",
    "QueryError",
    "ReadOnlyViolation",
    "RowBudget",
    "Store",
    "StoreUnavailable",
    "content_hash",
    "counts",
    "normal_node",
    "normal_rel",
]


class StoreUnavailable(RuntimeError):
    """The store cannot be reached or opened (one-line message for the user)."""


class QueryError(ValueError):
    """A query failed to parse or run (one-line message for the user)."""


class ReadOnlyViolation(QueryError):
    """A query tried to write through a read-only door."""


class GraphWriter(Protocol):
    """Batched, idempotent upserts into a graph being built."""

    def write_nodes(self, label: str, rows: Sequence[Mapping[str, Any]]) -> None: ...

    def write_edges(
        self, rel_type: str, from_label: str, to_label: str, rows: Sequence[Mapping[str, Any]]
    ) -> None: ...


@runtime_checkable
class Store(Protocol):
    """A graph store: read-only queries, and atomic builds."""

    backend: str

    def read(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, limit: int | None = None
    ) -> list[dict[str, Any]]: ...

    def console_read(
        self, cypher: str, params: Mapping[str, Any], *, limit: int, max_bytes: int
    ) -> ConsoleRows:
        """Run a user's query through the engine's own read-only check, bounded in time, memory,
        rows and bytes (graph.console checks the text first)."""
        ...

    def build(self, *, fresh: bool = False) -> AbstractContextManager[GraphWriter]: ...

    def version(self) -> str:
        """Changes whenever a new graph becomes visible (for cache keys)."""
        ...

    def close(self) -> None: ...


# Console answers are bounded in bytes as well as rows: a row limit alone lets ten rows of
# `repeat('x', 10000000)` through.
CONSOLE_MAX_BYTES = 8 * 2**20


@dataclass(frozen=True)
class ConsoleRows:
    """A console query's rows, and why the answer was cut short (None when it is complete)."""

    rows: list[dict[str, Any]]
    cut: str | None = None


class RowBudget:
    """Counts rows and their pickled size; says when to stop and why."""

    def __init__(self, limit: int, max_bytes: int) -> None:
        self.limit = limit
        self.max_bytes = max_bytes
        self.bytes = 0
        self.cut: str | None = None

    def admit(self, rows: list[dict[str, Any]], row: dict[str, Any]) -> bool:
        """Append `row` to `rows` unless a bound is reached (then record why and return False)."""
        if len(rows) >= self.limit:
            self.cut = f"more than {self.limit} rows; showing the first {self.limit}"
            return False
        self.bytes += len(pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL))
        if self.bytes > self.max_bytes:
            self.cut = (
                f"the answer is larger than {self.max_bytes // 2**20} MB; "
                f"showing the first {len(rows)} rows"
            )
            return False
        rows.append(row)
        return True


def normal_node(label: str, props: Mapping[str, Any]) -> dict[str, Any]:
    """A node in the shared row shape: every declared property, nulls included."""
    spec = node_type(label)
    out: dict[str, Any] = {p.name: props.get(p.name) for p in spec.all_props}
    out["_label"] = label
    return out


def normal_rel(rel_type: str, props: Mapping[str, Any]) -> dict[str, Any]:
    """A relationship in the shared row shape."""
    spec = edge_type(rel_type)
    out: dict[str, Any] = {p.name: props.get(p.name) for p in spec.all_props}
    out["_type"] = rel_type
    return out


def counts(store: Store) -> dict[str, int]:
    """Nodes per label and relationships per type (zeros included)."""
    result: dict[str, int] = {}
    for label in NODE_TYPES:
        rows = store.read(f"MATCH (n:{label}) RETURN count(n) AS c")
        result[label] = int(rows[0]["c"])
    for rel in EDGE_TYPES:
        rows = store.read(f"MATCH ()-[e:{rel}]->() RETURN count(e) AS c")
        result[rel] = int(rows[0]["c"])
    return result


def _canonical_rows(store: Store) -> Iterator[str]:
    for label, spec in NODE_TYPES.items():
        names = [p.name for p in spec.all_props]
        ret = ", ".join(f"n.{n} AS {n}" for n in names)
        for row in store.read(f"MATCH (n:{label}) RETURN {ret} ORDER BY n.id"):
            yield json.dumps([label, row], sort_keys=True, default=str)
    for rel, espec in EDGE_TYPES.items():
        names = [p.name for p in espec.all_props]
        ret = ", ".join(f"e.{n} AS {n}" for n in names)
        rows = store.read(
            f"MATCH (a)-[e:{rel}]->(b) RETURN a.id AS src, b.id AS dst, {ret} ORDER BY src, dst"
        )
        for row in rows:
            yield json.dumps([rel, row], sort_keys=True, default=str)


def content_hash(store: Store) -> str:
    """A fingerprint of the whole graph's content, equal on both engines for the same data."""
    digest = hashlib.sha256()
    lines = sorted(_canonical_rows(store))
    for line in lines:
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()
