"""The two errors every layer may raise for a user to read: one line, no traceback.

They live in graph/ because analysis (review files, rules, resolution) raises them as well as the
readers in ingest/, and ingest/ may import graph/ but never the reverse.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = ["InputError", "UserError", "first_problem"]


class UserError(Exception):
    """A mistake the user can fix; the CLI prints it on one line, without a traceback."""


class InputError(UserError):
    """An input file that cannot be read at all."""

    def __init__(self, file: Path | str, line: int | None, reason: str) -> None:
        self.file, self.line, self.reason = str(file), line, reason
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"{where}: {reason}")


def first_problem(exc: ValidationError, whole: str = "the file") -> str:
    """A validation error's first problem as "where: what", for a one-line message."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or whole
    return f"{where}: {first['msg']}"
