"""The `vendorgraph` command line.

User errors print one line to stderr and exit non-zero; tracebacks are for bugs only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.changes import register as register_changes
from cli.tables import id_table
from graph import vocabulary
from graph.backend import open_store
from graph.dates import parse_as_of
from graph.exposure import exposure, portfolio
from graph.model import Event
from graph.queries import ALL_CUSTOMERS
from graph.rules import read_rules
from graph.scenarios import compose, find_scenario, list_scenarios
from graph.settings import Settings, settings
from graph.store import QueryError, Store, StoreUnavailable
from ingest.build import rebuild
from ingest.pipeline import IngestReport
from ingest.pipeline import Progress as Progress_
from ingest.problems import UserError

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Vendor due-diligence knowledge graph."
)
err = Console(stderr=True)
out = Console()


def _register_subcommands() -> None:
    from cli.resolve import resolve_app

    app.add_typer(resolve_app, name="resolve")


_register_subcommands()
T = TypeVar("T")

DEMO_SCENARIO = "ico-clearview-2022"
DEMO_AS_OF = "2022-06-01"


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn the errors a user can cause into one line and a non-zero exit."""
    try:
        yield
    except KeyError as exc:
        raise _fail(str(exc.args[0]) if exc.args else "unknown key") from None
    except (UserError, StoreUnavailable, QueryError, LookupError, ValueError, OSError) as exc:
        raise _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None


def _as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return parse_as_of(value)
    except ValueError:
        raise _fail(f"--as-of {value!r} is not a date (YYYY-MM-DD)") from None


def _customer_id(value: str) -> str:
    return value if value.startswith("customer:") else f"customer:{value}"


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _with_progress(run: Callable[[Progress_ | None], T], quiet: bool) -> T:
    """Run a build with a progress bar on stderr (none when `quiet`)."""
    if quiet:
        return run(None)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("writing", total=None)

        def progress(what: str, n: int, total: int) -> None:
            bar.update(task, description=f"writing {what}", total=total, advance=n)

        return run(progress)


def _ingest(store: Store, config: Settings, strict: bool, quiet: bool) -> IngestReport:
    return _with_progress(lambda p: rebuild(store, config, strict=strict, progress=p), quiet)


def _print_report(report: IngestReport) -> None:
    table = Table(title=f"Ingest into {report.backend} in {report.seconds:.2f} s")
    table.add_column("type")
    table.add_column("count", justify="right")
    for name, count in {**report.nodes, **report.edges}.items():
        table.add_row(name, str(count))
    err.print(table)
    if report.rejections:
        err.print(f"[yellow]{len(report.rejections)} rejected row(s):[/]")
        for r in report.rejections[:50]:
            err.print(f"  {r}", highlight=False)


# The ingest, sources and unregister commands live in cli/sources.py; importing it registers them
# (here, so that `--help` lists them first).
import cli.sources  # noqa: E402, F401


