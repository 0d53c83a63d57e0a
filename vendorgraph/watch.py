"""`vendorgraph watch DIR`: re-ingest when list or inventory files in a folder change.

Polling, not inotify: it works the same on every filesystem (network shares included) and needs
no dependency. Each poll takes a fingerprint of the folder (relative path, size, mtime of every
file); when it differs from the last one, the changed files' contents are hashed, so a file that
was only touched (same bytes) does not trigger a build. Inventories (`*.csv`, `*.xlsx` at the top
of the folder) are (re)registered like `vendorgraph ingest --inventory`; list files anywhere
below are read by the build through their registered specs (`vendorgraph ingest --list
ofac:DIR/...` once), so a change to them needs only the rebuild.

For a machine that should not keep a process running, the same in cron (every 15 minutes):
    */15 * * * *  cd /srv/vendorgraph && VENDORGRAPH_HOME=/srv/vendorgraph/home \\
                  .venv/bin/vendorgraph watch /srv/inbox --once
or a systemd timer (`vendorgraph-watch.service` with `ExecStart=.../vendorgraph watch
/srv/inbox --once`, and `vendorgraph-watch.timer` with `OnCalendar=*:0/15`). `--once` compares
with the fingerprint kept in `<home>/changes/watch.json`, so it rebuilds only when something
changed since the last run.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from graph.store.files import write_atomic

__all__ = ["INVENTORY_SUFFIXES", "Watcher"]

INVENTORY_SUFFIXES = (".csv", ".xlsx")


def _content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Seen(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    size: int
    mtime: int
    sha256: str | None


class _WatchState(BaseModel):
    """What `<home>/changes/watch.json` holds."""

    model_config = ConfigDict(extra="forbid", strict=True)

    folder: str
    files: dict[str, _Seen]


class Watcher:
    """Fingerprints of a folder's files, kept in `state` so a restart (or cron) continues."""

    def __init__(self, folder: Path, state: Path) -> None:
        self.folder = Path(folder)
        self.state = state
        self.known: dict[str, dict[str, object]] = self._load()
        self._pending: dict[str, dict[str, object]] = self.known

    def _load(self) -> dict[str, dict[str, object]]:
        # Derived bookkeeping: a file of the wrong shape is ignored (every file is hashed again).
        try:
            data = _WatchState.model_validate_json(self.state.read_bytes())
        except (OSError, ValidationError, ValueError):
            return {}
        if data.folder != str(self.folder.resolve()):
            return {}
        return {rel: seen.model_dump() for rel, seen in data.files.items()}

    def _save(self) -> None:
        data = {"folder": str(self.folder.resolve()), "files": self.known}
        write_atomic(self.state, json.dumps(data), sync=False)

    def changed(self) -> list[Path]:
        """Files added, changed or removed since the last commit (hash-checked)."""
        if not self.folder.is_dir():
            raise FileNotFoundError(f"{self.folder}: no such folder")
        seen: dict[str, dict[str, object]] = {}
        out: list[Path] = []
        for path in sorted(p for p in self.folder.rglob("*") if p.is_file()):
            rel = str(path.relative_to(self.folder))
            if rel.startswith(".") or "/." in rel:
                continue  # editors' swap files and hidden folders
            stat = path.stat()
            old = self.known.get(rel, {})
            entry: dict[str, object] = {"size": stat.st_size, "mtime": stat.st_mtime_ns}
            if old.get("size") == stat.st_size and old.get("mtime") == stat.st_mtime_ns:
                entry["sha256"] = old.get("sha256")
            else:
                entry["sha256"] = _content_hash(path)
                if entry["sha256"] != old.get("sha256"):
                    out.append(path)
            seen[rel] = entry
        out += [self.folder / rel for rel in self.known.keys() - seen.keys()]
        self._pending = seen
        return out

    def commit(self) -> None:
        """Remember the last fingerprint: called once its build succeeded, so a failed build is
        tried again at the next poll."""
        self.known = self._pending
        self._save()

    def inventories(self, paths: list[Path]) -> list[Path]:
        """The changed files that are inventories (top level, CSV or XLSX, still present)."""
        return [
            p
            for p in paths
            if p.parent == self.folder and p.suffix.lower() in INVENTORY_SUFFIXES and p.is_file()
        ]

    def run(
        self,
        on_change: Callable[[list[Path]], None],
        *,
        on_error: Callable[[Exception], None] | None = None,
        interval: float = 5.0,
        max_polls: int | None = None,
        once: bool = False,
    ) -> int:
        """Poll until stopped (or `max_polls`, or once); returns how many builds ran."""
        builds = 0
        polls = 0
        while True:
            changed = self.changed()
            polls += 1
            if changed:
                try:
                    on_change(changed)
                except Exception as exc:
                    if on_error is None or once:
                        raise
                    on_error(exc)  # keep watching; the same change is tried again
                else:
                    self.commit()
                    builds += 1
            if once or (max_polls is not None and polls >= max_polls):
                return builds
            time.sleep(interval)
