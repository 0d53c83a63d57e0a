"""Pick and open the configured store: the embedded default, or Neo4j when configured.

The factory owns the Neo4j driver it creates (the store itself never creates one) and closes it
when the context exits. Opening a store first settles a commit a killed command left in the home
(graph.store.journal), so every command, reads included, sees a graph its registry agrees with.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graph.settings import Settings, settings
from graph.store.journal import settle
from graph.store.ladybug import LadybugStore
from graph.store.protocol import Store, StoreUnavailable

__all__ = ["open_store"]


@contextmanager
def open_store(config: Settings | None = None, *, for_writing: bool = False) -> Iterator[Store]:
    """The store the settings name, closed on exit. `for_writing`: the command will rebuild, so
    a damaged commit journal is left for it to repair instead of refused."""
    config = config or settings()
    if config.store == "ladybug":
        store = LadybugStore(config.home / "ladybug", timeout_ms=config.query_timeout_ms)
        try:
            settle(config.home, store, repair=for_writing)
            yield store
        finally:
            store.close()
        return
    if config.store != "neo4j":
        raise StoreUnavailable(f"VENDORGRAPH_STORE={config.store!r}: expected 'ladybug' or 'neo4j'")
    if not config.neo4j_uri or not config.neo4j_password:
        raise StoreUnavailable(
            "VENDORGRAPH_STORE=neo4j needs NEO4J_URI and NEO4J_PASSWORD in the environment"
        )
    import neo4j

    from graph.store.neo4j import Neo4jStore

    driver = neo4j.GraphDatabase.driver(
        config.neo4j_uri, auth=(config.neo4j_user, config.neo4j_password)
    )
    try:
        neo4j_store = Neo4jStore(
            driver,
            database=config.neo4j_database,
            timeout_ms=config.query_timeout_ms,  # the same time bound as the embedded store
            # Console queries then run in a memory-capped worker with its own driver.
            console_login=(config.neo4j_uri, config.neo4j_user, config.neo4j_password),
        )
        settle(config.home, neo4j_store, repair=for_writing)
        yield neo4j_store
    finally:
        driver.close()
