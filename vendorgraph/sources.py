"""The commands that change or show what the graph is built from: ingest, sources, unregister.

Each change runs as one transaction (ingest.registration): the registry changes only when the
rebuilt graph has committed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from graph.settings import Settings, settings
from graph.store.backend import open_store
from graph.store.journal import pending, try_lock
from graph.store.protocol import StoreUnavailable
from ingest.input_files import hash_list_path
from ingest.problems import UserError
from ingest.registration import Change, Outcome, apply_change, recover
from ingest.registry import RegisteredInventory, RegisteredList, RegisteredPack, Registry
from vendorgraph.app import (
    app,
    err,
    out,
    print_json,
    print_report,
    print_warnings,
    user_errors,
    with_progress,
)
from vendorgraph.tables import WordTable

__all__ = ["ingest", "sources", "unregister"]

Entry = RegisteredInventory | RegisteredList | RegisteredPack


def _run(change: Change, strict: bool, json_out: bool) -> Outcome:
    config = settings()
    with user_errors(), open_store(config, for_writing=True) as store:
        return with_progress(
            lambda p: apply_change(store, config, change, strict=strict, progress=p),
            quiet=json_out,
        )


def _describe(entry: Entry) -> str:
    return f"{entry.kind} {entry.name} ({entry.id})"


def _finish(outcome: Outcome, json_out: bool) -> None:
    if json_out:
        data = outcome.report.as_dict()
        data["registered"] = [e.id for e in outcome.added]
        data["unregistered"] = [e.id for e in outcome.removed]
        data["notes"] = outcome.notes
        print_json(data)
        print_warnings(outcome.report)
        return
    print_report(outcome.report)
    for entry in outcome.added:
        err.print(f"registered {_describe(entry)}", highlight=False)
    for entry in outcome.removed:
        err.print(f"unregistered {_describe(entry)}", highlight=False)
    for note in outcome.notes:
        err.print(note, highlight=False)
    for line in outcome.report.replaced:
        err.print(f"replaced: {line}", highlight=False)


@app.command()
def ingest(
    inventory: Annotated[
        list[Path],
        typer.Option(help="Customer inventory CSV/XLSX to add (kept for every rebuild)."),
    ] = [],  # noqa: B006
    list_spec: Annotated[
        list[str], typer.Option("--list", help="Sanctions list KIND:PATH to add, e.g. ofac:DIR.")
    ] = [],  # noqa: B006
    knowledge: Annotated[
        list[Path],
        typer.Option(
            help="Knowledge pack to add: a YAML or CSV file, or a folder of them (see "
            "`vendorgraph knowledge template`). Refused whole, nothing changed, if any fact breaks a rule."
        ),
    ] = [],  # noqa: B006
    strict: Annotated[
        bool, typer.Option(help="Abort with nothing written if any row is rejected.")
    ] = False,
    replace: Annotated[
        bool,
        typer.Option(
            help="Let the new inventory replace customers (same customer_id) held by another source,"
            " or the new knowledge pack replace records (same id) the bundle or another pack defines."
        ),
    ] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the ingest report as JSON.")
    ] = False,
) -> None:
    """Rebuild the graph from the bundled knowledge base, sample customers and registered sources."""
    change = Change(
        inventories=list(inventory), lists=list(list_spec), packs=list(knowledge), replace=replace
    )
    _finish(_run(change, strict, json_out), json_out)


@app.command()
def unregister(
    source: Annotated[
        str,
        typer.Argument(help="Id, original name or path of a registered source (see `sources`)."),
    ],
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the ingest report as JSON.")
    ] = False,
) -> None:
    """Remove a registered inventory, list or knowledge pack and rebuild the graph without it."""
    _finish(_run(Change(unregister=[source]), False, json_out), json_out)


def _status(entry: Entry) -> str:
    path = Path(entry.path)
    if not path.exists():
        return "missing"
    if not entry.sha256:
        return "no hash recorded"
    try:
        now = hash_list_path(path)
    except (UserError, OSError) as exc:
        return f"unreadable ({exc})"
    return "ok" if now == entry.sha256 else "changed since registration"


def _row(entry: Entry) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": entry.id,
        "kind": entry.kind,
        "name": entry.name,
        "path": entry.path,
        "sha256": entry.sha256,
        "registered_at": entry.registered_at,
        "status": _status(entry),
    }
    if isinstance(entry, RegisteredInventory):
        row["source"] = entry.source
        row["customers"] = list(entry.customers)
        row["replaces"] = list(entry.replaces)
    if isinstance(entry, RegisteredPack):
        row["source"] = entry.source
        row["replace"] = entry.replace
    return row


def _settled_registry(config: Settings) -> Registry:
    """The registry, once a commit a killed command left is settled (and its leftovers tidied);
    the writers' lock is held only for that, not while files are hashed."""
    home = config.home
    with try_lock(home) as free:
        if free:  # no command is changing the home: settle what a killed one left, then tidy
            try:
                with open_store(config):
                    pass  # opening settles a commit a killed command left (graph.store.journal)
            except StoreUnavailable:
                pass  # no graph (yet), or a server down: the registry is still worth listing
            if pending(home) is not None:
                err.print(
                    "note: a registration was interrupted and the graph cannot be reached to "
                    "settle it; the list below may be one step behind the graph",
                    highlight=False,
                )
            registry = Registry.load(home)
            recover(registry)
        else:
            err.print(
                "note: another command is changing the registry now; the list below is the one "
                "before it",
                highlight=False,
            )
            registry = Registry.load(home)
    return registry


@app.command()
def sources(json_out: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the registered inventories, lists and knowledge packs, with hashes and status."""
    config = settings()
    with user_errors():
        registry = _settled_registry(config)
        entries: list[Entry] = [*registry.inventories, *registry.lists, *registry.packs]
        rows = [_row(e) for e in entries]
    if json_out:
        print_json(rows)
        return
    if not rows:
        out.print("(nothing registered: the graph holds the bundled data only)")
        return
    columns = ("id", "kind", "name", "path", "sha256", "registered at", "status")
    cells = [
        (
            r["id"],
            r["kind"],
            r["name"],
            r["path"],
            r["sha256"][:16],
            r["registered_at"],
            r["status"],
        )
        for r in rows
    ]
    out.print(WordTable(columns, cells, ids=("id", "sha256", "registered at")))
