"""Reader for OFSI's retired Consolidated List CSV (ConList), 2022 and pre-2022 layouts.

OFSI retired ConList on 28 Jan 2026, but users hold old extracts. The 2022 layout opens with a
banner row `Last Updated,DD/MM/YYYY` and a 36-column header; pre-2022 extracts have no banner,
fewer columns, and sometimes a spurious empty first header column. One row per name variant,
date of birth and address: rows are merged by `Group ID`. Dates are DD/MM/YYYY with unknown parts
zero-filled; multi-value cells are numbered inline, `(1) ... (2) ...`; `Other Information`
carries cross-references (`UN Ref QDi.006`, `(UK Sanctions List Ref):RUS0296`).

Example:
    >>> entries = list(read_conlist(Path("ConList.csv")))  # doctest: +SKIP
    >>> entries[0].list
    'ofsi'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from graph.screening.countries import country_code
from ingest.limits import MAX_ROWS_PER_ID
from ingest.listing import (
    Address,
    Identifier,
    ListEntry,
    ReaderError,
    Rejections,
    Schema,
    csv_records,
    parse_day_month_year,
)
from ingest.uksl import split_multi

__all__ = ["read_conlist"]

REQUIRED = ("name 6", "group type", "regime", "group id")
_SCHEMAS: dict[str, Schema] = {"individual": "person", "entity": "entity", "ship": "vessel"}
_PRIMARY = ("primary name", "prime alias")
_UN_REF = re.compile(r"UN Ref\s+(?P<ref>[A-Z]{2}[ie]\.\d+)")
_UKSL_REF = re.compile(r"\(UK Sanctions List Ref\):\s*(?P<ref>[A-Z]{2,4}\d{3,5})")


class _Group:
    def __init__(self, line: int) -> None:
        self.line = line
        self.rows = 0  # rows merged so far, bounded by MAX_ROWS_PER_ID
        self.primary: str | None = None
        self.names: list[str] = []
        self.cells: dict[str, str] = {}
        self.addresses: list[Address] = []
        self.listed: list[date] = []

    def add(self, row: dict[str, str], file: Path, line: int, rejected: Rejections) -> None:
        for key, value in row.items():
            if value and not self.cells.get(key):
                self.cells[key] = value
        full = " ".join(" ".join(row.get(f"name {i}", "") for i in (1, 2, 3, 4, 5, 6)).split())
        if full:
            self.names.append(full)
            if self.primary is None and row.get("alias type", "").lower() in _PRIMARY:
                self.primary = full
        if row.get("name non-latin script"):
            self.names.append(row["name non-latin script"])
        street = [row.get(f"address {i}", "") for i in range(1, 7)] + [row.get("post/zip code", "")]
        country = row.get("country", "")
        if any(street) or country:
            text = ", ".join(p for p in [*street, country] if p)
            self.addresses.append(Address(text=text, country=country_code(country)))
        listed = row.get("listed on", "")
        if listed:
            try:
                day = parse_day_month_year(listed)
            except ValueError as err:
                rejected.add(file, line, "Listed On", str(err))
            else:
                if day:
                    self.listed.append(day)


def _entry(group_id: str, g: _Group, file: Path, as_of: date | None) -> ListEntry:
    c = g.cells
    name = g.primary or g.names[0]
    schema = _SCHEMAS.get(c.get("group type", "").lower())
    if schema is None:
        raise ValueError(
            f"Group Type {c.get('group type', '')!r} is not Individual, Entity or Ship"
        )
    other = c.get("other information", "")
    ids = [
        Identifier(scheme="UN Reference Number", value=m["ref"]) for m in _UN_REF.finditer(other)
    ]
    ids += [
        Identifier(scheme="UK Sanctions List Ref", value=m["ref"])
        for m in _UKSL_REF.finditer(other)
    ]
    ids += [
        Identifier(scheme="Passport Number", value=v)
        for v in split_multi(c.get("passport number", ""))
    ]
    ids += [
        Identifier(scheme="National Identification Number", value=v)
        for v in split_multi(c.get("national identification number", ""))
    ]
    nationalities = [country_code(n) for n in split_multi(c.get("nationality", ""))]
    countries = [a.country for a in g.addresses if a.country] + [n for n in nationalities if n]
    return ListEntry(
        list="ofsi",
        entity_id=group_id,
        schema=schema,
        name=name,
        aliases=tuple(n for n in dict.fromkeys(g.names) if n != name),
        identifiers=tuple(dict.fromkeys(ids)),
        addresses=tuple(dict.fromkeys(g.addresses)),
        countries=tuple(dict.fromkeys(countries)),
        programs=tuple(split_multi(c.get("regime", ""))),
        listed_on=min(g.listed) if g.listed else None,
        list_as_of=as_of,
        remarks=other or None,
        source_file=str(file),
        source_line=g.line,
    )


def read_conlist(path: Path, rejected: Rejections | None = None) -> Iterator[ListEntry]:
    """Yield the designations of an OFSI ConList CSV extract (2022 or pre-2022 layout)."""
    rejected = rejected if rejected is not None else Rejections()
    header: list[str] | None = None
    skip_first = False
    as_of: date | None = None
    groups: dict[str, _Group] = {}
    names: list[str] = []  # the header's names, once read, for rejections of over-long cells
    for line, row in csv_records(path, fallback="cp1252", rejected=rejected, names=names):
        if header is None:
            if row[0].strip().lower() == "last updated" and len(row) <= 3:
                try:
                    as_of = parse_day_month_year(row[1]) if len(row) > 1 else None
                except ValueError as err:
                    rejected.add(path, line, "Last Updated", str(err))
                continue
            cells = [cell.strip().lower() for cell in row]
            skip_first = cells[0] == ""  # pre-2022 extracts: a spurious empty first column
            header = cells[1:] if skip_first else cells
            names.extend(cell.strip() for cell in row)
            missing = [col for col in REQUIRED if col not in header]
            if missing:
                sep = " (the file does not look comma-separated)" if len(row) == 1 else ""
                raise ReaderError(
                    path, line, f"not a ConList header: missing {', '.join(missing)}{sep}"
                )
            continue
        values = row[1:] if skip_first else row
        if len(values) != len(header):
            rejected.add(path, line, "(row)", f"expected {len(header)} fields, found {len(values)}")
            continue
        cells_by = {k: v.strip() for k, v in zip(header, values, strict=True)}
        group_id = cells_by["group id"]
        if not group_id:
            rejected.add(path, line, "Group ID", "empty")
            continue
        group = groups.setdefault(group_id, _Group(line))
        group.rows += 1
        if group.rows > MAX_ROWS_PER_ID:
            rejected.add(path, line, "Group ID", f"more than {MAX_ROWS_PER_ID} rows for {group_id}")
            continue
        group.add(cells_by, path, line, rejected)
    if header is None:
        raise ReaderError(path, None, "empty file: no ConList header")
    for group_id, group in groups.items():
        if not group.names:
            rejected.add(path, group.line, "Name 6", f"group {group_id} has no name")
            continue
        try:
            yield _entry(group_id, group, path, as_of)
        except ValidationError as err:
            rejected.add_validation(path, group.line, err)
        except ValueError as err:
            rejected.add(path, group.line, "(group)", str(err).splitlines()[0])
