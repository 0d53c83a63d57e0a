"""Cached calls from the dashboard into graph/: one store per process, results keyed by graph version.

Caching on the store's version means a rebuilt graph is picked up on the next rerun, without a
restart, and an unchanged one is never queried twice for the same answer. Failures are never
cached (Streamlit does not cache exceptions), so a store that comes back is used at once.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from graph.dates import parse_as_of
from graph.explore import explorer, models, vendor_profile
from graph.explore.paths import AnswerPaths, answer_paths
from graph.exposure.batch import assessed_customers
from graph.exposure.engine import exposure, portfolio
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import compose, find_scenario, list_scenarios
from graph.exposure.timeline import ExposureTimeline, exposure_timeline
from graph.model import Event
from graph.queries import ALL_CUSTOMERS, ALL_VENDORS, JURISDICTIONS
from graph.resolution.queue import QueueEntry, review_queue
from graph.resolution.suggestions import Suggester, Target, known_targets
from graph.results import ExposureResult, PortfolioRow, Scenario
from graph.settings import settings
from graph.store.backend import open_store
from graph.store.protocol import Store

__all__ = [
    "answer_for",
    "customers",
    "exposure_for",
    "graph_version",
    "jurisdictions",
    "load_book",
    "most_exposed",
    "names_to_review",
    "neighbours_for",
    "node_details_for",
    "node_for",
    "nodes_for",
    "paths_for",
    "portfolio_for",
    "review_entries",
    "scenario_by_id",
    "scenarios",
    "store",
    "suggester",
    "targets",
    "timeline_for",
    "vendor_products_for",
    "vendor_profile_for",
    "vendors",
    "what_if",
]


def _release(entry: Any) -> None:
    ctx, _ = entry
    ctx.__exit__(None, None, None)


# Entered once per configuration: the store lives as long as the server. A server has one
# configuration; a process that serves several in turn (the tests, one home each) closes the
# oldest, as each embedded database reserves a large share of the process's address space.
@st.cache_resource(show_spinner=False, max_entries=2, on_release=_release)
def _store_context(key: tuple[str, str, str | None, int]) -> Any:
    ctx = open_store(settings())
    return ctx, ctx.__enter__()


def store() -> Store:
    """The configured store (LadybugDB by default), one per configuration."""
    config = settings()
    key = (config.store, str(config.home), config.neo4j_uri, config.query_timeout_ms)
    return _store_context(key)[1]  # type: ignore[no-any-return]


def graph_version() -> str:
    return store().version()


@st.cache_resource(show_spinner=False, max_entries=2)
def _book_read(version: str) -> int:
    return len(assessed_customers(store()))


def load_book() -> None:
    """Read the book (every customer's processes and open names: about a second at 2,000
    customers) once per graph version, on whichever page opens first: the batch engine keeps it
    per graph version, so the portfolio page then only scores the scenario."""
    _book_read(graph_version())


@st.cache_resource(show_spinner=False)
def rules() -> dict[str, Any]:
    return read_rules(settings().data / "kb")


@st.cache_data(show_spinner=False)
def _customers(version: str) -> list[dict[str, Any]]:
    return [r for r in store().read(ALL_CUSTOMERS) if r["processes"]]


def customers() -> list[dict[str, Any]]:
    """Customers with an inventory, for pickers."""
    return _customers(graph_version())


@st.cache_data(show_spinner=False)
def _vendors(version: str) -> list[dict[str, Any]]:
    return sorted(store().read(ALL_VENDORS), key=lambda v: (str(v["name"]).casefold(), v["id"]))


def vendors() -> list[dict[str, Any]]:
    """Every vendor, by name."""
    return _vendors(graph_version())


@st.cache_data(show_spinner=False)
def _jurisdictions(version: str) -> list[tuple[str, str]]:
    return [
        (r["j"]["id"].removeprefix("jurisdiction:"), r["j"]["name"])
        for r in store().read(JURISDICTIONS)
    ]


def jurisdictions() -> list[tuple[str, str]]:
    """(ISO code, name) of every jurisdiction in the graph."""
    return _jurisdictions(graph_version())


@st.cache_data(show_spinner=False)
def _scenarios(version: str) -> list[Scenario]:
    return list_scenarios(store())


def scenarios() -> list[Scenario]:
    return _scenarios(graph_version())


def scenario_by_id(scenario_id: str) -> Scenario:
    return find_scenario(store(), scenario_id)


@st.cache_data(show_spinner=False)
def _what_if(
    version: str, vendor_id: str, event: str, effective: str, where: str | None, product: str | None
) -> Scenario:
    return compose(
        store(),
        vendor_id=vendor_id,
        event=Event(event),
        effective_date=effective,
        jurisdiction=where,
        product_id=product,
    )


def what_if(
    vendor_id: str,
    event: Event,
    effective_date: str,
    jurisdiction: str | None,
    product_id: str | None,
) -> Scenario:
    """A what-if scenario composed from the builder's choices."""
    return _what_if(
        graph_version(), vendor_id, event.value, effective_date, jurisdiction, product_id
    )


@st.cache_data(show_spinner=False)
def _exposure(version: str, customer_id: str, scenario_json: str, as_of: str) -> ExposureResult:
    scenario = Scenario.model_validate_json(scenario_json)
    return exposure(store(), customer_id, scenario, parse_as_of(as_of), rules=rules())


def exposure_for(customer_id: str, scenario: Scenario, as_of: str) -> ExposureResult:
    return _exposure(graph_version(), customer_id, scenario.model_dump_json(), as_of)


