"""Rebuild the graph from everything registered: the one entry point the CLI and dashboard use.

Every build holds the home's writers' lock (graph.store.journal) and first settles a commit a
killed run left, so it reads the registry the graph agrees with and no other command can change
that registry under it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from graph.records import NodeRecord
from graph.settings import Settings
from graph.store.journal import Journal, discard_damaged, settle, writer_lock
from graph.store.protocol import Store
from ingest.identity import ANY
from ingest.inventory_records import Catalogue
from ingest.kb import read_kb
from ingest.knowledge_pack import PackFile, provenance
from ingest.pipeline import (
    Collected,
    ExtraReader,
    IngestReport,
    Progress,
    Sources,
    build_graph,
    customers_in,
)
from ingest.problems import Rejections
from ingest.registry import Registry

__all__ = [
    "bundled_inventories",
    "bundled_lists",
    "check_inventory",
    "customer_owners",
    "rebuild",
    "registered_packs",
    "sources_for",
]


def bundled_inventories(config: Settings) -> list[Path]:
    """The sample customer inventories that ship with the project."""
    return sorted((config.data / "customers").glob("*.csv"))


def bundled_lists(config: Settings) -> list[str]:
    """The sample list extracts that ship with the project (the NS-CMIC rows), as list specs."""
    folder = config.data / "lists"
    return [f"ofac:{path}" for path in sorted(folder.glob("ofac-*")) if path.is_dir()]


def _bundled_label(path: Path) -> str:
    # Words, not the project's file name: "the bundled sample inventory fernhill accountants".
    return f"the bundled sample inventory {path.stem.replace('_', ' ')}"


def sources_for(
    config: Settings, registry: Registry, extra_inventories: Iterable[Path] = ()
) -> Sources:
    """Everything a build reads, in a fixed order so rebuilds are identical."""
    bundled = bundled_inventories(config)
    extra = list(extra_inventories)
    labels = {path: _bundled_label(path) for path in bundled}
    takes_over: dict[Path, frozenset[str]] = {}
    for entry in registry.inventories:
        path = Path(entry.path)
        labels[path] = f"registered inventory {entry.name} ({entry.id})"
        # "*" marks an entry being registered with --replace: it may take over any customer.
        takes_over[path] = ANY if "*" in entry.replaces else frozenset(entry.replaces)
    for path in extra:
        labels[path] = f"the new inventory {path.name}"
    inventories = [*bundled, *registry.inventory_paths(), *extra]
    specs = [*bundled_lists(config), *registry.list_specs()]
    # Imported here: the screening engine loads only when a build reads lists.
    from ingest.list_hook import lists_hook

    readers: list[ExtraReader] = lists_hook(specs, config.home)
    return Sources(
        packs=registered_packs(registry),
        kb_dir=config.data / "kb",
        inventories=inventories,
        extra=readers,
        labels=labels,
        takes_over=dict(takes_over),
        home=config.home,
    )


def registered_packs(registry: Registry) -> list[PackFile]:
    """The registered knowledge packs, in registration order, as a build reads them."""
    return [
        PackFile(Path(p.path), p.name, provenance(p.name, p.registered_at), replace=p.replace)
        for p in registry.packs
    ]


def rebuild(
    store: Store,
    config: Settings,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    extra_inventories: Iterable[Path] = (),
) -> IngestReport:
    """Rebuild the graph atomically from the bundled data and the registry (writers' lock held)."""
    with writer_lock(config.home):
        damaged = settle(config.home, store, locked=True, repair=True) == "damaged"
        registry = Registry.load(config.home)
        sources = sources_for(config, registry, extra_inventories)
        report = monitored_build(store, config, sources, strict=strict, progress=progress)
        if damaged:
            discard_damaged(config.home)
        return report


def monitored_build(
    store: Store,
    config: Settings,
    sources: Sources,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    journal_for: Callable[[Collected], Journal | None] | None = None,
) -> IngestReport:
    """Build the graph from `sources` as a difference: the monitor scores what the change set
    touches on the old graph, then logs the build, re-scores and raises alerts on the new one
    (graph.changes.monitor). Every build goes through here: plain rebuilds and registrations alike.

    `journal_for` (registration) gives the files to commit with the graph; they are written right
    after the graph switches and before anything else runs (change log, re-scoring, webhook), so
    nothing that can fail or hang comes between the two."""
    from graph.changes.monitor import Monitor
    from graph.changes.snapshot import SNAPSHOT_FILE

    monitor = Monitor(store, config.home, progress=progress)
    journal: Journal | None = None

    def commit_for(collected: Collected) -> Journal | None:
        nonlocal journal
        journal = journal_for(collected) if journal_for is not None else None
        return journal

    try:
        report = build_graph(
            store,
            sources,
            strict=strict,
            progress=progress,
            before_apply=monitor.before,
            snapshot=config.home / "changes" / SNAPSHOT_FILE,
            commit_for=commit_for,
        )
    except BaseException:
        if journal is not None:
            journal.resolve(store)  # a failure past the journal: settle it now if we can tell
        raise
    if journal is not None:
        journal.complete()
    if report.build is not None:
        monitor.after(report.build)
        report.warnings += monitor.warnings
    return report


def check_inventory(
    config: Settings, path: Path, data: bytes | None = None, customers: set[str] | None = None
) -> Rejections:
    """Validate one inventory against the knowledge base without writing anything; the customer
    ids it holds are added to `customers` when given."""
    from ingest.inventory import read_inventory

    rejections = Rejections()
    records = list(read_inventory(path, _kb_resolver(config), rejections, data=data))
    if customers is not None:
        customers |= customers_in(records)
    return rejections


def _kb_resolver(config: Settings, records: list[Any] | None = None) -> Catalogue:
    """Inventory names resolved against the knowledge base (`records`, read here when not given)
    with the stored review decisions."""
    from graph.resolution import ResolutionReviews
    from ingest.inventory_records import resolver_from_records
    from ingest.kb import PendingEdge

    if records is None:
        records = list(read_kb(config.data / "kb", Rejections()))
    kb = [r for r in records if isinstance(r, NodeRecord)]
    offers = [
        (e.from_id, e.to_id) for e in records if isinstance(e, PendingEdge) and e.type == "OFFERS"
    ]
    return resolver_from_records(kb, offers, ResolutionReviews(config.home).load())


def customer_owners(config: Settings, registry: Registry, customers: set[str]) -> dict[str, str]:
    """Which source already holds each of `customers` (customer id -> how to name the source)."""
    from ingest.inventory import read_inventory

    owners: dict[str, str] = {}
    records = list(read_kb(config.data / "kb", Rejections()))
    for rec in records:
        if isinstance(rec, NodeRecord) and rec.label == "Customer" and rec.id in customers:
            owners[rec.id] = "the bundled knowledge base"
    catalogue = _kb_resolver(config, records)
    held: list[tuple[str, set[str]]] = []
    for path in bundled_inventories(config):
        found = customers_in(list(read_inventory(path, catalogue, Rejections())))
        held.append((_bundled_label(path), found))
    for entry in registry.inventories:
        found = set(entry.customers)
        if not found and Path(entry.path).is_file():  # a format-1 entry: read it once
            found = customers_in(list(read_inventory(Path(entry.path), catalogue, Rejections())))
        held.append((f"registered inventory {entry.name} ({entry.id})", found))
    for label, found in held:
        for customer in found & customers:
            owners.setdefault(customer, label)
    return owners
