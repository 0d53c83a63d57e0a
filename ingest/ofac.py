"""Reader for OFAC's legacy CSV lists: the SDN list and the non-SDN consolidated list.

Both come as four header-less CSV files keyed by `ent_num`: the primary rows (`sdn.csv` /
`cons_prim.csv`), addresses (`add.csv` / `cons_add.csv`), aliases (`alt.csv` / `cons_alt.csv`)
and the spill-over of Remarks past 1,000 characters (`sdn_comments.csv` / `cons_comments.csv`).
Nulls are `-0- `, the last line may be a lone Ctrl-Z, and much of what matters (identifiers,
dates of birth, `Linked To:`, NS-CMIC listing dates and ISINs) is free text inside Remarks.

Example:
    >>> entries = list(read_ofac(Path("graph/data/lists/ofac-ns-cmic")))  # doctest: +SKIP
    >>> entries[0].list, entries[0].programs
    ('ofac-cons', ('CMIC-EO13959',))
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from graph.screening.countries import country_code
from ingest.listing import (
    Address,
    Identifier,
    ListCode,
    ListEntry,
    OwnershipLink,
    ReaderError,
    Rejections,
    Schema,
    csv_records,
)

__all__ = ["OfacFiles", "RemarkFacts", "find_ofac_files", "parse_remarks", "read_ofac"]

_COLUMNS = {
    "prim": (
        "ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type",
        "Tonnage", "GRT", "Vess_flag", "Vess_owner", "Remarks",
    ),
    "add": ("ent_num", "Add_num", "Address", "City/State/Province/Postal Code", "Country", "Add_remarks"),
    "alt": ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks"),
    "comments": ("ent_num", "Remarks_Extension"),
}  # fmt: skip
_WIDTH = {kind: len(names) for kind, names in _COLUMNS.items()}
_SCHEMAS: dict[str, Schema] = {
    "individual": "person",
    "vessel": "vessel",
    "aircraft": "aircraft",
    "": "entity",
}
_NAMES = {
    "ofac-sdn": {
        "prim": "sdn.csv",
        "add": "add.csv",
        "alt": "alt.csv",
        "comments": "sdn_comments.csv",
    },
    "ofac-cons": {
        "prim": "cons_prim.csv",
        "add": "cons_add.csv",
        "alt": "cons_alt.csv",
        "comments": "cons_comments.csv",
    },
}


@dataclass(frozen=True)
class OfacFiles:
    """The files of one OFAC list extract; the three side files are optional."""

    list: ListCode
    prim: Path
    add: Path | None = None
    alt: Path | None = None
    comments: Path | None = None


def find_ofac_files(path: Path) -> OfacFiles:
    """Locate the files of an extract from a directory or from its primary file."""
    folder = path if path.is_dir() else path.parent
    for code, names in _NAMES.items():
        prim = folder / names["prim"]
        if (path.is_dir() and prim.is_file()) or path.name.lower() == names["prim"]:
            found = {
                k: folder / n for k, n in names.items() if k != "prim" and (folder / n).is_file()
            }
            return OfacFiles(code, path if not path.is_dir() else prim, **found)  # type: ignore[arg-type]
    if path.is_file():
        # A lone file of any other name: read it as an SDN primary file, with no side files.
        return OfacFiles("ofac-sdn", path)
    raise ReaderError(
        path, None, "no sdn.csv or cons_prim.csv here; expected an OFAC legacy CSV extract"
    )


def _null(cell: str) -> str:
    value = cell.strip()
    return "" if value == "-0-" else value


@dataclass
class _Side:
    """Side-file rows grouped by ent_num, with where each group came from."""

    rows: dict[str, list[list[str]]] = field(default_factory=lambda: defaultdict(list))
    where: dict[str, tuple[Path, int]] = field(default_factory=dict)


def _records(file: Path, kind: str, rejected: Rejections) -> Iterator[tuple[int, list[str]]]:
    width = _WIDTH[kind]
    first = True
    for line, row in csv_records(file, fallback="cp1252", rejected=rejected, names=_COLUMNS[kind]):
        if first and row[0].strip().lower() in ("ent_num", "ent num"):
            continue  # a header some re-exports add; the official files have none
        if len(row) != width:
            if first:
                sep = next((s for s in ";\t|" if s in row[0]), None)
                hint = f"; the delimiter looks like {sep!r}" if sep and len(row) == 1 else ""
                raise ReaderError(
                    file, line, f"expected {width} comma-separated fields, found {len(row)}{hint}"
                )
            rejected.add(file, line, "(row)", f"expected {width} fields, found {len(row)}")
            continue
        first = False
        if not row[0].strip().isdigit():
            rejected.add(file, line, "ent_num", f"not a number: {row[0].strip()[:40]!r}")
            continue
        yield line, row


def _side(file: Path | None, kind: str, rejected: Rejections) -> _Side:
    side = _Side()
    if file is None:
        return side
    for line, row in _records(file, kind, rejected):
        ent = row[0].strip()
        side.rows[ent].append([_null(c) for c in row])
        side.where.setdefault(ent, (file, line))
    return side


# Remarks is a `; `-separated run of "Label value (Country)" items. Items whose label says they
# are dates, places, contacts or descriptions are not identifiers. Every pattern here is linear:
# literal alternatives or single character classes, no quantifier inside another and no two
# adjacent quantifiers over overlapping classes (the old one-regex identifier parse backtracked
# for minutes on a 100 KB cell); the identifier split is done by hand in `_identifier`.
_NOT_ID = re.compile(
    r"^(DOB|POB|Date|Listing Date|Effective Date|Purchase/Sales|Aircraft Model|Aircraft Manufacture"
    r"|Telephone|Phone|Fax|Email|Website|Secondary sanctions|Organization Established|Gender|Title"
    r"|Nationality|Citizen|Additional Sanctions|Target Type|Issuer Name|Vessel Year|Linked To)",
    re.IGNORECASE,
)
_ALIAS = re.compile(r"^[afn]\.k\.a\.\s+'(?P<name>.+)'\.?$")
_LINKED = re.compile(r"^Linked To:\s+(?P<name>.+?)\.?$")
_LISTING = re.compile(r"^Listing Date \([^)]*\):?\s+(?P<day>\d{1,2} \w{3} \d{4})")
_NATIONALITY = re.compile(r"^(?:nationality|citizen)\s+(?P<country>.+?)\.?$", re.IGNORECASE)
_VALUE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./#-")
_EXCHANGE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
# The longest identifier item in the real lists is under 200 characters; a longer item is prose.
MAX_ITEM_CHARS = 1_000
# Remarks plus their spill-over rows; real ones stay under 10,000 characters.
MAX_REMARKS_CHARS = 64 << 10


def _is_value(token: str) -> bool:
    """An identifier value: letters, digits and `./#-`, with a digit after the last `#`."""
    if not token or not all(c in _VALUE_CHARS for c in token):
        return False
    last_digit = max((i for i, c in enumerate(token) if c.isdigit()), default=-1)
    return last_digit > token.rfind("#")


def _value_before(item: str, end: int, colon: int) -> int | None:
    """Where the identifier value ending at `end` starts, if it is a value that whitespace
    separates from a scheme of a letter and no colon (the first colon is at `colon`); else None."""
    start = end
    while start > 0 and not item[start - 1].isspace():
        start -= 1
    if start == end or not _is_value(item[start:end]):
        return None
    scheme_end = start
    while scheme_end > 0 and item[scheme_end - 1].isspace():
        scheme_end -= 1
    if scheme_end == start or scheme_end == 0 or not item[0].isascii() or not item[0].isalpha():
        return None
    return start if colon == -1 or colon >= scheme_end else None


def _identifier(item: str) -> Identifier | None:
    """`Scheme value`, `Scheme value (Country)` or `Scheme value XX` (an exchange), optionally
    ending in `.`: the shortest scheme wins, as the lazy regex this replaces decided."""
    body = item[:-1] if item.endswith(".") else item
    colon = item.find(":")
    found: list[tuple[int, str | None]] = []  # (value start, country)
    if (start := _value_before(item, len(item), colon)) is not None:
        found.append((start, None))  # a plain value keeps a final dot, as the old regex did
    if len(body) > 3 and body[-2] in _EXCHANGE and body[-1] in _EXCHANGE and body[-3].isspace():
        end = len(body) - 3
        while end > 0 and body[end - 1].isspace():
            end -= 1
        if (start := _value_before(body, end, colon)) is not None:
            found.append((start, None))
    if body.endswith(")"):
        close = len(body) - 1
        floor = body.rfind(")", 0, close)
        opening = body.find("(", floor + 1)
        while opening != -1 and opening < close - 1:
            end = opening
            while end > 0 and body[end - 1].isspace():
                end -= 1
            if end < opening and (start := _value_before(body, end, colon)) is not None:
                found.append((start, body[opening + 1 : close]))
                break
            opening = body.find("(", opening + 1)
    if not found:
        return None
    start, country = min(found, key=lambda f: f[0])
    end = start
    while end < len(item) and not item[end].isspace():
        end += 1
    return Identifier(
        scheme=item[:start].strip(),
        value=item[start:end],
        country=country_code(country) if country else None,
    )


@dataclass
class RemarkFacts:
    """What the Remarks free text states, parsed; `problems` are (field, reason) to report."""

    aliases: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    links: list[OwnershipLink] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    listed_on: date | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)


def parse_remarks(remarks: str) -> RemarkFacts:
    """Aliases, identifiers, `Linked To:` parties, nationalities and the listing date in Remarks.

    Never raises: an impossible listing date becomes a problem in `facts.problems`, and an item
    longer than `MAX_ITEM_CHARS` is taken for prose and skipped.
    """
    facts = RemarkFacts()
    for raw in remarks.split("; "):
        item = raw.strip().removeprefix("alt. ").strip()
        if not item or len(item) > MAX_ITEM_CHARS:
            continue
        if m := _ALIAS.match(item):
            facts.aliases.append(m["name"].strip())
        elif m := _LINKED.match(item):
            facts.links.append(
                OwnershipLink(relation="linked_to", target_name=m["name"].strip(), role="Linked To")
            )
        elif m := _LISTING.match(item):
            try:
                day = datetime.strptime(m["day"], "%d %b %Y").date()
            except ValueError:
                facts.problems.append(("Remarks", f"impossible listing date {m['day']!r}"))
                continue
            # Several directives may each have a listing date; the earliest is when the listing began.
            facts.listed_on = min(day, facts.listed_on) if facts.listed_on else day
        elif m := _NATIONALITY.match(item):
            if code := country_code(m["country"]):
                facts.countries.append(code)
        elif not _NOT_ID.match(item) and (ident := _identifier(item)):
            facts.identifiers.append(ident)
            if ident.country:
                facts.countries.append(ident.country)
    return facts


def read_ofac(path: Path, rejected: Rejections | None = None) -> Iterator[ListEntry]:
    """Yield the entities of an OFAC legacy CSV extract (a directory or its primary file)."""
    rejected = rejected if rejected is not None else Rejections()
    files = find_ofac_files(path)
    adds = _side(files.add, "add", rejected)
    alts = _side(files.alt, "alt", rejected)
    comments = _side(files.comments, "comments", rejected)
    seen = False
    for line, row in _records(files.prim, "prim", rejected):
        seen = True
        cells = [_null(c) for c in row]
        ent = cells[0]
        name = cells[1]
        if not name:
            rejected.add(files.prim, line, "SDN_Name", "empty name")
            continue
        sdn_type = cells[2].lower()
        if sdn_type not in _SCHEMAS:
            rejected.add(files.prim, line, "SDN_Type", f"unknown type {cells[2]!r}")
            continue
        remarks = cells[11] + "".join(r[1] for r in comments.rows.pop(ent, []))
        if len(remarks) > MAX_REMARKS_CHARS:
            rejected.add(
                files.prim,
                line,
                "Remarks",
                f"{len(remarks)} characters with spill-over rows, over the {MAX_REMARKS_CHARS} limit",
            )
            continue
        facts = parse_remarks(remarks)
        for field_name, reason in facts.problems:
            # The entity stays listed (dropping a sanctioned party over a typo would hide it from
            # screening); the bad fact is left out and reported.
            rejected.add(files.prim, line, field_name, reason)
        addresses = tuple(
            Address(text=", ".join(p for p in r[2:5] if p), country=country_code(r[4]))
            for r in adds.rows.pop(ent, [])
            if any(r[2:5])
        )
        aliases = [r[3] for r in alts.rows.pop(ent, []) if r[3]] + facts.aliases
        links = list(facts.links)
        if cells[10]:
            links.append(
                OwnershipLink(relation="owned_by", target_name=cells[10], role="vessel owner")
            )
        countries = [a.country for a in addresses if a.country] + facts.countries
        try:
            entry = ListEntry(
                list=files.list,
                entity_id=ent,
                schema=_SCHEMAS[sdn_type],
                name=name,
                aliases=tuple(a for a in dict.fromkeys(aliases) if a != name),
                identifiers=tuple(facts.identifiers),
                addresses=addresses,
                countries=tuple(dict.fromkeys(countries)),
                programs=tuple(p.strip() for p in cells[3].split("] [") if p.strip()),
                listed_on=facts.listed_on,
                links=tuple(links),
                remarks=remarks or None,
                source_file=str(files.prim),
                source_line=line,
            )
        except ValidationError as err:
            rejected.add_validation(files.prim, line, err)
            continue
        yield entry
    if not seen:
        raise ReaderError(files.prim, None, "empty file: no OFAC rows")
    for kind, side in (("address", adds), ("alias", alts), ("comment", comments)):
        for ent in side.rows:
            file, line = side.where[ent]
            rejected.add(
                file, line, "ent_num", f"{kind} for ent_num {ent}, which has no primary row"
            )
