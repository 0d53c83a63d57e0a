"""Reader for OpenSanctions FollowTheMoney entities (`entities.ftm.json`, one JSON object a line).

Sanctions, ownerships and addresses are entities of their own that point at the sanctioned
company or person by id, so the file is read twice: a first pass keeps only those small linking
entities and every entity's caption, the second yields one `ListEntry` per target (an entity
marked `target` or named by a Sanction) with its programmes, listing date, addresses and the
ownership links to other entities in the file (the FtM `Ownership` schema: owner, asset, share).

Example:
    >>> entries = list(read_ftm(Path("zala.entities.ftm.json")))  # doctest: +SKIP
    >>> entries[0].list
    'opensanctions'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from ingest.limits import MAX_FIELD_CHARS
from ingest.listing import (
    Address,
    Identifier,
    ListEntry,
    OwnershipLink,
    ReaderError,
    Rejections,
    Schema,
    open_text_lines,
)

__all__ = ["LISTED_SCHEMAS", "FtmEntity", "read_ftm"]

_SCHEMAS: dict[str, Schema] = {
    "Person": "person",
    "Vessel": "vessel",
    "Airplane": "aircraft",
    "Company": "entity",
    "Organization": "entity",
    "LegalEntity": "entity",
    "PublicBody": "entity",
}
# The schemas a list entry is read from (the rest are links between them, or ignored).
LISTED_SCHEMAS = frozenset(_SCHEMAS)
_ID_PROPS = (
    "registrationNumber",
    "taxNumber",
    "innCode",
    "ogrnCode",
    "leiCode",
    "imoNumber",
    "swiftBic",
    "idNumber",
    "passportNumber",
    "isinCode",
    "uscCode",
    "okpoCode",
    "vatCode",
    "dunsCode",
)
_NAME_PROPS = ("alias", "previousName", "abbreviation")


@dataclass
class _Links:
    captions: dict[str, str] = field(default_factory=dict)
    addresses: dict[str, Address] = field(default_factory=dict)
    sanctions: dict[str, list[dict[str, list[str]]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    owned_by: dict[str, list[OwnershipLink]] = field(default_factory=lambda: defaultdict(list))
    owns: dict[str, list[OwnershipLink]] = field(default_factory=lambda: defaultdict(list))


def _text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    return value


_Text = Annotated[str, Field(max_length=MAX_FIELD_CHARS), AfterValidator(_text)]


class FtmEntity(BaseModel):
    """The part of a FollowTheMoney entity line the reader uses, with the types FtM promises.

    Strict: an id that is a list, a schema that is an object, a property that is a scalar where
    FtM always writes a list, or a number where it writes a string (a percentage as `25`) is a
    rejection of that line, never coerced. Keys the reader does not use are ignored.
    """

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)
    id: _Text = Field(min_length=1, max_length=1_000)
    schema_: str = Field(alias="schema", min_length=1, max_length=100)
    caption: _Text | None = None
    target: bool | None = None
    last_seen: str | None = Field(default=None, max_length=64)
    properties: dict[str, list[_Text]] = Field(default_factory=dict)


def _objects(path: Path, rejected: Rejections | None) -> Iterator[tuple[int, FtmEntity]]:
    first = True
    for line, text in open_text_lines(path):
        if not text.strip():
            continue
        try:
            entity = FtmEntity.model_validate_json(text)
        except ValidationError as err:
            invalid = next((e for e in err.errors() if e["type"] == "json_invalid"), None)
            if invalid is not None and first:
                raise ReaderError(
                    path, line, f"not JSON lines (FollowTheMoney entities): {invalid['msg']}"
                ) from None
            first = first and invalid is not None
            if rejected is not None:
                if invalid is not None:
                    rejected.add(path, line, "(line)", invalid["msg"])
                else:
                    rejected.add_validation(path, line, err)
            continue
        first = False
        yield line, entity


def _share(props: dict[str, list[str]]) -> float | None:
    for raw in props.get("percentage", []):
        try:
            value = float(raw.strip().rstrip("%"))
        except ValueError:
            continue
        return value / 100.0 if 0.0 <= value <= 100.0 else None
    return None


def _first_pass(path: Path) -> _Links:
    links = _Links()
    for _, obj in _objects(path, None):
        props = obj.properties
        schema = obj.schema_
        links.captions[obj.id] = obj.caption or (props.get("name") or [obj.id])[0]
        if schema == "Address":
            links.addresses[obj.id] = Address(
                text=(props.get("full") or [obj.caption or ""])[0],
                country=next(iter(props.get("country", [])), None),
            )
        elif schema == "Sanction":
            for target in props.get("entity", []):
                links.sanctions[target].append(props)
        elif schema == "Ownership":
            role = next(iter(props.get("role", [])), None)
            share = _share(props)
            for owner in props.get("owner", []):
                for asset in props.get("asset", []):
                    links.owned_by[asset].append(
                        OwnershipLink(relation="owned_by", target_id=owner, share=share, role=role)
                    )
                    links.owns[owner].append(
                        OwnershipLink(relation="owns", target_id=asset, share=share, role=role)
                    )
    return links


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None  # FtM allows partial dates ("2022", "2022-03"): too vague for a listing date


def read_ftm(path: Path, rejected: Rejections | None = None) -> Iterator[ListEntry]:
    """Yield the sanctioned people, companies, vessels and aircraft of an FtM entities file."""
    rejected = rejected if rejected is not None else Rejections()
    links = _first_pass(path)
    seen = False
    for line, obj in _objects(path, rejected):
        seen = True
        schema = _SCHEMAS.get(obj.schema_)
        sanctions = links.sanctions.get(obj.id, [])
        if schema is None or not (obj.target or sanctions):
            continue
        props = obj.properties
        names = [n.strip() for n in props.get("name", []) if n.strip()]
        name = (obj.caption or "").strip() or (names[0] if names else "")
        if not name:
            rejected.add(path, line, "name", "entity without a name")
            continue
        aliases = names + [a.strip() for p in _NAME_PROPS for a in props.get(p, []) if a.strip()]
        addresses = [Address(text=a) for a in props.get("address", [])]
        addresses += [
            links.addresses[a] for a in props.get("addressEntity", []) if a in links.addresses
        ]
        countries = [
            c
            for p in ("country", "jurisdiction", "nationality", "citizenship", "mainCountry")
            for c in props.get(p, [])
        ]
        starts = [
            d
            for s in sanctions
            for d in (_day(v) for v in s.get("startDate", []) + s.get("listingDate", []))
            if d
        ]
        relations = [
            link.model_copy(update={"target_name": links.captions.get(link.target_id or "")})
            for link in links.owned_by.get(obj.id, []) + links.owns.get(obj.id, [])
        ]
        try:
            entry = ListEntry(
                list="opensanctions",
                entity_id=obj.id,
                schema=schema,
                name=name,
                aliases=tuple(a for a in dict.fromkeys(aliases) if a != name),
                identifiers=tuple(
                    Identifier(scheme=p, value=v) for p in _ID_PROPS for v in props.get(p, [])
                ),
                addresses=tuple(addresses),
                countries=tuple(dict.fromkeys(c.lower() for c in countries if len(c) == 2)),
                programs=tuple(
                    dict.fromkeys(
                        p for s in sanctions for p in s.get("programId", []) or s.get("program", [])
                    )
                ),
                measures=tuple(
                    dict.fromkeys(m for s in sanctions for m in s.get("provisions", []))
                ),
                listed_on=min(starts) if starts else None,
                list_as_of=_day(obj.last_seen or ""),
                links=tuple(relations),
                remarks="; ".join(props.get("notes", [])) or None,
                source_file=str(path),
                source_line=line,
            )
        except ValidationError as err:
            rejected.add_validation(path, line, err)
            continue
        yield entry
    if not seen:
        raise ReaderError(path, None, "empty file: no FollowTheMoney entities")
