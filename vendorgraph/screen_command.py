"""`vendorgraph screen`: screen the names in a CSV against sanctions lists, one JSON line each.

The `screen` command calls `run_screen`; user mistakes (missing file, no `name` column, unreadable
list) raise `UserError` subclasses with a one-line message, which the CLI prints without a
traceback.

Example:
    >>> run_screen(Path("names.csv"), ["ofac:graph/data/lists/ofac-ns-cmic"], None, True, False)  # doctest: +SKIP
    {"query": "Hikvision", "matches": [{"list": "ofac-cons", "entity_id": "900001", ...}]}
    0
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from graph import vocabulary
from graph.screening.index import ScreeningIndex
from graph.screening.matcher import DEFAULT_THRESHOLD, Matcher, schema_set
from ingest.listing import ReaderError, Rejections, csv_records
from ingest.lists import parse_list_spec, read_lists
from ingest.problems import UserError
from vendorgraph.app import app, user_errors

__all__ = ["read_names", "run_screen", "screen", "screen_lines"]

# How many of the names file's rejections to show on stderr before summarising the rest.
_SHOW_REJECTIONS = 10


def read_names(path: Path, rejected: Rejections) -> Iterator[str]:
    """The `name` column of a CSV, in order; other columns are ignored, blank names rejected."""
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    column: int | None = None
    for line, row in csv_records(path):
        if column is None:
            header = [cell.strip().lower() for cell in row]
            if "name" not in header:
                hint = ""
                if len(row) == 1 and any(sep in row[0] for sep in ";\t|"):
                    hint = "; the file does not look comma-separated"
                raise ReaderError(path, line, f"no 'name' column in the header {row!r}{hint}")
            column = header.index("name")
            continue
        name = row[column].strip() if column < len(row) else ""
        if not name:
            rejected.add(path, line, "name", "empty name")
            continue
        yield name
    if column is None:
        raise ReaderError(path, None, "empty file: expected a header with a 'name' column")


def screen_lines(names: list[str], matcher: Matcher, as_json: bool) -> Iterator[str]:
    """One output line per name, in input order."""
    for name in names:
        matches = matcher.screen(name)
        if as_json:
            yield json.dumps(
                {"query": name, "matches": [m.to_json() for m in matches]}, ensure_ascii=False
            )
        elif not matches:
            yield f"{name}\tno match"
        else:
            for m in matches:
                listed = f"{vocabulary.list_name(m.list)}, entry {m.entity_id}"
                yield f"{name}\t{m.score:.3f}\t{listed}\t{m.name}\t{m.summary()}"


def _report(rejected: Rejections, err: TextIO) -> None:
    """The names file's rejected rows: the user's own mistakes, listed (the first few)."""
    for item in list(rejected)[:_SHOW_REJECTIONS]:
        print(f"rejected: {item}", file=err)
    if len(rejected) > _SHOW_REJECTIONS:
        print(f"rejected: ... and {len(rejected) - _SHOW_REJECTIONS} more rows", file=err)


def _report_lists(rejected: Rejections, err: TextIO, verbose: bool) -> None:
    """The lists' unreadable rows: one count (an official file may carry a few rows its own
    format cannot place); every line with `verbose`."""
    if verbose:
        for item in rejected:
            print(f"skipped list row: {item}", file=err)
        return
    files = sorted({Path(item.file).name for item in rejected})
    n = len(rejected) + rejected.dropped
    rows = "1 row" if n == 1 else f"{n} rows"
    print(
        f"The lists had {rows} that could not be read and were skipped"
        f" (in {', '.join(files)}); --verbose lists them.",
        file=err,
    )


def run_screen(
    names_csv: Path,
    list_specs: list[str],
    threshold: float | None,
    as_json: bool,
    strict: bool,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    schema: str = "entity",
    verbose: bool = False,
) -> int:
    """Screen every name of `names_csv` against the lists; print results; return the exit code.

    With `strict`, any rejected row (in the names or a list) stops the run before anything is
    printed to `out`. `schema` lists the listed kinds to match (comma-separated); vendors are
    organisations, so the default is "entity" (companies, organisations, legal entities). Rows
    of the lists that cannot be read are counted on `err` (each listed with `verbose`).
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    if not list_specs:
        raise UserError("no lists given: pass at least one --list KIND:PATH")
    if threshold is not None and not 0.0 < threshold <= 1.0:
        raise UserError(f"--threshold {threshold}: expected a number in (0, 1]")
    try:
        schemas = schema_set(schema.split(","))
    except ValueError as err_:
        raise UserError(f"--schema {schema}: {err_}") from None
    specs = [parse_list_spec(s) for s in list_specs]
    rejected, skipped = Rejections(), Rejections()
    names = list(read_names(names_csv, rejected))
    index = ScreeningIndex.build(read_lists(specs, skipped))
    if len(index) == 0:
        raise UserError("the lists given hold no names to screen against")
    if rejected:
        _report(rejected, err)
    if skipped:
        _report_lists(skipped, err, verbose)
    if strict and (rejected or skipped):
        n = len(rejected) + len(skipped)
        raise UserError(f"{n} rows rejected; --strict: nothing written")
    matcher = Matcher(index, DEFAULT_THRESHOLD if threshold is None else threshold, schemas)
    for line in screen_lines(names, matcher, as_json):
        print(line, file=out)
    return 0


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
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every list row that was skipped.")
    ] = False,
) -> None:
    """Screen names against sanctions lists, with an explanation for every match."""
    with user_errors():
        code = run_screen(names, lists, threshold, json_out, strict, schema=schema, verbose=verbose)
    raise typer.Exit(code)
