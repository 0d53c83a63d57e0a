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
    return Sources(
        kb_dir=config.data / "kb", inventories=inventories, extra=extra, home=config.home
    )


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
    return build_graph(store, sources, strict=strict, progress=progress)


def check_inventory(config: Settings, path: Path, data: bytes | None = None) -> Rejections:
    """Validate one inventory against the knowledge base without writing anything."""
    from graph.resolution import ResolutionReviews
    from ingest.inventory import read_inventory, resolver_from_records
    from ingest.kb import PendingEdge, read_kb

    rejections = Rejections()
    records = list(read_kb(config.data / "kb", Rejections()))
    kb = [r for r in records if isinstance(r, NodeRecord)]
    offers = [
        (e.from_id, e.to_id) for e in records if isinstance(e, PendingEdge) and e.type == "OFFERS"
    ]
    resolver = resolver_from_records(kb, offers, ResolutionReviews(config.home).load())
    list(read_inventory(path, resolver, rejections, data=data))
    return rejections
