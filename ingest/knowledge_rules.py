"""The rules every knowledge pack keeps, the bundled knowledge base included (one validator).

A reader (ingest.kb, ingest.knowledge_csv) checks each entry against graph/model.py; these are the
rules across entries: every source is dated and can be found again (a URL, or a title and a
publisher); every fact cites sources that exist; ids are well-formed for their label and defined
once; every edge joins nodes that exist, in the pack or in the graph it joins. A problem is a
Rejection (file, line, field, reason).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.model import EDGE_TYPES
from graph.records import NodeRecord
from ingest.limits import clip, field_problem
from ingest.problems import Rejections

__all__ = ["ID_PREFIXES", "Known", "PackRecords", "PendingEdge", "Where", "check_pack"]

# The prefix each label's ids carry (graph/data/README.md, "Ids"); Source ids are the pack's own
# short codes (S1, LUMEN-1). Processes and name mentions come from inventories, status steps from
# an action's status_history: a pack does not define them directly.
ID_PREFIXES = {
    "Vendor": "vendor:",
    "Product": "product:",
    "Customer": "customer:",
    "Regulator": "regulator:",
    "Law": "law:",
    "EnforcementAction": "action:",
    "Jurisdiction": "jurisdiction:",
    "DataSource": "datasource:",
    "DataCategory": "datacategory:",
    "Designation": "designation:",
    "ListedEntity": "listed:",
}
Where = dict[str, tuple[str, int]]  # node id -> (file, line) it is defined at


@dataclass(frozen=True)
class PendingEdge:
    """An edge whose endpoints are known by id only, with where it was read."""

    type: str
    from_id: str
    to_id: str
    props: dict[str, Any]
    file: str
    line: int


_REST = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/+-]{0,199}")
_SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


@dataclass
class Known:
    """What the graph a pack joins already holds: each id's label and who defined it."""

    labels: dict[str, str] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)  # id -> "the bundled knowledge base", ...


@dataclass
class PackRecords:
    """One pack's records as read, with where each node starts (its files as the user named them)."""

    records: list[NodeRecord | PendingEdge]
    where: Where = field(default_factory=dict)

    @property
    def nodes(self) -> list[NodeRecord]:
        return [r for r in self.records if isinstance(r, NodeRecord)]


def _id_problem(rec: NodeRecord) -> str | None:
    if rec.label == "Source":
        if _SOURCE_ID.fullmatch(rec.id):
            return None
        return f"{clip(rec.id)} is not a source id: letters, digits, '.', '_' or '-'"
    if rec.label == "StatusEvent":
        return None
    prefix = ID_PREFIXES.get(rec.label)
    if prefix is None:
        return f"a knowledge pack cannot define {rec.label} nodes (they come from inventories)"
    if not rec.id.startswith(prefix) or not _REST.fullmatch(rec.id[len(prefix) :]):
        return (
            f"{clip(rec.id)} is not a {rec.label} id: write {prefix}<name> with letters, digits"
            " and . _ - : / + only, e.g. vendor:lumen-analytics"
        )
    return None


def _source_problem(rec: NodeRecord) -> tuple[str, str] | None:
    props = rec.props
    if not props.get("date"):
        return "date", f"source {rec.id!r} has no date: give its publication or document date"
    # A document reference: its title (or, without one, its name) and who published it.
    if not props.get("url") and not (
        (props.get("title") or props.get("name")) and props.get("publisher")
    ):
        return "url", (
            f"source {rec.id!r} cannot be found again: give its url, or a document reference"
            " (its title and publisher)"
        )
    return None


def check_pack(
    pack: PackRecords, known: Known, rejections: Rejections, *, replace: bool = False
) -> set[str]:
    """Add to `rejections` every rule `pack` breaks; return the ids it redefines (with `replace`).

    An id the graph already holds is refused, naming its owner, unless `replace` is given (and the
    label is the same)."""
    mine: dict[str, NodeRecord] = {}
    replaced: set[str] = set()
    for rec in pack.nodes:
        file, line = pack.where.get(rec.id, ("(pack)", 0))
        problem = _id_problem(rec)
        if problem:
            rejections.add(file, line, "id", problem)
            continue
        if rec.label == "Source" and (found := _source_problem(rec)):
            rejections.add(file, line, *found)
        mine[rec.id] = rec
        owner = known.owners.get(rec.id)
        if owner is None or rec.label == "StatusEvent":
            continue
        if known.labels.get(rec.id) != rec.label:
            label = known.labels.get(rec.id)
            rejections.add(file, line, "id", f"{rec.id!r} is already a {label} in {owner}")
        elif replace:
            replaced.add(rec.id)
        else:
            rejections.add(
                file,
                line,
                "id",
                f"{rec.id!r} is already defined by {owner}; use another id, or --replace to"
                " replace that record",
            )
    labels = {**known.labels, **{i: r.label for i, r in mine.items()}}
    for rec in mine.values():
        file, line = pack.where.get(rec.id, ("(pack)", 0))
        _check_text(rec.props, file, line, rejections)
        _check_cites(rec.props.get("sources"), rec.label, file, line, labels, rejections)
    for edge in (r for r in pack.records if isinstance(r, PendingEdge)):
        _check_text(edge.props, edge.file, edge.line, rejections)
        _check_edge(edge, labels, rejections)
    return replaced


def _check_text(props: Mapping[str, Any], file: str, line: int, rejections: Rejections) -> None:
    """Text a graph can hold and a page can show: no value over the field limit, no NUL."""
    for name, value in props.items():
        values = value if isinstance(value, list) else [value]
        for text in (v for v in values if isinstance(v, str)):
            problem = field_problem(text)
            if problem:
                rejections.add(file, line, name, problem)
                break


def _check_cites(
    cited: Iterable[str] | None,
    what: str,
    file: str,
    line: int,
    labels: Mapping[str, str],
    rejections: Rejections,
) -> None:
    if what == "Source":
        return  # a source is the citation
    if not cited:
        if what not in ("StatusEvent", "HAS_STATUS"):  # a status step is cited by its action
            rejections.add(file, line, "sources", f"every {what} cites at least one source")
        return
    for source_id in cited:
        if labels.get(source_id) != "Source":
            rejections.add(file, line, "sources", f"unknown source {source_id!r}")


def _check_edge(edge: PendingEdge, labels: Mapping[str, str], rejections: Rejections) -> None:
    _check_cites(edge.props.get("sources"), edge.type, edge.file, edge.line, labels, rejections)
    ends = []
    for name, node_id in (("from", edge.from_id), ("to", edge.to_id)):
        label = labels.get(node_id)
        if label is None:
            rejections.add(edge.file, edge.line, name, f"unknown node {node_id!r}")
            return
        ends.append(label)
    spec = EDGE_TYPES[edge.type]
    if tuple(ends) not in spec.ends:
        allowed = ", ".join(f"{a} to {b}" for a, b in spec.ends)
        rejections.add(
            edge.file,
            edge.line,
            "type",
            f"{edge.type} cannot join {ends[0]} to {ends[1]} ({allowed})",
        )
