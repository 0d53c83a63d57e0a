"""`vendorgraph screen`: screen the names in a CSV against sanctions lists.

Each name is screened against listed organisations and persons unless its row's optional
`type` column (organisation, person, vessel, aircraft, or blank) narrows it, or `--schema`
restricts the whole run; every output row says which kinds were searched. Output: one line per
match (default), one JSON object per name (`--json`), or a CSV file with one row per match and
the listing's authority, list, programmes, listing date, identifiers and remarks (`--csv`).

The `screen` command calls `run_screen`; user mistakes (missing file, no `name` column, unreadable
list, unknown `type`) raise `UserError` subclasses with a one-line message, which the CLI prints
without a traceback.

Example:
    >>> run_screen(Path("names.csv"), ["ofac:graph/data/lists/ofac-ns-cmic"], None, True, False)  # doctest: +SKIP
    {"query": "Hikvision", "type": null, "searched": ["entity", "person"], "matches": [...]}
    0
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, TextIO, TypeVar

import typer

from graph import vocabulary
from graph.reports.csv_export import neutralise
from graph.screening.index import ScreeningIndex
from graph.screening.kinds import SCHEMA_WORDS, kind_of
from graph.screening.matcher import DEFAULT_THRESHOLD, Match, Matcher, Query, schema_set
from ingest.listing import ReaderError, Rejections, csv_records
from ingest.lists import parse_list_spec, read_lists
from ingest.pipeline import Progress
from ingest.problems import UserError
from vendorgraph.app import app, user_errors, with_progress

__all__ = ["CSV_COLUMNS", "Row", "read_names", "run_screen", "screen", "screen_lines"]

# How many of the names file's rejections to show on stderr before summarising the rest.
_SHOW_REJECTIONS = 10
CSV_COLUMNS = (
    "name", "type", "searched", "score", "listed name", "listed kind", "authority", "list",
    "programmes", "listed on", "identifiers", "measures", "remarks", "list entry", "explanation",
)  # fmt: skip


# How often the progress bar hears of the work: every so many names, every so many list entries.
_NAMES_STEP = 50
_ENTRIES_STEP = 2_000
T = TypeVar("T")


@dataclass(frozen=True)
class Row:
    """One name to screen, with its kind if the row gives one."""

    name: str
    kind: str | None = None


def read_names(path: Path, rejected: Rejections) -> Iterator[Row]:
    """The `name` column of a CSV (and `type`, if there is one), in order; other columns are
    ignored, blank names rejected. A `type` that is no kind is rejected as a fault of the row,
    and the name is still screened, against every kind the run searches: nothing is lost."""
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    column: int | None = None
    type_column: int | None = None
    width = 0
    for line, row in csv_records(path):
        if column is None:
            header = [cell.strip().lower() for cell in row]
            if "name" not in header:
                hint = ""
                if len(row) == 1 and any(sep in row[0] for sep in ";\t|"):
                    hint = "; the file does not look comma-separated"
                raise ReaderError(path, line, f"no 'name' column in the header {row!r}{hint}")
            column = header.index("name")
            type_column = header.index("type") if "type" in header else None
            width = len(header)
            continue
        name = row[column].strip() if column < len(row) else ""
        if len(row) > width:
            # An unquoted comma in a name ("Hikvision Digital Technology Co., Ltd") splits it: a
            # last-column name is put back together, and either way the row is reported.
            last = column == width - 1
            if last:
                name = ",".join(row[column:]).strip()
            rejected.add(path, line, "name", f"{len(row)} fields where the header has {width}: "
                         "quote a name that holds a comma" + ("; screened as the whole text" if last else ""))  # fmt: skip
        if not name:
            rejected.add(path, line, "name", "empty name")
            continue
        kind = None
        if type_column is not None and type_column < len(row):
            try:
                kind = kind_of(row[type_column])
            except ValueError as err:
                rejected.add(path, line, "type", f"{err}; screened as every kind")
        yield Row(name, kind)
    if column is None:
        raise ReaderError(path, None, "empty file: expected a header with a 'name' column")


def _counted(
    items: Iterable[T], progress: Progress | None, what: str, total: int, step: int
) -> Iterator[T]:
    """`items` unchanged, telling `progress` every `step` of them (a `total` of 0: not known)."""
    if progress is None:
        yield from items
        return
    done = 0
    for item in items:
        yield item
        done += 1
        if done % step == 0:
            progress(what, step, total)
    if done % step:
        progress(what, done % step, total)


def _searched(schemas: frozenset[str]) -> str:
    return (
        ", ".join(SCHEMA_WORDS[s] for s in sorted(schemas))
        or "nothing (--schema excludes the type)"
    )


def _listing_note(match: Match) -> str:
    listing = match.listing
    if listing is None:
        return ""
    bits = [listing.list_name]
    if listing.programmes:
        bits.append("; ".join(listing.programmes))
    bits.append(f"listed {listing.listed_on}" if listing.listed_on else "listing date not given")
    return ", ".join(bits)


def screen_lines(rows: Iterable[Row | str], matcher: Matcher, as_json: bool) -> Iterator[str]:
    """One output line per name (JSON) or per match (text), in input order."""
    for item in rows:
        row = Row(item) if isinstance(item, str) else item
        query = Query(row.name, kind=row.kind)
        searched = matcher.searched(query)
        matches = matcher.screen(query)
        if as_json:
            yield json.dumps(
                {
                    "query": row.name,
                    "type": row.kind,
                    "searched": sorted(searched),
                    "matches": [m.to_json() for m in matches],
                },
                ensure_ascii=False,
            )
        elif not matches:
            yield f"{row.name}\tno match\tsearched: {_searched(searched)}"
        else:
            for m in matches:
                yield (
                    f"{row.name}\t{m.score:.3f}\t{_entry(m)}\t{m.name}\t{m.summary()}"
                    f"\t{_listing_note(m)}\tsearched: {_searched(searched)}"
                )


def _entry(m: Match) -> str:
    """The list entry a match names, in words ("US Treasury OFAC SDN list, entry 123")."""
    return f"{vocabulary.list_name(m.list)}, entry {m.entity_id}"


def csv_rows(rows: Iterable[Row], matcher: Matcher) -> Iterator[list[str]]:
    """CSV_COLUMNS for every match, and one row with no match for a name without any."""
    for row in rows:
        query = Query(row.name, kind=row.kind)
        searched = _searched(matcher.searched(query))
        matches = matcher.screen(query)
        if not matches:
            yield [row.name, row.kind or "", searched, "", "no match", *[""] * 10]
            continue
        for m in matches:
            fields = m.listing.fields() if m.listing else {}
            yield [
                row.name, row.kind or "", searched, f"{m.score:.3f}", m.name, m.entry.schema,
                *(fields.get(k, "") for k in ("authority", "list", "programmes", "listed on",
                                              "identifiers", "measures", "remarks")),
                _entry(m), m.summary(),
            ]  # fmt: skip


def write_csv(rows: Iterable[Row], matcher: Matcher, out: TextIO) -> None:
    """The CSV output: RFC 4180 quoting; a cell a spreadsheet would run as a formula is kept
    as text (graph.reports.csv_export.neutralise): names and remarks come from outside."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for cells in csv_rows(rows, matcher):
        writer.writerow([neutralise(c) for c in cells])


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
    schema: str = "entity,person",
    as_csv: bool = False,
    verbose: bool = False,
    progress: Progress | None = None,
) -> int:
    """Screen every name of `names_csv` against the lists; print results; return the exit code.

    With `strict`, any rejected row (in the names or a list) stops the run before anything is
    printed to `out`. `schema` lists the listed kinds to match (comma-separated); the default
    is organisations and persons ("entity,person"): a register holds sole traders too. Rows
    of the lists that cannot be read are counted on `err` (each listed with `verbose`).
    `progress` hears of the lists' entries as they are read and indexed, then of the names
    screened; the output is the same with it or without.
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
    entries = read_lists(specs, skipped)
    index = ScreeningIndex.build(_counted(entries, progress, "list entries read", 0, _ENTRIES_STEP))
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
    counted = _counted(names, progress, "names screened", len(names), _NAMES_STEP)
    if as_csv:
        write_csv(counted, matcher, out)
        return 0
    for line in screen_lines(counted, matcher, as_json):
        print(line, file=out)
    return 0


@app.command()
def screen(
    names: Annotated[
        Path,
        typer.Argument(
            help="CSV with a 'name' column and, optionally, a 'type' column (organisation, "
            "person, vessel, aircraft or blank); other columns are ignored."
        ),
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
    csv_out: Annotated[
        bool,
        typer.Option("--csv", help="CSV: one row per match, with the listing's details."),
    ] = False,
    strict: Annotated[bool, typer.Option(help="Stop if any list row is rejected.")] = False,
    schema: Annotated[
        str,
        typer.Option(
            help="Listed kinds to match, comma-separated: entity,person,vessel,aircraft "
            "(default: organisations and persons)."
        ),
    ] = "entity,person",
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every list row that was skipped.")
    ] = False,
) -> None:
    """Screen names against sanctions lists, with an explanation and the listing for every match."""
    with user_errors():
        if json_out and csv_out:
            raise UserError("--json and --csv: choose one output")
        # Lines for a file or a pipe go straight to it; lines for the terminal go through the
        # bar's console (sys.stdout is resolved inside the bar), printed above the bar.
        target = None if sys.stdout.isatty() else sys.stdout
        code = with_progress(
            lambda p: run_screen(
                names, lists, threshold, json_out, strict, out=target, schema=schema,
                as_csv=csv_out, verbose=verbose, progress=p,
            ),
            quiet=json_out or csv_out,  # data on stdout: nothing else on the terminal
            verb="",
        )  # fmt: skip
    raise typer.Exit(code)
