"""Settings, all from environment variables with one prefix (documented in .env.example)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BUNDLED_DATA", "Settings", "settings"]

# The curated knowledge base and sample inventories ship beside the packages.
BUNDLED_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Settings:
    """What the environment says; read once per call to `settings()`."""

    # Which backend answers: "ladybug" (embedded, default) or "neo4j".
    store: str
    # Where the embedded store, registered sources and review decisions live.
    home: Path
    # Neo4j connection; credentials only ever come from the environment.
    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str | None
    neo4j_database: str | None
    # Bundled curated knowledge base and sample customers.
    data: Path
    # Longest a console query may run, and most rows it returns.
    query_timeout_ms: int
    query_row_limit: int


def settings() -> Settings:
    env = os.environ
    return Settings(
        store=env.get("VENDORGRAPH_STORE", "ladybug").strip().lower(),
        home=Path(env.get("VENDORGRAPH_HOME", ".vendorgraph")).resolve(),
        neo4j_uri=env.get("NEO4J_URI") or None,
        neo4j_user=env.get("NEO4J_USER", "neo4j"),
        neo4j_password=env.get("NEO4J_PASSWORD") or None,
        neo4j_database=env.get("NEO4J_DATABASE") or None,
        data=Path(env.get("VENDORGRAPH_DATA", str(BUNDLED_DATA))).resolve(),
        query_timeout_ms=int(env.get("VENDORGRAPH_QUERY_TIMEOUT_MS", "10000")),
        query_row_limit=int(env.get("VENDORGRAPH_QUERY_ROW_LIMIT", "1000")),
    )
