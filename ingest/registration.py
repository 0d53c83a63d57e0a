"""Registering and unregistering sources as one transaction with the build that uses them.

A change (inventories and lists to add, entries to remove) is staged in a per-run folder under the
home, a candidate registry is built from it, and the graph is rebuilt from the candidate. The new
graph becoming visible is the ONE commit point of graph and registry (graph.store.journal): just
before it, the staged copies are moved to `inventories/<sha256>/` (unreferenced, so harmless) and
the new sources.json is written into `<home>/journal.json` with the graph version about to become
visible; right after it, sources.json is replaced (temporary file + os.replace) and the journal
removed. A failed or refused (`--strict`, identity clash) run leaves sources.json and the
registered copies as they were; a run killed at any point leaves either no journal or one that
the next command settles before anything else: rolled forward if the graph switched, rolled back
if not. What a killed run leaves besides (its staging folder, copies no entry names) is removed
by the next run under the writers' lock.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from graph.settings import Settings
from graph.store.journal import JOURNAL_FILE, Journal, discard_damaged, settle, writer_lock
from graph.store.protocol import Store
from ingest.build import monitored_build, sources_for
from ingest.identity import Ownership
from ingest.input_files import (
    check_inventory_size,
    copy_regular,
    hash_list_path,
    resolve_input,
)
from ingest.knowledge_pack import pack_files
from ingest.lists import parse_list_spec
from ingest.pipeline import Collected, IngestReport, Progress
from ingest.problems import UserError
from ingest.registry import (
    RegisteredInventory,
    RegisteredList,
    RegisteredPack,
    Registry,
    inventory_id,
    list_id,
    pack_id,
)

__all__ = ["Change", "Outcome", "apply_change", "recover"]

Entry = RegisteredInventory | RegisteredList | RegisteredPack
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class Change:
    """What one run asks for."""

    inventories: list[Path] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    unregister: list[str] = field(default_factory=list)  # ids, names or paths
    replace: bool = False  # new inventories may take over customers held elsewhere
    # Uploaded bytes (dashboard): (file name, content) registered like an --inventory file.
    uploads: list[tuple[str, bytes]] = field(default_factory=list)
    # Knowledge packs (files or folders of them), and uploaded ones; `replace` lets them replace
    # records the bundle or another pack defines.
    packs: list[Path] = field(default_factory=list)
    pack_uploads: list[tuple[str, bytes]] = field(default_factory=list)

    @property
    def changing(self) -> bool:
        return bool(
            self.inventories or self.uploads or self.lists or self.unregister
            or self.packs or self.pack_uploads
        )  # fmt: skip


@dataclass
class Outcome:
    """What a committed run did."""

    report: IngestReport
    added: list[Entry] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def recover(registry: Registry) -> list[Path]:
    """Remove what killed runs left: staging folders and copies no entry refers to (writers'
    lock held, and never while a commit is pending: its copies are not referenced yet)."""
    removed: list[Path] = []
    if (registry.home / JOURNAL_FILE).exists():
        return removed
    staging = registry.home / "staging"
    if staging.is_dir():
        for path in staging.iterdir():
            _remove(path)
            removed.append(path)
    keep = registry.referenced()
    if registry.inventory_dir.is_dir():
        for path in registry.inventory_dir.iterdir():
            # Only content-addressed folders this module makes; anything else is left alone.
            if path not in keep and path.is_dir() and _SHA256.fullmatch(path.name):
                _remove(path)
                removed.append(path)
    return removed


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class _Run:
    """One run's staging folder and candidate registry."""

    current: Registry
    candidate: Registry
    staging: Path
    now: str
    shown_as: dict[Path, str] = field(default_factory=dict)
    added: list[Entry] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def stage_file(
        self,
        name: str,
        source: Path | None,
        data: bytes | None,
        replace_: bool,
        *,
        pack: bool = False,
    ) -> None:
        incoming = self.staging / f"incoming-{secrets.token_hex(4)}"
        incoming.mkdir()
        copy = incoming / name
        if data is not None:
            shown = name
            resolved = ""
            copy.write_bytes(data)
            sha = hashlib.sha256(data).hexdigest()
        else:
            assert source is not None
            shown = str(source)
            resolved_path = resolve_input(source)
            resolved = str(resolved_path)
            sha = copy_regular(resolved_path, copy)
        if not pack:
            check_inventory_size(shown, copy)
        known = self.candidate.by_sha(sha)
        if known is not None:
            self.notes.append(f"{shown}: already registered as {known.name} ({known.id})")
            shutil.rmtree(incoming)
            return
        final_dir = self.staging / sha
        os.rename(incoming, final_dir)
        staged = final_dir / name
        self.shown_as[staged] = shown
        if pack:
            new = RegisteredPack(pack_id(sha), name, resolved, str(staged), sha, self.now, replace_)
            self.candidate.packs.append(new)
            self.added.append(new)
            return
        # A new version of a file this change unregisters (watch) keeps what the user let the
        # old version take over; anything more needs --replace.
        inherited = next(
            (e.replaces for e in self.removed
             if isinstance(e, RegisteredInventory) and resolved and e.source == resolved),
            (),
        )  # fmt: skip
        entry = RegisteredInventory(
            inventory_id(sha), name, resolved, str(staged), sha, self.now,
            replaces=("*",) if replace_ else inherited,
        )  # fmt: skip
        self.candidate.inventories.append(entry)
        self.added.append(entry)

    def stage_list(self, spec: str) -> None:
        parsed = parse_list_spec(spec)
        resolved = str(resolve_input(parsed.path, allow_dir=True))
        sha = hash_list_path(Path(resolved))
        entry = RegisteredList(list_id(parsed.kind, resolved), parsed.kind, resolved, sha, self.now)
        lists = self.candidate.lists
        at = next((i for i, item in enumerate(lists) if item.id == entry.id), None)
        if at is None:
            lists.append(entry)
            self.added.append(entry)
        elif lists[at].sha256 != sha:
            self.notes.append(f"{spec}: registered again with its new content")
            lists[at] = entry
            self.added.append(entry)
        else:
            self.notes.append(f"{spec}: already registered ({entry.id})")

    def drop(self, key: str) -> None:
        entry = self.candidate.find(key)
        if isinstance(entry, RegisteredInventory):
            self.candidate.inventories.remove(entry)
        elif isinstance(entry, RegisteredPack):
            self.candidate.packs.remove(entry)
        else:
            self.candidate.lists.remove(entry)
        self.removed.append(entry)


