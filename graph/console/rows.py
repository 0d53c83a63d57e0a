"""A console answer and the budget that cuts it: rows, bytes, and why it stopped."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any

__all__ = ["CONSOLE_MAX_BYTES", "ConsoleRows", "RowBudget"]


# Console answers are bounded in bytes as well as rows: a row limit alone lets ten rows of
# `repeat('x', 10000000)` through.
CONSOLE_MAX_BYTES = 8 * 2**20


@dataclass(frozen=True)
class ConsoleRows:
    """A console query's rows, and why the answer was cut short (None when it is complete)."""

    rows: list[dict[str, Any]]
    cut: str | None = None


class RowBudget:
    """Counts rows and their pickled size; says when to stop and why."""

    def __init__(self, limit: int, max_bytes: int) -> None:
        self.limit = limit
        self.max_bytes = max_bytes
        self.bytes = 0
        self.cut: str | None = None

    def admit(self, rows: list[dict[str, Any]], row: dict[str, Any]) -> bool:
        """Append `row` to `rows` unless a bound is reached (then record why and return False)."""
        if len(rows) >= self.limit:
            self.cut = f"more than {self.limit} rows; showing the first {self.limit}"
            return False
        self.bytes += len(pickle.dumps(row, protocol=pickle.HIGHEST_PROTOCOL))
        if self.bytes > self.max_bytes:
            self.cut = (
                f"the answer is larger than {self.max_bytes // 2**20} MB; "
                f"showing the first {len(rows)} rows"
            )
            return False
        rows.append(row)
        return True