@st.cache_data(show_spinner=False)
def _portfolio(version: str, scenario_json: str, as_of: str) -> list[PortfolioRow]:
    return portfolio(
        store(), Scenario.model_validate_json(scenario_json), parse_as_of(as_of), rules=rules()
    )


def portfolio_for(scenario: Scenario, as_of: str) -> list[PortfolioRow]:
    return _portfolio(graph_version(), scenario.model_dump_json(), as_of)


def most_exposed(scenario: Scenario, as_of: str) -> str | None:
    """The customer ranked first for the scenario as of the date (None without customers)."""
    ranking = portfolio_for(scenario, as_of)
    return ranking[0].customer_id if ranking else None


@st.cache_data(show_spinner=False)
def _timeline(version: str, customer_id: str, scenario_json: str, as_of: str) -> ExposureTimeline:
    return exposure_timeline(
        store(), customer_id, Scenario.model_validate_json(scenario_json), rules=rules(),
        until=parse_as_of(as_of).isoformat(),
    )  # fmt: skip


def timeline_for(customer_id: str, scenario: Scenario, as_of: str) -> ExposureTimeline:
    """The customer's exposure at each date the scenario's enforcement history changed, up to the
    as-of date (nothing later is shown on a page asked as of a date)."""
    return _timeline(graph_version(), customer_id, scenario.model_dump_json(), as_of)


@st.cache_data(show_spinner=False)
def _vendor_profile(version: str, vendor_id: str, as_of: str) -> models.VendorProfile:
    return vendor_profile.vendor_profile(store(), vendor_id, as_of)


def vendor_profile_for(vendor_id: str, as_of: str) -> models.VendorProfile:
    return _vendor_profile(graph_version(), vendor_id, as_of)


@st.cache_data(show_spinner=False)
def _vendor_products(version: str, vendor_id: str) -> list[tuple[str, str]]:
    return vendor_profile.vendor_products(store(), vendor_id)


def vendor_products_for(vendor_id: str) -> list[tuple[str, str]]:
    return _vendor_products(graph_version(), vendor_id)


@st.cache_data(show_spinner=False)
def _nodes(version: str, label: str) -> list[tuple[str, str]]:
    return explorer.nodes_of(store(), label)


def nodes_for(label: str) -> list[tuple[str, str]]:
    """(id, name) of every node with a label, by name."""
    return _nodes(graph_version(), label)


@st.cache_data(show_spinner=False)
def _neighbours(version: str, node_id: str, labels: tuple[str, ...], limit: int) -> models.Subgraph:
    return explorer.neighbours(store(), node_id, labels, limit)


def neighbours_for(node_ids: list[str], labels: tuple[str, ...], limit: int) -> models.Subgraph:
    """The nodes and the neighbours of each (those of `labels`), merged into one subgraph."""
    version = graph_version()
    subgraph = models.Subgraph()
    for node_id in node_ids:
        subgraph = subgraph.merge(_neighbours(version, node_id, labels, limit))
    return subgraph


@st.cache_data(show_spinner=False)
def _node(version: str, node_id: str) -> models.GraphNode | None:
    return explorer.find_node(store(), node_id)


def node_for(node_id: str) -> models.GraphNode | None:
    """The node with this id, or None."""
    return _node(graph_version(), node_id)


@st.cache_data(show_spinner=False)
def _details(version: str, node_id: str) -> models.NodeDetails:
    return explorer.node_details(store(), node_id)


def node_details_for(node_id: str) -> models.NodeDetails:
    return _details(graph_version(), node_id)


@st.cache_data(show_spinner=False)
def _paths(version: str, customer_id: str, vendor_id: str, as_of: str) -> models.Subgraph:
    return explorer.customer_vendor_paths(store(), customer_id, vendor_id, as_of)


def paths_for(customer_id: str, vendor_id: str, as_of: str) -> models.Subgraph:
    """The paths from a customer's processes to a vendor, as a subgraph to highlight."""
    return _paths(graph_version(), customer_id, vendor_id, as_of)


@st.cache_data(show_spinner=False)
def _review_entries(version: str) -> list[QueueEntry]:
    return review_queue(store(), everything=True)


def review_entries() -> list[QueueEntry]:
    """Every inventory name that was not an exact match: open ones first (graph.resolution.queue)."""
    return _review_entries(graph_version())


def names_to_review() -> int:
    """How many names wait for a reviewer: awaiting review, or not in the knowledge base."""
    return sum(1 for e in review_entries() if e.status in ("pending", "new"))


@st.cache_resource(show_spinner=False, max_entries=2)
def _suggester(version: str) -> Suggester:
    return Suggester(known_targets(store()))


def suggester() -> Suggester:
    """The scored index of the knowledge base's vendors and products, one per graph version."""
    return _suggester(graph_version())


def targets() -> list[Target]:
    """Every knowledge-base vendor and product a name can be confirmed as, vendors first."""
    return sorted(
        suggester().targets.values(), key=lambda t: (t.kind != "vendor", t.name.casefold(), t.id)
    )


@st.cache_data(show_spinner=False)
def _answer(version: str, customer_id: str, vendor_id: str, as_of: str) -> AnswerPaths:
    return answer_paths(store(), customer_id, vendor_id, as_of)


def answer_for(customer_id: str, vendor_id: str, as_of: str) -> AnswerPaths:
    """The customer's paths to the vendor as of the date, as the explorer draws them."""
    return _answer(graph_version(), customer_id, vendor_id, as_of)
