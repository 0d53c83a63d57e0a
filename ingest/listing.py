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
import stat
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal
from xml.parsers import expat

from pydantic import BaseModel, ConfigDict, Field

from ingest.limits import (
    MAX_FIELD_CHARS,
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    MAX_RECORD_ELEMENTS,
    MAX_XML_DEPTH,
    field_problem,
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
    "XmlRecords",
    "child_text",
    "csv_records",
    "open_binary",
    "open_text_lines",
    "parse_day_month_year",
]

# The csv module's own cap (128 KiB by default) raises mid-file; ours is checked per cell after
# parsing so an over-long cell rejects only its row. This cap only bounds one record's memory.
csv.field_size_limit(MAX_LINE_BYTES)

ListCode = Literal["ofac-sdn", "ofac-cons", "uksl", "ofsi", "un", "eu", "opensanctions"]
Schema = Literal["entity", "person", "vessel", "aircraft"]


class ReaderError(InputError):
    """A list file that cannot be read at all: the run stops and nothing is written."""


class Identifier(BaseModel):
    """An identifier the list gives, e.g. scheme `ISIN`, value `CNE100000PM8`."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    scheme: str
    value: str
    country: str | None = None


class Address(BaseModel):
    """A postal address as the list gives it, with the country as ISO 3166-1 alpha-2 if known."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str
    country: str | None = None


class OwnershipLink(BaseModel):
    """A link from this entity to another, as the list states it.

    `target_id` is the other entity's id on the same list when the list gives one; lists that
    name the other party only in words (OFAC "Linked To:", UKSL "Parent company") leave it None
    and give `target_name`. `share` is a fraction 0..1 when stated.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    relation: Literal["owned_by", "owns", "linked_to"]
    target_id: str | None = None
    target_name: str | None = None
    share: float | None = Field(default=None, ge=0.0, le=1.0)
    role: str | None = None


class ListEntry(BaseModel):
    """One listed entity (with its designation facts) as a list publishes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    list: ListCode
    entity_id: str = Field(min_length=1)
    schema_: Schema = Field(alias="schema")
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[Address, ...] = ()
    countries: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    listed_on: date | None = None
    list_as_of: date | None = None
    links: tuple[OwnershipLink, ...] = ()
    remarks: str | None = None
    source_file: str
    source_line: int = Field(ge=0)

    @property
    def kind(self) -> Schema:
        """The entity's schema (`schema` clashes with a pydantic method name)."""
        return self.schema_

    def all_names(self) -> tuple[str, ...]:
        """The primary name then the aliases, without repeats."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))


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


class _Refused(Exception):
    """Raised from inside expat's callbacks to stop a parse; turned into a ReaderError."""


class _Open:
    """An element being parsed: its text and tail pieces are kept in lists and joined once at its
    end (appending to a str per callback is quadratic, and expat calls back per `&#10;`)."""

    __slots__ = ("element", "line", "pieces", "size", "tail_of_last")

    def __init__(self, element: ET.Element, line: int) -> None:
        self.element, self.line = element, line
        self.pieces: list[str] = []
        self.size = 0
        self.tail_of_last: list[str] = []


