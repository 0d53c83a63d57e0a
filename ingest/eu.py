"""Reader for the EU Financial Sanctions Files (FSF), XML 1.1.

Root `export` (namespace `http://eu.europa.ec/fpi/fsd/export`, `generationDate`) holds one
`sanctionEntity` per listed subject, with its data in attributes of children: `regulation`
(`programme`), `subjectType` (`code` person / enterprise), `nameAlias` (`wholeName`), `citizenship`,
`address`, `identification`. The list's id is `euReferenceNumber` (e.g. `EU.27.28`), falling back
to `logicalId`.

Example:
    >>> entries = list(read_eu(Path("eu-fsf.xml")))  # doctest: +SKIP
    >>> entries[0].list
    'eu'
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
    Schema,
)
from ingest.xml_records import XmlRecords, rooted_records

__all__ = ["read_eu"]

_SCHEMAS: dict[str, Schema] = {"person": "person", "enterprise": "entity"}


def _day(text: str) -> date | None:
    text = text.strip()[:10]
    return date.fromisoformat(text) if text else None


def _code(attrs: dict[str, str]) -> str | None:
    iso = attrs.get("countryIso2Code", "").strip().lower()
    if len(iso) == 2 and iso != "00":
        return iso
    return country_code(attrs.get("countryDescription"))


def _entry(record: ET.Element, line: int, file: Path, as_of: date | None) -> ListEntry:
    a = record.attrib
    entity_id = a.get("euReferenceNumber", "").strip() or a.get("logicalId", "").strip()
    if not entity_id:
        raise ValueError("no euReferenceNumber or logicalId")
    subject = record.find("subjectType")
    kind = subject.get("code", "") if subject is not None else ""
    schema = _SCHEMAS.get(kind.lower())
    if schema is None:
        raise ValueError(f"subjectType code {kind!r} is not person or enterprise")
    names = [" ".join(n.get("wholeName", "").split()) for n in record.iterfind("nameAlias")]
    names = [n for n in names if n]
    if not names:
        raise ValueError("no nameAlias with a wholeName")
    addresses = []
    for node in record.iterfind("address"):
        parts = [
            node.get(k, "").strip()
            for k in ("street", "poBox", "city", "zipCode", "region", "place", "countryDescription")
        ]
        if any(parts):
            addresses.append(
                Address(text=", ".join(p for p in parts if p), country=_code(node.attrib))
            )
    countries = [a.country for a in addresses if a.country]
    countries += [c for c in (_code(n.attrib) for n in record.iterfind("citizenship")) if c]
    identifiers = [
        Identifier(
            scheme=n.get("identificationTypeDescription")
            or n.get("identificationTypeCode")
            or "identification",
            value=n.get("number", "").strip(),
            country=_code(n.attrib),
        )
        for n in record.iterfind("identification")
        if n.get("number", "").strip()
    ]
    if a.get("unitedNationId", "").strip():
        identifiers.append(
            Identifier(scheme="UN Reference Number", value=a["unitedNationId"].strip())
        )
    programmes = [r.get("programme", "").strip() for r in record.iterfind("regulation")]
    dates = [d for d in (_day(a.get("designationDate", "")),) if d]
    dates += [
        d
        for d in (_day(r.get("entryIntoForceDate", "")) for r in record.iterfind("regulation"))
        if d
    ]
    remark = record.find("remark")
    return ListEntry(
        list="eu",
        entity_id=entity_id,
        schema=schema,
        name=names[0],
        aliases=tuple(n for n in dict.fromkeys(names) if n != names[0]),
        identifiers=tuple(identifiers),
        addresses=tuple(addresses),
        countries=tuple(dict.fromkeys(countries)),
        programs=tuple(dict.fromkeys(p for p in programmes if p)),
        listed_on=min(dates) if dates else None,
        list_as_of=as_of,
        remarks=(remark.text or "").strip() or None if remark is not None else None,
        source_file=str(file),
        source_line=line,
    )


def read_eu(path: Path, rejected: Rejections | None = None) -> Iterator[ListEntry]:
    """Yield the sanctioned persons and enterprises of an EU FSF XML 1.1 file."""
    rejected = rejected if rejected is not None else Rejections()
    stream = XmlRecords(path, frozenset({"sanctionEntity"}))
    for line, record, as_of in rooted_records(stream, "export", "generationDate", _day, rejected):
        try:
            yield _entry(record, line, path, as_of)
        except ValidationError as err:
            rejected.add_validation(path, line, err)
        except ValueError as err:
            rejected.add(path, line, "sanctionEntity", str(err).splitlines()[0])
