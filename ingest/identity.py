"""Which inventory owns each customer: one source per customer id, replaced only when asked.

Two inventories that hold the same customer id used to merge silently, the later one renaming the
customer and replacing its processes. Now a customer id met in a second inventory stops the build
with a message naming the source that owns it, unless the later inventory was registered with
`--replace` for that customer. Replacement is by whole inventory: the earlier inventory is left out
of the build only if every customer in it is replaced (leaving out half a file would keep vendor
facts that cite a customer who is gone), otherwise the build stops and says so.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.problems import UserError

__all__ = ["ANY", "IdentityClash", "Ownership", "resolve_owners"]

# `--replace` on a new inventory: it may take over any customer it holds.
ANY: frozenset[str] = frozenset({"*"})


class IdentityClash(UserError):
    """A customer id comes from two sources and the later one was not allowed to replace it."""


@dataclass
class Ownership:
    """The outcome: inventories left out, and the customers each kept inventory took over."""

    excluded: set[Path] = field(default_factory=set)
    taken_over: dict[Path, set[str]] = field(default_factory=dict)
    customers: dict[Path, set[str]] = field(default_factory=dict)


def _short(customer: str) -> str:
    return customer.removeprefix("customer:")


def resolve_owners(
    files: Sequence[tuple[Path, set[str]]],
    labels: Mapping[Path, str],
    takes_over: Mapping[Path, Collection[str]],
    fixed: tuple[Path, set[str]] | None = None,
) -> Ownership:
    """Decide ownership over inventories in build order; raise IdentityClash on a refused clash.

    `fixed` is the knowledge base's customers: no inventory may take one over, as the knowledge
    base cannot be left out of a build.
    """
    result = Ownership(customers={path: set(customers) for path, customers in files})

    def label(path: Path) -> str:
        return labels.get(path, str(path))

    owner: dict[str, Path] = {}
    kb_path, kb_customers = fixed or (Path(), set())
    for path, customers in files:
        clash = sorted(customers & kb_customers)
        if clash:
            raise IdentityClash(
                f"customer {_short(clash[0])!r} in {label(path)} is defined by {label(kb_path)}, "
                "which cannot be replaced; use another customer_id"
            )
    superseded: dict[Path, set[str]] = {}
    taker: dict[Path, Path] = {}
    for path, customers in files:
        allowed = takes_over.get(path, ())
        for customer in sorted(customers):
            previous = owner.get(customer)
            if previous is not None and previous != path:
                if allowed != ANY and customer not in allowed:
                    raise IdentityClash(
                        f"customer {_short(customer)!r} in {label(path)} already comes from "
                        f"{label(previous)}; pass --replace to replace it"
                    )
                superseded.setdefault(previous, set()).add(customer)
                result.taken_over.setdefault(path, set()).add(customer)
                taker[previous] = path
            owner[customer] = path
    for old, gone in superseded.items():
        rest = result.customers[old] - gone
        if rest:
            raise IdentityClash(
                f"{label(taker[old])} replaces customer {_short(sorted(gone)[0])!r} but "
                f"{label(old)} also holds {', '.join(_short(c) for c in sorted(rest))}; "
                "include them in the new inventory, or unregister the old one first"
            )
        result.excluded.add(old)
    return result
