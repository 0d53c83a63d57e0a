"""The embedded default store: LadybugDB files under a data directory, swapped in atomically.

Layout of the data directory:
    CURRENT            name of the visible build (replaced with os.replace, which is atomic)
    builds/<name>/     one LadybugDB database per build
    ingest.lock        held while a build is written, so two ingests cannot interleave

A build writes a new database (a copy of the current one, or empty with `fresh=True`) and only
then points CURRENT at it. Readers look at CURRENT on every query, so a running dashboard moves to
a new graph without a restart and never sees a half-built one; a failed or killed build leaves an
orphan folder that the next build removes, with the build it replaced. Replacing CURRENT is the
build's commit point: a `commit` hook (graph.store.journal) is told the new name just before.

A CURRENT that does not name a complete build (damaged, emptied, edited, pointing outside
`builds/`) is no graph: reads say so in one line and the next build starts afresh, so the
rebuild that repairs it is never blocked by it.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import stat
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ladybug

from graph.model import edge_type, node_type
from graph.store.arrow import arrow_schema, arrow_table
from graph.store.cypher import FROM_KEY, TO_KEY, ladybug_ddl, merge_edges, merge_nodes
from graph.store.files import fsync_dir, write_atomic
from graph.store.protocol import (
    CommitHook,
    QueryError,
    ReadOnlyViolation,
    StoreUnavailable,
    normal_node,
    normal_rel,
)

__all__ = ["LadybugStore"]

_DB_FILE = "graph.lbug"
# What `build` names a build: time stamp, pid, a counter (nothing else is ever followed).
_BUILD_NAME = re.compile(r"\d{8}T\d{6}-\d{1,10}-\d{1,7}")


if TYPE_CHECKING:
    pass


# Below this many rows a COPY's fixed cost (about 40 ms here) outweighs MERGE's per-row cost.
_COPY_MIN_ROWS = 2_000
# LadybugDB's page cache takes 80% of the machine's memory by default; a build or a reader needs
# far less (a 50,000-row inventory's whole graph is an 80 MB file), and a bound keeps several
# processes (dashboard, CLI, console workers) from each claiming most of the machine.
_BUFFER_POOL = 1 << 30


class _Writer:
    """Batched upserts into one open read-write connection.

    A fresh database is filled by `COPY FROM` Arrow tables (about 300,000 rows/s here, against
    under 20,000/s for UNWIND ... MERGE with typed columns). Rows are buffered per table, keyed by
    id (or by endpoints), so a row written twice is an upsert, and each table is copied in ONE
    statement: LadybugDB 0.22 loses primary-key lookups for a later relationship COPY when a node
    table was filled by several COPY statements. Tables already copied, small tables and
    non-fresh builds go by MERGE.
    """

    def __init__(self, conn: ladybug.Connection, *, bulk: bool) -> None:
        self._conn = conn
        self._bulk = bulk
        self._nodes: dict[str, dict[str, Mapping[str, Any]]] = {}
        self._edges: dict[tuple[str, str, str], dict[tuple[str, str], Mapping[str, Any]]] = {}
        self._copied: set[str] = set()

    def write_nodes(self, label: str, rows: Sequence[Mapping[str, Any]]) -> None:
        node_type(label)  # an unknown label fails here, not at flush
        if not self._bulk:
            if rows:
                self._conn.execute(merge_nodes(label, "ladybug"), {"rows": list(rows)})
            return
        buffer = self._nodes.setdefault(label, {})
        for row in rows:
            buffer[row["id"]] = row

    def write_edges(
        self, rel_type: str, from_label: str, to_label: str, rows: Sequence[Mapping[str, Any]]
    ) -> None:
        statement = merge_edges(rel_type, from_label, to_label, "ladybug")  # validates the pair
        if not self._bulk:
            if rows:
                self._conn.execute(statement, {"rows": list(rows)})
            return
        buffer = self._edges.setdefault((rel_type, from_label, to_label), {})
        for row in rows:
            buffer[(row[FROM_KEY], row[TO_KEY])] = row

    def flush(self) -> None:
        """Write everything buffered: every node table, then every relationship table."""
        # Each table is taken out of the buffer as it is written, so its rows and its Arrow copy
        # are freed before the next one is built.
        while self._nodes:
            label = next(iter(self._nodes))  # in the order written
            buffered = self._nodes.pop(label)
            rows = list(buffered.values())
            del buffered
            if len(rows) >= _COPY_MIN_ROWS and label not in self._copied:
                table = arrow_table(arrow_schema(node_type(label).all_props), rows)
                self._conn.execute(f"COPY {label} FROM $rows", {"rows": table})
                self._copied.add(label)
            else:
                for start in range(0, len(rows), _COPY_MIN_ROWS):
                    batch = rows[start : start + _COPY_MIN_ROWS]
                    self._conn.execute(merge_nodes(label, "ladybug"), {"rows": batch})
        while self._edges:
            rel_type, a, b = next(iter(self._edges))
            edges = self._edges.pop((rel_type, a, b))
            rows = list(edges.values())
            del edges
            key = f"{rel_type}:{a}:{b}"
            if len(rows) >= _COPY_MIN_ROWS and key not in self._copied:
                props = edge_type(rel_type).all_props
                ends = {"from": FROM_KEY, "to": TO_KEY}
                table = arrow_table(arrow_schema(props, ("from", "to")), rows, ends)
                self._conn.execute(
                    f"COPY {rel_type} FROM $rows (from='{a}', to='{b}')", {"rows": table}
                )
                self._copied.add(key)
            else:
                statement = merge_edges(rel_type, a, b, "ladybug")
                for start in range(0, len(rows), _COPY_MIN_ROWS):
                    self._conn.execute(statement, {"rows": rows[start : start + _COPY_MIN_ROWS]})


def normalise_value(value: Any) -> Any:
    """Convert LadybugDB values into the shared row shape (see graph.store.protocol)."""
    if isinstance(value, dict):
        if "_NODES" in value and "_RELS" in value:
            return {
                "nodes": [normalise_value(n) for n in value["_NODES"]],
                "rels": [normalise_value(r) for r in value["_RELS"]],
            }
        if "_SRC" in value and "_LABEL" in value:
            return normal_rel(value["_LABEL"], value)
        if "_ID" in value and "_LABEL" in value:
            return normal_node(value["_LABEL"], value)
        return {k: normalise_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise_value(v) for v in value]
    return value


def _remove_path(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


class LadybugStore:
    """The Store protocol on LadybugDB files under `data_dir`."""

    backend = "ladybug"

    def __init__(
        self, data_dir: Path, *, timeout_ms: int = 30_000, console_memory_mb: int = 1024
    ) -> None:
        self.data_dir = Path(data_dir)
        self.timeout_ms = timeout_ms
        self.console_memory_mb = console_memory_mb
        self._lock = threading.Lock()
        self._open_name: str | None = None
        self._db: ladybug.Database | None = None

    # -- reading ---------------------------------------------------------------------------
    def current(self) -> str | None:
        """The name of the visible build, or None before the first ingest or when CURRENT does
        not name a complete build (see `damaged`)."""
        pointer = self.data_dir / "CURRENT"
        try:
            if not stat.S_ISREG(os.lstat(pointer).st_mode):
                return None  # a link, folder or device is never followed
            fd = os.open(pointer, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            raw = os.read(fd, 200)
        finally:
            os.close(fd)
        name = raw.decode("ascii", "replace").strip()
        if not _BUILD_NAME.fullmatch(name):
            return None
        if not (self.data_dir / "builds" / name / _DB_FILE).is_file():
            return None
        return name

    def damaged(self) -> bool:
        """CURRENT exists but names no complete build."""
        pointer = self.data_dir / "CURRENT"
        return (pointer.exists() or pointer.is_symlink()) and self.current() is None

    def version(self) -> str:
        return self.current() or ""

    def _connection(self) -> ladybug.Connection:
        name = self.current()
        if name is None:
            if self.damaged():
                raise StoreUnavailable(
                    f"{self.data_dir / 'CURRENT'} does not name a complete graph build: "
                    "run `vendorgraph ingest` to rebuild the graph"
                )
            raise StoreUnavailable(
                f"no graph in {self.data_dir}: run `vendorgraph ingest` (or `vendorgraph demo`) first"
            )
        with self._lock:
            if name != self._open_name or self._db is None:
                path = self.data_dir / "builds" / name / _DB_FILE
                try:
                    # Read-only at the engine level: a write cannot get through this door at all.
                    self._db = ladybug.Database(
                        str(path), read_only=True, buffer_pool_size=_BUFFER_POOL
                    )
                except RuntimeError as exc:
                    raise StoreUnavailable(f"cannot open graph {path}: {exc}") from None
                self._open_name = name
            conn = ladybug.Connection(self._db)
        conn.set_query_timeout(self.timeout_ms)
        return conn

    def read(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, limit: int | None = None
    ) -> list[dict[str, Any]]:
        conn = self._connection()
        try:
            result = conn.execute(cypher, dict(params or {}))
        except RuntimeError as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "read only" in message.lower() or "read-only" in message.lower():
                raise ReadOnlyViolation(f"refused: {message}") from None
            raise QueryError(message) from None
        if isinstance(result, list):  # several statements: answer with the last
            result = result[-1]
        columns = result.get_column_names()
        rows: list[dict[str, Any]] = []
        while result.has_next():
            if limit is not None and len(rows) >= limit:
                break
            values = result.get_next()
            rows.append({c: normalise_value(v) for c, v in zip(columns, values, strict=True)})
        return rows

    def visible_database(self) -> Path:
        """The database file of the visible build (StoreUnavailable before the first ingest)."""
        name = self.current()
        if name is None:
            self._connection()  # raises the usual "no graph" message
            raise AssertionError("unreachable")
        return self.data_dir / "builds" / name / _DB_FILE

    def read_columns(self, cypher: str) -> dict[str, list[Any]]:
        """A whole read as columns (Arrow under the hood): the fast path for scanning a graph
        (graph.changes.change_set reads every node and relationship of a build this way)."""
        result = self._connection().execute(cypher)
        if isinstance(result, list):
            result = result[-1]
        table = result.get_as_arrow()
        return {name: table.column(name).to_pylist() for name in table.column_names}

    # -- building --------------------------------------------------------------------------
    @contextmanager
    def build(self, *, fresh: bool = False, commit: CommitHook | None = None) -> Iterator[_Writer]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        builds = self.data_dir / "builds"
        builds.mkdir(exist_ok=True)
        with open(self.data_dir / "ingest.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreUnavailable(f"another ingest is writing to {self.data_dir}") from None
            self._remove_stale()
            name = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
            target = builds / name
            target.mkdir()
            previous = self.current()
            try:
                if previous and not fresh:
                    shutil.copy2(builds / previous / _DB_FILE, target / _DB_FILE)
                db = ladybug.Database(str(target / _DB_FILE), buffer_pool_size=_BUFFER_POOL)
                conn = ladybug.Connection(db)
                for statement in ladybug_ddl():
                    conn.execute(statement)
                writer = _Writer(conn, bulk=fresh or previous is None)
                yield writer
                writer.flush()
                conn.close()
                db.close()  # checkpoints: the file is complete before it becomes visible
                fsync_dir(target)
                if commit is not None:
                    commit.prepare(self.backend, name)
            except BaseException:
                shutil.rmtree(target, ignore_errors=True)
                raise
            pointer = self.data_dir / "CURRENT"
            if (
                pointer.is_symlink() or pointer.is_dir()
            ):  # a damaged pointer is replaced, not followed
                _remove_path(pointer)
            write_atomic(pointer, name)  # the commit point

    def _remove_stale(self) -> None:
        # Everything but the visible build goes: the previous graph (a reader that still has it
        # open keeps its file handle on POSIX) and any build a failed or killed ingest left behind.
        current = self.current()
        for path in (self.data_dir / "builds").iterdir():
            if path.name != current:
                _remove_path(path)
        for stale in self.data_dir.glob("CURRENT.tmp"):  # left by an older version
            _remove_path(stale)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
            self._db = None
            self._open_name = None
