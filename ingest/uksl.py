"""Reader for the FCDO UK Sanctions List CSV (the only official UK list since OFSI retired ConList).

Line 1 is a banner (`Report Date: 13-Feb-2026`), line 2 a 58-column header. There is one row per
name and per address of each designation, keyed by `Unique ID` (e.g. `RUS0296`); rows are merged
per id. Dates are DD/MM/YYYY; `Sanctions Imposed` is pipe-separated; `Parent company` and
`Subsidiaries` name related parties in words (ownership links without ids).

Columns are found by header name, so a reordered file reads the same; a file missing a required
column stops with a `ReaderError` naming it.

Example:
    >>> entries = list(read_uksl(Path("UK-Sanctions-List.csv")))  # doctest: +SKIP
    >>> entries[0].list
    'uksl'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from graph.screening.countries import country_code
from ingest.limits import MAX_ROWS_PER_ID
from ingest.listing import (
    Address,
    Identifier,
    ListEntry,
    OwnershipLink,
    ReaderError,
    Rejections,
    Schema,
    csv_records,
    parse_day_month_year,
)

__all__ = ["read_uksl", "split_multi"]

REQUIRED = ("unique id", "name 6", "name type", "regime name", "designation type")
_SCHEMAS: dict[str, Schema] = {"individual": "person", "entity": "entity", "ship": "vessel"}
_NUMBERED = re.compile(r"\(\d+\)\s*")
_BANNER = re.compile(r"report date:\s*(?P<day>\S+)", re.IGNORECASE)
_PRIMARY = ("primary name", "primary name variation")


def split_multi(cell: str) -> list[str]:
    """Values of a multi-value cell: `a|b`, or numbered inline as `(1) a (2) b`."""
    parts = _NUMBERED.split(cell) if _NUMBERED.match(cell.strip()) else cell.split("|")
    return [p.strip(" ;,") for p in parts if p.strip(" ;,")]


def _as_of(banner: list[str]) -> date | None:
    m = _BANNER.search(",".join(banner))
    if not m:
        return None
    for fmt in ("%d-%b-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(m["day"], fmt).date()
        except ValueError:
            continue
    return None


class _Designation:
    """The rows of one Unique ID, merged."""

    def __init__(self, line: int) -> None:
        self.line = line
        self.rows = 0  # rows merged so far, bounded by MAX_ROWS_PER_ID
        self.names: list[str] = []
        self.primary: str | None = None
        self.cells: dict[str, str] = {}
        self.addresses: list[Address] = []
        self.countries: list[str] = []

    def add(self, row: dict[str, str]) -> None:
        for key, value in row.items():
            if value and not self.cells.get(key):
                self.cells[key] = value
        name = " ".join(row.get(f"name {i}", "") for i in (1, 2, 3, 4, 5, 6)).split()
        full = " ".join(name)
        if full:
            self.names.append(full)
            if self.primary is None and row.get("name type", "").lower() in _PRIMARY:
                self.primary = full
        for key in row:
            if "non-latin" in key and "name" in key and row[key]:
                self.names.append(row[key])
        street = [row.get(f"address line {i}", "") for i in range(1, 7)] + [
            row.get("address postal code", "")
        ]
        country = row.get("address country", "")
        if any(street) or country:
            code = country_code(country)
            self.addresses.append(
                Address(text=", ".join(p for p in [*street, country] if p), country=code)
            )
            if code:
                self.countries.append(code)


def _entry(uid: str, d: _Designation, file: Path, as_of: date | None) -> ListEntry:
    c = d.cells
    name = d.primary or d.names[0]
    schema = _SCHEMAS.get(c.get("designation type", "").lower())
    if schema is None:
        raise ValueError(
            f"Designation Type {c.get('designation type', '')!r} is not Individual, Entity or Ship"
        )
    ids = [
        ("OFSI Group ID", c.get("ofsi group id", "")),
        ("UN Reference Number", c.get("un reference number", "")),
    ]
    ids += [
        ("Business registration number", v)
        for v in split_multi(c.get("business registration number (s)", ""))
    ]
    ids += [
        ("IMO number", c.get("imo number", "")),
        ("Passport number", c.get("passport number", "")),
    ]
    ids += [("National identifier", c.get("national identifier number", ""))]
    links = [
        OwnershipLink(relation="owned_by", target_name=p, role="parent company")
        for p in split_multi(c.get("parent company", ""))
    ]
    links += [
        OwnershipLink(relation="owns", target_name=s, role="subsidiary")
        for s in split_multi(c.get("subsidiaries", ""))
    ]
    nationalities = [country_code(n) for n in split_multi(c.get("nationality(/ies)", ""))]
    designated = c.get("date designated", "")
    return ListEntry(
        list="uksl",
        entity_id=uid,
        schema=schema,
        name=name,
        aliases=tuple(n for n in dict.fromkeys(d.names) if n != name),
        identifiers=tuple(Identifier(scheme=s, value=v) for s, v in ids if v),
        addresses=tuple(dict.fromkeys(d.addresses)),
        countries=tuple(dict.fromkeys([*d.countries, *(n for n in nationalities if n)])),
        programs=tuple(split_multi(c.get("regime name", ""))),
        measures=tuple(split_multi(c.get("sanctions imposed", ""))),
        listed_on=parse_day_month_year(designated) if designated else None,
        list_as_of=as_of,
        links=tuple(links),
        remarks=c.get("other information") or None,
        source_file=str(file),
        source_line=d.line,
    )


def read_uksl(path: Path, rejected: Rejections | None = None) -> Iterator[ListEntry]:
    """Yield the designations of a UK Sanctions List CSV file."""
    rejected = rejected if rejected is not None else Rejections()
    header: list[str] | None = None
    as_of: date | None = None
    groups: dict[str, _Designation] = {}
    names: list[str] = []  # the header's names, once read, for rejections of over-long cells
    for line, row in csv_records(path, rejected=rejected, names=names):
        if header is None:
            if as_of is None and _BANNER.search(",".join(row)):
                as_of = _as_of(row)
                continue
            header = [cell.strip().lower() for cell in row]
            names.extend(cell.strip() for cell in row)
            missing = [col for col in REQUIRED if col not in header]
            if missing:
                sep = " (the file does not look comma-separated)" if len(row) == 1 else ""
                raise ReaderError(
                    path, line, f"not a UK Sanctions List header: missing {', '.join(missing)}{sep}"
                )
            continue
        if len(row) != len(header):
            rejected.add(path, line, "(row)", f"expected {len(header)} fields, found {len(row)}")
            continue
        cells = {key: value.strip() for key, value in zip(header, row, strict=True)}
        uid = cells["unique id"]
        if not uid:
            rejected.add(path, line, "Unique ID", "empty")
            continue
        designation = groups.setdefault(uid, _Designation(line))
        designation.rows += 1
        if designation.rows > MAX_ROWS_PER_ID:
            rejected.add(path, line, "Unique ID", f"more than {MAX_ROWS_PER_ID} rows for {uid}")
            continue
        designation.add(cells)
    if header is None:
        raise ReaderError(path, None, "empty file: no UK Sanctions List header")
    # Rows of one id are usually together but nothing guarantees it, so ids are merged over the
    # whole file before any is yielded; the file is a few tens of megabytes at most.
    for uid, designation in groups.items():
        if not designation.names:
            rejected.add(path, designation.line, "Name 6", f"{uid} has no name")
            continue
        try:
            yield _entry(uid, designation, path, as_of)
        except ValidationError as err:
            rejected.add_validation(path, designation.line, err)
        except ValueError as err:
            rejected.add(path, designation.line, "(designation)", str(err).splitlines()[0])
