"""The change log: one JSON line per build, appended in the home directory, survives restarts.

`<home>/changes/log.jsonl` holds, for each build, its graph version, the version it replaced, when
and how it was applied, the counts, the change set (up to `DETAIL_LIMIT` entries; the counts are
always complete) and the alerts it raised. Appends are flushed and fsynced; a line torn by a killed
process is skipped on reading. Retention is bounded by VENDORGRAPH_CHANGE_RETENTION (builds kept,
default 100): older lines are dropped by rewriting the file to a temporary name and renaming it
over the old one, so a crash leaves either the old or the new file, never half of one.

Every entry is checked when read against the shape the readers rely on (`LogEntry`: the change
and alert dicts included). The log is history, not derived: an entry of the wrong shape is a
one-line error naming the file and the line, never a traceback further on; appending a new
build never depends on the old lines being readable.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.errors import UserError, first_problem
from graph.store.files import append_line, write_atomic

__all__ = ["DETAIL_LIMIT", "ChangeLog", "LogEntry", "retention"]

DETAIL_LIMIT = 1_000  # about 0.5 MB a build at most; the counts are always complete
_DEFAULT_RETENTION = 100


def retention() -> int:
    """How many builds the log keeps (VENDORGRAPH_CHANGE_RETENTION, at least 1)."""
    raw = os.environ.get("VENDORGRAPH_CHANGE_RETENTION", str(_DEFAULT_RETENTION))
    try:
        return max(1, int(raw))
    except ValueError:
        raise ValueError(f"VENDORGRAPH_CHANGE_RETENTION={raw!r} is not a whole number") from None


class _Shape(BaseModel):
    # Later builds may add keys; the ones readers use must have their types.
    model_config = ConfigDict(extra="allow")


class _NodeChange(_Shape):
    entity: Literal["node"]
    kind: Literal["added", "removed", "changed"]
    label: str
    id: str
    name: str
    old: dict[str, Any]
    new: dict[str, Any]
    sources: list[str] | None = None


class _EdgeChange(_Shape):
    entity: Literal["edge"]
    kind: Literal["added", "removed", "changed"]
    type: str
    from_id: str
    to_id: str
    from_label: str = ""
    to_label: str = ""
    from_name: str = ""
    to_name: str = ""
    old: dict[str, Any]
    new: dict[str, Any]
    sources: list[str] | None = None


_Change = Annotated[_NodeChange | _EdgeChange, Field(discriminator="entity")]


class _Score(_Shape):
    score: float
    band: str


class _Alert(_Shape):
    customer_id: str
    customer: str
    scenario_id: str
    scenario: str
    what_if: bool = False
    before: _Score | None = None
    after: _Score
    delta: float = 0.0
    reason: str
    facts: list[_Change] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)


class LogEntry(_Shape):
    """One build as the log keeps it."""

    version: str = Field(min_length=1)
    previous: str | None = ""
    built_at: str = ""
    backend: str = ""
    mode: str = ""
    first_build: bool = False
    as_of: str = ""
    counts: dict[str, int] = Field(default_factory=dict)
    changes: list[_Change] = Field(default_factory=list)
    truncated: int = 0
    alerts: list[_Alert] = Field(default_factory=list)
    what_ifs_skipped: int = 0
    scoring_seconds: float = 0.0


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
        """Every kept build, oldest first (a line torn by a killed process is skipped); an
        entry of the wrong shape is a one-line UserError naming the file and line."""
        out = []
        for number, line in enumerate(self._lines(), 1):
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a write cut short by a killed process
            if not isinstance(entry, dict):
                raise UserError(f"{self.path}:{number}: not a change-log entry (not an object)")
            try:
                LogEntry.model_validate(entry)
            except ValidationError as exc:
                raise UserError(
                    f"{self.path}:{number}: not a change-log entry ({first_problem(exc, 'the entry')}); "
                    "fix or delete that line"
                ) from None
            out.append(entry)
        return out

    def append(self, entry: dict[str, Any]) -> None:
        """Add one build's entry, then drop the oldest beyond the retention (the old lines are
        kept as they are: a build never fails on an unreadable old line)."""
        line = json.dumps(entry, sort_keys=True, default=str, separators=(",", ":"))
        append_line(self.path, line)
        keep = retention()
        with self.path.open("rb") as raw:
            count = sum(1 for _ in raw)  # counted without parsing: most appends trim nothing
        if count <= keep:
            return
        kept = [text for text in self._lines() if _whole(text)]
        if len(kept) > keep:
            write_atomic(
                self.path, "".join(t if t.endswith("\n") else t + "\n" for t in kept[-keep:])
            )

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


def _whole(line: str) -> bool:
    """A line that is a JSON object (not one torn by a killed process)."""
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def now() -> str:
    """The timestamp a log entry carries (UTC, seconds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
