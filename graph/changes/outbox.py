"""Alerts waiting for the webhook: `<home>/changes/outbox.jsonl`, bounded by count and bytes.

An alert is queued (one JSON object a line, synced) before any attempt to post it, so a killed
process loses nothing. The outbox holds at most VENDORGRAPH_OUTBOX_MAX_ALERTS alerts (default
500) and VENDORGRAPH_OUTBOX_MAX_BYTES bytes (default 1 MiB): past either, the oldest alerts are
dropped first and the drop is counted. `<home>/changes/outbox-state.json` keeps that count and
the last delivery attempt (when, what happened), for `vendorgraph changes --outbox`.

Both files are checked when read: a line that is not a JSON object (torn by a killed process, or
edited) is dropped and counted; a state file of the wrong shape is bookkeeping and starts again
from zero.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.store.files import append_line, write_atomic

__all__ = ["Outbox", "OutboxState", "max_alerts", "max_bytes"]

_DEFAULT_ALERTS = 500
_DEFAULT_BYTES = 1 << 20


def _setting(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        return max(1, int(raw))
    except ValueError:
        return default  # a mistyped bound must not stop a build: the default holds


def max_alerts() -> int:
    """Most alerts the outbox keeps (VENDORGRAPH_OUTBOX_MAX_ALERTS)."""
    return _setting("VENDORGRAPH_OUTBOX_MAX_ALERTS", _DEFAULT_ALERTS)


def max_bytes() -> int:
    """Most bytes the outbox keeps (VENDORGRAPH_OUTBOX_MAX_BYTES)."""
    return _setting("VENDORGRAPH_OUTBOX_MAX_BYTES", _DEFAULT_BYTES)


class OutboxState(BaseModel):
    """What `outbox-state.json` holds."""

    model_config = ConfigDict(extra="forbid", strict=True)

    dropped: int = Field(default=0, ge=0)
    last_attempt: str | None = None
    last_error: str | None = None
    last_sent: str | None = None


def _line(alert: dict[str, Any]) -> str:
    return json.dumps(alert, sort_keys=True, default=str, ensure_ascii=False)


@dataclass
class _Read:
    alerts: list[dict[str, Any]]
    lines: list[str]
    unreadable: int


class Outbox:
    """The alerts not yet delivered under `home`, with their caps and bookkeeping."""

    def __init__(self, home: Path) -> None:
        self.path = Path(home) / "changes" / "outbox.jsonl"
        self.state_path = Path(home) / "changes" / "outbox-state.json"

    def _read(self) -> _Read:
        try:
            raw = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return _Read([], [], 0)
        alerts, lines, unreadable = [], [], 0
        for line in raw:
            if not line.strip():
                continue
            try:
                alert = json.loads(line)
            except json.JSONDecodeError:
                alert = None
            if not isinstance(alert, dict):
                unreadable += 1  # torn by a kill, or edited: not an alert
                continue
            alerts.append(alert)
            lines.append(_line(alert))
        return _Read(alerts, lines, unreadable)

    def pending(self) -> list[dict[str, Any]]:
        """The alerts waiting, oldest first."""
        return self._read().alerts

    def state(self) -> OutboxState:
        try:
            return OutboxState.model_validate_json(self.state_path.read_bytes())
        except (OSError, ValidationError, ValueError):
            return OutboxState()  # bookkeeping only: a damaged file starts again from zero

    def _save_state(self, state: OutboxState) -> None:
        write_atomic(self.state_path, state.model_dump_json(indent=1) + "\n")

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def add(self, alerts: list[dict[str, Any]]) -> int:
        """Queue `alerts` (synced before returning); returns how many old ones were dropped."""
        if not alerts:
            return 0
        read = self._read()
        lines = read.lines + [_line(a) for a in alerts]
        keep, drop = _capped(lines)
        if not drop and not read.unreadable:
            for line in lines[len(read.lines) :]:
                append_line(self.path, line)
            return 0
        self._rewrite(keep)
        self.count_dropped(drop + read.unreadable)
        return drop

    def count_dropped(self, n: int) -> None:
        if n:
            state = self.state()
            state.dropped += n
            self._save_state(state)

    def _rewrite(self, lines: list[str]) -> None:
        write_atomic(self.path, "".join(line + "\n" for line in lines))

    def clear(self, sent: int) -> None:
        """Drop the first `sent` alerts (those just delivered); keep any added meanwhile."""
        read = self._read()
        self._rewrite(read.lines[sent:])

    def record(self, *, error: str | None, sent: int) -> None:
        """Remember the last delivery attempt (for `vendorgraph changes --outbox`)."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        state = self.state()
        state.last_attempt = now
        state.last_error = error
        if sent:
            state.last_sent = now
        self._save_state(state)


def _capped(lines: list[str]) -> tuple[list[str], int]:
    """The newest lines within both caps, and how many older ones go."""
    limit_n, limit_b = max_alerts(), max_bytes()
    kept: list[str] = []
    total = 0
    for line in reversed(lines):
        size = len(line.encode("utf-8")) + 1
        if len(kept) >= limit_n or total + size > limit_b:
            break
        kept.append(line)
        total += size
    kept.reverse()
    return kept, len(lines) - len(kept)
