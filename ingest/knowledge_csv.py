"""The spreadsheet form of a knowledge pack: one row per regulatory action.

Columns (header names in any case, spaces or underscores): vendor, regulator, date, kind, status,
ordered, source url, source date; optional: orders (what the action orders, ';'-separated:
stop_processing, deletion, ...), jurisdiction, scope, source title, source publisher, action id.
A vendor or regulator is given by id (vendor:..., regulator:...) or by name: a name the graph
knows (a name or an alias) is that node; another name becomes a new node citing the row's source.
Each row becomes a dated source, the action with its status, and ISSUED and AGAINST links.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.records import NodeRecord
from ingest.knowledge_rules import PendingEdge, Where
from ingest.limits import MAX_KB_FILE_BYTES, MAX_LINE_BYTES, field_problem
from ingest.problems import InputError, Rejections

__all__ = ["COLUMNS", "read_pack_csv"]

COLUMNS = ("vendor", "regulator", "date", "kind", "status", "ordered", "source_url", "source_date")
_OPTIONAL = (
    "orders",
    "jurisdiction",
    "scope",
    "source_title",
    "source_publisher",
    "action_id",
)
_ID_PREFIX = {"vendor": ("vendor:", "Vendor"), "regulator": ("regulator:", "Regulator")}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "x"


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _column(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", name.strip().casefold())


def _text(path: Path, shown: str) -> str:
    try:
        if not path.is_file():
            raise InputError(shown, None, "not a regular file")
        size = path.stat().st_size
        if size > MAX_KB_FILE_BYTES:
            raise InputError(
                shown, None, f"{size} bytes is over the {MAX_KB_FILE_BYTES}-byte limit"
            )
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            shown, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    except OSError as exc:
        raise InputError(shown, None, exc.strerror or str(exc)) from None


class _Names:
    """Vendors and regulators by id and by name (names and aliases), the graph's and the file's."""

    def __init__(self, known: Mapping[str, NodeRecord]) -> None:
        self.ids: dict[str, str] = {}
        self.display: dict[str, str] = {}  # id -> the name answers show
        self.names: dict[tuple[str, str], str] = {}
        for rec in known.values():
            if rec.label in ("Vendor", "Regulator"):
                self.add(
                    rec.label, rec.id, [rec.props.get("name"), *(rec.props.get("aliases") or [])]
                )

    def add(self, label: str, node_id: str, names: list[Any]) -> None:
        self.ids[node_id] = label
        if names and isinstance(names[0], str):
            self.display.setdefault(node_id, names[0])
        for name in names:
            if isinstance(name, str) and name.strip():
                self.names.setdefault((label, _key(name)), node_id)


def read_pack_csv(
    path: Path,
    known: Mapping[str, NodeRecord],
    rejections: Rejections,
    where: Where,
    *,
    shown: str | None = None,
) -> Iterator[NodeRecord | PendingEdge]:
    """Records from a CSV pack; rows with problems go to `rejections` (file, line, column)."""
    file = shown or str(path)
    text = _text(path, file)
    if any(len(line) > MAX_LINE_BYTES for line in text.splitlines()):
        raise InputError(file, None, f"a line is over the {MAX_LINE_BYTES}-byte limit")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [_column(h) for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(
            file, 1, f"missing column(s): {', '.join(missing)}; needs {', '.join(COLUMNS)}"
        )
    unknown = [h for h in header if h not in COLUMNS and h not in _OPTIONAL]
    if unknown:
        raise InputError(file, 1, f"unknown column(s): {', '.join(unknown)}")
    reader.fieldnames = header
    names = _Names(known)
    for row in reader:
        line = reader.line_num
        if None in row:  # more cells than the header has columns
            rejections.add(
                file,
                line,
                "(row)",
                f"{len(header) + len(row[None])} cells, header has {len(header)}",
            )
            continue
        cells = {k: (v or "").strip() for k, v in row.items()}
        bad = next(((k, p) for k, v in cells.items() if (p := field_problem(v))), None)
        if bad:
            rejections.add(file, line, *bad)
            continue
        empty = [c for c in COLUMNS if not cells.get(c)]
        if empty:
            rejections.add(file, line, empty[0], "required")
            continue
        yield from _row(cells, file, line, names, rejections, where)


def _party(
    role: str, value: str, names: _Names, source: str, file: str, line: int, where: Where
) -> tuple[str, NodeRecord | None]:
    """The node a vendor or regulator cell names, and a new node when the graph has none."""
    prefix, label = _ID_PREFIX[role]
    if value.startswith(prefix):
        return value, None
    found = names.names.get((label, _key(value)))
    if found is not None:
        return found, None
    node_id = f"{prefix}{_slug(value)}"
    record = NodeRecord.of(label, id=node_id, name=value, sources=[source])
    names.add(label, node_id, [value])
    where.setdefault(node_id, (file, line))
    return node_id, record


def _row(
    cells: dict[str, str],
    file: str,
    line: int,
    names: _Names,
    rejections: Rejections,
    where: Where,
) -> Iterator[NodeRecord | PendingEdge]:
    url, day = cells["source_url"], cells["source_date"]
    source_id = "csv-" + hashlib.sha256(f"{url}|{day}".encode()).hexdigest()[:10]
    try:
        source = NodeRecord.of(
            "Source",
            id=source_id,
            name=cells.get("source_title") or url,
            title=cells.get("source_title") or None,
            publisher=cells.get("source_publisher") or None,
            url=url,
            date=day,
        )
        vendor, new_vendor = _party("vendor", cells["vendor"], names, source_id, file, line, where)
        regulator, new_reg = _party(
            "regulator", cells["regulator"], names, source_id, file, line, where
        )
        action_id = cells.get("action_id") or (
            f"action:{regulator.split(':', 1)[1]}-{vendor.split(':', 1)[1]}-{cells['date']}"
        )
        said = {
            i: names.display.get(i, cells[c])
            for i, c in ((vendor, "vendor"), (regulator, "regulator"))
        }
        orders = [o.strip() for o in cells.get("orders", "").split(";") if o.strip()]
        action = NodeRecord.of(
            "EnforcementAction",
            id=action_id,
            name=f"{cells['kind'].replace('_', ' ')} by {said[regulator]} against {said[vendor]}",
            kinds=[cells["kind"]],
            date=cells["date"],
            ordered=cells["ordered"],
            orders=orders or None,
            jurisdiction=cells.get("jurisdiction") or None,
            scope=cells.get("scope") or None,
            sources=[source_id],
        )
        status = NodeRecord.of(
            "StatusEvent",
            id=f"{action_id}#1",
            name=f"{cells['status']} {cells['date']}",
            action_id=action_id,
            date=cells["date"],
            status=cells["status"],
            sources=[source_id],
        )
    except ValidationError as exc:
        rejections.add_validation(file, line, exc)
        return
    if action_id in where:
        first = ":".join(map(str, where[action_id]))
        rejections.add(
            file, line, "action_id", f"{action_id!r} is defined twice (first at {first})"
        )
        return
    if source_id not in where:
        where[source_id] = (file, line)
        yield source
    where[action_id] = (file, line)
    yield from (r for r in (new_vendor, new_reg) if r is not None)
    yield from (action, status)
    cite = {"sources": [source_id]}
    yield PendingEdge("ISSUED", regulator, action_id, cite, file, line)
    yield PendingEdge("AGAINST", action_id, vendor, cite, file, line)
    yield PendingEdge("HAS_STATUS", action_id, status.id, {}, file, line)
