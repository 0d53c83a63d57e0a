"""The ingest pipeline: read every registered source, validate, resolve, and build the graph.

The graph is derived: each ingest rebuilds it from the bundled knowledge base, the bundled and
registered inventories, the registered sanctions lists and the stored review decisions, inside the
store's atomic build. Per-record problems are collected as rejections; with `strict`, any
rejection aborts before a single write.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.changes import ChangeSet
from graph.cypher import FROM_KEY, TO_KEY
from graph.incremental import BuildResult, write_build
from graph.model import EDGE_TYPES
from graph.records import EdgeRecord, NodeRecord
from graph.store import Store
from ingest.inventory import catalogue_from_records, read_inventory
from ingest.kb import PendingEdge, read_kb
from ingest.problems import Rejection, Rejections, UserError

__all__ = ["BATCH", "IngestReport", "Sources", "StrictAbort", "build_graph", "collect"]

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


@dataclass
class IngestReport:
    """What an ingest read, wrote and rejected."""

    nodes: dict[str, int]
    edges: dict[str, int]
    rejections: list[Rejection]
    seconds: float
    backend: str
    build: BuildResult | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "nodes": self.nodes,
            "edges": self.edges,
            "rejected": [r.__dict__ for r in self.rejections],
            "seconds": round(self.seconds, 3),
            **({"changes": self.build.changes.counts()} if self.build else {}),
        }


@dataclass
class Collected:
    """Every record of a build, validated and resolved, ready to write."""

    nodes: dict[str, NodeRecord]
    edges: dict[tuple[str, str, str], EdgeRecord]
    rejections: Rejections


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


def collect(sources: Sources) -> Collected:
    """Read and validate everything a build will write, without touching a store."""
    rejections = Rejections()
    nodes: dict[str, NodeRecord] = {}
    pending: list[PendingEdge] = []
    edges: dict[tuple[str, str, str], EdgeRecord] = {}

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
                edges[rec.key] = rec

    take(read_kb(sources.kb_dir, rejections), str(sources.kb_dir))
    catalogue = catalogue_from_records(nodes.values())
    for path in sources.inventories:
        take(read_inventory(path, catalogue, rejections), str(path))
    for reader in sources.extra:
        take(reader(rejections, dict(nodes)), "extra")
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
    return Collected(nodes, edges, rejections)


def build_graph(
    store: Store,
    sources: Sources,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    before_apply: Callable[[ChangeSet], None] | None = None,
    snapshot: Path | None = None,
) -> IngestReport:
    """Rebuild the store's graph from `sources`, atomically."""
    started = time.perf_counter()
    collected = collect(sources)
    if strict and len(collected.rejections):
        raise StrictAbort(collected.rejections.items)
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in sorted(collected.nodes.values(), key=lambda r: (r.label, r.id)):
        by_label[rec.label].append(rec.props)
    by_type: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for edge in sorted(collected.edges.values(), key=lambda e: (e.type, e.from_id, e.to_id)):
        row = {FROM_KEY: edge.from_id, TO_KEY: edge.to_id, **edge.props}
        by_type[(edge.type, edge.from_label, edge.to_label)].append(row)
    # The build is a difference: graph.incremental computes the change set against the graph
    # the store holds and applies it (Neo4j: only the change set; embedded: new file and swap).
    built = write_build(
        store, by_label, by_type, progress=progress, before_apply=before_apply, snapshot=snapshot
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
        build=built,
    )
