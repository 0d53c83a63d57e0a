"""Settings, all from environment variables with one prefix (documented in .env.example)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from platformdirs import user_data_path

__all__ = ["BUNDLED_DATA", "Settings", "default_home", "settings"]

# The curated knowledge base, sample inventories and sample lists ship inside this package
# (graph/data), so an installed wheel finds them wherever it lives. pip and pipx install wheels as
# folders, so the resource is a real directory the readers can glob.
BUNDLED_DATA = Path(str(files("graph").joinpath("data")))


def default_home() -> Path:
    """Where a user's graph, registered sources and decisions live unless VENDORGRAPH_HOME says
    otherwise: the platform's per-user data folder (~/.local/share/vendorgraph on Linux), never
    the current folder, so every command finds the same graph wherever it is run from."""
    return user_data_path("vendorgraph", appauthor=False)


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
    home = env.get("VENDORGRAPH_HOME") or str(default_home())
    data = env.get("VENDORGRAPH_DATA") or str(BUNDLED_DATA)
    return Settings(
        store=env.get("VENDORGRAPH_STORE", "ladybug").strip().lower(),
        home=Path(home).expanduser().resolve(),
        neo4j_uri=env.get("NEO4J_URI") or None,
        neo4j_user=env.get("NEO4J_USER", "neo4j"),
        neo4j_password=env.get("NEO4J_PASSWORD") or None,
        neo4j_database=env.get("NEO4J_DATABASE") or None,
        data=Path(data).expanduser().resolve(),
        query_timeout_ms=int(env.get("VENDORGRAPH_QUERY_TIMEOUT_MS", "10000")),
        query_row_limit=int(env.get("VENDORGRAPH_QUERY_ROW_LIMIT", "1000")),
    )
