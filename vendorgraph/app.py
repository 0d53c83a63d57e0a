"""The `vendorgraph` Typer app and what every command shares: consoles, one-line errors, dates, ids.

Command modules (vendorgraph.answers, vendorgraph.sources, ...) register on `app`; vendorgraph.main
imports them all. User errors print one line to stderr and exit non-zero; tracebacks are for bugs.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph import vocabulary
from graph.dates import parse_as_of
from graph.model import EDGE_TYPES, NODE_TYPES
from graph.settings import Settings
from graph.store.protocol import QueryError, Store, StoreUnavailable
from ingest.build import rebuild
from ingest.pipeline import IngestReport
from ingest.pipeline import Progress as Progress_
from ingest.problems import UserError

__all__ = [
    "DEMO_AS_OF",
    "DEMO_SCENARIO",
    "app",
    "as_of_date",
    "build_summary",
    "customer_id",
    "err",
    "fail",
    "ingest_with_progress",
    "out",
    "print_json",
    "print_report",
    "print_warnings",
    "progress_words",
    "user_errors",
    "with_progress",
]

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Vendor due-diligence knowledge graph."
)
err = Console(stderr=True)
out = Console()
T = TypeVar("T")

DEMO_SCENARIO = "ico-clearview-2022"
DEMO_AS_OF = "2022-06-01"


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the errors a user can cause into one line and a non-zero exit."""
    try:
        yield
    except KeyError as exc:
        raise fail(str(exc.args[0]) if exc.args else "unknown key") from None
    except (UserError, StoreUnavailable, QueryError, LookupError, ValueError, OSError) as exc:
        raise fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None


def as_of_date(value: str | None) -> date:
    """The --as-of date (today when not given); a one-line error when it is not a date."""
    if value is None:
        return date.today()
    try:
        return parse_as_of(value)
    except ValueError:
        raise fail(f"--as-of {value!r} is not a date (YYYY-MM-DD)") from None


def customer_id(value: str) -> str:
    return value if value.startswith("customer:") else f"customer:{value}"


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def progress_words(what: str) -> str:
    """What a progress report counts, in a user's words: a build reports the graph's own labels
    ("Customer") and relationship types ("USES"), said as "customers" and "links"."""
    if what in NODE_TYPES:
        return vocabulary.counted(what, 2).removeprefix("2 ")
    if what in EDGE_TYPES:
        return "links"
    return what


def with_progress(run: Callable[[Progress_ | None], T], quiet: bool, verb: str = "writing") -> T:
    """Run a build (or any long work, saying `verb` what) with a progress bar on stderr (none
    when `quiet`, nor when stderr is not a terminal). `run` is given the Progress callback
    `(what, done since the last call, total)`."""
    if quiet:
        return run(None)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    # While the bar is up, what the run prints to stdout or stderr goes above it through this
    # console: soft wrap, so a long output line stays one line (the terminal folds it).
    wrap, err.soft_wrap = err.soft_wrap, True
    try:
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task(verb, total=None)
            totals: list[int] = []

            def progress(what: str, n: int, total: int) -> None:
                # A new total is a new step (the build's rows, then the re-scoring's scenarios):
                # it counts from zero. A total of 0 is not known yet (a list read as it streams).
                description = f"{verb} {progress_words(what)}".strip()
                if totals[-1:] != [total]:
                    totals.append(total)
                    bar.reset(task, total=total or None, description=description, completed=n)
                else:
                    bar.update(task, description=description, advance=n)

            return run(progress)
    finally:
        err.soft_wrap = wrap


def ingest_with_progress(store: Store, config: Settings, strict: bool, quiet: bool) -> IngestReport:
    return with_progress(lambda p: rebuild(store, config, strict=strict, progress=p), quiet)


# The order a person reads a graph's contents in: their customers' own processes and suppliers
# first, then the regulatory record, then the reference data.
_READING_ORDER = (
    "Customer",
    "Process",
    "Vendor",
    "Product",
    "EnforcementAction",
    "StatusEvent",
    "Regulator",
    "Law",
    "Designation",
    "ListedEntity",
    "DataSource",
    "DataCategory",
    "Jurisdiction",
    "Mention",
    "Source",
)
# Rejected rows listed one by one; `--json` lists every one.
_REJECTIONS_SHOWN = 50


def build_summary(report: IngestReport) -> str:
    """What a build holds, in words: "Built the graph in 3.3 s: 18 customers, 22 processes, ..."."""
    labels = [name for name in _READING_ORDER if report.nodes.get(name)]
    labels += sorted(name for name in report.nodes if name not in labels and report.nodes[name])
    counts = ", ".join(vocabulary.counted(name, report.nodes[name]) for name in labels)
    links = sum(report.edges.values())
    engine = "the embedded store" if report.backend == "ladybug" else "Neo4j"
    return (
        f"Built the graph in {engine} in {report.seconds:.1f} s: {counts or 'nothing'};"
        f" {links:,} links between them."
    )


def print_report(report: IngestReport, console: Console = err) -> None:
    """The build summary and its rejected rows (on stderr unless another console is given)."""
    console.print(escape(build_summary(report)), highlight=False)
    if report.rejections:
        n = len(report.rejections)
        console.print(
            f"[yellow]{n} row{'s were' if n != 1 else ' was'} rejected and left out"
            " (the rest was built):[/]"
        )
        for r in report.rejections[:_REJECTIONS_SHOWN]:
            console.print(f"  {escape(str(r))}", highlight=False)
        if n > _REJECTIONS_SHOWN:
            console.print(f"  ... and {n - _REJECTIONS_SHOWN} more (`--json` lists every one)")
    print_warnings(report, console)


def print_warnings(report: IngestReport, console: Console = err) -> None:
    """What went wrong after the graph committed (a webhook delivery): one line each."""
    for line in report.warnings:
        console.print(f"[yellow]warning:[/] {escape(line)}", highlight=False, soft_wrap=True)
