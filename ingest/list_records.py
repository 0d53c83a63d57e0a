"""Sanctions-list entries as graph records: Designation, ListedEntity, DESIGNATES and OWNED_BY.

One `ListEntry` becomes one ListedEntity (id `listed:<list>:<entity_id>`, the list's own id kept
in `entity_id`) and one Designation (`designation:<list>:<entity_id>`) that DESIGNATES it. An
ownership link the list states with the other party's id on the same list becomes an OWNED_BY
edge between the two listed entities; links given only by name stay in the entry (the graph
cannot point at a name).

Example:
    >>> from ingest.lists import read_list
    >>> records = list(list_records(read_list("ofac:graph/data/lists/ofac-ns-cmic")))  # doctest: +SKIP
    >>> sorted({r.label for r in records if isinstance(r, NodeRecord)})  # doctest: +SKIP
    ['Designation', 'ListedEntity']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from graph import listing, vocabulary
from graph.records import NodeRecord
from graph.settings import BUNDLED_DATA
from ingest.kb import PendingEdge
from ingest.listing import ListEntry
from ingest.problems import Rejections

__all__ = ["designation_id", "list_records", "listed_entity_id"]


def listed_entity_id(list_code: str, entity_id: str) -> str:
    """The graph id of a listed entity."""
    return f"listed:{list_code}:{entity_id}"


def designation_id(list_code: str, entity_id: str) -> str:
    """The graph id of the designation listing an entity."""
    return f"designation:{list_code}:{entity_id}"


def _where(file: Path) -> str:
    # Bundled extracts are named relative to the project, so the graph does not depend on where
    # the checkout lives; a user's own extract keeps its absolute path.
    try:
        return str(file.resolve().relative_to(BUNDLED_DATA.parent))
    except ValueError:
        return str(file)


def list_source(entry: ListEntry) -> NodeRecord:
    """The Source node for the list extract an entry was read from: every listing cites it."""
    file = Path(entry.source_file)
    as_of = entry.list_as_of.isoformat() if entry.list_as_of else None
    return NodeRecord.of(
        "Source",
        id=f"source:list:{entry.list}:{file.parent.name}/{file.name}",
        name=f"{vocabulary.list_name(entry.list)}: extract {file.name}",
        title=f"{vocabulary.list_name(entry.list)}, extract {file.parent.name}/{file.name}"
        + (f" as of {as_of}" if as_of else ""),
        publisher=listing.authority(entry.list).name,
        url=_where(file),
        date=as_of,
    )


def _nodes(entry: ListEntry, source_id: str) -> tuple[NodeRecord, NodeRecord]:
    listed = NodeRecord.of(
        "ListedEntity",
        id=listed_entity_id(entry.list, entry.entity_id),
        name=entry.name,
        list=entry.list,
        entity_id=entry.entity_id,
        entity_type=entry.schema_,
        aliases=list(entry.aliases),
        identifiers=[f"{i.scheme}:{i.value}" for i in entry.identifiers],
        countries=list(entry.countries),
        addresses=[a.text for a in entry.addresses],
        note=f"{entry.source_file}:{entry.source_line}",
        sources=[source_id],
    )
    designation = NodeRecord.of(
        "Designation",
        id=designation_id(entry.list, entry.entity_id),
        name=f"{entry.list}: {entry.name}",
        list=entry.list,
        authority=listing.authority(entry.list).name,
        program="; ".join(entry.programs) or None,
        listed_on=entry.listed_on.isoformat() if entry.listed_on else None,
        list_as_of=entry.list_as_of.isoformat() if entry.list_as_of else None,
        measures=list(entry.measures),
        remarks=entry.remarks,
        sources=[source_id],
    )
    return listed, designation


def list_records(
    entries: Iterable[ListEntry], rejected: Rejections | None = None
) -> Iterator[NodeRecord | PendingEdge]:
    """Graph records for list entries; an entry the model refuses becomes a rejection."""
    rejected = rejected if rejected is not None else Rejections()
    seen: set[str] = set()
    sources: set[str] = set()
    ownership: list[PendingEdge] = []
    for entry in entries:
        source = list_source(entry)
        if source.id not in sources:
            sources.add(source.id)
            yield source
        try:
            listed, designation = _nodes(entry, source.id)
        except ValidationError as err:
            rejected.add_validation(entry.source_file, entry.source_line, err)
            continue
        seen.add(listed.id)
        yield listed
        yield designation
        where = (entry.source_file, entry.source_line)
        cited = {"sources": [source.id]}
        yield PendingEdge("DESIGNATES", designation.id, listed.id, cited, *where)
        for link in entry.links:
            if link.target_id is None or link.relation == "linked_to":
                continue
            other = listed_entity_id(entry.list, link.target_id)
            child, parent = (
                (listed.id, other) if link.relation == "owned_by" else (other, listed.id)
            )
            props = {"share": link.share, "note": link.role, "sources": [source.id]}
            ownership.append(PendingEdge("OWNED_BY", child, parent, props, *where))
    # Only links between entities the lists themselves carry: an owner that is not listed (a
    # non-target in an FtM file) has no node to point at.
    for edge in ownership:
        if edge.from_id in seen and edge.to_id in seen:
            yield edge
