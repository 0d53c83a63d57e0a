"""Change sets: what a build adds, removes and changes, against the graph a store holds now.

A build's desired graph is the pipeline's rows (nodes by label, relationships by (type, from
label, to label)). The current graph is read from the store with the same declared properties
(graph.model), by node id and by relationship key (type, from id, to id). Each side's content is
reduced to a tuple of its declared properties normalised to the model's kinds (a DOUBLE is a float,
an empty list is null), so both engines give the same answer for the same data, and equality of
the tuples stands in for equality of a content hash (same result, no hashing cost: a 1M-node
comparison is a dictionary walk). `record_hash` gives the stable hash a log or a consumer can
check; the change set itself carries old and new values.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import itertools
import json
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, ParamSpec, Protocol, TypeVar, cast

from graph.model import EDGE_TYPES, NODE_TYPES, Prop, edge_type, node_type
from graph.store.cypher import FROM_KEY, TO_KEY
from graph.store.protocol import Store, StoreUnavailable

__all__ = [
    "ChangeSet",
    "EdgeChange",
    "GraphState",
    "NodeChange",
    "current_state",
    "desired_state",
    "diff",
    "record_hash",
]

Kind = Literal["added", "removed", "changed"]
P = ParamSpec("P")
R = TypeVar("R")
NodeRows = Mapping[str, Sequence[Mapping[str, Any]]]
EdgeRows = Mapping[tuple[str, str, str], Sequence[Mapping[str, Any]]]


def _norm(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "DOUBLE":
        return float(value)
    if kind == "INT64":
        return int(value)
    if kind == "BOOLEAN":
        return bool(value)
    if kind == "STRING[]":
        return tuple(value) or None  # engines differ on storing [] vs null; both mean "none"
    return value


def _kinds(props: tuple[Prop, ...]) -> tuple[str, ...]:
    return tuple(p.kind for p in props)


def _normalised(kinds: tuple[str, ...], values: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_norm(k, v) for k, v in zip(kinds, values, strict=True))


def _equal(kinds: tuple[str, ...], a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    """Equal content: raw equality first (the fast path: 1 == 1.0 and list == list already
    hold), normalised only when that fails ([] against null, a list against a tuple)."""
    return a == b or _normalised(kinds, a) == _normalised(kinds, b)


def _values(names: list[str]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A row's declared values as a tuple, in declared order (itemgetter: C speed)."""
    getter = operator.itemgetter(*names)

    def values(row: Mapping[str, Any]) -> tuple[Any, ...]:
        try:
            return cast(tuple[Any, ...], getter(row))
        except KeyError:  # a row that leaves absent properties out
            return tuple(row.get(n) for n in names)

    return values


def _without_gc(func: Callable[P, R]) -> Callable[P, R]:
    """Pause the cyclic garbage collector while millions of tuples are made: they hold no
    cycles, and each automatic collection would walk the whole heap again (about half the time
    of a 1M-node change set without this)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper


class _ColumnReader(Protocol):
    def read_columns(self, cypher: str) -> dict[str, list[Any]]: ...


def _columns(store: Store, cypher: str) -> dict[str, list[Any]] | None:
    """A whole-table read as columns when the engine has a fast path for it, else None."""
    if hasattr(store, "read_columns"):  # embedded: Arrow; Neo4j: Bolt records unconverted
        return cast(_ColumnReader, store).read_columns(cypher)
    return None


def _scan(store: Store, cypher: str, names: list[str]) -> Iterator[tuple[Any, ...]]:
    """Rows of a whole-table read as tuples in the order of `names`."""
    columns = _columns(store, cypher)
    if columns is not None:
        return zip(*(columns[n] for n in names), strict=True)
    values = _values(names)
    return (values(row) for row in store.read(cypher))


Values = tuple[Any, ...]
EdgeGroup = tuple[str, str, str]  # (type, from label, to label)


def _scan_pairs(
    store: Store, cypher: str, props: list[str]
) -> Iterator[tuple[tuple[str, str], tuple[Any, ...]]]:
    """((from id, to id), values) for each relationship a whole-table read returns."""
    columns = _columns(store, cypher)
    if columns is not None:
        keys = zip(columns[FROM_KEY], columns[TO_KEY], strict=True)
        return zip(keys, zip(*(columns[n] for n in props), strict=True), strict=True)
    values = _values(props)
    return (((r[FROM_KEY], r[TO_KEY]), values(r)) for r in store.read(cypher))


@dataclass
class GraphState:
    """A graph's content, grouped as it is stored: label -> node id -> values, and
    (type, from label, to label) -> (from id, to id) -> values. Grouping lets an unchanged
    group compare as one dictionary equality, at C speed."""

    nodes: dict[str, dict[str, Values]] = field(default_factory=dict)
    edges: dict[EdgeGroup, dict[tuple[str, str], Values]] = field(default_factory=dict)

    def name(self, node_id: str) -> str | None:
        for group in self.nodes.values():
            found = group.get(node_id)
            if found is not None:
                return str(found[1]) if found[1] else None  # `name` is the 2nd property
        return None


@_without_gc
def desired_state(nodes: NodeRows, edges: EdgeRows) -> GraphState:
    """The state the pipeline's rows describe."""
    state = GraphState()
    ids = operator.itemgetter("id")
    ends = operator.itemgetter(FROM_KEY, TO_KEY)
    for label, rows in nodes.items():
        values = _values([p.name for p in node_type(label).all_props])
        state.nodes.setdefault(label, {}).update(
            zip(map(ids, rows), map(values, rows), strict=True)
        )
    for group, rows in edges.items():
        values = _values([p.name for p in edge_type(group[0]).all_props])
        state.edges.setdefault(group, {}).update(
            zip(map(ends, rows), map(values, rows), strict=True)
        )
    return state


