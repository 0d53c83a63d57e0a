"""Designations propagated along ownership, with the ownership path as evidence.

OFAC's 50 Percent Rule blocks an entity owned 50% or more, directly or indirectly, in aggregate,
by blocked persons; UK and EU asset freezes reach entities owned (more than 50%) or controlled by a
designated person. So a designation reaches every entity down a chain of qualifying links: a
share of at least half, or control. Where several designated owners each hold less, OFAC adds
their shares up; that is applied too (the path then names each owner).

The NS-CMIC list is an exception: OFAC states the 50 Percent Rule does not apply to it (its
prohibitions are on trading listed securities), so `applies_to` says which designations carry.

Example:
    >>> links = [OwnershipEdge("sub", "parent", 0.6, False, "registry")]
    >>> [p.path for p in propagate({"parent": ["ofac-sdn:123"]}, links)]
    [('parent', 'sub')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["MAJORITY", "OwnershipEdge", "Propagated", "applies_to", "propagate"]

MAJORITY = 0.5
# Programmes whose designations do not pass to owned entities (OFAC: the 50 Percent Rule does
# not apply to the NS-CMIC list).
_NO_OWNERSHIP_RULE = frozenset({"CMIC-EO13959", "CMIC-EO14032", "NS-CMIC"})


@dataclass(frozen=True)
class OwnershipEdge:
    """`child` is owned (share 0..1) or controlled by `parent`, as `source` says."""

    child: str
    parent: str
    share: float | None
    control: bool
    source: str = ""

    @property
    def qualifies(self) -> bool:
        return self.control or (self.share is not None and self.share >= MAJORITY)


@dataclass(frozen=True)
class Propagated:
    """A designation reaching `entity` through ownership: the path runs designated -> entity."""

    entity: str
    designation: str
    path: tuple[str, ...]
    edges: tuple[OwnershipEdge, ...]
    aggregated: bool = False

    def explain(self) -> str:
        hops = []
        for edge in self.edges:
            how = (
                "controlled"
                if edge.control
                else f"{edge.share:.0%} owned"
                if edge.share is not None
                else "owned"
            )
            hops.append(
                f"{edge.child} is {how} by {edge.parent}"
                + (f" ({edge.source})" if edge.source else "")
            )
        rule = (
            "aggregate of designated owners >= 50%"
            if self.aggregated
            else "ownership >= 50% or control"
        )
        return f"{self.designation} reaches {self.entity}: " + "; ".join(hops) + f" [{rule}]"


def applies_to(programs: Iterable[str]) -> bool:
    """Whether a designation under these programmes passes to owned entities."""
    names = {p.strip().upper() for p in programs}
    return not names or not names <= _NO_OWNERSHIP_RULE


def propagate(
    designated: Mapping[str, Iterable[str]], edges: Iterable[OwnershipEdge]
) -> list[Propagated]:
    """Every (entity, designation) reached through qualifying ownership, shortest path first.

    `designated` maps an entity to its own designations (already filtered with `applies_to`).
    Entities designated themselves are not repeated; each designation reaches an entity once.
    """
    edge_list = list(edges)
    children: dict[str, list[OwnershipEdge]] = defaultdict(list)
    owners_of: dict[str, list[OwnershipEdge]] = defaultdict(list)
    for edge in edge_list:
        children[edge.parent].append(edge)
        owners_of[edge.child].append(edge)
    reached: dict[tuple[str, str], Propagated] = {}
    # Breadth first from every designated entity: the first path found is a shortest one.
    Step = tuple[str, str, tuple[str, ...], tuple[OwnershipEdge, ...]]
    frontier: list[Step] = [
        (entity, d, (entity,), ()) for entity, ds in designated.items() for d in ds
    ]
    changed = True
    while changed:
        changed = False
        while frontier:
            nxt: list[Step] = []
            for entity, designation, path, via in frontier:
                for edge in children.get(entity, []):
                    key = (edge.child, designation)
                    if not edge.qualifies or edge.child in path or key in reached:
                        continue
                    if designation in designated.get(edge.child, ()):
                        continue
                    reached[key] = Propagated(
                        edge.child, designation, (*path, edge.child), (*via, edge)
                    )
                    nxt.append((edge.child, designation, (*path, edge.child), (*via, edge)))
                    changed = True
            frontier = nxt
        # OFAC aggregation: minority stakes of owners holding one designation add up.
        for child, owned in owners_of.items():
            by_designation: dict[str, list[OwnershipEdge]] = defaultdict(list)
            for edge in owned:
                if edge.share is None:
                    continue
                for designation in _designations_of(edge.parent, designated, reached):
                    by_designation[designation].append(edge)
            for designation, stakes in by_designation.items():
                key = (child, designation)
                if key in reached or designation in designated.get(child, ()):
                    continue
                if sum(e.share or 0.0 for e in stakes) >= MAJORITY and len(stakes) > 1:
                    owners: tuple[str, ...] = (*(e.parent for e in stakes), child)
                    reached[key] = Propagated(
                        child, designation, owners, tuple(stakes), aggregated=True
                    )
                    frontier.append((child, designation, owners, tuple(stakes)))
                    changed = True
    return sorted(reached.values(), key=lambda p: (len(p.path), p.entity, p.designation))


def _designations_of(
    entity: str,
    designated: Mapping[str, Iterable[str]],
    reached: Mapping[tuple[str, str], Propagated],
) -> set[str]:
    own = set(designated.get(entity, ()))
    return own | {d for (e, d) in reached if e == entity}
