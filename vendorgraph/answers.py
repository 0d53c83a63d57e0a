"""Commands that answer: customers, scenarios, exposure, portfolio and report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from graph import vocabulary
from graph.exposure.engine import exposure, portfolio
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import compose, find_scenario, list_scenarios
from graph.model import Event
from graph.queries import ALL_CUSTOMERS
from graph.resolution.answers import reviewed_names
from graph.settings import settings
from graph.store.backend import open_store
from graph.store.protocol import Store
from ingest.problems import UserError
from vendorgraph.app import (
    DEMO_SCENARIO,
    app,
    as_of_date,
    customer_id,
    err,
    out,
    print_json,
    user_errors,
)
from vendorgraph.tables import id_table

__all__ = ["customers", "exposure_cmd", "portfolio_cmd", "report", "scenarios"]


@app.command()
def customers(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the customers in the graph."""
    with user_errors(), open_store() as store:
        rows = store.read(ALL_CUSTOMERS)
    if json_out:
        print_json(rows)
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
    with user_errors(), open_store() as store:
        items = list_scenarios(store)
    if json_out:
        print_json([s.model_dump(mode="json") for s in items])
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
        effective_date=as_of_date(effective).isoformat(),
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
    day = as_of_date(as_of)
    with user_errors(), open_store(config) as store:
        sc = _scenario(store, scenario, vendor, event, effective, jurisdiction)
        result = exposure(
            store, customer_id(customer), sc, day, rules=read_rules(config.data / "kb")
        )
    if json_out:
        print_json(result.model_dump(mode="json"))
        return
    out.print(f"[bold]{result.customer}[/] - {result.scenario.name}, as of {result.as_of}")
    out.print(
        f"Score {result.score} ({result.band}); {result.scenario.kind_label} "
        f"{result.scenario.status_text(result.action_status, result.as_of)}, force {result.force}, reach {result.reach}"
    )
    for d in result.dimensions:
        out.print(f"  {d.name:17} {d.score:5.1f}  x {d.weight}")
    for a in result.affected:
        out.print(f"  tier {a.tier}: {a.process} -> " + " -> ".join(n.name for n in a.path[2:]))
    for act in result.actions[:8]:
        out.print(escape(f"  [{act.priority}] {act.due} {act.owner}: {act.title}"), highlight=False)
    for line in result.unresolved:
        out.print(escape(f"  unresolved name: {line}"), highlight=False)
    for line in reviewed_names(result.names):
        out.print(escape(f"  reviewed name: {line}"), highlight=False)


@app.command("portfolio")
def portfolio_cmd(
    scenario: Annotated[str, typer.Option(help="Scenario id.")] = DEMO_SCENARIO,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    json_out: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Every customer ranked by exposure to one scenario."""
    config = settings()
    day = as_of_date(as_of)
    with user_errors(), open_store(config) as store:
        rows = portfolio(
            store, find_scenario(store, scenario), day, rules=read_rules(config.data / "kb")
        )
    if json_out:
        print_json([r.model_dump(mode="json") for r in rows])
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
    from graph.reports import render, write_report
    from graph.reports.export import build_export, check_format

    config = settings()
    day = as_of_date(as_of)
    with user_errors(), open_store(config) as store:
        check_format(fmt)
        if output is None and fmt == "pdf" and sys.stdout.isatty():
            # PDF bytes on a terminal are garbage to read and can upset it.
            raise UserError("a PDF is binary: write it to a file with -o FILE.pdf (or pipe it)")
        built = build_export(
            store, config, customer and customer_id(customer), scenario, day, generated_at
        )
        if output is None:
            sys.stdout.buffer.write(render(built, fmt))
            return
        for path in write_report(built, fmt, output):  # csv also writes <stem>-evidence.csv
            err.print(f"wrote {path} ({path.stat().st_size:,} bytes)")
