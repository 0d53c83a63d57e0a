"""The engine's own lock on a console query: each store's plan check and bounded run.

graph.console.door checks the text first; this picks the engine's path for a query that passed
(Neo4j: graph.console.neo4j_run; LadybugDB: graph.console.ladybug_run). Calling it directly skips
the text check, which the security tests do to prove each engine's check holds on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.console.ladybug_run import ladybug_console_read
from graph.console.neo4j_run import neo4j_console_read
from graph.console.rows import ConsoleRows
from graph.store.ladybug import LadybugStore
from graph.store.neo4j import Neo4jStore
from graph.store.protocol import QueryError, Store

__all__ = ["engine_read"]


def engine_read(
    store: Store, cypher: str, params: Mapping[str, Any], *, limit: int, max_bytes: int
) -> ConsoleRows:
    """Run `cypher` through `store`'s engine: its plan must be all reads; bounded in time,
    memory, rows and bytes."""
    if isinstance(store, LadybugStore):
        return ladybug_console_read(store, cypher, dict(params), limit=limit, max_bytes=max_bytes)
    if isinstance(store, Neo4jStore):
        return neo4j_console_read(store, cypher, params, limit=limit, max_bytes=max_bytes)
    raise QueryError(f"the {store.backend} store has no console")
