"""Rebuild the graph from everything registered: the one entry point the CLI and dashboard use."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from graph.records import NodeRecord
from graph.settings import Settings
from graph.store import Store
from ingest.pipeline import ExtraReader, IngestReport, Progress, Sources, build_graph
from ingest.problems import Rejections
from ingest.registry import Registry

__all__ = ["bundled_inventories", "bundled_lists", "check_inventory", "rebuild", "sources_for"]


def bundled_inventories(config: Settings) -> list[Path]:
    """The sample customer inventories that ship with the project."""
    return sorted((config.data / "customers").glob("*.csv"))


def bundled_lists(config: Settings) -> list[str]:
    """The sample list extracts that ship with the project (the NS-CMIC rows), as list specs."""
    folder = config.data / "lists"
    return [f"ofac:{path}" for path in sorted(folder.glob("ofac-*")) if path.is_dir()]


def sources_for(
    config: Settings, registry: Registry, extra_inventories: Iterable[Path] = ()
) -> Sources:
    """Everything a build reads, in a fixed order so rebuilds are identical."""
    inventories = [*bundled_inventories(config), *registry.inventory_paths(), *extra_inventories]
    specs = [*bundled_lists(config), *registry.lists]
    # Imported here: the screening engine loads only when a build reads lists.
    from ingest.list_hook import lists_hook

    extra: list[ExtraReader] = lists_hook(specs, config.home)
    return Sources(kb_dir=config.data / "kb", inventories=inventories, extra=extra)


def rebuild(
    store: Store,
    config: Settings,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    extra_inventories: Iterable[Path] = (),
) -> IngestReport:
    """Rebuild the graph atomically from the bundled data and the registry."""
    registry = Registry.load(config.home)
    sources = sources_for(config, registry, extra_inventories)
    # Builds are differences: the monitor scores what the change set touches on the old graph,
    # then logs the build, re-scores and raises alerts on the new one (graph.monitor).
    from graph.monitor import Monitor

    monitor = Monitor(store, config.home)
    report = build_graph(
        store,
        sources,
        strict=strict,
        progress=progress,
        before_apply=monitor.before,
        snapshot=config.home / "changes" / "neo4j-state.pickle",
    )
    if report.build is not None:
        monitor.after(report.build)
    return report


def check_inventory(config: Settings, path: Path, data: bytes | None = None) -> Rejections:
    """Validate one inventory against the knowledge base without writing anything."""
    from ingest.inventory import catalogue_from_records, read_inventory
    from ingest.kb import read_kb

    rejections = Rejections()
    kb = [r for r in read_kb(config.data / "kb", Rejections()) if isinstance(r, NodeRecord)]
    list(read_inventory(path, catalogue_from_records(kb), rejections, data=data))
    return rejections
