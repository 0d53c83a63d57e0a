"""The change log: one JSON line per build, appended in the home directory, survives restarts.

`<home>/changes/log.jsonl` holds, for each build, its graph version, the version it replaced, when
and how it was applied, the counts, the change set (up to `DETAIL_LIMIT` entries; the counts are
always complete) and the alerts it raised. Appends are flushed and fsynced; a line torn by a killed
process is skipped on reading. Retention is bounded by VENDORGRAPH_CHANGE_RETENTION (builds kept,
default 100): older lines are dropped by rewriting the file to a temporary name and renaming it
over the old one, so a crash leaves either the old or the new file, never half of one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["DETAIL_LIMIT", "ChangeLog", "retention"]

DETAIL_LIMIT = 1_000  # about 0.5 MB a build at most; the counts are always complete
_DEFAULT_RETENTION = 100


def retention() -> int:
    """How many builds the log keeps (VENDORGRAPH_CHANGE_RETENTION, at least 1)."""
    raw = os.environ.get("VENDORGRAPH_CHANGE_RETENTION", str(_DEFAULT_RETENTION))
    try:
        return max(1, int(raw))
    except ValueError:
        raise ValueError(f"VENDORGRAPH_CHANGE_RETENTION={raw!r} is not a whole number") from None


class ChangeLog:
    """The append-only log of builds under `home`."""

    def __init__(self, home: Path) -> None:
        self.folder = Path(home) / "changes"
        self.path = self.folder / "log.jsonl"

    def _lines(self) -> Iterator[str]:
        try:
            with self.path.open(encoding="utf-8") as handle:
                yield from handle
        except FileNotFoundError:
            return

    def entries(self) -> list[dict[str, Any]]:
        """Every kept build, oldest first (a torn last line is skipped)."""
        out = []
        for line in self._lines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a write cut short by a killed process
            if isinstance(entry, dict) and "version" in entry:
                out.append(entry)
        return out

    def append(self, entry: dict[str, Any]) -> None:
        """Add one build's entry, then drop the oldest beyond the retention."""
        self.folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps(entry, sort_keys=True, default=str, separators=(",", ":"))
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        keep = retention()
        with self.path.open("rb") as raw:
            lines = sum(1 for _ in raw)  # counted without parsing: most appends trim nothing
        if lines <= keep:
            return
        entries = self.entries()
        if len(entries) > keep:
            tmp = self.path.with_suffix(".tmp")
            with tmp.open("w", encoding="utf-8") as handle:
                for kept in entries[-keep:]:
                    handle.write(json.dumps(kept, sort_keys=True, default=str) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)

    def latest(self) -> dict[str, Any] | None:
        entries = self.entries()
        return entries[-1] if entries else None

    def find(self, version: str) -> dict[str, Any] | None:
        return next((e for e in self.entries() if e["version"] == version), None)

    def since(self, since: str | None = None) -> list[dict[str, Any]]:
        """Builds after a version (exclusive) or on or after a date (YYYY-MM-DD), oldest first."""
        entries = self.entries()
        if not since:
            return entries
        versions = [e["version"] for e in entries]
        if since in versions:
            return entries[versions.index(since) + 1 :]
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            raise ValueError(
                f"--since {since!r} is neither a kept build version nor a date (YYYY-MM-DD)"
            ) from None
        return [e for e in entries if str(e.get("built_at", ""))[:10] >= day.isoformat()]


def now() -> str:
    """The timestamp a log entry carries (UTC, seconds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
