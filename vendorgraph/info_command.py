"""`vendorgraph info`: where this installation keeps things: the home, the graph, the knowledge
base and the registered files. It only looks: nothing is created or written, not even the home.
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit, urlunsplit

import typer
from rich.markup import escape

from graph.changes.log import ChangeLog
from graph.settings import BUNDLED_DATA, Settings, default_home, settings
from ingest.registry import Registry
from vendorgraph.app import app, out, print_json, user_errors

__all__ = ["info", "whereabouts"]


def _version() -> str:
    try:
        return version("vendorgraph")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "not installed"


def _server(uri: str) -> str:
    """A Neo4j address without any user or password written into it."""
    parts = urlsplit(uri)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _graph(config: Settings) -> dict[str, Any]:
    # The change log records every build from this home, on either engine.
    ours = [e for e in ChangeLog(config.home).entries() if e.get("backend") == config.store]
    built = str(ours[-1].get("built_at")) if ours else None
    if config.store == "neo4j":
        return {
            "engine": "neo4j",
            "where": _server(config.neo4j_uri) if config.neo4j_uri else None,
            "database": config.neo4j_database,
            "built": bool(ours),
            "last_built_at": built,
        }
    folder = config.home / "ladybug"
    return {
        "engine": config.store,
        "where": str(folder),
        "built": (folder / "CURRENT").is_file(),
        "last_built_at": built,
    }


def whereabouts(config: Settings) -> dict[str, Any]:
    """Everything `info` reports, as plain data (what `--json` prints)."""
    registry = Registry.load(config.home)
    files: list[dict[str, Any]] = (
        [
            {"kind": "inventory", "name": e.name, "path": e.path, "read_from": e.source}
            for e in registry.inventories
        ]
        + [
            {"kind": f"{e.kind} list", "name": e.name, "path": e.path, "read_from": e.path}
            for e in registry.lists
        ]
        + [
            {
                "kind": "knowledge pack",
                "name": e.name,
                "path": e.path,
                "read_from": e.source or e.path,
            }
            for e in registry.packs
        ]
    )
    for entry in files:
        entry["present"] = Path(entry["path"]).exists()
    home_from_env = bool(os.environ.get("VENDORGRAPH_HOME"))
    return {
        "version": _version(),
        "home": str(config.home),
        "home_exists": config.home.is_dir(),
        "home_chosen_by": "environment" if home_from_env else "user data folder",
        "default_home": str(default_home()),
        "graph": _graph(config),
        "knowledge_base": str(config.data),
        "knowledge_base_bundled": config.data == BUNDLED_DATA.resolve(),
        "registered": files,
    }


def _when(stamp: str | None) -> str:
    return stamp.replace("T", " ").replace("+00:00", " UTC") if stamp else "never"


@app.command()
def info(
    json_out: Annotated[bool, typer.Option("--json", help="Print the same as JSON.")] = False,
) -> None:
    """Say where the home, the graph, the knowledge base and the registered files are.

    The home is the user's data folder unless VENDORGRAPH_HOME names another; VENDORGRAPH_DATA
    replaces the bundled knowledge base and samples."""
    with user_errors():
        facts = whereabouts(settings())
    if json_out:
        print_json(facts)
        return
    home = facts["home"]
    why = (
        "set for this environment"
        if facts["home_chosen_by"] == "environment"
        else "your user data folder"
    )
    lines = [f"vendorgraph {facts['version']}", f"Home: {home} ({why})"]
    if not facts["home_exists"]:
        lines.append("  not created yet: `vendorgraph ingest` or `vendorgraph demo` creates it")
    graph = facts["graph"]
    if graph["engine"] == "neo4j":
        where = graph["where"] or "no server address set"
        base = f", database {graph['database']}" if graph["database"] else ""
        lines.append(f"Graph: Neo4j server at {where}{base}")
    else:
        state = "built" if graph["built"] else "not built yet"
        lines.append(f"Graph: embedded, in {graph['where']} ({state})")
    lines.append(f"  last built: {_when(graph['last_built_at'])}")
    kb = (
        "bundled with vendorgraph"
        if facts["knowledge_base_bundled"]
        else "set for this environment"
    )
    lines.append(f"Knowledge base and samples: {facts['knowledge_base']} ({kb})")
    registered = facts["registered"]
    if not registered:
        lines.append("Registered files: none (the graph holds the bundled data only)")
    else:
        lines.append(f"Registered files: {len(registered)}")
        for entry in registered:
            missing = "" if entry["present"] else " (missing)"
            lines.append(f"  {entry['kind']} {entry['name']}: {entry['path']}{missing}")
            if entry["read_from"] != entry["path"]:  # an inventory: a copy kept in the home
                lines.append(f"    (a copy of {entry['read_from']})")
    for line in lines:
        out.print(escape(line), highlight=False, soft_wrap=True)
