"""What an exposure needs about the scenario's vendors as of a date, whoever the customer is.

The vendors' enforcement actions and precedents (customers actioned for using them), each with its
status on the date; the scenario's own status history up to the date; and every jurisdiction's
adequacy. Cached per graph version, so a portfolio run reads it once for all customers.

Known on a day means: the action (or status step) had happened by the day AND a source that records
it had been published by the day. A fact whose only sources are later is not shown, since nothing
published then could be cited for it (issue 17: no source cited before it existed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from graph import queries
from graph.dates import date_text
from graph.provenance import source_refs, status_as_of
from graph.results import Evidence, Scenario
from graph.store.protocol import Store
from graph.vocabulary import status_words

__all__ = [
    "CONTEXT_CACHE",
    "VendorContext",
    "histories",
    "known",
    "recorded_by",
    "source_dates",
    "vendor_context",
]


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
_ADEQUACY_CACHE: dict[tuple[int, str], dict[str, dict[str, Any]]] = {}


def source_dates(store: Store, ids: list[str]) -> dict[str, str | None]:
    """Each source id's date (None when undated or unknown)."""
    return {r.id: r.date for r in source_refs(store, sorted(set(ids)))}


def recorded_by(item: dict[str, Any], dates: dict[str, str | None], day: str) -> bool:
    """Whether a source that records the fact (an action or a status step) was published by the day;
    a fact that cites no source at all is judged by its own date alone."""
    cited = [s for s in item.get("sources") or [] if s]
    return not cited or any((dates.get(s) or "9999") <= day for s in cited)


def histories(
    store: Store, ids: list[str], day: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Each action's dated status steps, oldest first; with a day, only the steps known by then
    (taken by the day and recorded by a source published by the day)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in store.read(queries.ACTION_STATUSES, {"ids": ids}) if ids else []:
        out.setdefault(row["action"], []).append(row["status"])
    if day is None:
        return out
    dates = source_dates(
        store, [s for h in out.values() for st in h for s in st.get("sources") or []]
    )
    return {
        a: [st for st in h if st["date"] <= day and recorded_by(st, dates, day)]
        for a, h in out.items()
    }


def known(
    action: dict[str, Any],
    history: list[dict[str, Any]] | None,
    day: str,
    dates: dict[str, str | None],
) -> bool:
    """Whether the action was public by the day: announced (or decided), its first step taken, and
    a source recording it published."""
    if (action.get("announced") or action["date"]) > day or not recorded_by(action, dates, day):
        return False
    return history is None or bool(history)  # with a history, a step of it must be known


def _with_status(action: dict[str, Any], history: list[dict[str, Any]], day: str) -> dict[str, Any]:
    step = status_as_of(history, day)
    status = step["status"] if step else "issued"
    return {**action, "status": status,
            "status_words": status_words(action.get("kinds"), status, action.get("outcome")),
            "status_date": step["date"] if step else action.get("announced") or action["date"]}  # fmt: skip


def _actions(store: Store, vendors: list[str], day: str) -> list[dict[str, Any]]:
    """The vendors' enforcement actions issued by the day, each with its status then."""
    # A joint action (several regulators ISSUED it) comes back once per regulator: keep one.
    by_id: dict[str, dict[str, Any]] = {}
    for vendor in vendors:
        for r in store.read(queries.ACTIONS_AGAINST_VENDOR, {"vendor": vendor}):
            if r["action"]["date"] <= day:
                by_id.setdefault(r["action"]["id"], r)
    steps = histories(store, sorted(by_id), day)
    dates = source_dates(
        store, [s for r in by_id.values() for s in r["action"].get("sources") or []]
    )
    by_id = {i: r for i, r in by_id.items() if known(r["action"], steps.get(i), day, dates)}
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
    steps = histories(store, sorted({r["action"]["id"] for r in rows}), day)
    dates = source_dates(store, [s for r in rows for s in r["action"].get("sources") or []])
    return [
        {**r, "action": _with_status(r["action"], steps.get(r["action"]["id"], []), day)}
        for r in rows
        if known(r["action"], steps.get(r["action"]["id"]), day, dates)
    ]


def _action_status(store: Store, scenario: Scenario, day: str) -> tuple[str | None, list[Evidence]]:
    if scenario.action_id is None:
        return "what_if", []
    history = histories(store, [scenario.action_id], day).get(scenario.action_id, [])
    rows = store.read(queries.NODE_BY_ID, {"ids": [scenario.action_id]})
    action = rows[0]["n"] if rows else {}
    if not recorded_by(action, source_dates(store, action.get("sources") or []), day):
        history = []  # no source of the action itself published yet: not known
    kinds, outcome = action.get("kinds"), action.get("outcome")
    # Every step's sources in one read, not one read per step.
    refs = {
        r.id: r for r in source_refs(store, [i for s in history for i in s.get("sources") or []])
    }
    evidence = [
        Evidence(
            claim=f"{date_text(s['date'])}: {status_words(kinds, s['status'], outcome)}"
            + (f" - {s['note']}" if s.get("note") else ""),
            sources=[
                r for i in dict.fromkeys(s.get("sources") or []) if i
                and (r := refs[i]).date and r.date <= day
            ],
            date=s["date"],
        )
        for s in history
    ]  # fmt: skip
    step = status_as_of(history, day)
    return (step["status"] if step else None), evidence


def _adequacy(store: Store, version: str) -> dict[str, dict[str, Any]]:
    """Every jurisdiction's node by code, read once per graph version: it is the same for every
    scenario and date (a re-scoring of 14 scenarios read all of them 14 times)."""
    key = (id(store), version)
    if key not in _ADEQUACY_CACHE:
        _ADEQUACY_CACHE.clear()  # one graph version at a time is enough
        _ADEQUACY_CACHE[key] = {
            row["j"]["id"].removeprefix("jurisdiction:"): row["j"]
            for row in store.read(queries.JURISDICTIONS)
        }
    return _ADEQUACY_CACHE[key]


def vendor_context(store: Store, scenario: Scenario, as_of: date) -> VendorContext:
    """The scenario vendors' record as of a date (cached per graph version)."""
    version, day, vendors = store.version(), as_of.isoformat(), scenario.targets
    key = (id(store), version, tuple(vendors), scenario.action_id, day)
    cached = CONTEXT_CACHE.get(key)
    if cached is None:
        adequacy = _adequacy(store, version)
        status, evidence = _action_status(store, scenario, day)
        cached = VendorContext(
            _precedents(store, vendors, day), _actions(store, vendors, day), adequacy, status,
            evidence, version,
        )  # fmt: skip
        if len(CONTEXT_CACHE) >= _CACHE_SIZE:
            CONTEXT_CACHE.pop(next(iter(CONTEXT_CACHE)))
        CONTEXT_CACHE[key] = cached
    return cached