def _as_shown(exc: UserError, shown_as: dict[Path, str]) -> UserError:
    """The error naming the user's file, not its staging copy."""
    message = str(exc)
    for staged, shown in shown_as.items():
        message = message.replace(str(staged), shown)
    if message == str(exc):
        return exc
    again = UserError(message)
    again.__dict__.update({k: v for k, v in exc.__dict__.items() if k != "args"})
    return again


def _check_lists_readable(registry: Registry) -> None:
    for item in registry.lists:
        if not Path(item.path).exists():
            raise UserError(
                f"registered list {item.spec} ({item.id}) no longer exists; "
                f"`vendorgraph unregister {item.id}` removes it"
            )


def _finalise(run: _Run, own: Ownership) -> Registry:
    """The registry to commit: staged copies at their final place, ownership recorded."""
    final = Registry(run.current.home, [], list(run.candidate.lists))
    for pack in run.candidate.packs:
        path = Path(pack.path)
        if path.is_relative_to(run.staging):
            pack = replace(pack, path=str(run.current.inventory_dir / pack.sha256 / pack.name))
        final.packs.append(pack)
    for entry in run.candidate.inventories:
        path = Path(entry.path)
        if path in own.excluded:
            run.removed.append(entry)
            run.notes.append(f"{entry.name} ({entry.id}): replaced, unregistered")
            continue
        taken = set(own.taken_over.get(path, set()))
        replaces = sorted(taken) if "*" in entry.replaces else sorted({*entry.replaces, *taken})
        target = path
        if path.is_relative_to(run.staging):
            target = run.current.inventory_dir / entry.sha256 / entry.name
        final.inventories.append(
            replace(
                entry,
                path=str(target),
                customers=tuple(sorted(own.customers.get(path, set(entry.customers)))),
                replaces=tuple(replaces),
            )
        )
    run.added = [e for e in run.added if e not in run.removed]
    return final


