"""The review queue of name resolution, read from the graph, and recording a reviewer's verdict.

A name waits for review when the screening engine found a knowledge-base node close to it but not
close enough to link automatically; a name kept as new has no candidate. One entry per written name
and kind, with every customer whose inventory writes it: one decision clears it for all of them.
The verdict is kept in the home directory (graph.resolution.decisions); the caller rebuilds the
graph so that answers use it.

Example:
    >>> [e.name for e in review_queue(store)]  # doctest: +SKIP
    ['Hikvision Digital Cloud']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph import queries
from graph.errors import UserError
from graph.resolution.answers import SUPPLIER_FIELDS
from graph.resolution.decisions import NameDecision, ResolutionReviews
from graph.store.protocol import Store

__all__ = ["QueueEntry", "decide", "review_queue"]

_OPEN = ("pending", "new")
_KINDS = ("vendor", "product")


@dataclass
class QueueEntry:
    """A written name, what it resolved to (or may be), and who writes it."""

    name: str
    kind: str
    status: str
    target: str | None
    candidate: str | None
    score: float | None
    evidence: str
    customers: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)


def review_queue(
    store: Store, *, everything: bool = False, customer: str | None = None
) -> list[QueueEntry]:
    """Names awaiting review, then names kept as new; with `everything`, linked names too
    (except exact matches and names declared fictional)."""
    entries: dict[tuple[str, str], QueueEntry] = {}
    for row in store.read(queries.ALL_MENTIONS):
        m = row["m"]
        status = m.get("status")
        if status in ("exact", "fictional") or (status not in _OPEN and not everything):
            continue
        if customer and m.get("customer_id") != customer:
            continue
        if status == "new" and m.get("field") not in SUPPLIER_FIELDS and not everything:
            continue  # a new product is offered by its row's vendor, which is listed itself
        key = (str(m.get("kind") or ""), str(m["name"]))
        entry = entries.setdefault(
            key,
            QueueEntry(
                name=m["name"],
                kind=key[0],
                status=status,
                target=m.get("target"),
                candidate=m.get("candidate"),
                score=m.get("score"),
                evidence=m.get("evidence") or "",
            ),
        )
        if m["customer_id"] not in entry.customers:
            entry.customers.append(m["customer_id"])
        if m.get("field") and m["field"] not in entry.fields:
            entry.fields.append(m["field"])
    order = {"pending": 0, "new": 1}
    return sorted(
        entries.values(), key=lambda e: (order.get(e.status, 2), e.name.casefold(), e.kind)
    )


def decide(
    store: Store,
    home: Path,
    name: str,
    verdict: str,
    *,
    target: str | None = None,
    kind: str | None = None,
    reviewer: str,
    reason: str,
) -> NameDecision:
    """Record that `name` is (confirmed) or is not (rejected) the node `target`; without a target,
    the candidate the queue proposes for it.

    `target` is a node id ("vendor:hikvision", "product:hikvision-cctv") or a bare one
    ("hikvision") when only one node has it. A name from any column may be a vendor; a name from
    the product or built_on column may also be a product, and a vendor there means "a product of
    that vendor". The decision is kept by what it takes the name to be (the target's kind), so a
    vendor verdict holds wherever the name is written. `kind` picks which writings of the name the
    default candidate comes from when it is written in a vendor and a product column."""
    matching = [
        e
        for e in review_queue(store, everything=True)
        if e.name.casefold() == name.strip().casefold()
    ]
    if kind is not None and kind not in _KINDS:
        raise UserError(f"--kind must be 'vendor' or 'product', not {kind!r}")
    if kind:
        matching = [e for e in matching if e.kind == kind]
    if not matching and not (target and kind):
        raise UserError(
            f"no inventory name {name!r} to review; `vendorgraph resolve list --all` lists them"
        )
    if target is None:
        proposed = {e.candidate or e.target for e in matching} - {None}
        if len(proposed) != 1:
            raise UserError(f"{name!r} has no single candidate: give the node id with --to")
        target = str(proposed.pop())
    target = _node(store, target.strip())
    taken_as = "vendor" if target.startswith("vendor:") else "product"
    written = {e.kind for e in matching} or {str(kind)}
    if taken_as == "product" and "product" not in written:
        raise UserError(
            f"{name!r} is written as a vendor, so it can be confirmed or rejected only as a "
            f"vendor, not as the product {target!r}"
        )
    return ResolutionReviews(home).decide(taken_as, name.strip(), target, verdict, reviewer, reason)


def _node(store: Store, target: str) -> str:
    """The vendor or product node `target` names: its id, or a bare id only one node has."""
    kinds = [k for k in _KINDS if target.startswith(f"{k}:")]
    ids = [target] if kinds else [f"{k}:{target}" for k in _KINDS]
    rows = store.read(queries.NODE_BY_ID, {"ids": ids})
    found = {str(r["n"]["id"]) for r in rows if r["n"].get("_label") in ("Vendor", "Product")}
    if not found:
        what = "a vendor or a product" if not kinds else f"a {kinds[0]}"
        raise UserError(f"{target!r} is not {what} in the graph; give vendor:ID or product:ID")
    if len(found) > 1:
        raise UserError(
            f"{target!r} is both {' and '.join(sorted(found))}: give vendor:ID or product:ID"
        )
    return found.pop()
