"""Reader for the curated knowledge base: YAML files of sources, nodes and edges (graph/data/README.md).

Yields validated NodeRecords and PendingEdges (endpoints by id; the pipeline resolves labels once
every node is known). Enforcement actions' `status_history` lists become StatusEvent nodes joined
by HAS_STATUS. (CITES edges are drawn by the pipeline for every record that names sources.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from graph.exposure.jurisdictions import uncurated_jurisdictions
from graph.model import NODE_TYPES
from graph.records import NodeRecord, edge_props_model
from ingest.knowledge_rules import Known, PackRecords, PendingEdge, Where, check_pack
from ingest.limits import MAX_KB_FILE_BYTES, MAX_YAML_DEPTH, one_line
from ingest.problems import InputError, Rejections

__all__ = ["PendingEdge", "Where", "read_kb", "read_kb_file"]

_LINE = "__line__"
_UNDATED_SOURCE = (
    "source {!r} has no date: give its publication or document date (YYYY-MM-DD, or YYYY-MM or "
    "YYYY where only the month or the year is known)"
)


# libyaml's parser where the wheel has it (ten times faster); the pure-Python one otherwise.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):  # type: ignore[valid-type, misc]
    """A safe loader that remembers the line each mapping starts on."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {
        str(k): v for k, v in loader.construct_mapping(node, deep=True).items()
    }
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)
# Dates stay ISO strings: the model stores strings, and YAML's own date type would not round-trip.
_LineLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _check_tree(path: str, root: yaml.Node) -> None:
    """Refuse deep nesting and aliases before any Python object is built.

    Building recurses once per level (deep enough and the interpreter's C stack overflows, which
    no `except` catches), and an alias `*a` reuses one collection, so nested aliases ("billion
    laughs") make a small file expand exponentially. The curated files nest a few levels and
    use no aliases.
    """
    seen: set[int] = set()
    todo: list[tuple[yaml.Node, int]] = [(root, 1)]
    while todo:
        node, depth = todo.pop()
        if not isinstance(node, yaml.CollectionNode):
            continue
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise InputError(
                path, line, "YAML aliases (*name) of lists or mappings are not supported"
            )
        if depth > MAX_YAML_DEPTH:
            raise InputError(path, line, f"YAML nested deeper than {MAX_YAML_DEPTH} levels")
        seen.add(id(node))
        for child in node.value:
            pairs = child if isinstance(child, tuple) else (child,)
            todo.extend((n, depth + 1) for n in pairs)


def _load(path: Path, shown: str) -> dict[str, Any]:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(shown, None, "not a regular file")
        if size > MAX_KB_FILE_BYTES:
            raise InputError(
                shown, None, f"{size} bytes is over the {MAX_KB_FILE_BYTES}-byte limit"
            )
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            shown, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    except OSError as exc:
        raise InputError(shown, None, exc.strerror or str(exc)) from None
    loader = _LineLoader(text)
    try:
        root = loader.get_single_node()  # libyaml composes the node tree without recursing
        if root is not None:
            _check_tree(shown, root)
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = one_line(str(getattr(exc, "problem", exc)))
        raise InputError(shown, line, f"invalid YAML: {problem}") from None
    finally:
        loader.dispose()
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(shown, 1, "expected a mapping with keys sources, nodes, edges")
    unknown = set(data) - {"sources", "nodes", "edges", "rules", _LINE}
    if unknown:
        raise InputError(shown, 1, f"unknown top-level keys: {', '.join(sorted(unknown))}")
    return data


def _node(
    entry: dict[str, Any], file: str, rejections: Rejections, where: Where
) -> Iterator[NodeRecord | PendingEdge]:
    line = int(entry.pop(_LINE, 0))
    label = entry.pop("label", None)
    if not isinstance(label, str) or label not in NODE_TYPES:
        rejections.add(file, line, "label", f"unknown label {label!r}")
        return
    history = entry.pop("status_history", None) if label == "EnforcementAction" else None
    try:
        record = NodeRecord.of(label, **entry)
    except ValidationError as exc:
        rejections.add_validation(file, line, exc)
        return
    if record.id in where:
        first = ":".join(map(str, where[record.id]))
        rejections.add(file, line, "id", f"{record.id!r} is defined twice (first at {first})")
        return
    where[record.id] = (file, line)
    yield record
    if history is not None and not isinstance(history, list):
        rejections.add(file, line, "status_history", "expected a list of mappings")
        history = None
    for index, step in enumerate(history or [], start=1):
        if not isinstance(step, dict):
            rejections.add(file, line, f"status_history.{index}", "expected a mapping")
            continue
        step_line = int(step.pop(_LINE, line))
        try:
            event = NodeRecord.of(
                "StatusEvent",
                id=f"{record.id}#{index}",
                name=f"{step.get('status')} {step.get('date')}",
                action_id=record.id,
                **step,
            )
        except ValidationError as exc:
            rejections.add_validation(file, step_line, exc)
            continue
        where.setdefault(event.id, (file, step_line))
        yield event
        yield PendingEdge("HAS_STATUS", record.id, event.id, {}, file, step_line)


