"""Streaming reader of large XML list files, each record element with the line it starts on.

Shared by the UN and EU readers. Hostile input costs bounded time and memory: a DOCTYPE (and so
every entity declaration, internal or external: "billion laughs", XXE) stops the read, as
defusedxml's expat handlers would; nesting deeper than `MAX_XML_DEPTH` stops it too; text is
gathered in lists and joined once per element; only elements inside a record are kept; and a
record with an over-long text or attribute, or too many elements, becomes a rejection.

Example:
    >>> stream = XmlRecords(Path("UN_consolidated.xml"), frozenset({"INDIVIDUAL"}))  # doctest: +SKIP
    >>> line, element = next(iter(stream))  # doctest: +SKIP
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from xml.parsers import expat

from ingest.limits import MAX_FIELD_CHARS, MAX_LINE_BYTES, MAX_RECORD_ELEMENTS, MAX_XML_DEPTH
from ingest.listing import ReaderError, open_binary
from ingest.problems import Rejections

__all__ = ["XmlRecords", "child_text", "rooted_records"]


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
        # Bytes fed since expat last called back: expat buffers a whole tag, comment or
        # processing instruction before reporting it, so a single one must stay bounded.
        quiet = [0]

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
            quiet[0] = 0
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
            quiet[0] = 0
            opened = stack.pop()
            element = opened.element
            element.text = "".join(opened.pieces) or None
            _close_tail(opened)
            if record and record[0] is opened:
                record.clear()
                done.append((opened.line, element))

        def text(data: str) -> None:
            quiet[0] = 0
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
                quiet[0] += len(chunk)
                if quiet[0] > MAX_LINE_BYTES:
                    raise ReaderError(
                        self.file,
                        parser.CurrentLineNumber,
                        f"one XML tag, comment or text run over {MAX_LINE_BYTES} bytes",
                    )
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