class XmlRecords:
    """Stream the record elements of a large XML file, each with the line it starts on.

    Namespaces are dropped from tag and attribute names (the EU file puts everything in one
    default namespace; the UN file in none), so readers match on local names. Iterate once;
    `root_tag` and `root_attrs` are set as soon as the first record arrives.

    Hostile input is bounded: a DOCTYPE (and so any entity declaration, internal or external:
    "billion laughs", XXE) stops the read, as does nesting deeper than `MAX_XML_DEPTH`; only
    elements inside a record are kept; a record whose text or attribute exceeds
    `MAX_FIELD_CHARS`, or with more than `MAX_RECORD_ELEMENTS` elements, is yielded with the
    reason in `problems` (see `rooted_records`) and its excess is not stored.
    """

    def __init__(self, file: Path, record_tags: frozenset[str]) -> None:
        self.file = file
        self.record_tags = record_tags
        self.root_tag = ""
        self.root_attrs: dict[str, str] = {}
        # id(record element) -> (field, reason) for records to reject; read by rooted_records.
        self.problems: dict[int, tuple[str, str]] = {}

    def __iter__(self) -> Iterator[tuple[int, ET.Element]]:
        parser = expat.ParserCreate(namespace_separator="}")
        # Never read external DTDs or parameter entities; the handlers below refuse the rest.
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.buffer_text = True
        parser.buffer_size = 1 << 16
        done: list[tuple[int, ET.Element]] = []
        stack: list[_Open] = []
        record: list[_Open] = []  # the record being read, if any (records do not nest)
        count = [0]

        def refuse_dtd(*_: object) -> None:
            raise _Refused("a DOCTYPE or entity declaration; list files have none")

        def refuse_external(_c: str, _b: str | None, _s: str | None, _p: str | None) -> int:
            raise _Refused("an external entity reference")

        def local(name: str) -> str:
            return name.rsplit("}", 1)[-1]

        def problem(reason: str, where: str) -> None:
            if record:
                self.problems.setdefault(id(record[0].element), (where, reason))

        def start(tag: str, attrs: dict[str, str]) -> None:
            if len(stack) >= MAX_XML_DEPTH:
                raise _Refused(f"elements nested deeper than {MAX_XML_DEPTH} levels")
            name = local(tag)
            element = ET.Element(name)
            for key, value in attrs.items():
                if len(value) > MAX_FIELD_CHARS:
                    problem(f"attribute of {len(value)} characters, over the limit", name)
                else:
                    element.set(local(key), value)
            if not self.root_tag:
                self.root_tag, self.root_attrs = name, dict(element.attrib)
            opened = _Open(element, parser.CurrentLineNumber)
            if record:
                count[0] += 1
                if count[0] <= MAX_RECORD_ELEMENTS:
                    parent = stack[-1]
                    _close_tail(parent)
                    parent.element.append(element)
                else:
                    problem(f"more than {MAX_RECORD_ELEMENTS} elements", record[0].element.tag)
            elif name in self.record_tags:
                record.append(opened)
                count[0] = 0
            stack.append(opened)

        def end(tag: str) -> None:
            opened = stack.pop()
            element = opened.element
            element.text = "".join(opened.pieces) or None
            _close_tail(opened)
            if record and record[0] is opened:
                record.clear()
                done.append((opened.line, element))

        def text(data: str) -> None:
            if not record:
                return  # text outside records is never read
            node = stack[-1]
            node.size += len(data)
            if node.size > MAX_FIELD_CHARS:
                problem(f"text of over {MAX_FIELD_CHARS} characters", node.element.tag)
                return
            (node.tail_of_last if len(node.element) else node.pieces).append(data)

        parser.StartDoctypeDeclHandler = refuse_dtd
        parser.EntityDeclHandler = refuse_dtd
        parser.UnparsedEntityDeclHandler = refuse_dtd
        parser.ExternalEntityRefHandler = refuse_external
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        with open_binary(self.file) as handle:
            first = True
            while True:
                chunk = handle.read(1 << 16)
                if first and not chunk.strip():
                    raise ReaderError(self.file, None, "empty file: no XML")
                first = False
                try:
                    parser.Parse(chunk, not chunk)
                except _Refused as err:
                    raise ReaderError(
                        self.file, parser.CurrentLineNumber, f"refused XML: {err}"
                    ) from None
                except expat.ExpatError as err:
                    reason = expat.errors.messages[err.code] if err.code else str(err)
                    if not chunk and stack:
                        reason = f"XML ends early (unclosed <{stack[-1].element.tag}>): {reason}"
                    raise ReaderError(
                        self.file, err.lineno, f"not well-formed XML: {reason}"
                    ) from None
                yield from done
                done.clear()
                if not chunk:
                    break
        if not self.root_tag:
            raise ReaderError(self.file, None, "empty file: no XML root element")


def _close_tail(opened: _Open) -> None:
    """Join the text met after an element's last child into that child's tail."""
    if opened.tail_of_last:
        last = opened.element[-1]
        last.tail = (last.tail or "") + "".join(opened.tail_of_last)
        opened.tail_of_last.clear()


def rooted_records(
    stream: XmlRecords,
    root: str,
    date_attr: str,
    parse_day: Callable[[str], date | None],
    rejected: Rejections,
) -> Iterator[tuple[int, ET.Element, date | None]]:
    """(line, record, list date) from an XML list whose root must be `root`, the list's date read
    from the root's `date_attr`; a wrong root is fatal, a bad date or an over-long record a
    rejection."""
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
        if bad := stream.problems.pop(id(record), None):
            rejected.add(stream.file, line, *bad)
            continue
        yield line, record, as_of
    if not checked and stream.root_tag != root:
        raise ReaderError(stream.file, 1, f"root element is <{stream.root_tag}>, expected <{root}>")


def child_text(element: ET.Element, tag: str) -> str:
    """The stripped text of the first child with a tag, or ''."""
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""
