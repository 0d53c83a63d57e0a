"""Per-record rejections and run-stopping errors, kept apart as nomenklatura does.

A reader that meets a bad row records a Rejection (file, line, field, reason) and carries on; a
problem that makes the whole input unusable raises InputError, and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.errors import InputError, UserError
from ingest.limits import MAX_REJECTIONS, clip, one_line

__all__ = ["InputError", "Rejection", "Rejections", "UserError"]


@dataclass(frozen=True)
class Rejection:
    """One rejected row: where it is and why."""

    file: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.reason}"


@dataclass
class Rejections:
    """The rejections a run collected, in the order met."""

    items: list[Rejection] = field(default_factory=list)
    # Rejections past MAX_REJECTIONS are counted, not kept: a hostile file of millions of bad
    # rows must not hold millions of messages in memory.
    dropped: int = 0

    def add(self, file: Path | str, line: int, field_name: str, reason: str) -> None:
        if len(self.items) > MAX_REJECTIONS:
            self.dropped += 1
            return
        if len(self.items) == MAX_REJECTIONS:
            reason = f"over {MAX_REJECTIONS} rejections: later ones are counted, not listed"
            field_name = "(file)"
        self.items.append(Rejection(str(file), line, one_line(field_name, 80), one_line(reason)))

    def add_validation(self, file: Path | str, line: int, error: ValidationError) -> None:
        """One rejection per failing field of a pydantic error."""
        for err in error.errors():
            where = ".".join(str(p) for p in err["loc"]) or "(row)"
            self.add(file, line, where, _reason(err))

    def __iter__(self) -> Iterator[Rejection]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


# A pattern of alternatives, e.g. ^(low|medium|high)$: a user should read the allowed values, not
# the regular expression.
_CHOICES = re.compile(r"^\^\(([\w|-]+)\)\$$")


def _reason(err: Mapping[str, Any]) -> str:
    """A pydantic error in the user's words: allowed values listed instead of a pattern."""
    if err.get("type") == "string_pattern_mismatch":
        pattern = str((err.get("ctx") or {}).get("pattern", ""))
        found = _CHOICES.match(pattern)
        if found:
            allowed = ", ".join(found.group(1).split("|"))
            return f"{err.get('input')!r} is not allowed; use one of: {allowed}"
    if err.get("type") == "literal_error":  # say what was given, then what is allowed
        return f"{clip(str(err.get('input')))} is not allowed: {err['msg']}"
    return str(err["msg"])
