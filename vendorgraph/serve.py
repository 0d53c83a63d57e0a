"""Commands that serve: `dashboard`, `demo` (build, summarise, serve) and the local test `neo4j`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from importlib.resources import files
from pathlib import Path
from typing import Annotated

import typer

from graph.dates import parse_as_of
from graph.exposure.engine import portfolio
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import find_scenario
from graph.settings import settings
from graph.store.backend import open_store
from vendorgraph.app import (
    DEMO_AS_OF,
    DEMO_SCENARIO,
    app,
    err,
    fail,
    ingest_with_progress,
    out,
    print_report,
    user_errors,
)
from vendorgraph.tables import WordTable

__all__ = ["dashboard", "demo", "neo4j"]


@app.command()
def neo4j(
    action: Annotated[str, typer.Argument(help="start, stop or status of the local test Neo4j.")],
) -> None:
    """Start, stop or show the local Neo4j (Maven Central jars, no Docker; for development)."""
    if action not in ("start", "stop", "status"):
        raise fail(f"unknown action {action!r}: expected start, stop or status")
    # The launcher is a development tool: it sits beside the packages in a source checkout only.
    script = Path(__file__).resolve().parent.parent / "tools" / "neo4j_local.py"
    if not script.is_file():
        raise fail("the local test Neo4j comes with a source checkout of vendorgraph only")
    raise typer.Exit(subprocess.call([sys.executable, str(script), action]))


@app.command()
def dashboard(
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
    address: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Serve the Streamlit dashboard."""
    raise typer.Exit(_serve(port, address))


def _serve(port: int, address: str) -> int:
    app_path = Path(str(files("dashboard").joinpath("app.py")))
    cmd = [
        sys.executable,
        "-m",
        "dashboard.serve",
        "run",
        str(app_path),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--client.toolbarMode",
        "viewer",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
    ]
    err.print(f"dashboard: http://{address}:{port}/")
    sys.stdout.flush()
    sys.stderr.flush()
    # Replace this process with Streamlit's, so a signal to `vendorgraph dashboard` (or `demo`)
    # stops the server itself and no orphan is left behind.
    env = {**os.environ, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    os.execve(sys.executable, cmd, env)  # noqa: S606 - fixed argv, our own interpreter


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="Dashboard port.")] = 8501,
    address: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    serve: Annotated[bool, typer.Option(help="Serve the dashboard after the summary.")] = True,
) -> None:
    """Build the embedded graph from bundled data, print each sample's exposure, serve the dashboard."""
    os.environ.setdefault("VENDORGRAPH_STORE", "ladybug")
    config = settings()
    started = time.perf_counter()
    with user_errors(), open_store(config, for_writing=True) as store:
        report_ = ingest_with_progress(store, config, strict=False, quiet=False)
        print_report(report_, out)
        sc = find_scenario(store, DEMO_SCENARIO)
        rows = portfolio(store, sc, parse_as_of(DEMO_AS_OF), rules=read_rules(config.data / "kb"))
    out.print(
        WordTable(
            ("customer", "score", "band", "affected", "tier"),
            [
                (r.customer, f"{r.score:.1f}", r.band, str(r.affected), str(r.top_tier or "-"))
                for r in rows
            ],
            title=f"Exposure to: {sc.name}, as of {DEMO_AS_OF}",
            right=("score", "affected", "tier"),
        )
    )
    out.print(f"Graph built and scored in {time.perf_counter() - started:.1f} s.")
    if serve:
        raise typer.Exit(_serve(port, address))
