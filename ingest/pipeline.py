"""The ingest pipeline: read every registered source, validate, resolve, and build the graph.

The graph is derived: each ingest rebuilds it from the bundled knowledge base, the bundled and
registered inventories, the registered sanctions lists and the stored review decisions, inside the
store's atomic build. Per-record problems are collected as rejections; with `strict`, any
rejection aborts before a single write.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.changes.change_set import ChangeSet
from graph.changes.incremental import BuildResult, write_build
from graph.model import EDGE_TYPES
from graph.records import EdgeRecord, NodeRecord
from graph.resolution import ResolutionReviews
from graph.store.cypher import FROM_KEY, TO_KEY
from graph.store.protocol import CommitHook, Store
from ingest.identity import Ownership, resolve_owners
from ingest.inventory import read_inventory
from ingest.inventory_records import resolver_from_records
from ingest.kb import PendingEdge, read_kb
from ingest.knowledge_pack import PackFile, add_packs
from ingest.problems import Rejection, Rejections, UserError

__all__ = [
    "BATCH",
    "Collected",
    "IngestReport",
    "Sources",
    "StrictAbort",
    "build_graph",
    "collect",
    "customers_in",
]

BATCH = 5_000
Progress = Callable[[str, int, int], None]  # (what, done in this batch, total)
Record = NodeRecord | EdgeRecord | PendingEdge
# A further reader gets the rejections to add to and every node collected before it (so that
# screening sees the vendors of the knowledge base and of every inventory).
ExtraReader = Callable[[Rejections, Mapping[str, NodeRecord]], Iterable[Record]]


class StrictAbort(UserError):
    """`--strict` met rejected rows: nothing was written."""

    def __init__(self, rejections: list[Rejection]) -> None:
        self.rejections = rejections
        super().__init__(
            f"{len(rejections)} rejected row(s) with --strict, nothing written; first: {rejections[0]}"
        )


@dataclass
class Sources:
    """What a build reads."""

    kb_dir: Path
    inventories: list[Path] = field(default_factory=list)
    # Further readers (sanctions lists, screening matches) plugged in by the caller.
    extra: list[ExtraReader] = field(default_factory=list)
    # How messages name an inventory ("the bundled sample inventory x"); default its path.
    labels: dict[Path, str] = field(default_factory=dict)
    # What rejected rows call an inventory's file (the user's path, not a staging copy).
    shown_as: dict[Path, str] = field(default_factory=dict)
    # Customer ids an inventory may take over from an earlier one (identity.ANY: all, --replace).
    takes_over: dict[Path, Collection[str]] = field(default_factory=dict)
    # Where name-resolution review decisions are kept (None: no decisions).
    home: Path | None = None
    # The user's knowledge packs, read after the bundle (ingest.knowledge_pack).
    packs: list[PackFile] = field(default_factory=list)


@dataclass
class IngestReport:
    """What an ingest read, wrote and rejected."""

    nodes: dict[str, int]
    edges: dict[str, int]
    rejections: list[Rejection]
    seconds: float
    backend: str
    # Which inventory owns each customer; registration records it in the registry.
    ownership: Ownership = field(default_factory=Ownership)
    build: BuildResult | None = None
    replaced: list[str] = field(default_factory=list)  # records a knowledge pack replaced
    # One line each, for the user: what went wrong after the graph committed (webhook delivery).
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "nodes": self.nodes,
            "edges": self.edges,
            "rejected": [r.__dict__ for r in self.rejections],
            "seconds": round(self.seconds, 3),
            **({"changes": self.build.changes.counts()} if self.build else {}),
            **({"replaced": self.replaced} if self.replaced else {}),
            **({"warnings": self.warnings} if self.warnings else {}),
        }


@dataclass
class Collected:
    """Every record of a build, validated and resolved, ready to write."""

    nodes: dict[str, NodeRecord]
    edges: dict[tuple[str, str, str], EdgeRecord]
    rejections: Rejections
    ownership: Ownership = field(default_factory=Ownership)
    replaced: list[str] = field(default_factory=list)  # bundled records a pack replaced, in words


def _resolve(
    edge: PendingEdge, labels: dict[str, str], rejections: Rejections
) -> EdgeRecord | None:
    src, dst = labels.get(edge.from_id), labels.get(edge.to_id)
    if src is None or dst is None:
        missing = edge.from_id if src is None else edge.to_id
        rejections.add(
            edge.file, edge.line, "from" if src is None else "to", f"unknown node {missing!r}"
        )
        return None
    try:
        return EdgeRecord.of(edge.type, src, edge.from_id, dst, edge.to_id, **edge.props)
    except ValueError as exc:
        rejections.add(edge.file, edge.line, "type", str(exc).splitlines()[0])
        return None


Claims = dict[tuple[str, str, str], tuple[set[str], set[str]]]


def _merge_claims(
    edges: dict[tuple[str, str, str], EdgeRecord], claims: Claims, new: EdgeRecord
) -> None:
    """Two inventories stating the same link: one edge asserted by both. A curated link (no
    asserted_by) holds for everyone and stays so. The customers and sources stating a link are
    gathered in `claims` and written once (`_claimed`): a supplier 10,000 customers name was
    re-sorted on every row before, quadratic in its customers."""
    prior = edges.get(new.key)
    if prior is None or "asserted_by" not in new.props or "asserted_by" not in prior.props:
        edges[new.key] = new
        claims.pop(new.key, None)
        return
    mine, theirs = prior.props["asserted_by"], new.props["asserted_by"]
    if mine is None or theirs is None:
        if mine is not None:
            edges[new.key] = new
        claims.pop(new.key, None)
        return
    asserted, sources = claims.setdefault(
        new.key, (set(mine), set(prior.props.get("sources") or []))
    )
    asserted.update(theirs)
    sources.update(new.props.get("sources") or [])
    edges[new.key] = new  # its other properties win, as a later statement does


def _claimed(edges: dict[tuple[str, str, str], EdgeRecord], claims: Claims) -> None:
    for key, (asserted, sources) in claims.items():
        rec = edges[key]
        props = {**rec.props, "asserted_by": sorted(asserted), "sources": sorted(sources)}
        edges[key] = EdgeRecord.of(
            rec.type, rec.from_label, rec.from_id, rec.to_label, rec.to_id, **props
        )
    claims.clear()


def collect(sources: Sources) -> Collected:
    """Read and validate everything a build will write, without touching a store."""
    rejections = Rejections()
    nodes: dict[str, NodeRecord] = {}
    pending: list[PendingEdge] = []
    edges: dict[tuple[str, str, str], EdgeRecord] = {}
    claims: Claims = {}

    def take(records: Iterable[Record], origin: str) -> None:
        for rec in records:
            if isinstance(rec, NodeRecord):
                prior = nodes.get(rec.id)
                if prior is not None and prior.label != rec.label:
                    rejections.add(
                        origin, 0, "id", f"{rec.id!r} is both {prior.label} and {rec.label}"
                    )
                    continue
                nodes[rec.id] = rec
            elif isinstance(rec, PendingEdge):
                pending.append(rec)
            else:
                _merge_claims(edges, claims, rec)

    take(read_kb(sources.kb_dir, rejections), str(sources.kb_dir))
    replaced = add_packs(sources.packs, nodes, pending, rejections) if sources.packs else []
    kb_customers = {i for i, r in nodes.items() if r.label == "Customer"}
    decisions = ResolutionReviews(sources.home).load() if sources.home else {}
    offers = [(e.from_id, e.to_id) for e in pending if e.type == "OFFERS"]
    catalogue = resolver_from_records(nodes.values(), offers, decisions)
    # Each inventory is read whole before any is taken, so ownership of every customer id is
    # decided first (the lists hold the same record objects the dicts will: no copy of the data).
    read: list[tuple[Path, list[Record]]] = []
    for path in dict.fromkeys(sources.inventories):
        first = len(rejections.items)
        read.append((path, list(read_inventory(path, catalogue, rejections))))
        _show_as(rejections, first, path, sources.shown_as.get(path))
    customers = [(path, customers_in(recs)) for path, recs in read]
    named = {sources.kb_dir: "the bundled knowledge base", **sources.labels}
    fixed = (sources.kb_dir, kb_customers)
    ownership = resolve_owners(customers, named, sources.takes_over, fixed)
    if ownership.excluded:  # a replaced inventory's row problems are no longer the user's
        gone = {str(p) for p in ownership.excluded}
        gone |= {sources.shown_as[p] for p in ownership.excluded if p in sources.shown_as}
        rejections.items = [r for r in rejections.items if r.file not in gone]
    for path, recs in read:
        if path not in ownership.excluded:
            take(recs, str(path))
    del read
    for reader in sources.extra:
        take(reader(rejections, dict(nodes)), "extra")
    _claimed(edges, claims)
    labels = {node_id: rec.label for node_id, rec in nodes.items()}
    for edge in pending:
        resolved = _resolve(edge, labels, rejections)
        if resolved is not None:
            edges[resolved.key] = resolved
    for rec in nodes.values():
        for source_id in rec.props.get("sources") or []:
            if labels.get(source_id) != "Source":
                rejections.add(rec.id, 0, "sources", f"unknown source {source_id!r}")
                continue
            cite = EdgeRecord.of("CITES", rec.label, rec.id, "Source", source_id)
            edges[cite.key] = cite
    return Collected(nodes, edges, rejections, ownership, replaced)


def customers_in(records: Sequence[Record]) -> set[str]:
    """The customers an inventory speaks for: its Customer nodes, and the customers its RUNS edges
    start from (a customer already known elsewhere is not emitted as a node again)."""
    found = {r.id for r in records if isinstance(r, NodeRecord) and r.label == "Customer"}
    found |= {r.from_id for r in records if isinstance(r, EdgeRecord) and r.type == "RUNS"}
    return found


def _show_as(rejections: Rejections, first: int, path: Path, shown: str | None) -> None:
    if shown is None:
        return
    items = rejections.items
    for i in range(first, len(items)):
        if items[i].file == str(path):
            items[i] = dataclasses.replace(items[i], file=shown)


def build_graph(
    store: Store,
    sources: Sources,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    before_apply: Callable[[ChangeSet], None] | None = None,
    snapshot: Path | None = None,
    commit_for: Callable[[Collected], CommitHook | None] | None = None,
) -> IngestReport:
    """Rebuild the store's graph from `sources`, atomically. `commit_for` gets what was
    collected and gives the hook told the new version right before it becomes visible (the
    registration's journal: graph.store.journal)."""
    started = time.perf_counter()
    collected = collect(sources)
    if strict and len(collected.rejections):
        raise StrictAbort(collected.rejections.items)
    commit = commit_for(collected) if commit_for is not None else None
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in sorted(collected.nodes.values(), key=lambda r: (r.label, r.id)):
        by_label[rec.label].append(rec.props)
    by_type: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for edge in sorted(collected.edges.values(), key=lambda e: (e.type, e.from_id, e.to_id)):
        row = {FROM_KEY: edge.from_id, TO_KEY: edge.to_id, **edge.props}
        by_type[(edge.type, edge.from_label, edge.to_label)].append(row)
    # The rows are all the build needs from here: the records go (a 50,000-row inventory's
    # 360,000 relationship records held about 200 MB through the write and the re-scoring).
    collected.nodes.clear()
    collected.edges.clear()
    # The build is a difference: graph.changes.incremental computes the change set against the graph
    # the store holds and applies it (Neo4j: only the change set; embedded: new file and swap).
    built = write_build(
        store,
        by_label,
        by_type,
        progress=progress,
        before_apply=before_apply,
        snapshot=snapshot,
        commit=commit,
    )
    edge_counts: Counter[str] = Counter()
    for (rel_type, _, _), rows in by_type.items():
        edge_counts[rel_type] += len(rows)
    return IngestReport(
        nodes={label: len(rows) for label, rows in sorted(by_label.items())},
        edges={t: edge_counts[t] for t in EDGE_TYPES if edge_counts[t]},
        rejections=collected.rejections.items,
        seconds=time.perf_counter() - started,
        backend=store.backend,
        ownership=collected.ownership,
        build=built,
        replaced=collected.replaced,
    )
