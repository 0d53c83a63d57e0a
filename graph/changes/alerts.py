"""Who is affected by a change: re-score the portfolio, and alert on moved customers.

After a build, every ready scenario and every scenario the change set touches is scored for
every assessed customer. A touched scenario is a what-if against each vendor the change set
reaches (the vendor itself, its products, its screening matches, the listed entities and
designations it matches): "what if it were designated" when the change is about sanctions lists,
"what if it were ordered to stop processing" otherwise. Scores are compared with the previous
build's (kept in `<home>/changes/scores.json`); a customer whose band changed or whose score moved
by more than VENDORGRAPH_ALERT_DELTA points (default 10) gets an alert that names the changed
facts that concern it and their sources.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.changes.change_set import ChangeSet, EdgeChange, NodeChange
from graph.dates import parse_as_of
from graph.exposure.batch import Progress, Reads, assess
from graph.exposure.batch import assessed_customers as _assessed
from graph.exposure.scenarios import compose, list_scenarios
from graph.model import Event
from graph.results import Scenario
from graph.store.protocol import Store

__all__ = [
    "Scores",
    "alert_delta",
    "as_of_pair",
    "compare",
    "score_all",
    "touched_scenarios",
    "touched_vendors",
]

_INVENTORY_SOURCE = "source:inventory:"
MAX_WHAT_IFS = 15  # bounds re-scoring after a huge list refresh; the log says when it applied
_LIST_LABELS = {"Designation", "ListedEntity"}
_LIST_TYPES = {"MATCHES", "DESIGNATES"}
_VENDOR_OF_PRODUCTS = (
    "MATCH (v:Vendor)-[:OFFERS]->(p:Product) WHERE p.id IN $ids RETURN DISTINCT v.id AS id"
)
_VENDOR_OF_ENTITIES = (
    "MATCH (v:Vendor)-[:MATCHES]->(l:ListedEntity) WHERE l.id IN $ids RETURN DISTINCT v.id AS id"
)
_VENDOR_OF_DESIGNATIONS = (
    "MATCH (d:Designation)-[:DESIGNATES]->(l:ListedEntity) WHERE d.id IN $ids "
    "MATCH (v:Vendor)-[:MATCHES]->(l) RETURN DISTINCT v.id AS id"
)
_PROCESS_OWNER = "MATCH (p:Process {id: $id}) RETURN p.customer_id AS c"
_VENDOR_EXISTS = "MATCH (v:Vendor) WHERE v.id IN $ids RETURN v.id AS id ORDER BY id"

# scenario key -> {"scenario": Scenario as JSON, "rows": customer id -> {customer, score, band}}
Scores = dict[str, dict[str, Any]]


def alert_delta() -> float:
    """Points a score must move to raise an alert (VENDORGRAPH_ALERT_DELTA)."""
    raw = os.environ.get("VENDORGRAPH_ALERT_DELTA", "10")
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"VENDORGRAPH_ALERT_DELTA={raw!r} is not a number") from None


def touched_vendors(store: Store, changes: ChangeSet) -> dict[str, bool]:
    """Vendor id -> whether the change that reaches it is about sanctions lists."""
    found: dict[str, bool] = {}
    products, entities, designations = set(), set(), set()

    def mark(vendor: str, listy: bool) -> None:
        found[vendor] = found.get(vendor, False) or listy

    for n in changes.nodes:
        if n.label == "Vendor":
            mark(n.id, False)
        elif n.label == "Product":
            products.add(n.id)
        elif n.label == "ListedEntity":
            entities.add(n.id)
        elif n.label == "Designation":
            designations.add(n.id)
    for e in changes.edges:
        listy = e.type in _LIST_TYPES
        if e.from_label == "Vendor":
            mark(e.from_id, listy)
        if e.to_label == "Vendor":
            mark(e.to_id, listy)
        if e.to_label == "Product":
            products.add(e.to_id)
        if e.type == "DESIGNATES":
            entities.add(e.to_id)
    for query, ids, listy in (
        (_VENDOR_OF_PRODUCTS, products, False),
        (_VENDOR_OF_ENTITIES, entities, True),
        (_VENDOR_OF_DESIGNATIONS, designations, True),
    ):
        if ids:
            for row in store.read(query, {"ids": sorted(ids)}):
                mark(row["id"], listy)
    existing = {r["id"] for r in store.read(_VENDOR_EXISTS, {"ids": sorted(found)})}
    return {v: found[v] for v in sorted(existing)}


def what_if_key(event: Event, vendor_id: str) -> str:
    return f"what-if:{event.value}:{vendor_id}"


def touched_scenarios(
    store: Store, changes: ChangeSet, as_of: str
) -> tuple[dict[str, Scenario], int]:
    """Key -> what-if scenario for the vendors the change set reaches (at most MAX_WHAT_IFS),
    and how many touched vendors were left out by that bound."""
    vendors = touched_vendors(store, changes)
    out: dict[str, Scenario] = {}
    for vendor_id, listy in list(vendors.items())[:MAX_WHAT_IFS]:
        event = Event.SANCTIONS_DESIGNATION if listy else Event.STOP_PROCESSING
        scenario = compose(store, vendor_id=vendor_id, event=event, effective_date=as_of)
        out[what_if_key(event, vendor_id)] = scenario
    return out, max(0, len(vendors) - MAX_WHAT_IFS)


def ready_scenarios(store: Store) -> dict[str, Scenario]:
    return {s.id: s for s in list_scenarios(store)}


def assessed_customers(store: Store) -> list[str]:
    """Customers that run processes (precedent organisations of the knowledge base do not)."""
    return [c["id"] for c in _assessed(store)]


def score_all(
    store: Store,
    scenarios: dict[str, Scenario],
    as_of: str,
    only: Callable[[str, str], bool] | None = None,
    *,
    progress: Progress | None = None,
) -> Scores:
    """Score and band of every assessed customer for every scenario (or only the pairs `only`
    accepts: (scenario key, customer id)). One batch pass per scenario (graph.exposure.batch):
    the customers its vendors cannot reach score 0 without being visited."""
    out: Scores = {}
    day = parse_as_of(as_of)
    everyone = _assessed(store)
    reads = Reads(store)  # what every scenario reads alike is read once
    for key, scenario in scenarios.items():
        chosen = [c for c in everyone if only is None or only(key, c["id"])]
        rows: dict[str, dict[str, Any]] = {}
        # A scenario none of whose pairs can move is not assessed at all.
        batch = assess(store, scenario, day, reads=reads) if chosen else None
        for c in chosen:
            assert batch is not None
            score, band = batch.score(c["id"])
            found = batch.results.get(c["id"])
            name = found.customer if found else c["name"]
            rows[c["id"]] = {"customer": name, "score": score, "band": band}
        out[key] = {"scenario": scenario.model_dump(mode="json"), "rows": rows}
        if progress is not None:
            progress("re-scoring customers", 1, len(scenarios))
    return out


@dataclass
class Affected:
    """Which (scenario, customer) pairs a change set can move; the others keep their scores.

    A change whose sources are all one customer's inventories moves only that customer (an
    inventory speaks for its own supply chain); a change reaching a vendor through the lists
    moves every customer for the scenarios about that vendor; Source nodes and CITES links move
    nobody (a score never depends on a title); anything else (the curated knowledge base) moves
    everyone, and everything is re-scored."""

    everything: bool = False
    customers: set[str] = field(default_factory=set)
    vendors: set[str] = field(default_factory=set)

    def __call__(self, customer_id: str, scenario_vendor: str) -> bool:
        return self.everything or customer_id in self.customers or scenario_vendor in self.vendors

    def merge(self, other: Affected) -> None:
        self.everything |= other.everything
        self.customers |= other.customers
        self.vendors |= other.vendors


def _inventory_owners(sources: list[str]) -> frozenset[str] | None:
    return _owners(tuple(sources))


@functools.lru_cache(maxsize=1 << 16)  # a book's changes share few source lists
def _owners(sources: tuple[str, ...]) -> frozenset[str] | None:
    # map() keeps the test in C: a supplier 10,000 customers name has 10,000 sources.
    if not sources or not all(map(_IS_INVENTORY, sources)):
        return None
    cut = len(_INVENTORY_SOURCE)
    return frozenset(["customer:" + s[cut:] for s in sources])


_IS_INVENTORY = operator.methodcaller("startswith", _INVENTORY_SOURCE)


def affected(store: Store, changes: ChangeSet) -> Affected:
    """The pairs `changes` can move (see Affected), judged on the graph `store` holds."""
    listy = {v for v, by_list in touched_vendors(store, changes).items() if by_list}
    out = Affected(vendors=listy)
    items: list[NodeChange | EdgeChange] = [*changes.nodes, *changes.edges]
    for c in items:
        if isinstance(c, NodeChange):
            if c.label == "Source":
                continue
            if c.label == "Customer":
                out.customers.add(c.id)
                continue
            if c.label == "Process":
                owner = c.new.get("customer_id") or c.old.get("customer_id")
                if owner is None:  # a changed process: the delta leaves its owner out
                    rows = store.read(_PROCESS_OWNER, {"id": c.id})
                    owner = rows[0]["c"] if rows else None
                if owner is None:
                    out.everything = True
                    return out
                out.customers.add(owner)
                continue
            if c.label in _LIST_LABELS:
                continue  # reaches scores only through a vendor's match: in `vendors`
        elif c.type == "CITES" or c.type in _LIST_TYPES:
            continue
        elif c.type == "RUNS":
            out.customers.add(c.from_id)
            continue
        owners = _inventory_owners(c.sources)
        if owners is None:
            out.everything = True
            return out
        out.customers |= owners
    return out


@dataclass
class Alert:
    """A customer whose exposure to a scenario moved with a build, and why."""

    customer_id: str
    customer: str
    scenario_id: str
    scenario: str
    what_if: bool
    before: dict[str, Any] | None
    after: dict[str, Any]
    delta: float
    reason: str
    facts: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    facts_total: int = 0  # the changes behind it, of which `facts` lists the first FACTS_SHOWN

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


# What an alert lists of its facts (the reports and the Changes page show the first 10), and
# how many facts one build's log keeps in all: registering a book of 10,000 customers raised
# 10,803 alerts, and 20 facts each made a 149 MB log line built in memory at once.
FACTS_SHOWN = 10
FACTS_LOGGED = 5_000


def logged(raised: list[Alert]) -> list[dict[str, Any]]:
    """The alerts as the change log and the webhook keep them: the strongest first keep their
    facts until the build's budget is spent; the rest say how many facts were left out."""
    out: list[dict[str, Any]] = []
    budget = FACTS_LOGGED
    for alert in raised:
        entry = alert.as_dict()
        if len(alert.facts) > budget:
            entry["facts"] = []
        budget -= len(entry["facts"])
        out.append(entry)
    return out


