"""Cached calls from the dashboard into graph/: one store per process, results keyed by graph version.

Caching on the store's version means a rebuilt graph is picked up on the next rerun, without a
restart, and an unchanged one is never queried twice for the same answer.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from graph.backend import open_store
from graph.exposure import exposure, portfolio
from graph.queries import ALL_CUSTOMERS, ALL_VENDORS
from graph.results import ExposureResult, PortfolioRow, Scenario
from graph.scenarios import find_scenario, list_scenarios
from graph.settings import settings
from graph.store import Store
from ingest.kb import read_rules

__all__ = [
    "customers",
    "exposure_for",
    "graph_version",
    "portfolio_for",
    "scenarios",
    "store",
    "vendors",
]


@st.cache_resource
def _store_context(key: tuple[str, str, str | None]) -> Any:
    # Entered once per configuration and never exited: the store lives as long as the server.
    ctx = open_store(settings())
    return ctx, ctx.__enter__()


def store() -> Store:
    """The configured store (LadybugDB by default), one per configuration."""
    config = settings()
    return _store_context((config.store, str(config.home), config.neo4j_uri))[1]  # type: ignore[no-any-return]


def graph_version() -> str:
    return store().version()


@st.cache_resource
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
    return store().read(ALL_VENDORS)


def vendors() -> list[dict[str, Any]]:
    return _vendors(graph_version())


@st.cache_data(show_spinner=False)
def _scenarios(version: str) -> list[Scenario]:
    return list_scenarios(store())


def scenarios() -> list[Scenario]:
    return _scenarios(graph_version())


@st.cache_data(show_spinner=False)
def _exposure(version: str, customer_id: str, scenario_json: str, as_of: str) -> ExposureResult:
    scenario = Scenario.model_validate_json(scenario_json)
    return exposure(store(), customer_id, scenario, as_of, rules=rules())


def exposure_for(customer_id: str, scenario: Scenario, as_of: str) -> ExposureResult:
    return _exposure(graph_version(), customer_id, scenario.model_dump_json(), as_of)


@st.cache_data(show_spinner=False)
def _portfolio(version: str, scenario_json: str, as_of: str) -> list[PortfolioRow]:
    return portfolio(store(), Scenario.model_validate_json(scenario_json), as_of, rules=rules())


def portfolio_for(scenario: Scenario, as_of: str) -> list[PortfolioRow]:
    return _portfolio(graph_version(), scenario.model_dump_json(), as_of)


def scenario_by_id(scenario_id: str) -> Scenario:
    return find_scenario(store(), scenario_id)
