"""The state a Neo4j build made visible, kept beside the change log to skip a full scan next time.

Reading a 1M-node graph back over Bolt takes minutes (it is the whole graph through one Python
client); the state this process wrote is the same content. So after each Neo4j build the desired
state is saved to `<home>/changes/neo4j-state.arrows` with the version the build stamped, and the
next build uses it as "the current graph" only when the database still shows that very version;
otherwise (another client built since, a first build, a missing file, or one that fails its
checks) it scans the graph. The embedded store always scans: its Arrow read takes seconds.

The file is data, never code (an earlier version pickled it, and a tampered pickle runs code on
load). Layout: the magic line `VGSNAP1\\n`, an 8-byte little-endian header length, a JSON header
(format, version, and per table its node label or relationship group, byte offset, length and
row count), then one Arrow IPC stream per table. Reading checks the header against a strict
model, every table's group against graph.model, and every stream's Arrow schema against the
schema derived from graph.model (names, order and types); anything else and the snapshot is
ignored, and rebuilt by the scan and the next save.
"""

from __future__ import annotations

import gc
import json
import struct
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.changes.change_set import GraphState, current_state
from graph.model import EDGE_TYPES, NODE_TYPES, edge_type, node_type
from graph.store.arrow import arrow_schema
from graph.store.files import write_atomic
from graph.store.protocol import Store, StoreUnavailable

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["SNAPSHOT_FILE", "current_for", "load_snapshot", "save_snapshot"]

SNAPSHOT_FILE = "neo4j-state.arrows"
_LEGACY = "neo4j-state.pickle"  # never read; removed when a new snapshot is saved
_MAGIC = b"VGSNAP1\n"
_LENGTH = struct.Struct("<Q")
_MAX_HEADER = 1 << 20


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    kind: Literal["node", "edge"]
    group: list[str] = Field(min_length=1, max_length=3)  # [label] or [type, from, to]
    offset: int = Field(ge=0)
    length: int = Field(ge=0)
    rows: int = Field(ge=0)