@_without_gc
def current_state(store: Store) -> GraphState:
    """The state of the store's visible graph (empty before the first build)."""
    state = GraphState()
    try:
        if not store.version():
            return state
    except StoreUnavailable:
        return state
    first = operator.itemgetter(0)
    for label, spec in NODE_TYPES.items():
        names = [p.name for p in spec.all_props]
        ret = ", ".join(f"n.{n} AS {n}" for n in names)
        rows = list(_scan(store, f"MATCH (n:{label}) RETURN {ret}", names))
        if rows:
            state.nodes[label] = dict(zip(map(first, rows), rows, strict=True))
    for rel, espec in EDGE_TYPES.items():
        props = [p.name for p in espec.all_props]
        ret = ", ".join(f"e.{n} AS {n}" for n in props)
        for a, b in espec.ends:
            query = (
                f"MATCH (a:{a})-[e:{rel}]->(b:{b}) "
                f"RETURN a.id AS {FROM_KEY}, b.id AS {TO_KEY}, {ret}"
            )
            found = dict(_scan_pairs(store, query, props))
            if found:
                state.edges[(rel, a, b)] = found
    return state


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _as_dict(props: tuple[Prop, ...], values: tuple[Any, ...]) -> dict[str, Any]:
    normal = _normalised(_kinds(props), values)
    return {p.name: _plain(v) for p, v in zip(props, normal, strict=True) if v is not None}


def _delta(
    props: tuple[Prop, ...], old: tuple[Any, ...], new: tuple[Any, ...]
) -> tuple[dict[str, Any], dict[str, Any]]:
    before, after = {}, {}
    kinds = _kinds(props)
    old, new = _normalised(kinds, old), _normalised(kinds, new)
    for p, o, n in zip(props, old, new, strict=True):
        if o != n:
            before[p.name], after[p.name] = _plain(o), _plain(n)
    return before, after


def record_hash(values: Mapping[str, Any]) -> str:
    """A stable hash of a record's declared values (for logs and consumers)."""
    text = json.dumps(values, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


@dataclass(frozen=True)
class NodeChange:
    """A node added, removed or changed; `old`/`new` hold the values that differ (all, if added
    or removed); `name` and `sources` say what it is and where the fact comes from."""

    kind: Kind
    label: str
    id: str
    name: str
    old: dict[str, Any]
    new: dict[str, Any]
    sources: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"entity": "node", **self.__dict__}


@dataclass(frozen=True)
class EdgeChange:
    """A relationship added, removed or changed, keyed by (type, from id, to id)."""

    kind: Kind
    type: str
    from_label: str
    from_id: str
    to_label: str
    to_id: str
    old: dict[str, Any]
    new: dict[str, Any]
    sources: list[str]
    from_name: str = ""
    to_name: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"entity": "edge", **self.__dict__}


