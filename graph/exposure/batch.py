"""The batch exposure engine: every customer's exposure to one scenario as of a date, in one pass.

One query finds the scenario's cone (graph.exposure.reach: what can reach its vendors or product);
a fixed handful more read, by id, the processes using the cone's products, their categories, the
customers' nodes and supplier names, storage, sanctions matches and sources. Each customer with a
path is then scored (graph.exposure.answer); a customer with none scores 0 without being visited.
Single exposure, the portfolio, `report --all`, the re-scoring after every build and the dashboard
all come through here: one engine, so a customer's answer is the same whichever asks.

>>> batch = assess(store, find_scenario(store, "ico-clearview-2022"), date(2022, 6, 1))  # doctest: +SKIP
>>> batch.results["customer:cust-northshire-police"].band  # doctest: +SKIP
'critical'
>>> batch.rows()[0].customer  # doctest: +SKIP
'Northshire Constabulary (fictional)'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from graph import queries, vocabulary
from graph.dates import resolve_as_of
from graph.exposure.answer import Customer, Pass, dated_refs, result
from graph.exposure.reach import Cone, Link, fetch_cone
from graph.exposure.vendor_record import vendor_context
from graph.exposure.weights import Weights, band, weights
from graph.model import Event
from graph.provenance import active, source_refs
from graph.resolution.answers import SUPPLIER_FIELDS, open_names, same_organisation
from graph.results import ExposureResult, NameNote, PortfolioRow, Scenario
from graph.store.protocol import Store

__all__ = ["Assessment", "Progress", "Reads", "UnknownCustomer", "assess", "assessed_customers"]

_OWNERSHIP_EVENTS = {Event.SANCTIONS_DESIGNATION, Event.VENDOR_EXIT}
DEFAULT_THRESHOLD = 0.85
Progress = Callable[[str, int, int], None]  # (what, done in this step, total)
# Answers scored between two progress reports.
_STEP = 50


class UnknownCustomer(LookupError):
    """No customer with that id."""


@dataclass
class Assessment:
    """Every assessed customer's exposure to one scenario as of a date: a full answer for each
    customer with an affected process (and each one asked for by id), a zero for the rest."""

    scenario: Scenario
    as_of: str
    results: dict[str, ExposureResult]
    # Assessed customers (those that run processes), in id order: id, name, sector.
    customers: list[dict[str, Any]] = field(default_factory=list)
    # Names that could change an answer, for customers without a full answer: read when a
    # ranking is first asked for (the re-scoring after a build wants scores only, and a
    # 10,000-customer book has 50,000 open names).
    names_of: Callable[[], dict[str, list[str]]] = field(default=dict, repr=False)

    @cached_property
    def open_names(self) -> dict[str, list[str]]:
        return self.names_of()

    def score(self, customer_id: str) -> tuple[float, str]:
        found = self.results.get(customer_id)
        return (found.score, found.band) if found else (0.0, band(0.0))

    def rows(self) -> list[PortfolioRow]:
        """The portfolio ranking: highest score first, then by customer id."""
        ranked = sorted(self.customers, key=lambda c: (-self.score(c["id"])[0], c["id"]))
        out = []
        for rank, c in enumerate(ranked, start=1):
            r = self.results.get(c["id"])
            if r is None:
                out.append(
                    PortfolioRow(
                        rank=rank, customer_id=c["id"], customer=c["name"], score=0.0,
                        band=band(0.0), affected=0, top_tier=None, drivers=[],
                        unresolved=self.open_names.get(c["id"], []),
                    )
                )  # fmt: skip
                continue
            out.append(
                PortfolioRow(
                    rank=rank,
                    customer_id=r.customer_id,
                    customer=r.customer,
                    score=r.score,
                    band=r.band,
                    affected=len(r.affected),
                    top_tier=min((a.tier for a in r.affected), default=None),
                    drivers=[
                        d.name
                        for d in sorted(r.dimensions, key=lambda d: -d.score * d.weight)[:2]
                        if d.score > 0
                    ],
                    unresolved=r.unresolved,
                )
            )
        return out


# Per graph version: the assessed customers, and every customer's open names (scenario-free).
_BOOK_CACHE: dict[tuple[int, str], list[dict[str, Any]]] = {}
_NAMES_CACHE: dict[tuple[int, str], dict[str, list[str]]] = {}


def _remember(cache: dict[tuple[int, str], Any], key: tuple[int, str], value: Any) -> None:
    if len(cache) >= 8:
        cache.pop(next(iter(cache)))
    cache[key] = value


def _book(store: Store, version: str) -> list[dict[str, Any]]:
    key = (id(store), version)
    if key not in _BOOK_CACHE:
        customers = [
            {"id": r["id"], "name": r["name"], "sector": r["sector"]}
            for r in store.read(queries.ALL_CUSTOMERS)
            if r["processes"]  # precedent organisations of the knowledge base have no inventory
        ]
        _remember(_BOOK_CACHE, key, customers)
    return _BOOK_CACHE[key]


def _open_names(store: Store, version: str) -> dict[str, list[str]]:
    key = (id(store), version)
    if key not in _NAMES_CACHE:
        notes: dict[str, list[NameNote]] = defaultdict(list)
        fields = {"fields": sorted(SUPPLIER_FIELDS)}
        for r in store.read(queries.OPEN_MENTIONS, fields):
            notes[r["customer"]].append(
                NameNote.model_construct(
                    name=r["name"], field=r["field"] or "", status=r["status"],
                    evidence=r["evidence"] or "",
                )
            )  # fmt: skip
        names = {c: open_names(n) for c, n in notes.items()}
        if store.version() != version:
            return names  # the graph changed since the answer: keep no names under its version
        _remember(_NAMES_CACHE, key, names)
    return _NAMES_CACHE[key]


def assessed_customers(store: Store) -> list[dict[str, Any]]:
    """Customers that run processes (id, name, sector), in id order."""
    return list(_book(store, store.version()))


class Reads:
    """The reads by id that do not depend on the scenario (customers' nodes and supplier names,
    processes' uses and categories), each id read once for every scenario of one pass: the
    re-scoring of a 10,000-customer book read the same customers again for each of 14 scenarios.
    Rows come back grouped by id in the order of the ids asked, as the queries order them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._rows: dict[str, dict[str, list[dict[str, Any]]]] = {}

    def rows(
        self, query: str, ids: list[str], key: Callable[[dict[str, Any]], str]
    ) -> list[dict[str, Any]]:
        known = self._rows.setdefault(query, {})
        missing = [i for i in ids if i not in known]
        if missing:
            for i in missing:
                known[i] = []
            for row in self.store.read(query, {"ids": missing}):
                known[key(row)].append(row)
        return [row for i in ids for row in known[i]]


def _by(rows: Iterable[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row[key]].append(row)
    return out


def _storage(store: Store, products: list[str], as_of: str) -> dict[str, list[Link]]:
    out: dict[str, list[Link]] = defaultdict(list)
    rows = store.read(queries.STORAGE_ANY, {"ids": products}) if products else []
    for row in rows:
        if active(row["rel"], as_of):
            stated = row["rel"].get("asserted_by")
            claim = None if stated is None else frozenset(stated)
            out[row["product"]].append(
                Link(row["product"], row["jurisdiction"]["id"], "STORES_DATA_IN", row["rel"], claim)
            )
    return out


def _fine_cap(store: Store, rules: dict[str, Any] | None, day: str) -> dict[str, Any] | None:
    """The fine cap as its sources state it, only once one of them had been published by the day."""
    cap = (rules or {}).get("fine_cap_higher_gbp")
    refs = dated_refs(source_refs(store, cap.get("sources") or []), day) if cap else []
    return {**cap, "refs": refs} if cap and refs else None


def _customers(
    store: Store, cone: Cone, wanted: list[str] | None, day: str, reads: Reads
) -> dict[str, Customer]:
    """The customers with a path (and every one asked for), each with the processes that use the
    cone's products on the day."""
    products = cone.products
    if wanted is None:
        uses = reads.rows(queries.CONE_USES, products, lambda r: r["product"])
    else:
        params = {"ids": products, "customers": wanted}
        uses = store.read(queries.CONE_USES_OF, params) if products else []
    routed: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in uses:
        runs = {"since": row["runs_since"], "until": row["runs_until"]}
        if not (active(runs, day) and active(row, day)):
            continue
        if cone.route(row["customer"], row["product"]) is not None:
            routed[row["customer"]].add((row["process"], row["product"]))
    pairs = {pair for chosen in routed.values() for pair in chosen}
    processes = sorted({process for process, _ in pairs})
    found: dict[str, Customer] = {}
    for row in reads.rows(queries.USES_OF_PROCESSES, processes, lambda r: r["process"]["id"]):
        process = row["process"]
        if (process["id"], row["product"]) in pairs:
            one = found.setdefault(process["customer_id"], Customer(node={}))
            one.uses.append((process, row["uses"], row["product"]))
    ids = sorted({*found, *(wanted or [])})
    by_id = reads.rows(queries.CUSTOMERS_BY_ID, ids, lambda r: r["c"]["id"])
    nodes = {r["c"]["id"]: r["c"] for r in by_id}
    for cid in wanted or []:
        if cid not in nodes:
            raise UnknownCustomer(f"unknown customer {cid!r}; `vendorgraph customers` lists them")
    out = {cid: found.get(cid) or Customer(node={}) for cid in ids}
    categories = _by(
        reads.rows(queries.PROCESS_CATEGORIES, processes, lambda r: r["process"]), "process"
    )
    named = reads.rows(queries.MENTIONS_OF, ids, lambda r: r["m"]["customer_id"])
    mentions = _by((r["m"] for r in named), "customer_id")
    for cid, one in out.items():
        one.node = nodes[cid]
        for process, _, _ in one.uses:
            one.categories[process["id"]] = [
                r["category"] for r in categories.get(process["id"], [])
            ]
        one.notes = [
            NameNote(
                name=m["name"], field=m.get("field") or "", status=m["status"],
                target=m.get("target"), candidate=m.get("candidate"), score=m.get("score"),
                evidence=m.get("evidence") or "",
            )
            for m in mentions.get(cid, [])
            if m.get("status") not in ("exact", "fictional")
        ]  # fmt: skip
    return out


def assess(
    store: Store,
    scenario: Scenario,
    as_of: date | None = None,
    customers: Iterable[str] | None = None,
    *,
    rules: dict[str, Any] | None = None,
    config: Weights | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
    reads: Reads | None = None,
) -> Assessment:
    """Every assessed customer's exposure to `scenario` as of a date (today if not given), or
    only `customers`' (each of which gets a full answer, affected or not)."""
    if isinstance(as_of, str):  # a caller's error; strings are parsed at the edge (parse_as_of)
        raise TypeError("as_of must be a datetime.date; parse text with graph.dates.parse_as_of")
    day = resolve_as_of(as_of)
    version = store.version()  # the graph this answer reads (its book and, later, its names)
    iso = day.isoformat()
    wanted = None if customers is None else list(dict.fromkeys(customers))
    # The scenario's vendors (or product), and vendors screening identified as the same
    # organisation as one of them.
    identities: dict[str, str] = {}
    if not scenario.product_id:
        for vendor_id in scenario.targets:
            identities.update(same_organisation(store, vendor_id))
    base = [scenario.product_id] if scenario.product_id else list(scenario.targets)
    targets = [*base, *sorted(set(identities) - set(base))]
    cone = fetch_cone(store, targets, iso, ownership=scenario.event in _OWNERSHIP_EVENTS)
    book = _customers(store, cone, wanted, iso, reads or Reads(store))
    context = vendor_context(store, scenario, day)
    force = (
        1.0 if scenario.action_id is None else vocabulary.kind_force(scenario.kinds, context.status)
    )
    routes = [
        [product, *(k.dst for k in cone.route(cid, product) or [])]
        for cid, one in book.items()
        for _, _, product in one.uses
    ]
    vendors = sorted({n for route in routes for n in route if n.startswith("vendor:")})
    matches = _by(store.read(queries.SANCTIONS_MATCHES, {"ids": vendors}) if vendors else [], "vendor")  # fmt: skip
    storage = _storage(
        store, sorted({n for r in routes for n in r if n.startswith("product:")}), iso
    )
    cited = [s for one in book.values() for p, _, _ in one.uses for s in p.get("sources") or []]
    cited += [s for a in context.actions for s in a.get("sources") or []]
    cited += [s for r in context.precedents for s in r["action"].get("sources") or []]
    for rows in matches.values():
        for m in rows:
            cited += [
                s for n in (m["entity"], m["designation"]) if n for s in n.get("sources") or []
            ]
    for j in context.adequacy.values():
        cited += list(j.get("sources") or [])
    refs = {r.id: r for r in dated_refs(source_refs(store, cited), iso)}
    shared = Pass(
        scenario=scenario.model_copy(update={"sources": dated_refs(scenario.sources, iso)}),
        day=day, config=config or weights(), threshold=threshold, cone=cone, context=context,
        force=force, identities=identities, fine_cap=_fine_cap(store, rules, iso), refs=refs,
        matches=matches, storage=storage,
    )  # fmt: skip
    results: dict[str, ExposureResult] = {}
    for done, (cid, one) in enumerate(sorted(book.items()), start=1):
        results[cid] = result(one, shared)
        if progress is not None and (done % _STEP == 0 or done == len(book)):
            progress("scoring customers", _STEP if done % _STEP == 0 else done % _STEP, len(book))
    everyone = _book(store, version)
    chosen = everyone if wanted is None else [c for c in everyone if c["id"] in set(wanted)]
    return Assessment(
        scenario=shared.scenario, as_of=iso, results=results, customers=chosen,
        names_of=lambda: _open_names(store, version),
    )  # fmt: skip
