"""What name resolution adds to an answer: the customer's names, those still open, and how each
link on an affected path was made (a resolved name, a screening identity, a customer's claim).

An answer is never silently incomplete: names that did not resolve, or wait for review, are listed
with the answer ("2 supplier names could not be resolved: ..."). A name a reviewer rejected is
settled: it is shown once as reviewed ("'Clearview Glazing Ltd': reviewed, not Clearview AI, Inc.
(rejected by a.dpo on 2025-03-01)") and never as a name that could change the answer.

Example:
    >>> notes = customer_names(store, "customer:cust-eval-university")  # doctest: +SKIP
    >>> open_names(notes)  # doctest: +SKIP
    ["'Blackboard Inc' (not in the knowledge base)", "'Hikvision Digital Cloud' (awaits review: ...)"]
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Any

import networkx as nx

from graph import queries
from graph.resolution.matching import SCREENING_THRESHOLD
from graph.results import NameNote
from graph.store.protocol import Store

__all__ = [
    "SUPPLIER_FIELDS",
    "customer_names",
    "link_evidence",
    "open_names",
    "reviewed_names",
    "same_organisation",
    "unresolved_caveat",
]

# Columns whose unresolved name leaves a supplier unknown (a new product in the `product` column is
# offered by the row's vendor, which is reported itself).
SUPPLIER_FIELDS = frozenset({"vendor", "subprocessors", "built_on"})
_VERBS = {
    "BUILT_ON": "is built on",
    "SUBPROCESSOR": "uses as subprocessor",
    "OFFERED_BY": "is offered by",
}


def customer_names(store: Store, customer_id: str) -> list[NameNote]:
    """The customer's names that were not an exact match, as the build resolved them."""
    out = []
    for row in store.read(queries.CUSTOMER_MENTIONS, {"customer": customer_id}):
        m = row["m"]
        if m.get("status") in ("exact", "fictional"):
            continue
        out.append(
            NameNote(
                name=m["name"],
                field=m.get("field") or "",
                status=m["status"],
                target=m.get("target"),
                candidate=m.get("candidate"),
                score=m.get("score"),
                evidence=m.get("evidence") or "",
            )
        )
    return out


def _is_open(note: NameNote) -> bool:
    return note.status == "pending" or (note.status == "new" and note.field in SUPPLIER_FIELDS)


def open_names(notes: Iterable[NameNote]) -> list[str]:
    """Names that could change the answer: awaiting review, or not in the knowledge base. A name
    a reviewer rejected is settled, not open (`reviewed_names`)."""
    out: dict[str, str] = {}
    for note in notes:
        if not _is_open(note):
            continue
        why = (
            f"awaits review: {note.evidence.split(': ', 1)[-1]}"
            if note.status == "pending"
            else "not in the knowledge base"
        )
        out.setdefault(note.name, f"'{note.name}' ({why})")
    return list(out.values())


def reviewed_names(notes: Iterable[NameNote]) -> list[str]:
    """Names a reviewer rejected, once each, in the words the answer shows them:
    "'Clearview Glazing Ltd': reviewed, not Clearview AI, Inc. (rejected by a.dpo on 2025-03-01)"."""
    out: dict[str, str] = {}
    for note in notes:
        if note.status == "rejected":
            out.setdefault(note.name, note.evidence)
    return list(out.values())


def unresolved_caveat(unresolved: list[str]) -> str | None:
    """The sentence an answer carries when some names are open."""
    if not unresolved:
        return None
    noun = "supplier name" if len(unresolved) == 1 else "supplier names"
    verb = "was" if len(unresolved) == 1 else "were"
    return (
        f"{len(unresolved)} {noun} {verb} not resolved to the knowledge base and could change "
        f"the answer: {'; '.join(unresolved)}. Review them with `vendorgraph resolve list`."
    )


def _counts(match: dict[str, Any], threshold: float) -> bool:
    review = match.get("review") or "unreviewed"
    if review == "rejected":
        return False
    return review in ("confirmed", "curated") or (match.get("score") or 0.0) >= threshold


# Shared by every customer of a portfolio run; keyed by graph version so a rebuild invalidates it.
_SAME_CACHE: dict[tuple[int, str, str, float], dict[str, str]] = {}


def same_organisation(
    store: Store, vendor_id: str, threshold: float = SCREENING_THRESHOLD
) -> dict[str, str]:
    """Vendors that are `vendor_id` for exposure because screening matched both to one listed
    entity (each match confirmed, curated, or at or above the threshold), with the evidence."""
    key = (id(store), store.version(), vendor_id, threshold)
    if key not in _SAME_CACHE:
        if len(_SAME_CACHE) >= 64:
            _SAME_CACHE.pop(next(iter(_SAME_CACHE)))
        _SAME_CACHE[key] = _same_organisation(store, vendor_id, threshold)
    return dict(_SAME_CACHE[key])


def _same_organisation(store: Store, vendor_id: str, threshold: float) -> dict[str, str]:
    out: dict[str, str] = {}
    for row in store.read(queries.SAME_LISTED_ENTITY, {"vendor": vendor_id}):
        if not (_counts(row["mine"], threshold) and _counts(row["theirs"], threshold)):
            continue
        entity = row["entity"]
        out.setdefault(
            row["vendor"],
            f"'{row['name']}' is treated as the same organisation: screening matched it to "
            f"{entity.get('list')} entry '{entity.get('name')}' (score "
            f"{float(row['theirs'].get('score') or 0):.2f}), which this vendor also matches",
        )
    return out


def link_evidence(
    graph: nx.DiGraph[str],
    path: list[str],
    customer: dict[str, Any],
    notes: list[NameNote],
    identities: dict[str, str],
) -> list[str]:
    """How each step of an affected path was made, in words."""
    out = [n.evidence for n in notes if n.status in ("auto", "confirmed") and n.target in path]
    for node in path:
        if node in identities:
            out.append(identities[node])
    for a, b in pairwise(path):
        data = graph.edges[a, b]
        stated = (data.get("props") or {}).get("asserted_by")
        if not stated or data.get("rel") not in _VERBS:
            continue
        whose = (
            f"Inventory of {customer.get('name')}"
            if customer.get("id") in stated
            else ", ".join(stated)
        )
        names = (graph.nodes[a].get("name", a), graph.nodes[b].get("name", b))
        out.append(f"'{names[0]}' {_VERBS[data['rel']]} '{names[1]}': stated in {whose}")
    return list(dict.fromkeys(out))
