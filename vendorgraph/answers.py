"""Commands that answer: customers, scenarios, exposure, portfolio and report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from graph import vocabulary
from graph.exposure.engine import exposure, portfolio
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import compose, find_scenario, list_scenarios
from graph.model import Event
from graph.queries import ALL_CUSTOMERS
from graph.resolution.answers import reviewed_names
from graph.results import ExposureResult
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
from vendorgraph.tables import Hanging, WordTable

__all__ = ["customers", "exposure_cmd", "portfolio_cmd", "report", "scenarios"]


def _yes(value: object) -> str:
    return "yes" if value else "no" if value is not None else ""


@app.command()
def customers(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the customers in the graph."""
    with user_errors(), open_store() as store:
        rows = store.read(ALL_CUSTOMERS)
    if json_out:
        print_json(rows)
        return
    out.print(
        WordTable(
            ("id", "name", "sector", "processes", "fictional"),
            [
                (r["id"], r["name"], r["sector"] or "", str(r["processes"]), _yes(r["fictional"]))
                for r in rows
            ],
            ids=["id"],
        )
    )


@app.command()
def scenarios(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the ready scenarios derived from real enforcement actions."""
    with user_errors(), open_store() as store:
        items = list_scenarios(store)
    if json_out:
        print_json([s.model_dump(mode="json") for s in items])
        return
    out.print(
        WordTable(
            ("id", "name", "event", "vendor", "effective"),
            [
                (s.id, s.name, vocabulary.event(s.event.value), s.vendor, s.effective_date)
                for s in items
            ],
            ids=["id", "effective"],
        )
    )


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
    _print_exposure(result)


# The first actions, most urgent first; the rest are in --json and every report.
_ACTIONS_SHOWN = 8


def _order_words(result: ExposureResult) -> str:
    """How much the action counts as of the date, in words (never a status key)."""
    scenario = result.scenario
    said = scenario.status_text(result.action_status, result.as_of)
    if scenario.what_if:
        return (
            f"A what-if, not a real action ({said}): assessed at {result.force:.0%} of full force."
        )
    return (
        f"As of {result.as_of}, the {scenario.kind_label}: {said}. What it requires counts at"
        f" {result.force:.0%} of full force."
    )


def _print_exposure(result: ExposureResult) -> None:
    out.print(
        escape(f"{result.customer} - {result.scenario.name}, as of {result.as_of}"),
        style="bold",
        highlight=False,
    )
    said = [f"Score {result.score:.1f} of 100 ({result.band}). {_order_words(result)}"]
    if result.reach < 1:
        said.append(f"Its scope reaches this customer at {result.reach:.0%}: {result.reach_reason}")
    items: list[tuple[str, str]] = [
        (f"{vocabulary.dimension(d.name):17} {d.score:5.1f}  ", f"weight {d.weight:g}")
        for d in result.dimensions
    ]
    for a in result.affected:
        items.append((f"tier {a.tier}: ", " -> ".join([a.process, *(n.name for n in a.path[2:])])))
    for act in result.actions[:_ACTIONS_SHOWN]:
        items.append((f"[{act.priority}] ", f"{act.due} {act.owner}: {act.title}"))
    if len(result.actions) > _ACTIONS_SHOWN:
        more = len(result.actions) - _ACTIONS_SHOWN
        items.append(
            ("... ", f"and {more} more actions (`--json` or `vendorgraph report` lists all)")
        )
    items += [("unresolved name: ", line) for line in result.unresolved]
    items += [("reviewed name: ", line) for line in reviewed_names(result.names)]
    for line in said:
        out.print(escape(line), highlight=False)
    for lead, text in items:
        out.print(Hanging(f"  {lead}", text), highlight=False)


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
    out.print(
        WordTable(
            ("rank", "customer", "score", "band", "affected", "tier", "unresolved names"),
            [
                (
                    str(r.rank),
                    r.customer,
                    f"{r.score:.1f}",
                    r.band,
                    str(r.affected),
                    str(r.top_tier or "-"),
                    str(len(r.unresolved)) if r.unresolved else "",
                )
                for r in rows
            ],
            right=["rank", "score", "affected", "tier", "unresolved names"],
        )
    )
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