def _concerns(change: NodeChange | EdgeChange) -> tuple[Any, ...]:
    """The ids a change concerns: a node and its owner (a process's customer), a link's ends."""
    if isinstance(change, NodeChange):
        return (change.id, (change.new or change.old).get("customer_id"))
    return (change.from_id, change.to_id)


class _Facts:
    """The changes of a change set by the ids they concern, indexed once: an alert's facts are
    looked up, not found by a scan of every change (alerts x changes was quadratic).

    A change stated only by other customers' inventories is not a fact of this customer's
    alert, even when it concerns the scenario's vendor: customer A's alert does not cite
    customer B's rows (and, with thousands of customers on one vendor, listing them all made
    every alert as long as the book)."""

    def __init__(self, changes: ChangeSet) -> None:
        self.items: list[NodeChange | EdgeChange] = [*changes.nodes, *changes.edges]
        self.by_id: dict[Any, list[int]] = {}
        self.owners: list[frozenset[str] | None] = [
            _inventory_owners(c.sources) for c in self.items
        ]
        for index, change in enumerate(self.items):
            for key in dict.fromkeys(_concerns(change)):
                self.by_id.setdefault(key, []).append(index)

    def about(self, ids: set[str]) -> list[int]:
        """The changes concerning any of `ids`, by index, in change-set order."""
        return sorted({i for key in ids for i in self.by_id.get(key, [])})

    def split(self, found: list[int]) -> tuple[list[int], dict[str, list[int]]]:
        """`found` as the changes anyone may be told (curated or shared) and those only some
        customers' inventories state (by customer), order kept."""
        shared: list[int] = []
        owned: dict[str, list[int]] = {}
        for i in found:
            owners = self.owners[i]
            if owners is None:
                shared.append(i)
            else:
                for owner in owners:
                    owned.setdefault(owner, []).append(i)
        return shared, owned

    def for_customer(
        self, scenario: tuple[list[int], dict[str, list[int]]], customer_ids: set[str], cid: str
    ) -> list[NodeChange | EdgeChange]:
        shared, owned = scenario
        mine = set(self.about(customer_ids)).union(shared, owned.get(cid, ()))
        return [self.items[i] for i in sorted(mine)]


