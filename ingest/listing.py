"""The record every sanctions-list reader yields, and the text plumbing the readers share.

A `ListEntry` is one listed entity as its list publishes it: the list's own id, names, aliases,
identifiers, addresses, programmes, dates and the ownership links the list states. Readers are
generators of `ListEntry`; a bad row becomes a `Rejection` (collected in a `Rejections` the
caller passes in) and a file that cannot be read at all raises `ReaderError`.

Example:
    >>> from pathlib import Path
    >>> from ingest.lists import read_list
    >>> rejected = Rejections()
    >>> entries = list(read_list("ofac:data/lists/ofac-ns-cmic", rejected))  # doctest: +SKIP
"""

from __future__ import annotations

import codecs
import csv
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from graph.listing import Address, Identifier, ListCode, ListEntry, OwnershipLink, Schema
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
    "XmlRecords",
    "child_text",
    "csv_records",
    "open_text_lines",
    "parse_day_month_year",
]

csv.field_size_limit(1 << 20)

# The longest honest row in any official list is a few tens of kilobytes (OFAC cuts Remarks at
# 1,000 characters; UN comments run to a few thousand). A longer "line" means a file without line
# breaks or a binary file, and reading it whole would hold the run hostage.
MAX_LINE_BYTES = 1 << 20


class ReaderError(InputError):
    """A list file that cannot be read at all: the run stops and nothing is written."""


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


def open_text_lines(file: Path, *, fallback: str | None = None) -> Iterator[tuple[int, str]]:
    """Yield (line number, text without line ending) of a text file, streaming.

    Strips a UTF-8 BOM and a final Ctrl-Z (the DOS end-of-file mark OFAC still writes), accepts
    CRLF, LF and bare CR endings, and refuses UTF-16, binary files and lines over
    `MAX_LINE_BYTES` with a `ReaderError` naming the line.
    """
    try:
        handle: BinaryIO = file.open("rb")
    except OSError as err:
        raise ReaderError(file, None, f"cannot open: {err.strerror or err}") from None
    with handle:
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
    file: Path, *, delimiter: str = ",", fallback: str | None = None
) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line number, fields) for each CSV record of a file, streaming.

    Built on `open_text_lines`, so it inherits its BOM, Ctrl-Z, line-ending and size handling;
    a quoted field may span lines, and the number given is the line the record starts on.
    Blank lines are skipped.
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
        if row and any(cell.strip() for cell in row):
            yield start, row
        start = current[0] + 1


def parse_day_month_year(text: str) -> date | None:
    """A DD/MM/YYYY date, or None when blank or zero-filled (`00/00/1980`) as UK lists write unknowns."""
    parts = text.strip().split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"expected DD/MM/YYYY, got {text.strip()!r}")
    day, month, year = (int(p) for p in parts)
    if day == 0 or month == 0 or year == 0:
        return None
    return date(year, month, day)


class XmlRecords:
    """Stream the record elements of a large XML file, each with the line it starts on.

    Namespaces are dropped from tag and attribute names (the EU file puts everything in one
    default namespace; the UN file in none), so readers match on local names. Iterate once;
    `root_tag` and `root_attrs` are set as soon as the first record arrives.
    """

    def __init__(self, file: Path, record_tags: frozenset[str]) -> None:
        self.file = file
        self.record_tags = record_tags
        self.root_tag = ""
        self.root_attrs: dict[str, str] = {}

    def __iter__(self) -> Iterator[tuple[int, ET.Element]]:
        parser = expat.ParserCreate(namespace_separator="}")
        done: list[tuple[int, ET.Element]] = []
        stack: list[ET.Element] = []
        starts: list[int] = []

        def local(name: str) -> str:
            return name.rsplit("}", 1)[-1]

        def start(tag: str, attrs: dict[str, str]) -> None:
            element = ET.Element(local(tag), {local(k): v for k, v in attrs.items()})
            if not self.root_tag:
                self.root_tag, self.root_attrs = element.tag, dict(element.attrib)
            if stack:
                stack[-1].append(element)
            stack.append(element)
            starts.append(parser.CurrentLineNumber)

        def end(tag: str) -> None:
            element = stack.pop()
            line = starts.pop()
            if element.tag in self.record_tags:
                done.append((line, element))
                if stack:
                    stack[-1].remove(element)  # records are yielded, not kept: memory stays flat

        def text(data: str) -> None:
            if stack:
                node = stack[-1]
                if len(node):
                    node[-1].tail = (node[-1].tail or "") + data
                else:
                    node.text = (node.text or "") + data

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        try:
            handle = self.file.open("rb")
        except OSError as err:
            raise ReaderError(self.file, None, f"cannot open: {err.strerror or err}") from None
        with handle:
            first = True
            while True:
                chunk = handle.read(1 << 16)
                if first and not chunk.strip():
                    raise ReaderError(self.file, None, "empty file: no XML")
                first = False
                try:
                    parser.Parse(chunk, not chunk)
                except expat.ExpatError as err:
                    reason = expat.errors.messages[err.code] if err.code else str(err)
                    if not chunk and stack:
                        reason = f"XML ends early (unclosed <{stack[-1].tag}>): {reason}"
                    raise ReaderError(
                        self.file, err.lineno, f"not well-formed XML: {reason}"
                    ) from None
                yield from done
                done.clear()
                if not chunk:
                    break
        if not self.root_tag:
            raise ReaderError(self.file, None, "empty file: no XML root element")


def rooted_records(
    stream: XmlRecords,
    root: str,
    date_attr: str,
    parse_day: Callable[[str], date | None],
    rejected: Rejections,
) -> Iterator[tuple[int, ET.Element, date | None]]:
    """(line, record, list date) from an XML list whose root must be `root`, the list's date read
    from the root's `date_attr`; a wrong root is fatal, a bad date a rejection."""
    as_of: date | None = None
    checked = False
    for line, record in stream:
        if not checked:
            if stream.root_tag != root:
                raise ReaderError(
                    stream.file, 1, f"root element is <{stream.root_tag}>, expected <{root}>"
                )
            try:
                as_of = parse_day(stream.root_attrs.get(date_attr, ""))
            except ValueError:
                rejected.add(stream.file, 1, date_attr, "not an ISO date")
            checked = True
        yield line, record, as_of
    if not checked and stream.root_tag != root:
        raise ReaderError(stream.file, 1, f"root element is <{stream.root_tag}>, expected <{root}>")


def child_text(element: ET.Element, tag: str) -> str:
    """The stripped text of the first child with a tag, or ''."""
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""
