"""One commit point for the graph and the home files that must agree with it (the registry).

A build that also changes files of the home (sources.json, when an inventory or list is
registered or unregistered) cannot change both in one atomic step: the graph lives in a database,
the registry in a file. So the graph's own atomic switch (LadybugDB: the CURRENT pointer replaced;
Neo4j: the commit that stamps the new version) is made the ONE commit point, with a journal:

1. Before the switch, the store calls `Journal.prepare(target)`: the new files' contents and the
   graph version about to become visible are written to `<home>/journal.json` (atomically, synced).
2. The store makes the new graph visible.
3. `Journal.complete()` writes the files (atomically) and removes the journal.

A process killed anywhere leaves either no journal (nothing or everything done) or a journal, and
every command settles it before it does anything else (`settle`, called when a store is opened
and by every writer under the lock): when the graph shows the journal's version the files are
written (rolled forward), otherwise the journal is dropped (rolled back: the graph never switched,
the files never changed). The graph and the registry therefore agree whenever a command looks.

The writers' lock (`writer_lock`) is here too: every command that changes the graph or the
registry (ingest, unregister, resolve, watch, demo, the dashboard's rebuilds) holds it for its
whole run, so one cannot build from a registry another is changing.
"""

from __future__ import annotations

import fcntl
import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from graph.errors import UserError, first_problem
from graph.store.files import fsync_dir, write_atomic
from graph.store.protocol import Store, StoreUnavailable

__all__ = [
    "JOURNAL_FILE",
    "LOCK_FILE",
    "Journal",
    "PendingCommit",
    "WriterBusy",
    "discard_damaged",
    "holds_lock",
    "pending",
    "settle",
    "try_lock",
    "writer_lock",
]

JOURNAL_FILE = "journal.json"
LOCK_FILE = "registry.lock"
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}")


class WriterBusy(UserError):
    """Another command holds the writers' lock of the home."""


# Homes whose lock this thread holds: a command that holds it (resolve: decide, then rebuild)
# may call a writer that takes it again. Per thread, because the dashboard serves its sessions
# from threads of one process and each must take the lock for itself.
_held = threading.local()


def _holding() -> set[str]:
    homes: set[str] | None = getattr(_held, "homes", None)
    if homes is None:
        homes = _held.homes = set()
    return homes


def holds_lock(home: Path) -> bool:
    """Whether this thread holds the writers' lock of `home`."""
    return str(Path(home).resolve()) in _holding()