def _cited(own: str, sources: Iterable[str]) -> list[str]:
    """What one customer's alert may cite: curated sources and its own inventory. A vendor many
    inventories name carries all their sources; the other customers' are not this one's to read."""
    return [s for s in sources if s == own or not s.startswith(_INVENTORY_SOURCE)]


def _as_told(change: NodeChange | EdgeChange, own: str) -> dict[str, Any]:
    """A change as one customer's alert shows it, other customers' inventories left out."""
    told = change.as_dict()
    told["sources"] = _cited(own, change.sources)
    for side in ("old", "new"):
        values = told.get(side)
        if isinstance(values, dict) and isinstance(values.get("sources"), list):
            told[side] = {**values, "sources": _cited(own, values["sources"])}
    return told


def compare(
    before: Scores,
    after: Scores,
    changes: ChangeSet,
    context: dict[str, set[str]],
    customer_context: dict[str, set[str]],
) -> list[Alert]:
    """Alerts for every (scenario, customer) whose band changed or score moved > the delta.
    `context` maps a scenario key to the ids its facts may touch (vendor, action, products,
    entities); `customer_context` a customer to its own (its processes)."""
    delta = alert_delta()
    alerts: list[Alert] = []
    index = _Facts(changes)
    # A user's knowledge pack is named in the alert its new facts raise (its sources say whose).
    packs = {n.id: str(n.new["pack"]) for n in changes.nodes if n.label == "Source" and n.new.get("pack")}  # fmt: skip
    for key, now in after.items():
        then = before.get(key, {}).get("rows", {})
        scenario = now["scenario"]
        about_scenario = index.split(index.about(context.get(key, set())))
        for cid, row in now["rows"].items():
            old = then.get(cid)
            moved = row["score"] - (old["score"] if old else 0.0)
            band_changed = old is not None and old["band"] != row["band"]
            if not band_changed and abs(moved) <= delta:
                continue
            if old is None and row["score"] <= delta:
                continue
            reason = (
                f"band {old['band']} -> {row['band']}"
                if band_changed and old
                else f"score {'up' if moved > 0 else 'down'} {abs(moved):.1f} points"
            )
            ids = customer_context.get(cid, set()) | {cid}
            facts = index.for_customer(about_scenario, ids, cid)
            # A vendor many inventories name cites them all; this customer's alert cites the
            # curated sources and its own inventory, not the other customers'.
            own = _INVENTORY_SOURCE + cid.removeprefix("customer:")
            sources = list(dict.fromkeys(_cited(own, (s for fact in facts for s in fact.sources))))
            named = sorted({packs[s] for s in sources if s in packs})
            if named:
                reason += f"; new facts from {' and '.join(named)}"
            alerts.append(
                Alert(
                    cid,
                    row["customer"],
                    scenario["id"],
                    scenario["name"],
                    bool(scenario.get("what_if")),
                    {"score": old["score"], "band": old["band"]} if old else None,
                    {"score": row["score"], "band": row["band"]},
                    round(moved, 1),
                    reason,
                    [_as_told(f, own) for f in facts[:FACTS_SHOWN]],
                    sources,
                    len(facts),
                )
            )
    alerts.sort(key=lambda a: (-abs(a.delta), a.customer_id, a.scenario_id))
    return alerts


_DATE_KEYS = ("since", "date", "listed_on", "announced", "adequacy_since", "list_as_of")


def as_of_pair(alert: dict[str, Any], built_at: str, previous_at: str | None) -> tuple[str, str]:
    """Dates to open the exposure page at "before" and "after" the change: the latest date the
    changed facts carry (a process's `since`, a listing's `listed_on`, an action's `date`) and the
    day before it; without one, the previous build's date and this build's."""
    today = built_at[:10] or dt.date.today().isoformat()
    dates = [
        str(f["new"][k])
        for f in alert.get("facts", [])
        for k in _DATE_KEYS
        if isinstance(f.get("new"), dict) and f["new"].get(k) and str(f["new"][k]) <= today
    ]
    if dates:
        after = max(dates)[:10]
        before = (dt.date.fromisoformat(after) - dt.timedelta(days=1)).isoformat()
        return before, after
    return (previous_at or today)[:10], today
