"""Reader for the UN Security Council consolidated list (XML).

Root `CONSOLIDATED_LIST` (`dateGenerated`) holds `INDIVIDUALS/INDIVIDUAL` and `ENTITIES/ENTITY`.
The list's public id is `REFERENCE_NUMBER` (e.g. `QDi.420`, `CDe.001`). Quirks handled: empty
placeholder elements (`<ALIAS_NAME/>`), names padded with spaces, several names in one entity
name cell separated by ` ; `, dates with a time part.

Example:
    >>> entries = list(read_un(Path("UN_consolidated.xml")))  # doctest: +SKIP
    >>> entries[0].entity_id, entries[0].programs
    ('CDi.001', ('DRC',))
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from graph.screening.countries import country_code
from ingest.listing import (
    Address,
    Identifier,
    ListEntry,
    Rejections,
)
from ingest.xml_records import XmlRecords, child_text, rooted_records

__all__ = ["read_un"]

_ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")


def _iso_day(text: str) -> date | None:
    text = text.strip()[:10]
    return date.fromisoformat(text) if text else None


def _texts(element: ET.Element, path: str) -> list[str]:
    return [
        " ".join((e.text or "").split()) for e in element.iterfind(path) if (e.text or "").strip()
    ]


def _entry(record: ET.Element, line: int, file: Path, as_of: date | None) -> ListEntry:
    person = record.tag == "INDIVIDUAL"
    prefix = "INDIVIDUAL" if person else "ENTITY"
    parts = [
        " ".join(child_text(record, t).split())
        for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
    ]
    # An entity cell may carry several names: "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES ..."
    names = [n.strip() for n in " ".join(p for p in parts if p).split(" ; ") if n.strip()]
    if not names:
        raise ValueError("no name")
    aliases = (
        names[1:]
        + _texts(record, f"{prefix}_ALIAS/ALIAS_NAME")
        + _texts(record, "NAME_ORIGINAL_SCRIPT")
    )
    addresses = []
    countries = []
    for node in record.iterfind(f"{prefix}_ADDRESS"):
        bits = [" ".join(child_text(node, t).split()) for t in _ADDRESS_PARTS]
        if any(bits):
            code = country_code(child_text(node, "COUNTRY"))
            addresses.append(Address(text=", ".join(b for b in bits if b), country=code))
            if code:
                countries.append(code)
    countries += [c for c in (country_code(t) for t in _texts(record, "NATIONALITY/VALUE")) if c]
    identifiers = []
    for doc in record.iterfind("INDIVIDUAL_DOCUMENT"):
        number = child_text(doc, "NUMBER")
        if number:
            issuer = child_text(doc, "ISSUING_COUNTRY") or child_text(doc, "COUNTRY_OF_ISSUE")
            identifiers.append(
                Identifier(
                    scheme=child_text(doc, "TYPE_OF_DOCUMENT") or "document",
                    value=number,
                    country=country_code(issuer),
                )
            )
    reference = child_text(record, "REFERENCE_NUMBER") or child_text(record, "DATAID")
    if not reference:
        raise ValueError("no REFERENCE_NUMBER or DATAID")
    return ListEntry(
        list="un",
        entity_id=reference,
        schema="person" if person else "entity",
        name=names[0],
        aliases=tuple(a for a in dict.fromkeys(aliases) if a != names[0]),
        identifiers=tuple(identifiers),
        addresses=tuple(addresses),
        countries=tuple(dict.fromkeys(countries)),
        programs=tuple(_texts(record, "UN_LIST_TYPE")),
        listed_on=_iso_day(child_text(record, "LISTED_ON")),
        list_as_of=as_of,
        remarks=child_text(record, "COMMENTS1") or None,
        source_file=str(file),
        source_line=line,
    )


def read_un(path: Path, rejected: Rejections | None = None) -> Iterator[ListEntry]:
    """Yield the individuals and entities of a UN consolidated list XML file."""
    rejected = rejected if rejected is not None else Rejections()
    stream = XmlRecords(path, frozenset({"INDIVIDUAL", "ENTITY"}))
    for line, record, as_of in rooted_records(
        stream, "CONSOLIDATED_LIST", "dateGenerated", _iso_day, rejected
    ):
        try:
            yield _entry(record, line, path, as_of)
        except ValidationError as err:
            rejected.add_validation(path, line, err)
        except ValueError as err:
            rejected.add(path, line, record.tag, str(err).splitlines()[0])