def _move_copies(run: _Run, final: Registry) -> None:
    """Staged copies to `inventories/<sha256>/`, just before the commit point. Until the registry
    names them they are leftovers that `recover` would remove, so a rollback needs nothing."""
    run.current.inventory_dir.mkdir(parents=True, exist_ok=True)
    for entry in final.copies():
        target = Path(entry.path).parent
        staged = run.staging / entry.sha256
        if staged.is_dir() and target != staged:
            _remove(target)  # an unregistered leftover of the same content
            os.rename(staged, target)


def _drop_replaced(run: _Run, final: Registry) -> None:
    """After the commit: the copies of entries the new registry no longer names."""
    keep = final.referenced()
    folder = run.current.inventory_dir
    for entry in run.current.copies():
        old = Path(entry.path)
        if old in keep:
            continue
        if old.parent == folder:  # a format-1 copy: inventories/<name>
            _remove(old)
        elif old.parent.parent == folder and old.parent not in keep:
            _remove(old.parent)


def apply_change(
    store: Store,
    config: Settings,
    change: Change,
    *,
    strict: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Rebuild the graph with `change` applied, and register the change only if the build commits."""
    with writer_lock(config.home):
        damaged = settle(config.home, store, locked=True, repair=True) == "damaged"
        current = Registry.load(config.home)
        recover(current)
        staging = config.home / "staging" / f"run-{os.getpid()}-{secrets.token_hex(4)}"
        staging.mkdir(parents=True)
        try:
            run = _Run(current, current.copy(), staging, _now())
            for key in change.unregister:
                run.drop(key)
            for path in change.inventories:
                run.stage_file(path.name, path, None, change.replace)
            for name, data in change.uploads:
                run.stage_file(name, None, data, change.replace)
            for spec in change.lists:
                run.stage_list(spec)
            for given in change.packs:
                for file in pack_files(given):
                    run.stage_file(file.name, file, None, change.replace, pack=True)
            for name, data in change.pack_uploads:
                run.stage_file(name, None, data, change.replace, pack=True)
            _check_lists_readable(run.candidate)
            sources = sources_for(config, run.candidate)
            sources.shown_as = run.shown_as
            # A new pack is checked whole: any problem refuses the run before anything is written.
            sources.packs = [
                replace(p, strict=True, shown=run.shown_as[p.path]) if p.path in run.shown_as else p
                for p in sources.packs
            ]
            for staged, shown in run.shown_as.items():
                sources.labels[staged] = f"the new inventory {shown}"
            changing = change.changing
            finals: list[Registry] = []

            def journal_for(collected: Collected) -> Journal:
                final = _finalise(run, collected.ownership)
                finals.append(final)
                text = final.as_json()
                # A plain ingest records ownership too (and upgrades a format-1 file).
                write = changing or (text != current.as_json() and current.path.exists())
                files = {current.path.name: text} if write else {}
                return Journal(config.home, files, lambda: _move_copies(run, final))

            try:
                report = monitored_build(
                    store, config, sources, strict=strict, progress=progress,
                    journal_for=journal_for,
                )  # fmt: skip
            except UserError as exc:
                raise _as_shown(exc, run.shown_as) from None
            if finals:
                _drop_replaced(run, finals[0])
            if damaged:
                discard_damaged(config.home)
            return Outcome(report, run.added, run.removed, run.notes)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            with suppress(OSError):  # the staging folder goes too once no run uses it
                staging.parent.rmdir()
