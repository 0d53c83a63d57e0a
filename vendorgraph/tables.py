"""Terminal tables whose id columns are never cut: a user copies ids from them (issue 11)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.table import Table

__all__ = ["id_table"]


def id_table(columns: Sequence[str], ids: Mapping[str, Sequence[str]]) -> Table:
    """A table of `columns`; those named in `ids` are as wide as their longest value and never
    wrap or shorten, the others fold to fit the terminal."""
    table = Table()
    for name in columns:
        values = ids.get(name)
        if values is not None:
            widest = max((len(v) for v in values), default=len(name))
            table.add_column(name, no_wrap=True, min_width=max(widest, len(name)))
        else:
            table.add_column(name, overflow="fold")
    return table
