"""Rows of a customer inventory file, CSV (UTF-8) or XLSX, as header-name -> cell dicts.

Reading is bounded: the file (or uploaded bytes) must be under `MAX_INVENTORY_BYTES`, a workbook
must not expand past four times that (a zip bomb), and every failure of the CSV module or of
openpyxl on a damaged file is one `InputError` line naming the file and, where known, the row.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.limits import MAX_INVENTORY_BYTES, MAX_LINE_BYTES, one_line
from ingest.problems import InputError

__all__ = ["Header", "sheet_rows"]

# The csv module's own cap (128 KiB) would raise mid-file; cells are checked one by one instead.
csv.field_size_limit(MAX_LINE_BYTES)


@dataclass(frozen=True)
class Header:
    """The columns a sheet must have and may have."""

    required: tuple[str, ...]
    known: frozenset[str]

    def check(self, path: Path, header: Iterable[str] | None) -> None:
        names = [h.strip() for h in header or []]
        if not names:
            raise InputError(path, 1, "empty file: expected a header row")
        missing = [c for c in self.required if c not in names]
        if missing:
            raise InputError(path, 1, one_line(f"missing columns: {', '.join(missing)}"))
        unknown = [n for n in names if n and n not in self.known]
        if unknown:
            raise InputError(path, 1, one_line(f"unknown columns: {', '.join(unknown)}"))


def sheet_rows(
    path: Path, data: bytes | None, header: Header
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) pairs from a CSV or XLSX file (or its uploaded bytes), header checked."""
    if data is not None and len(data) > MAX_INVENTORY_BYTES:
        raise InputError(path, None, f"over the {MAX_INVENTORY_BYTES}-byte inventory limit")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        yield from _xlsx_rows(path, data, header)
        return
    raw = data if data is not None else _read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, None, f"not UTF-8 text (byte {exc.start}); save the sheet as CSV UTF-8"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header.check(path, reader.fieldnames)
        for row in reader:
            if None in row:
                raise InputError(
                    path, reader.line_num, "more cells than header columns (wrong delimiter?)"
                )
            yield reader.line_num, row
    except csv.Error as exc:
        raise InputError(path, reader.line_num, f"not readable as CSV: {exc}") from None


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(path, None, "not a regular file")
        if size > MAX_INVENTORY_BYTES:
            raise InputError(
                path, None, f"{size} bytes is over the {MAX_INVENTORY_BYTES}-byte inventory limit"
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, exc.strerror or str(exc)) from None


def _check_workbook(path: Path, data: bytes) -> None:
    """Refuse a workbook whose parts would expand past the inventory limit (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            expanded = sum(info.file_size for info in book.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(path, None, f"not a readable XLSX workbook ({exc})") from None
    if expanded > 4 * MAX_INVENTORY_BYTES:
        raise InputError(path, None, f"workbook expands to {expanded} bytes; too large")


def _xlsx_rows(
    path: Path, data: bytes | None, header: Header
) -> Iterator[tuple[int, dict[str, str]]]:
    import openpyxl  # only spreadsheet uploads need it

    data = data if data is not None else _read_bytes(path)
    _check_workbook(path, data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise InputError(
            path, None, f"not a readable XLSX workbook ({type(exc).__name__})"
        ) from None
    number = 1
    try:
        if not book.worksheets:
            raise InputError(path, None, "workbook without a sheet")
        rows = book.worksheets[0].iter_rows(values_only=True)
        names = [str(c).strip() if c is not None else "" for c in next(rows, ())]
        header.check(path, names)
        for number, values in enumerate(rows, start=2):
            cells = [
                "" if v is None else str(v.date() if hasattr(v, "date") else v) for v in values
            ]
            if any(cells):
                yield number, dict(zip(names, cells, strict=False))
    except InputError:
        raise
    except Exception as exc:  # a damaged sheet fails inside openpyxl with many exception types
        raise InputError(
            path, number, f"not a readable XLSX sheet ({type(exc).__name__})"
        ) from None
    finally:
        book.close()
