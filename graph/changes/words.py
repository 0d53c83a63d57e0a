"""A change, in plain words: what the CLI, the "What changed" page and the change report say,
and in what order: the first build is one baseline line, alerts come by severity and grouped by
customer with the biggest move first, and a name a reviewer rejected raises no alert of its own.

Works on the change dicts of the change log (graph.changes.change_set `as_dict`), so a log written by an
older build reads the same. Sources are named by title when a lookup is given, else by id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from graph import vocabulary

__all__ = [
    "baseline",
    "by_customer",
    "describe",
    "describe_alert",
    "how_built",
    "listed",
    "raised",
    "severity",
    "summary",
]

SourceName = Callable[[str], str]

# How a build was written, in words (the change log records the engine and graph.changes' mode).
_ENGINES = {"ladybug": "the embedded store", "neo4j": "Neo4j"}
_HOW = {
    "new-file": "as a new database file",
    "first-load": "as a first load",
    "one-transaction": "in one transaction",
    "staged": "in staged batches",
}


def how_built(entry: Mapping[str, Any]) -> str:
    """“in the embedded store as a new database file”."""
    engine = _ENGINES.get(str(entry.get("backend") or ""), str(entry.get("backend") or "?"))
    how = _HOW.get(str(entry.get("mode") or ""), "")
    return f"in {engine}" + (f" {how}" if how else "")


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def _props(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    keys = [k for k in new if k != "sources"] or [k for k in old if k != "sources"]
    return "; ".join(
        f"{k.replace('_', ' ')} {_value(old.get(k))} → {_value(new.get(k))}" for k in keys[:6]
    )


def _sources(change: Mapping[str, Any], name: SourceName | None) -> str:
    ids = change.get("sources") or []
    if not ids:
        return ""
    # An inventory's id is the app's bookkeeping: without its title, it is "the customer's inventory".
    said = [name(i) if name else i for i in ids[:3]]
    names = ["the customer's inventory" if n.startswith("source:inventory:") else n for n in said]
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
    if label == "Mention" and values.get("evidence"):
        # The resolver's own sentence says what the name is now, in words (no ids or scores).
        return f"Supplier name “{name}”: {values['evidence']}"
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


_BAND_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def baseline(entry: Mapping[str, Any]) -> str | None:
    """The line a first build gets instead of a list of everything it "added" (None after it)."""
    if entry.get("previous"):
        return None
    counts = entry.get("counts", {})
    nodes, links = counts.get("nodes_added", 0), counts.get("edges_added", 0)
    return (
        f"First build: the baseline later builds are compared with ({nodes:,} facts and "
        f"{links:,} links between them). Nothing is listed as changed."
    )


def _folded(name: Any) -> str:
    return " ".join(str(name or "").casefold().split())


def _made_by_rejection(changes: list[dict[str, Any]]) -> set[str]:
    """Vendors and products this build made because a reviewer rejected the name they were
    linked to (a rejected name stands apart as its own supplier): they are not news."""
    rejected = {
        _folded(c.get("name"))
        for c in changes
        if c.get("label") == "Mention" and (c.get("new") or {}).get("status") == "rejected"
    }
    return {
        str(c["id"])
        for c in changes
        if c.get("entity") == "node" and c.get("label") in ("Vendor", "Product")
        and c.get("kind") == "added" and _folded(c.get("name")) in rejected
    }  # fmt: skip


def _about_rejection(alert: Mapping[str, Any], made: set[str]) -> bool:
    """A what-if new with this build about a supplier a rejection made (its scenario names the
    vendor, or its facts are that supplier's arrival)."""
    if not alert.get("what_if") or not made or alert.get("before"):
        return False
    scenario = f"{alert.get('scenario_id', '')}:"
    if any(f":{m.split(':', 1)[-1]}:" in scenario for m in made if m.startswith("vendor:")):
        return True
    return any(
        f.get("kind") == "added" and (f.get("id") in made or f.get("from_id") in made)
        for f in alert.get("facts") or []
    )


def severity(alert: Mapping[str, Any]) -> tuple[int, bool, float, str]:
    """Sort key: the band reached (critical first), a real order before a what-if, the biggest
    move first."""
    band = _BAND_RANK.get(str(alert["after"]["band"]), 4)
    return (
        band,
        bool(alert.get("what_if")),
        -abs(float(alert.get("delta") or 0.0)),
        str(alert["customer"]),
    )


def raised(entry: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The build's alerts worth a person's time, by severity: none about a supplier that exists
    only because a reviewer rejected a name."""
    made = _made_by_rejection(list(entry.get("changes") or []))
    alerts = [a for a in entry.get("alerts") or [] if not _about_rejection(a, made)]
    return sorted(alerts, key=severity)


def by_customer(alerts: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """(customer, its alerts by severity), the customer with the biggest move first."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for alert in alerts:
        groups.setdefault(str(alert["customer"]), []).append(alert)
    ordered = sorted(
        groups.items(), key=lambda g: (-max(abs(float(a.get("delta") or 0)) for a in g[1]), g[0])
    )
    return [(name, sorted(items, key=severity)) for name, items in ordered]
