"""The Store protocol both backends implement, and helpers built on its one read primitive.

A store answers read-only Cypher with plain Python rows and builds a new graph atomically: the
writer a `build()` context yields becomes visible only when the block exits cleanly, and a failure
(or a killed process) leaves the previous graph exactly as it was. A build given a `commit` hook
calls `commit.prepare(backend, version)` right before that version becomes visible: the one
commit point the home's other files follow (graph.store.journal).

`read` is for the product's own Cypher; text a user typed goes through graph.console instead (its
text check, then the engine's plan check, bounded in memory, rows and bytes).

Row shape, identical on both engines: scalars as Python values; a node as a dict of every property
the model declares for its label plus `_label`; a relationship as a dict of its declared properties
plus `_type`; a path as `{"nodes": [...], "rels": [...]}`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

from graph.model import EDGE_TYPES, NODE_TYPES, edge_type, node_type

__all__ = [
    "CommitHook",
    "GraphWriter",
    "QueryError",
    "ReadOnlyViolation",
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


class CommitHook(Protocol):
    """Told the version a build is about to make visible, before it does (graph.store.journal)."""

    def prepare(self, backend: str, target: str) -> None: ...


@runtime_checkable
class Store(Protocol):
    """A graph store: read-only queries, and atomic builds."""

    backend: str

    def read(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, limit: int | None = None
    ) -> list[dict[str, Any]]: ...

    def build(
        self, *, fresh: bool = False, commit: CommitHook | None = None
    ) -> AbstractContextManager[GraphWriter]: ...

    def version(self) -> str:
        """Changes whenever a new graph becomes visible (for cache keys)."""
        ...

    def close(self) -> None: ...


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
