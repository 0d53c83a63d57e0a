"""The two errors every layer may raise for a user to read: one line, no traceback.

They live in graph/ because analysis (review files, rules, resolution) raises them as well as the
readers in ingest/, and ingest/ may import graph/ but never the reverse.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["InputError", "UserError"]


class UserError(Exception):
    """A mistake the user can fix; the CLI prints it on one line, without a traceback."""


class InputError(UserError):
    """An input file that cannot be read at all."""

    def __init__(self, file: Path | str, line: int | None, reason: str) -> None:
        self.file, self.line, self.reason = str(file), line, reason
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"{where}: {reason}")