@app.command()
def customers(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the customers in the graph."""
    with _user_errors(), open_store() as store:
        rows = store.read(ALL_CUSTOMERS)
    if json_out:
        _print_json(rows)
        return
    table = id_table(
        ("id", "name", "sector", "processes", "fictional"), {"id": [r["id"] for r in rows]}
    )
    for r in rows:
        table.add_row(
            r["id"], r["name"], r["sector"] or "", str(r["processes"]), str(r["fictional"])
        )
    out.print(table)


@app.command()
def scenarios(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the ready scenarios derived from real enforcement actions."""
    with _user_errors(), open_store() as store:
        items = list_scenarios(store)
    if json_out:
        _print_json([s.model_dump(mode="json") for s in items])
        return
    table = id_table(("id", "name", "event", "vendor", "effective"), {"id": [s.id for s in items]})
    for s in items:
        table.add_row(s.id, s.name, vocabulary.event(s.event.value), s.vendor, s.effective_date)
    out.print(table)


def _scenario(
    store: Store,
    scenario: str | None,
    vendor: str | None,
    event: str | None,
    effective: str | None,
    jurisdiction: str | None,
) -> Any:
    if scenario:
        return find_scenario(store, scenario)
    if not (vendor and event):
        raise UserError("give --scenario ID, or --vendor ID --event EVENT for a what-if")
    try:
        ev = Event(event)
    except ValueError:
        raise UserError(
            f"--event {event!r}: expected one of {', '.join(e.value for e in Event)}"
        ) from None
    vid = vendor if vendor.startswith("vendor:") else f"vendor:{vendor}"
    return compose(
        store,
        vendor_id=vid,
        event=ev,
        effective_date=_as_of(effective).isoformat(),
        jurisdiction=jurisdiction,
    )


@app.command("exposure")
def exposure_cmd(
    customer: Annotated[str, typer.Option(help="Customer id (see `vendorgraph customers`).")],
    scenario: Annotated[
        str | None, typer.Option(help="Scenario id (see `vendorgraph scenarios`).")
    ] = None,
    vendor: Annotated[str | None, typer.Option(help="What-if: vendor id.")] = None,
    event: Annotated[
        str | None, typer.Option(help="What-if: event, e.g. sanctions_designation.")
    ] = None,
    effective: Annotated[str | None, typer.Option(help="What-if: effective date.")] = None,
    jurisdiction: Annotated[str | None, typer.Option(help="What-if: jurisdiction code.")] = "GB",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Answer as of this date (YYYY-MM-DD).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """A customer's exposure to a scenario: affected processes, scores with evidence, actions."""
    config = settings()
    day = _as_of(as_of)
    with _user_errors(), open_store(config) as store:
        sc = _scenario(store, scenario, vendor, event, effective, jurisdiction)
        result = exposure(
            store, _customer_id(customer), sc, day, rules=read_rules(config.data / "kb")
        )
    if json_out:
        _print_json(result.model_dump(mode="json"))
        return
    out.print(f"[bold]{result.customer}[/] - {result.scenario.name}, as of {result.as_of}")
    out.print(
        f"Score {result.score} ({result.band}); order status {result.action_status}, force {result.force}, reach {result.reach}"
    )
    for d in result.dimensions:
        out.print(f"  {d.name:17} {d.score:5.1f}  x {d.weight}")
    for a in result.affected:
        out.print(f"  tier {a.tier}: {a.process} -> " + " -> ".join(n.name for n in a.path[2:]))
    for act in result.actions[:8]:
        out.print(escape(f"  [{act.priority}] {act.due} {act.owner}: {act.title}"), highlight=False)
    for line in result.unresolved:
        out.print(escape(f"  unresolved name: {line}"), highlight=False)


@app.command("portfolio")
def portfolio_cmd(
    scenario: Annotated[str, typer.Option(help="Scenario id.")] = DEMO_SCENARIO,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Every customer ranked by exposure to one scenario."""
    config = settings()
    day = _as_of(as_of)
    with _user_errors(), open_store(config) as store:
        rows = portfolio(
            store, find_scenario(store, scenario), day, rules=read_rules(config.data / "kb")
        )
    if json_out:
        _print_json([r.model_dump(mode="json") for r in rows])
        return
    table = Table("rank", "customer", "score", "band", "affected", "tier", "unresolved names")
    for r in rows:
        table.add_row(
            str(r.rank),
            r.customer,
            f"{r.score:.1f}",
            r.band,
            str(r.affected),
            str(r.top_tier or "-"),
            str(len(r.unresolved)) if r.unresolved else "",
        )
    out.print(table)
    if any(r.unresolved for r in rows):
        out.print("Unresolved names could change these answers: `vendorgraph resolve list`.")


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
    with _user_errors(), open_store(config) as store:
        params = _param(param)
        if saved:
            from graph.saved_queries import run_saved

            rows = run_saved(store, saved, params, limit=config.query_row_limit)
        elif cypher:
            from graph.console import console_read  # the read-only door (token and plan checks)

            answer = console_read(store, cypher, params, limit=config.query_row_limit)
            rows = answer.rows
            if answer.cut:
                err.print(f"cut short: {answer.cut}")
        else:
            raise UserError("give a Cypher query or --saved NAME")
    if json_out:
        _print_json(rows)
        return
    if not rows:
        out.print("(no rows)")
        return
    table = Table(*rows[0].keys())
    for r in rows:
        table.add_row(
            *(json.dumps(v, default=str) if not isinstance(v, str) else v for v in r.values())
        )
    out.print(table)


@app.command()
def report(
    customer: Annotated[
        str | None, typer.Option(help="Customer id; omit for a portfolio report.")
    ] = None,
    scenario: Annotated[str, typer.Option(help="Scenario id.")] = DEMO_SCENARIO,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    fmt: Annotated[str, typer.Option("--format", help="md, html, pdf, json or csv.")] = "md",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default stdout).")
    ] = None,
    generated_at: Annotated[
        str | None, typer.Option(help="Fix the generated-at time (ISO) for reproducible output.")
    ] = None,
) -> None:
    """Export a cited risk summary for a customer (or all customers) and a scenario."""
    from graph.report_export import build_export, check_format
    from graph.reports import render, write_report

    config = settings()
    day = _as_of(as_of)
    with _user_errors(), open_store(config) as store:
        check_format(fmt)
        if output is None and fmt == "pdf" and sys.stdout.isatty():
            # PDF bytes on a terminal are garbage to read and can upset it.
            raise UserError("a PDF is binary: write it to a file with -o FILE.pdf (or pipe it)")
        built = build_export(
            store, config, customer and _customer_id(customer), scenario, day, generated_at
        )
        if output is None:
            sys.stdout.buffer.write(render(built, fmt))
            return
        for path in write_report(built, fmt, output):  # csv also writes <stem>-evidence.csv
            err.print(f"wrote {path} ({path.stat().st_size:,} bytes)")


@app.command()
def screen(
    names: Annotated[
        Path, typer.Argument(help="CSV with a 'name' column (other columns ignored).")
    ],
    lists: Annotated[
        list[str],
        typer.Option(
            "--list",
            help="KIND:PATH, e.g. ofac:DIR, uksl:FILE, ofsi:FILE, un:FILE, eu:FILE, ftm:FILE.",
        ),
    ],
    threshold: Annotated[
        float | None, typer.Option(help="Score from 0 to 1 (default: the matcher's).")
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="One JSON object per input name.")
    ] = False,
    strict: Annotated[bool, typer.Option(help="Stop if any list row is rejected.")] = False,
    schema: Annotated[
        str,
        typer.Option(help="Listed kinds to match, comma-separated: entity,person,vessel,aircraft."),
    ] = "entity",
) -> None:
    """Screen names against sanctions lists, with an explanation for every match."""
    from cli.screen_command import run_screen

    with _user_errors():
        code = run_screen(names, lists, threshold, json_out, strict, schema=schema)
    raise typer.Exit(code)


@app.command("export-queries")
def export_queries(
    folder: Annotated[
        Path, typer.Argument(help="Folder to write one .cypher file per saved query.")
    ],
) -> None:
    """Export the saved-query library as .cypher files for Neo4j Browser favourites."""
    from graph.saved_queries import export_for_browser

    with _user_errors():
        paths = export_for_browser(folder)
    err.print(f"wrote {len(paths)} queries to {folder}")


@app.command()
def neo4j(
    action: Annotated[str, typer.Argument(help="start, stop or status of the local test Neo4j.")],
) -> None:
    """Start, stop or show the local Neo4j (Maven Central jars, no Docker; for development)."""
    if action not in ("start", "stop", "status"):
        raise _fail(f"unknown action {action!r}: expected start, stop or status")
    script = Path(__file__).resolve().parent.parent / "tools" / "neo4j_local.py"
    if not script.is_file():
        raise _fail("tools/neo4j_local.py is not in this installation (use a source checkout)")
    raise typer.Exit(subprocess.call([sys.executable, str(script), action]))


@app.command()
def dashboard(
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
    address: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
) -> None:
    """Serve the Streamlit dashboard."""
    raise typer.Exit(_serve(port, address))


def _serve(port: int, address: str) -> int:
    app_path = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
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
    with _user_errors(), open_store(config) as store:
        report_ = _ingest(store, config, strict=False, quiet=False)
        _print_report(report_)
        sc = find_scenario(store, DEMO_SCENARIO)
        rows = portfolio(store, sc, parse_as_of(DEMO_AS_OF), rules=read_rules(config.data / "kb"))
    table = Table(title=f"Exposure to: {sc.name}, as of {DEMO_AS_OF}")
    for col in ("customer", "score", "band", "affected", "tier"):
        table.add_column(col)
    for r in rows:
        table.add_row(r.customer, f"{r.score:.1f}", r.band, str(r.affected), str(r.top_tier or "-"))
    out.print(table)
    out.print(f"graph built and scored in {time.perf_counter() - started:.2f} s")
    if serve:
        raise typer.Exit(_serve(port, address))


# `changes` and `watch` live in their own module (builds as differences, issue 12).
register_changes(app)


def main() -> None:
    app()


if __name__ == "__main__":
    # Run as `python -m cli.main`: cli.sources registers its commands on the `cli.main` module's
    # app, not on this `__main__` copy, so start that one.
    from cli.main import main as _main

    _main()