class _Header(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    format: Literal[1]
    version: str = Field(min_length=1)
    tables: list[_Table]


class SnapshotError(ValueError):
    """A snapshot that fails its checks (it is then ignored)."""


# A relationship table's endpoint columns, apart from any property name.
_ENDS = ("_from", "_to")


def _expected(table: _Table) -> tuple[pa.Schema, int]:
    """The schema graph.model gives a table's group, and how many leading key columns it has."""
    if table.kind == "node":
        (label,) = table.group if len(table.group) == 1 else ("",)
        if label not in NODE_TYPES:
            raise SnapshotError(f"unknown label {label!r}")
        return arrow_schema(node_type(label).all_props), 0
    if len(table.group) != 3:
        raise SnapshotError("a relationship group is (type, from label, to label)")
    rel, a, b = table.group
    if rel not in EDGE_TYPES or (a, b) not in edge_type(rel).ends:
        raise SnapshotError(f"unknown relationship group {table.group!r}")
    return arrow_schema(edge_type(rel).all_props, _ENDS), 2


def _stream(table: pa.Table) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _columns(values: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    if not values:
        return [[] for _ in range(width)]
    return [list(col) for col in zip(*values, strict=True)]


def save_snapshot(snapshot: Path, version: str, state: GraphState) -> None:
    """Keep `state` as the content of `version` (atomically: temporary file, then rename). A
    state that does not fit the model's types is not kept (the next build scans instead)."""
    import pyarrow as pa

    tables: list[tuple[_Table, bytes]] = []
    try:
        for label, nodes in sorted(state.nodes.items()):
            schema = arrow_schema(node_type(label).all_props)
            cols = _columns(list(nodes.values()), len(schema))
            data = _stream(pa.Table.from_arrays(cols, schema=schema))
            tables.append(
                (_Table(kind="node", group=[label], offset=0, length=0, rows=len(nodes)), data)
            )
        for group, edges in sorted(state.edges.items()):
            props = edge_type(group[0]).all_props
            schema = arrow_schema(props, _ENDS)
            keys = list(edges.keys())
            cols = [
                [k[0] for k in keys],
                [k[1] for k in keys],
                *_columns(list(edges.values()), len(props)),
            ]
            data = _stream(pa.Table.from_arrays(cols, schema=schema))
            tables.append(
                (_Table(kind="edge", group=list(group), offset=0, length=0, rows=len(edges)), data)
            )
    except (pa.ArrowException, ValueError, TypeError):
        snapshot.unlink(missing_ok=True)  # a stale one must not be taken for this version
        return
    offset = 0
    for table, data in tables:
        table.offset, table.length = offset, len(data)
        offset += len(data)
    header = _Header(format=1, version=version, tables=[t for t, _ in tables])
    head = json.dumps(header.model_dump(), separators=(",", ":")).encode()
    body = b"".join([_MAGIC, _LENGTH.pack(len(head)), head, *(data for _, data in tables)])
    write_atomic(snapshot, body, sync=False)  # a cache: a lost write costs one scan
    (snapshot.parent / _LEGACY).unlink(missing_ok=True)


def load_snapshot(snapshot: Path) -> tuple[str, GraphState]:
    """(version, state) from a snapshot file; SnapshotError (or OSError) when it fails a check."""
    import pyarrow as pa

    raw = snapshot.read_bytes()
    if not raw.startswith(_MAGIC) or len(raw) < len(_MAGIC) + _LENGTH.size:
        raise SnapshotError("not a vendorgraph snapshot")
    (size,) = _LENGTH.unpack_from(raw, len(_MAGIC))
    start = len(_MAGIC) + _LENGTH.size
    if size > _MAX_HEADER or start + size > len(raw):
        raise SnapshotError("header length out of range")
    try:
        header = _Header.model_validate_json(raw[start : start + size])
    except ValidationError as exc:
        raise SnapshotError(f"header: {exc.errors()[0]['msg']}") from None
    body = memoryview(raw)[start + size :]
    state = GraphState()
    for table in header.tables:
        expected, keys = _expected(table)
        if table.offset + table.length > len(body):
            raise SnapshotError("a table runs past the end of the file")
        try:
            reader = pa.ipc.open_stream(
                pa.py_buffer(body[table.offset : table.offset + table.length])
            )
            if not reader.schema.equals(expected):
                raise SnapshotError(f"table {table.group!r} does not have the model's schema")
            data = reader.read_all()
        except pa.ArrowException as exc:
            raise SnapshotError(f"table {table.group!r}: {type(exc).__name__}") from None
        if data.num_rows != table.rows:
            raise SnapshotError(f"table {table.group!r}: row count differs")
        columns = [data.column(i).to_pylist() for i in range(data.num_columns)]
        values = (
            list(zip(*columns[keys:], strict=True)) if len(columns) > keys else [()] * data.num_rows
        )
        if keys:
            group = (table.group[0], table.group[1], table.group[2])
            state.edges[group] = dict(
                zip(zip(columns[0], columns[1], strict=True), values, strict=True)
            )
        else:
            state.nodes[table.group[0]] = dict(zip(columns[0], values, strict=True))
    return header.version, state


def current_for(store: Store, snapshot: Path | None) -> GraphState:
    """The store's current state: from the snapshot when it matches the visible version."""
    if snapshot is None or store.backend != "neo4j":
        return current_state(store)
    try:
        version = store.version()
    except StoreUnavailable:
        version = ""
    if version and snapshot.exists():
        gc.disable()  # millions of tuples, no cycles (see graph.changes.change_set)
        try:
            saved_version, state = load_snapshot(snapshot)
            if saved_version == version:
                return state
        except (OSError, SnapshotError, ValueError):
            pass  # no usable snapshot: scan the graph instead (and the next save replaces it)
        finally:
            gc.enable()
    return current_state(store)
