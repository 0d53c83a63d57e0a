"""A change, in plain words: what the CLI, the "What changed" page and the change report say.

Works on the change dicts of the change log (graph.changes.change_set `as_dict`), so a log written by an
older build reads the same. Sources are named by title when a lookup is given, else by id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from graph import vocabulary

__all__ = ["describe", "describe_alert", "listed", "summary"]

SourceName = Callable[[str], str]


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def _props(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    keys = [k for k in new if k != "sources"] or [k for k in old if k != "sources"]
    return "; ".join(f"{k} {_value(old.get(k))} → {_value(new.get(k))}" for k in keys[:6])


def _sources(change: Mapping[str, Any], name: SourceName | None) -> str:
    ids = change.get("sources") or []
    if not ids:
        return ""
    names = [name(i) if name else i for i in ids[:3]]
    more = f" and {len(ids) - 3} more" if len(ids) > 3 else ""
    return f" (source: {'; '.join(names)}{more})"


def _node(change: Mapping[str, Any]) -> str:
    kind, label, name = change["kind"], change["label"], change["name"]
    values = change["new"] or change["old"]
    if label == "ListedEntity" and kind != "changed":
        where = "added to" if kind == "added" else "removed from"
        return f"“{name}” {where} the {vocabulary.list_name(values.get('list', '?'))}"
    if label == "StatusEvent" and kind == "added":
        return (
            f"{values.get('action_id', '?')}: status {values.get('status')} on {values.get('date')}"
        )
    if kind == "changed":
        return f"{vocabulary.label(label).capitalize()} “{name}” changed: {_props(change['old'], change['new'])}"
    return f"{vocabulary.label(label).capitalize()} “{name}” {kind}"


def _edge(change: Mapping[str, Any]) -> str:
    a = change.get("from_name") or change["from_id"]
    b = change.get("to_name") or change["to_id"]
    verb = vocabulary.relation(change["type"])
    text = f"“{a}” {verb} “{b}”"
    if change["kind"] == "changed":
        return f"{text}: {_props(change['old'], change['new'])}"
    return f"{text}: {'new' if change['kind'] == 'added' else 'no longer'}"


def describe(change: Mapping[str, Any], source_name: SourceName | None = None) -> str:
    """One sentence for one change dict, with its sources."""
    text = _node(change) if change.get("entity") == "node" else _edge(change)
    return text + _sources(change, source_name)


def describe_alert(alert: Mapping[str, Any], *, customer: bool = True) -> str:
    """“Customer — scenario: 0.0 (low) → 77.0 (critical), band low -> critical”."""
    before = alert.get("before")
    then = f"{before['score']:.1f} ({before['band']})" if before else "not assessed"
    after = alert["after"]
    who = f"{alert['customer']} — " if customer else ""
    return (
        f"{who}{alert['scenario']}: {then} → "
        f"{after['score']:.1f} ({after['band']}), {alert['reason']}"
    )


def listed(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The changes worth a line: a CITES link is already said by its fact's sources."""
    return [c for c in changes if c.get("type") != "CITES"]


def summary(counts: Mapping[str, int]) -> str:
    """“2 nodes added, 1 changed; 8 relationships added” (nothing said for zeros)."""
    parts = []
    for entity, word in (("nodes", "node"), ("edges", "relationship")):
        bits = [
            f"{counts.get(f'{entity}_{kind}', 0)} {kind}"
            for kind in ("added", "changed", "removed")
            if counts.get(f"{entity}_{kind}", 0)
        ]
        if bits:
            total = sum(counts.get(f"{entity}_{k}", 0) for k in ("added", "changed", "removed"))
            parts.append(f"{word}s ({total}): " + ", ".join(bits))
    return "; ".join(parts) or "no change"
