"""What an exposure needs about the scenario's vendors as of a date, whoever the customer is.

The vendors' enforcement actions and precedents (customers actioned for using them), each with its
status on the date; the scenario's own status history up to the date; and every jurisdiction's
adequacy. Cached per graph version, so a portfolio run reads it once for all customers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from graph import queries
from graph.provenance import source_refs, status_as_of
from graph.results import Evidence, Scenario
from graph.store.protocol import Store

__all__ = ["CONTEXT_CACHE", "VendorContext", "histories", "vendor_context"]


@dataclass(frozen=True)
class VendorContext:
    """The scenario vendors' record as of a date."""

    precedents: list[dict[str, Any]]
    actions: list[dict[str, Any]]
    adequacy: dict[str, dict[str, Any]]
    status: str | None
    status_evidence: list[Evidence]
    version: str


# Shared by every customer of a portfolio run: keyed by graph version so a rebuild invalidates it.
CONTEXT_CACHE: dict[tuple[int, str, tuple[str, ...], str | None, str], VendorContext] = {}
_CACHE_SIZE = 64


def histories(store: Store, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each action's dated status steps, oldest first."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in store.read(queries.ACTION_STATUSES, {"ids": ids}) if ids else []:
        out.setdefault(row["action"], []).append(row["status"])
    return out


def _known(action: dict[str, Any], history: list[dict[str, Any]], day: str) -> bool:
    """Whether the action was public by the day: announced (or decided) and its first step taken."""
    if (action.get("announced") or action["date"]) > day:
        return False
    return not history or history[0]["date"] <= day


def _with_status(action: dict[str, Any], history: list[dict[str, Any]], day: str) -> dict[str, Any]:
    step = status_as_of(history, day)
    return {**action, "status": step["status"] if step else "issued",
            "status_date": step["date"] if step else action.get("announced") or action["date"]}  # fmt: skip


def _actions(store: Store, vendors: list[str], day: str) -> list[dict[str, Any]]:
    """The vendors' enforcement actions issued by the day, each with its status then."""
    # A joint action (several regulators ISSUED it) comes back once per regulator: keep one.
    by_id: dict[str, dict[str, Any]] = {}
    for vendor in vendors:
        for r in store.read(queries.ACTIONS_AGAINST_VENDOR, {"vendor": vendor}):
            if r["action"]["date"] <= day:
                by_id.setdefault(r["action"]["id"], r)
    steps = histories(store, sorted(by_id))
    by_id = {i: r for i, r in by_id.items() if _known(r["action"], steps.get(i, []), day)}
    return [
        _with_status(by_id[i]["action"], steps.get(i, []), day) for i in sorted(by_id, key=lambda i: (by_id[i]["action"]["date"], i))
    ]  # fmt: skip


def _precedents(store: Store, vendors: list[str], day: str) -> list[dict[str, Any]]:
    """Customers actioned for using the vendors by the day, each action with its status then."""
    rows = [
        r
        for vendor in vendors
        for r in store.read(queries.PRECEDENTS, {"vendor": vendor})
        if r["action"]["date"] <= day
    ]
    steps = histories(store, sorted({r["action"]["id"] for r in rows}))
    return [
        {**r, "action": _with_status(r["action"], steps.get(r["action"]["id"], []), day)}
        for r in rows
        if _known(r["action"], steps.get(r["action"]["id"], []), day)
    ]


def _action_status(store: Store, scenario: Scenario, day: str) -> tuple[str | None, list[Evidence]]:
    if scenario.action_id is None:
        return "what_if", []
    history = histories(store, [scenario.action_id]).get(scenario.action_id, [])
    evidence = [
        Evidence(
            claim=f"{s['date']}: {s['status']}" + (f" - {s['note']}" if s.get("note") else ""),
            sources=[r for r in source_refs(store, s.get("sources") or []) if not r.date or r.date <= day],
            date=s["date"],
        )
        for s in history
        if s["date"] <= day
    ]  # fmt: skip
    step = status_as_of(history, day)
    return (step["status"] if step else None), evidence


def vendor_context(store: Store, scenario: Scenario, as_of: date) -> VendorContext:
    """The scenario vendors' record as of a date (cached per graph version)."""
    version, day, vendors = store.version(), as_of.isoformat(), scenario.targets
    key = (id(store), version, tuple(vendors), scenario.action_id, day)
    cached = CONTEXT_CACHE.get(key)
    if cached is None:
        adequacy = {
            row["j"]["id"].removeprefix("jurisdiction:"): row["j"]
            for row in store.read(queries.JURISDICTIONS)
        }
        status, evidence = _action_status(store, scenario, day)
        cached = VendorContext(
            _precedents(store, vendors, day), _actions(store, vendors, day), adequacy, status,
            evidence, version,
        )  # fmt: skip
        if len(CONTEXT_CACHE) >= _CACHE_SIZE:
            CONTEXT_CACHE.pop(next(iter(CONTEXT_CACHE)))
        CONTEXT_CACHE[key] = cached
    return cached