@contextmanager
def try_lock(home: Path) -> Iterator[bool]:
    """Hold the writers' lock if it is free; yields whether it is held (never waits)."""
    key = str(Path(home).resolve())
    if key in _holding():
        yield True
        return
    home.mkdir(parents=True, exist_ok=True)
    with open(home / LOCK_FILE, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        _holding().add(key)
        try:
            yield True
        finally:
            _holding().discard(key)


@contextmanager
def writer_lock(home: Path) -> Iterator[None]:
    """Hold the writers' lock for a command that changes the graph or the registry; a one-line
    WriterBusy when another command holds it."""
    with try_lock(home) as held:
        if not held:
            raise WriterBusy(
                f"another command (ingest, unregister, resolve or watch) is changing {home}; "
                "try again when it ends"
            )
        yield


class PendingCommit(BaseModel):
    """What `<home>/journal.json` holds between the journal write and the files' write."""

    model_config = ConfigDict(extra="forbid", strict=True)

    format: Literal[1]
    backend: str
    target: str
    started_at: str
    files: dict[str, str]

    @field_validator("files")
    @classmethod
    def _plain_names(cls, files: dict[str, str]) -> dict[str, str]:
        # A journal names files of the home only: no folder, no way out of the home.
        for name in files:
            if not _PLAIN_NAME.fullmatch(name) or name == JOURNAL_FILE:
                raise ValueError(f"{name!r} is not a file of the home")
        return files

    @field_validator("target")
    @classmethod
    def _has_target(cls, target: str) -> str:
        if not target:
            raise ValueError("no graph version")
        return target


def pending(home: Path) -> PendingCommit | None:
    """The journal a killed run left, validated; a damaged one is a one-line UserError."""
    path = home / JOURNAL_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UserError(f"{path}: cannot read the commit journal ({exc.strerror})") from None
    try:
        return PendingCommit.model_validate_json(raw)
    except ValidationError as exc:
        raise UserError(
            f"{path}: not a vendorgraph commit journal ({first_problem(exc)}); "
            "`vendorgraph ingest` rebuilds the graph from the registry and removes it"
        ) from None


def _drop(home: Path) -> None:
    (home / JOURNAL_FILE).unlink(missing_ok=True)
    fsync_dir(home)


def _apply(home: Path, commit: PendingCommit) -> None:
    for name, text in commit.files.items():
        write_atomic(home / name, text)


def settle(home: Path, store: Store, *, locked: bool = False, repair: bool = False) -> str | None:
    """Complete or roll back the commit a killed run left (see the module docstring).

    Returns "completed", "rolled back", "damaged" or None (nothing pending, another command is
    running and will finish it, or a store of another engine / an unreachable server cannot
    tell). `locked`: the caller holds the writers' lock. `repair`: the caller is a writer that
    will rebuild; a damaged journal is then left for `discard_damaged` once that rebuild has
    committed (it makes the graph agree with the registry) instead of refused."""
    if not (home / JOURNAL_FILE).exists():
        return None
    if not locked:
        with try_lock(home) as held:
            return settle(home, store, locked=True, repair=repair) if held else None
    try:
        commit = pending(home)
    except UserError:
        if not repair:
            raise
        return "damaged"
    if commit is None:
        return None
    if commit.backend != store.backend:
        return None  # another engine's commit: only a store of that engine can tell
    try:
        version = store.version()
    except StoreUnavailable:
        return None  # cannot tell now; the next command that reaches the graph settles it
    if version == commit.target:
        _apply(home, commit)
        _drop(home)
        return "completed"
    _drop(home)
    return "rolled back"


def discard_damaged(home: Path) -> None:
    """After a rebuild committed: drop a journal that fails its checks (the rebuild made the
    graph agree with the registry, which is all the journal was for)."""
    try:
        pending(home)
    except UserError:
        _drop(home)


class Journal:
    """The files one build commits together with the graph (relative name -> new text).

    `before_prepare` runs just before the journal is written (registration moves its staged
    copies into place there: they are harmless until the registry names them)."""

    def __init__(
        self,
        home: Path,
        files: dict[str, str] | None = None,
        before_prepare: Callable[[], None] | None = None,
    ) -> None:
        self.home = Path(home)
        self.files = dict(files or {})
        self.before_prepare = before_prepare
        self.target: str | None = None

    @property
    def path(self) -> Path:
        return self.home / JOURNAL_FILE

    def prepare(self, backend: str, target: str) -> None:
        """Record the commit: called by the store right before `target` becomes visible."""
        if self.before_prepare is not None:
            self.before_prepare()
        if not self.files:
            return
        commit = PendingCommit(
            format=1,
            backend=backend,
            target=target,
            started_at=datetime.now(UTC).isoformat(timespec="seconds"),
            files=self.files,
        )
        write_atomic(self.path, json.dumps(commit.model_dump(), ensure_ascii=False, indent=1))
        self.target = target

    def complete(self) -> None:
        """The graph switched: write the files and drop the journal."""
        if self.target is None:
            return
        for name, text in self.files.items():
            write_atomic(self.home / name, text)
        _drop(self.home)
        self.target = None

    def resolve(self, store: Store) -> None:
        """After a failure past `prepare`: settle now, if the store can tell (lock held)."""
        if self.target is not None:
            with suppress(Exception):
                settle(self.home, store, locked=True)
            self.target = None