def _edge(entry: dict[str, Any], file: str, rejections: Rejections) -> PendingEdge | None:
    line = int(entry.pop(_LINE, 0))
    rel_type, src, dst = entry.pop("type", None), entry.pop("from", None), entry.pop("to", None)
    for name, value in (("type", rel_type), ("from", src), ("to", dst)):
        if not isinstance(value, str) or not value:
            rejections.add(file, line, name, "required")
            return None
    try:
        props = edge_props_model(str(rel_type)).model_validate(entry).model_dump()
    except KeyError as exc:
        rejections.add(file, line, "type", str(exc.args[0]))
        return None
    except ValidationError as exc:
        rejections.add_validation(file, line, exc)
        return None
    return PendingEdge(str(rel_type), str(src), str(dst), props, file, line)


def read_kb_file(
    path: Path,
    rejections: Rejections,
    where: Where | None = None,
    *,
    shown: str | None = None,
    rules: bool = True,
) -> Iterator[NodeRecord | PendingEdge]:
    """Records from one knowledge-base file; bad entries go to `rejections`, named `shown` (the
    user's path; default `path`). Where each node starts is added to `where` (node id -> (file,
    line)). `rules` (cited constants) are the bundle's own: a user's pack may not set them."""
    data = _load(path, shown or str(path))
    file = shown or str(path)
    where = {} if where is None else where
    if not rules and "rules" in data:
        raise InputError(file, 1, "rules: a knowledge pack cannot change the bundled rules")
    for entry in _entries(data, "sources", file, rejections):
        if not entry.get("date"):
            # An undated source would pass every as-of filter and be cited before it existed.
            rejections.add(
                file, int(entry.get(_LINE, 0)), "date", _UNDATED_SOURCE.format(entry.get("id"))
            )
            continue
        yield from _node({"label": "Source", **entry}, file, rejections, where)
    for entry in _entries(data, "nodes", file, rejections):
        yield from _node(entry, file, rejections, where)
    for entry in _entries(data, "edges", file, rejections):
        edge = _edge(entry, file, rejections)
        if edge is not None:
            yield edge


def _entries(
    data: dict[str, Any], key: str, file: str, rejections: Rejections
) -> Iterator[dict[str, Any]]:
    """The mappings listed under a top-level key; anything else there is a rejection."""
    entries = data.get(key) or []
    if not isinstance(entries, list):
        rejections.add(file, int(data.get(_LINE, 1)), key, "expected a list of mappings")
        return
    for entry in entries:
        if isinstance(entry, dict):
            yield dict(entry)
        else:
            rejections.add(file, 1, key, f"expected a mapping, found {type(entry).__name__}")


def read_kb(directory: Path, rejections: Rejections) -> Iterator[NodeRecord | PendingEdge]:
    """Records from every `*.yaml` file in a knowledge-base directory, in name order."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise InputError(directory, None, "no knowledge-base files (*.yaml) found")
    records: list[NodeRecord | PendingEdge] = []
    where: Where = {}
    for path in files:
        records.extend(read_kb_file(path, rejections, where))
    # The bundle is a knowledge pack like any user's: the same rules, on the whole of it.
    check_pack(PackRecords(records, where), Known(), rejections)
    yield from records
    jurisdictions = {
        r.id for r in records if isinstance(r, NodeRecord) and r.label == "Jurisdiction"
    }
    # With a curated adequacy list, every other ISO 3166-1 country exists too (no UK adequacy
    # decision), so an inventory may name any country. Without one, absence would mean nothing.
    if jurisdictions:
        yield from uncurated_jurisdictions(jurisdictions)
