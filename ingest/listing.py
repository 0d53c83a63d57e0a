"""The record every sanctions-list reader yields, and the text plumbing the readers share.

A `ListEntry` is one listed entity as its list publishes it: the list's own id, names, aliases,
identifiers, addresses, programmes, dates and the ownership links the list states. Readers are
generators of `ListEntry`; a bad row becomes a `Rejection` (collected in a `Rejections` the
caller passes in) and a file that cannot be read at all raises `ReaderError`.

Example:
    >>> from pathlib import Path
    >>> from ingest.lists import read_list
    >>> rejected = Rejections()
    >>> entries = list(read_list("ofac:graph/data/lists/ofac-ns-cmic", rejected))  # doctest: +SKIP
"""

from __future__ import annotations

import codecs
import csv
import stat
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO

from graph.listing import Address, Identifier, ListCode, ListEntry, OwnershipLink, Schema
from ingest.limits import (
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    field_problem,
    one_line,
)
from ingest.problems import InputError, Rejection, Rejections

__all__ = [
    "MAX_LINE_BYTES",
    "Address",
    "Identifier",
    "ListCode",
    "ListEntry",
    "OwnershipLink",
    "ReaderError",
    "Rejection",
    "Rejections",
    "Schema",
    "csv_records",
    "open_binary",
    "open_text_lines",
    "parse_day_month_year",
]

# The csv module's own cap (128 KiB by default) raises mid-file; ours is checked per cell after
# parsing so an over-long cell rejects only its row. This cap only bounds one record's memory.
csv.field_size_limit(MAX_LINE_BYTES)


class ReaderError(InputError):
    """A list file that cannot be read at all: the run stops and nothing is written."""

    def __init__(self, file: Path | str, line: int | None, reason: str) -> None:
        # A reason may quote the file's own bytes: keep the message on one line and short.
        super().__init__(file, line, one_line(reason))


def _decode(raw: bytes, file: Path, line_no: int, fallback: str | None) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        if fallback is None:
            raise ReaderError(
                file, line_no, f"not UTF-8 text ({err.reason} at byte {err.start})"
            ) from None
        # OFAC published Windows-1252 for years; a stray byte there is a real character.
        return raw.decode(fallback, errors="replace")


def _check_start(head: bytes, file: Path) -> None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(head) > 1 and b"\x00" in head[:64]
    ):
        raise ReaderError(file, 1, "file looks like UTF-16 or binary; save it as UTF-8")


def open_binary(file: Path) -> BinaryIO:
    """Open a list file for reading, refusing what is not a regular file or is too large.

    A FIFO or device (`/dev/zero`) would block or never end; a file over `MAX_FILE_BYTES` is not a
    list (see ingest/limits.py).
    """
    try:
        info = file.stat()
    except OSError as err:
        raise ReaderError(file, None, f"cannot open: {err.strerror or err}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ReaderError(file, None, "not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise ReaderError(
            file, None, f"file of {info.st_size} bytes is over the {MAX_FILE_BYTES}-byte limit"
        )
    try:
        return file.open("rb")
    except OSError as err:
        raise ReaderError(file, None, f"cannot open: {err.strerror or err}") from None


def open_text_lines(file: Path, *, fallback: str | None = None) -> Iterator[tuple[int, str]]:
    """Yield (line number, text without line ending) of a text file, streaming.

    Strips a UTF-8 BOM and a final Ctrl-Z (the DOS end-of-file mark OFAC still writes), accepts
    CRLF, LF and bare CR endings, and refuses UTF-16, binary files and lines over
    `MAX_LINE_BYTES` with a `ReaderError` naming the line.
    """
    with open_binary(file) as handle:
        line_no = 0
        while True:
            raw = handle.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            line_no += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                raise ReaderError(
                    file, line_no, f"line longer than {MAX_LINE_BYTES} bytes; not a list file?"
                )
            if line_no == 1:
                _check_start(raw, file)
                raw = raw.removeprefix(codecs.BOM_UTF8)
            text = _decode(raw, file, line_no, fallback).rstrip("\r\n")
            # A bare-CR file reads as one long line; split it so line numbers stay honest.
            parts = text.split("\r") if "\r" in text else [text]
            for i, part in enumerate(parts):
                stripped = part.rstrip("\x1a")
                if stripped != part and not stripped:
                    continue  # the DOS end-of-file mark on a line of its own
                yield line_no + i, stripped
            line_no += len(parts) - 1


def csv_records(
    file: Path,
    *,
    delimiter: str = ",",
    fallback: str | None = None,
    rejected: Rejections | None = None,
    names: Sequence[str] = (),
) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line number, fields) for each CSV record of a file, streaming.

    Built on `open_text_lines`, so it inherits its BOM, Ctrl-Z, line-ending and size handling;
    a quoted field may span lines, and the number given is the line the record starts on.
    Blank lines are skipped. A cell over `MAX_FIELD_CHARS` or holding a NUL rejects its record
    into `rejected` (naming the column from `names` when the caller has read the header; pass
    the header list and fill it in later), or stops the read when no `rejected` is given.
    """
    lines = open_text_lines(file, fallback=fallback)
    current = [0]

    def feed() -> Iterator[str]:
        for line_no, text in lines:
            current[0] = line_no
            yield text + "\n"

    source = feed()
    reader = csv.reader(source, delimiter=delimiter, strict=False)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise ReaderError(file, current[0], f"not readable as CSV: {err}") from None
        line, start = start, current[0] + 1
        if not row or not any(cell.strip() for cell in row):
            continue
        bad = next(((i, why) for i, cell in enumerate(row) if (why := field_problem(cell))), None)
        if bad is None:
            yield line, row
            continue
        column = names[bad[0]] if bad[0] < len(names) else f"column {bad[0] + 1}"
        if rejected is None:
            raise ReaderError(file, line, f"{column}: {bad[1]}")
        rejected.add(file, line, column, bad[1])


def parse_day_month_year(text: str) -> date | None:
    """A DD/MM/YYYY date, or None when blank or zero-filled (`00/00/1980`) as UK lists write unknowns."""
    parts = text.strip().split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"expected DD/MM/YYYY, got {text.strip()!r}")
    day, month, year = (int(p) for p in parts)
    if day == 0 or month == 0 or year == 0:
        return None
    return date(year, month, day)