@dataclass
class ChangeSet:
    """Everything a build changes, nodes and relationships, sorted for stable output."""

    nodes: list[NodeChange] = field(default_factory=list)
    edges: list[EdgeChange] = field(default_factory=list)
    first_build: bool = False

    def __len__(self) -> int:
        return len(self.nodes) + len(self.edges)

    def counts(self) -> dict[str, int]:
        out = {f"nodes_{k}": 0 for k in ("added", "removed", "changed")}
        out.update({f"edges_{k}": 0 for k in ("added", "removed", "changed")})
        for n in self.nodes:
            out[f"nodes_{n.kind}"] += 1
        for e in self.edges:
            out[f"edges_{e.kind}"] += 1
        return out

    def as_dicts(self, limit: int | None = None) -> list[dict[str, Any]]:
        items: Iterable[NodeChange | EdgeChange] = itertools.chain(self.nodes, self.edges)
        # Only the first `limit` become dicts (a log keeps 1,000 of a 540,000-change build).
        return [i.as_dict() for i in itertools.islice(items, limit)]


def _sources(props: tuple[Prop, ...], *values: tuple[Any, ...] | None) -> list[str]:
    index = next(i for i, p in enumerate(props) if p.name == "sources")
    found: list[str] = []
    for vals in values:
        if vals is not None:
            found += [s for s in vals[index] or () if s not in found]
    return found


def _group_diff(
    kinds: tuple[str, ...], old: dict[Any, Values], new: dict[Any, Values]
) -> Iterator[tuple[Kind, Any, Values | None, Values | None]]:
    """(kind, key, old values, new values) for each key whose content differs."""
    if old == new:
        return
    missing: Values = ()
    for key in [k for k, v in new.items() if old.get(k, missing) != v]:
        before = old.get(key)
        if before is None:
            yield "added", key, None, new[key]
        elif not _equal(kinds, before, new[key]):
            yield "changed", key, before, new[key]
    for key in old.keys() - new.keys():
        yield "removed", key, old[key], None


@_without_gc
def diff(current: GraphState, desired: GraphState) -> ChangeSet:
    """The change set that turns `current` into `desired` (sorted by id / key). An id that
    moves to another label comes out as a removal and an addition, never a "change"."""
    changes = ChangeSet(first_build=not any(current.nodes.values()))
    for label in sorted(current.nodes.keys() | desired.nodes.keys()):
        kinds = _kinds(node_type(label).all_props)
        old, new = current.nodes.get(label, {}), desired.nodes.get(label, {})
        for kind, node_id, ov, nv in _group_diff(kinds, old, new):
            changes.nodes.append(_node_change(kind, label, node_id, ov, nv))
    for group in sorted(current.edges.keys() | desired.edges.keys()):
        kinds = _kinds(edge_type(group[0]).all_props)
        eold, enew = current.edges.get(group, {}), desired.edges.get(group, {})
        for kind, ends, ov, nv in _group_diff(kinds, eold, enew):
            changes.edges.append(_edge_change(kind, group, ends, ov, nv, desired, current))
    changes.nodes.sort(key=lambda c: (c.id, c.kind != "removed"))
    changes.edges.sort(key=lambda c: (c.type, c.from_id, c.to_id))
    return changes


def _edge_change(
    kind: Kind,
    group: EdgeGroup,
    ends: tuple[str, str],
    old: Values | None,
    new: Values | None,
    *states: GraphState,
) -> EdgeChange:
    rel, a, b = group
    props = edge_type(rel).all_props
    if old is not None and new is not None:
        before, after = _delta(props, old, new)
    else:
        before = _as_dict(props, old) if old is not None else {}
        after = _as_dict(props, new) if new is not None else {}
    sources = _sources(props, old, new)
    names = [next((n for st in states if (n := st.name(i))), i) for i in ends]
    return EdgeChange(kind, rel, a, ends[0], b, ends[1], before, after, sources, *names)


def _node_change(
    kind: Kind, label: str, node_id: str, old: tuple[Any, ...] | None, new: tuple[Any, ...] | None
) -> NodeChange:
    props = node_type(label).all_props
    if old is not None and new is not None:
        before, after = _delta(props, old, new)
    else:
        before = _as_dict(props, old) if old is not None else {}
        after = _as_dict(props, new) if new is not None else {}
    values = new if new is not None else old
    name = str(values[1] if values is not None and values[1] else node_id)  # `name` is 2nd
    return NodeChange(kind, label, node_id, name, before, after, _sources(props, old, new))
