"""Commands for Cypher: `query` (the read-only door, or a saved query) and `export-queries`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from graph.settings import settings
from graph.store.backend import open_store
from ingest.problems import UserError
from vendorgraph.app import app, err, out, print_json, user_errors
from vendorgraph.tables import WordTable

__all__ = ["export_queries", "query"]


def _param(values: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key.isidentifier():
            raise UserError(f"--param {item!r}: expected NAME=VALUE")
        try:
            params[key] = json.loads(raw)
        except json.JSONDecodeError:
            params[key] = raw  # a bare word is a string
        except RecursionError:
            # Python's JSON reader recurses on nesting; graph.console.parameters bounds the rest.
            raise UserError(f"--param {key}: the JSON value is nested too deeply") from None
    return params


@app.command()
def query(
    cypher: Annotated[str | None, typer.Argument(help="Read-only Cypher.")] = None,
    param: Annotated[
        list[str], typer.Option("--param", "-p", help="NAME=VALUE (JSON or bare string).")
    ] = [],  # noqa: B006
    saved: Annotated[str | None, typer.Option(help="Run a saved query by name.")] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Run a read-only Cypher query (or a saved one) and print the rows."""
    config = settings()
    with user_errors(), open_store(config) as store:
        params = _param(param)
        if saved:
            from graph.console.saved_queries import run_saved

            rows = run_saved(store, saved, params, limit=config.query_row_limit)
        elif cypher:
            from graph.console.door import (
                console_read,  # the read-only door (token and plan checks)
            )

            answer = console_read(store, cypher, params, limit=config.query_row_limit)
            rows = answer.rows
            if answer.cut:
                err.print(f"cut short: {answer.cut}")
        else:
            raise UserError("give a Cypher query or --saved NAME")
    if json_out:
        print_json(rows)
        return
    if not rows:
        out.print("(no rows)")
        return
    cells = [
        [v if isinstance(v, str) else json.dumps(v, default=str) for v in r.values()] for r in rows
    ]
    out.print(WordTable(list(rows[0].keys()), cells))


@app.command("export-queries")
def export_queries(
    folder: Annotated[
        Path, typer.Argument(help="Folder to write one .cypher file per saved query.")
    ],
) -> None:
    """Export the saved-query library as .cypher files for Neo4j Browser favourites."""
    from graph.console.saved_queries import export_for_browser

    with user_errors():
        paths = export_for_browser(folder)
    err.print(f"wrote {len(paths)} queries to {folder}")
