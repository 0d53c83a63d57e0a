"""An append-only JSON-lines file of reviewers' decisions, the latest line per key winning.

Screening reviews (graph/screening/review.py) and name-resolution reviews
(graph/resolution/decisions.py) both live outside the graph, survive every rebuild and keep their
history this way; this module is the one file format and the one set of checks they share.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Hashable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from graph.errors import InputError, UserError

__all__ = ["VERDICTS", "append", "checked_review", "latest", "now"]

VERDICTS = ("confirmed", "rejected")


class _Decision(Protocol):
    @property
    def decision(self) -> str: ...


D = TypeVar("D", bound=_Decision)
K = TypeVar("K", bound=Hashable)


def latest(
    path: Path, parse: Callable[[dict[str, Any]], D], key: Callable[[D], K], what: str
) -> dict[K, D]:
    """The latest decision per key; a damaged line stops with the file and line named.

    `parse` builds a decision from a line's object and raises TypeError or ValueError (with a
    message for the user) when the line is not one."""
    found: dict[K, D] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return found
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            decision = parse(json.loads(line))
        except (json.JSONDecodeError, TypeError) as err:
            raise InputError(path, number, f"not a {what}: {err}") from None
        except ValueError as err:
            raise InputError(path, number, str(err)) from None
        for name, value in _texts(decision):
            if not isinstance(value, str):
                raise InputError(path, number, f"{name} must be text, not {type(value).__name__}")
        if decision.decision not in VERDICTS:
            raise InputError(
                path, number, f"decision must be confirmed or rejected, not {decision.decision!r}"
            )
        found[key(decision)] = decision
    return found


def _texts(decision: object) -> list[tuple[str, object]]:
    """A decision's fields that a line must give as text (every field of the dataclasses here)."""
    if not dataclasses.is_dataclass(decision):
        return []
    return [(f.name, getattr(decision, f.name)) for f in dataclasses.fields(decision)]


def checked_review(decision: str, reviewer: str, reason: str, what: str) -> tuple[str, str]:
    """The reviewer and reason, stripped, once the verdict and both texts are checked."""
    if decision not in VERDICTS:
        raise UserError(f"decision must be 'confirmed' or 'rejected', not {decision!r}")
    if not reviewer.strip() or not reason.strip():
        raise UserError(f"a {what} needs a reviewer and a reason")
    return reviewer.strip(), reason.strip()


def now() -> str:
    """When a decision is recorded: an ISO timestamp in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def append(path: Path, record: Any) -> None:
    """Append one decision (a dataclass) as a JSON line, flushed to disk before returning."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
