"""Scenarios: ready ones derived from the real enforcement actions in the graph, and what-ifs.

A ready scenario takes its vendor, orders, jurisdiction, date and sources from an action (e.g.
"ICO enforcement notice against Clearview, May 2022"); a what-if is composed by the user.
"""

from __future__ import annotations

from typing import Any

from graph import queries, vocabulary
from graph.dates import date_text, day_text
from graph.model import Event
from graph.provenance import source_refs
from graph.results import Scenario
from graph.store.protocol import Store

__all__ = [
    "EVENT_LABELS",
    "EVENT_PRIORITY",
    "UnknownScenario",
    "compose",
    "find_scenario",
    "list_scenarios",
]

# An action that orders several things is read as its most disruptive order.
EVENT_PRIORITY = (
    Event.SANCTIONS_DESIGNATION,
    Event.STOP_PROCESSING,
    Event.STOP_COLLECTION,
    Event.DELETION,
    Event.VENDOR_EXIT,
    Event.SITE_RESTRICTION,
    Event.ADEQUACY_WITHDRAWN,
    Event.FINE,
)

EVENT_LABELS = {
    Event.STOP_PROCESSING: "stop-processing order",
    Event.DELETION: "deletion order",
    Event.STOP_COLLECTION: "stop-collection order",
    Event.FINE: "fine",
    Event.SANCTIONS_DESIGNATION: "sanctions designation",
    Event.ADEQUACY_WITHDRAWN: "UK adequacy withdrawn",
    Event.VENDOR_EXIT: "vendor exit",
    Event.SITE_RESTRICTION: "restriction at a class of sites",
}


class UnknownScenario(LookupError):
    """No scenario with that id."""


def _scenario_id(action_id: str) -> str:
    return action_id.removeprefix("action:")


def _from_action(row: dict[str, Any], store: Store) -> Scenario | None:
    action = row["action"]
    # The events an action carries are the ones its kinds can carry (graph.vocabulary.ACTION_KINDS):
    # a statement restricts a class of sites, it never makes a vendor leave the market.
    allowed = vocabulary.kind_events(action.get("kinds"))
    orders = [Event(o) for o in action.get("orders") or [] if o in Event._value2member_map_]
    orders = [o for o in orders if o in allowed]
    if not orders:
        return None
    event = next(e for e in EVENT_PRIORITY if e in orders)
    regulator = ", ".join(row.get("regulators") or [row["regulator"]["name"]])
    vendors: dict[str, str] = row.get("vendors") or {row["vendor_id"]: row["vendor"]}
    ids = sorted(vendors)
    names = [vendors[i] for i in ids]
    return Scenario(
        id=_scenario_id(action["id"]),
        name=f"{action['name']} ({date_text(action['date'][:7])})",
        event=event,
        vendor_id=ids[0],
        vendor=names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1],
        vendor_ids=ids,
        vendors=names,
        scope=action.get("scope") or "not_stated",
        scope_note=action.get("scope_note"),
        jurisdiction=action.get("jurisdiction"),
        effective_date=action.get("announced") or action["date"],
        action_id=action["id"],
        description=f"{regulator}: {action.get('ordered') or EVENT_LABELS[event]}",
        sources=source_refs(store, action.get("sources") or []),
        kinds=list(action.get("kinds") or []),
    )


def list_scenarios(store: Store) -> list[Scenario]:
    """Every ready scenario the graph's enforcement actions yield, oldest first."""
    grouped: dict[str, dict[str, Any]] = {}
    for row in store.read(queries.SCENARIO_ACTIONS):
        # A joint action (several regulators ISSUED it) is one scenario naming them all; an action
        # against several vendors (the Cabinet Office statement) is one scenario concerning each.
        first = grouped.setdefault(row["action"]["id"], {**row, "regulators": [], "vendors": {}})
        if row["regulator"]["name"] not in first["regulators"]:
            first["regulators"].append(row["regulator"]["name"])
        first["vendors"][row["vendor_id"]] = row["vendor"]
    out = []
    for row in grouped.values():
        scenario = _from_action(row, store)
        if scenario is not None:
            out.append(scenario)
    return out


def find_scenario(store: Store, scenario_id: str) -> Scenario:
    """A ready scenario by id (the action id without its `action:` prefix)."""
    for scenario in list_scenarios(store):
        if scenario.id in (scenario_id, _scenario_id(scenario_id)):
            return scenario
    known = ", ".join(s.id for s in list_scenarios(store)[:8])
    raise UnknownScenario(f"unknown scenario {scenario_id!r}; try one of: {known}, ...")


def compose(
    store: Store,
    *,
    vendor_id: str,
    event: Event,
    effective_date: str,
    jurisdiction: str | None = "GB",
    product_id: str | None = None,
) -> Scenario:
    """A what-if scenario, e.g. "what if Hikvision were designated on the UK Sanctions List"."""
    rows = store.read(queries.VENDOR, {"vendor": vendor_id})
    if not rows:
        raise UnknownScenario(f"unknown vendor {vendor_id!r}")
    vendor = rows[0]["v"]["name"]
    where = f" in {jurisdiction}" if jurisdiction else ""
    return Scenario(
        id=f"what-if:{event.value}:{vendor_id.removeprefix('vendor:')}:{effective_date}",
        name=f"What if: {EVENT_LABELS[event]} against {vendor}{where} from {day_text(effective_date)}",
        event=event,
        vendor_id=vendor_id,
        vendor=vendor,
        product_id=product_id,
        jurisdiction=jurisdiction,
        effective_date=effective_date,
        description="A hypothetical scenario composed by the user.",
        what_if=True,
        vendor_ids=[vendor_id],
        vendors=[vendor],
        scope="all_residents",
        scope_note="what-if: assumed to protect all residents of its jurisdiction",
    )
