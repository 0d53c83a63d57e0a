"""Terminal tables that never cut a word or an id (issues 11 and 20).

A user copies ids from these tables, and reads names such as "Australian Federal Police": a
column squeezed below its longest word would print "Austral|ian". `WordTable` measures, at render
time, the narrowest width at which every id and every word stays whole; when the terminal is
wider, it is a table (rich wraps cells at spaces), and when it is narrower (many columns at 80
characters), each row becomes a short block of "column  value" lines instead.

>>> from rich.console import Console
>>> Console(width=21).print(WordTable(("id", "name"), [("vendor:acme", "Acme Ltd")], ids=["id"]))
vendor:acme
  name  Acme Ltd
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

__all__ = ["Hanging", "WordTable"]

# A "word" longer than this (a file path, a URL) may fold: no table could keep it whole anyway.
_LONGEST_WORD = 30
# What rich's default box adds around n columns: one space each side of a cell, n + 1 rules.
_FRAME_PER_COLUMN = 3


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split()), default=0)


class WordTable:
    """Rows under named columns, rendered as a table whose words stay whole, or as blocks.

    `ids` names the columns whose values are ids: never wrapped or shortened in either form.
    Values are plain text (never read as markup).
    """

    def __init__(
        self,
        columns: Sequence[str],
        rows: Iterable[Sequence[str]],
        *,
        ids: Iterable[str] = (),
        title: str | None = None,
        right: Iterable[str] = (),
    ) -> None:
        self.columns = list(columns)
        self.rows = [[str(value) for value in row] for row in rows]
        self.ids = set(ids)
        self.title = title
        self.right = set(right)

    def _narrowest(self) -> list[int]:
        """Each column's narrowest width that keeps its ids and words whole."""
        widths = []
        for i, name in enumerate(self.columns):
            values = [row[i] for row in self.rows]
            if name in self.ids:
                widths.append(max([cell_len(name), *(cell_len(v) for v in values)]))
            else:
                longest = max([_longest_word(name), *(_longest_word(v) for v in values)])
                widths.append(max(1, min(longest, _LONGEST_WORD)))
        return widths

    def _natural(self) -> list[int]:
        """Each column's width with no cell wrapped."""
        return [
            max([cell_len(name), *(cell_len(row[i]) for row in self.rows)])
            for i, name in enumerate(self.columns)
        ]

    def fits(self, width: int) -> bool:
        """Whether the table form keeps every word whole within `width` characters."""
        return sum(self._narrowest()) + _FRAME_PER_COLUMN * len(self.columns) + 1 <= width

    def widths(self, width: int) -> list[int]:
        """Column widths for a table `width` characters wide at most: every column gets its
        narrowest, the room left goes to the columns that wrap, in proportion to what they lack.
        Rich is given these fixed widths: its own squeezing may cut words or overshoot."""
        narrowest, natural = self._narrowest(), self._natural()
        room = width - _FRAME_PER_COLUMN * len(self.columns) - 1
        if sum(natural) <= room:
            return natural
        lacking = [max(0, full - least) for full, least in zip(natural, narrowest, strict=True)]
        spare = max(0, room - sum(narrowest))
        total = sum(lacking) or 1
        widths = [
            least + spare * lack // total for least, lack in zip(narrowest, lacking, strict=True)
        ]
        for i in sorted(range(len(widths)), key=lambda i: -lacking[i]):
            if sum(widths) >= room:
                break
            if widths[i] < natural[i]:
                widths[i] += 1  # the rounding remainder, to the columns that lack the most
        return widths

    def _table(self, width: int) -> Table:
        table = Table(title=self.title)
        for name, fixed in zip(self.columns, self.widths(width), strict=True):
            table.add_column(
                name,
                width=fixed,
                no_wrap=name in self.ids,
                overflow="fold",  # only a word longer than _LONGEST_WORD can still fold
                justify="right" if name in self.right else "left",
            )
        for row in self.rows:
            table.add_row(*(Text(v) for v in row))
        return table

    def _blocks(self) -> Iterator[Text | Hanging]:
        if self.title:
            yield Text(self.title, style="italic")
        names = self.columns[1:]
        label = max((cell_len(name) for name in names), default=0)
        for row in self.rows:
            yield Text(row[0], style="bold", overflow="fold")
            for name, value in zip(names, row[1:], strict=True):
                if value:
                    lead = f"  {name.ljust(label)}  "
                    yield Hanging(lead, value, style="dim", whole=name in self.ids)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.rows or self.fits(options.max_width):
            yield self._table(options.max_width)
        else:
            yield from self._blocks()


class Hanging:
    """`lead` then `text`, wrapped at spaces with every further line indented under the text:

    >>> from rich.console import Console
    >>> Console(width=24).print(Hanging("  tier 1: ", "Payroll -> Ledger Cloud -> Ledger Ltd"))
      tier 1: Payroll ->
              Ledger Cloud
              -> Ledger Ltd
    """

    def __init__(self, lead: str, text: str, *, style: str = "", whole: bool = False) -> None:
        # `whole`: the text is an id: never wrapped, on a line of its own if it does not fit.
        self.lead, self.text, self.style, self.whole = lead, text, style, whole

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = cell_len(self.lead)
        if self.whole and indent + cell_len(self.text) > options.max_width:
            yield Text(self.lead.rstrip(), style=self.style)
            room = options.max_width - cell_len(self.text)
            yield Text(" " * min(4, max(room, 0)) + self.text, overflow="fold")
            return
        room = max(options.max_width - indent, 12)  # a very narrow terminal folds, not loops
        lines = Text(self.text).wrap(console, room, overflow="fold")
        for i, line in enumerate(lines):
            line.rstrip()
            lead = Text(self.lead, style=self.style) if i == 0 else Text(" " * indent)
            yield lead + line
