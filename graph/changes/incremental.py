"""A build as a difference: compute the change set, then have the store apply it.

The embedded store keeps its new-file-and-swap build (a whole new database file is cheap there
and the swap is atomic); Neo4j applies only the change set (graph.changes.neo4j_apply). Both compute
the change set the same way, from the same rows, against the graph they hold (graph.changes.change_set), so
the same inputs give the same change set on both engines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.changes.change_set import ChangeSet, EdgeRows, NodeRows, desired_state, diff
from graph.changes.snapshot import current_for, save_snapshot
from graph.store.protocol import CommitHook, Store

__all__ = ["BuildResult", "write_build"]

Progress = Callable[[str, int, int], None]
BATCH = 5_000


@dataclass
class BuildResult:
    """What a build changed, how it was applied, and the version it made visible."""

    changes: ChangeSet
    mode: str
    version: str


def _batches(rows: Sequence[Mapping[str, Any]]) -> Iterator[Sequence[Mapping[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _full_build(
    store: Store,
    nodes: NodeRows,
    edges: EdgeRows,
    progress: Progress | None,
    commit: CommitHook | None,
) -> None:
    total = sum(map(len, nodes.values())) + sum(map(len, edges.values()))
    with store.build(fresh=True, commit=commit) as writer:
        for label, rows in nodes.items():
            for batch in _batches(rows):
                writer.write_nodes(label, batch)
                if progress:
                    progress(label, len(batch), total)
        for (rel_type, a, b), rows in edges.items():
            for batch in _batches(rows):
                writer.write_edges(rel_type, a, b, batch)
                if progress:
                    progress(rel_type, len(batch), total)


def write_build(
    store: Store,
    nodes: NodeRows,
    edges: EdgeRows,
    *,
    progress: Progress | None = None,
    before_apply: Callable[[ChangeSet], None] | None = None,
    snapshot: Path | None = None,
    commit: CommitHook | None = None,
) -> BuildResult:
    """Make `nodes` and `edges` the store's graph; `before_apply` sees the change set while the
    previous graph is still the visible one (to score it before it goes). `snapshot`: where a
    Neo4j build keeps the state it made visible (see graph.changes.snapshot). `commit`: told the
    new version right before it becomes visible (graph.store.journal)."""
    desired = desired_state(nodes, edges)
    changes = diff(current_for(store, snapshot), desired)
    if before_apply is not None:
        before_apply(changes)
    if store.backend == "neo4j":
        from graph.changes.neo4j_apply import apply_changes
        from graph.store.neo4j import Neo4jStore

        assert isinstance(store, Neo4jStore)
        mode = apply_changes(store, changes, nodes, edges, progress=progress, commit=commit)
        if snapshot is not None:
            save_snapshot(snapshot, store.version(), desired)
    else:
        _full_build(store, nodes, edges, progress, commit)
        mode = "new-file"
    return BuildResult(changes, mode, store.version())
