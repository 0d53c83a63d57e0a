"""Sidebar pickers shared by the pages, seeded from the URL's query parameters and written back to
it, so every view has a link that reopens it (portfolio -> customer -> vendor keep their context)."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from graph.results import Scenario

__all__ = [
    "DEFAULT_AS_OF",
    "DEFAULT_SCENARIO",
    "as_of_picker",
    "choose",
    "customer_picker",
    "scenario_picker",
    "vendor_picker",
]

DEFAULT_SCENARIO = "ico-clearview-2022"
DEFAULT_AS_OF = "2022-06-01"


def _param(name: str, default: str) -> str:
    value = st.query_params.get(name)
    return value if isinstance(value, str) and value else default


def scenario_picker(scenarios: list[Scenario], label: str = "Scenario") -> Scenario:
    """A ready scenario (from the `scenario` query parameter, else the ICO's Clearview order)."""
    ids = [s.id for s in scenarios]
    wanted = _param("scenario", DEFAULT_SCENARIO)
    choice = st.sidebar.selectbox(
        label, scenarios, index=ids.index(wanted) if wanted in ids else 0, format_func=lambda s: s.name,
        help="Ready scenarios come from real enforcement actions in the graph.",
    )  # fmt: skip
    st.query_params["scenario"] = choice.id
    return choice


def as_of_picker(default: str = DEFAULT_AS_OF) -> str:
    """The as-of date, ISO formatted."""
    try:
        initial = date.fromisoformat(_param("as_of", default))
    except ValueError:
        initial = date.fromisoformat(default)
    value = st.sidebar.date_input(
        "As of", value=initial, min_value=date(2015, 1, 1), max_value=date(2030, 12, 31), format="YYYY-MM-DD",
        help="Every answer is computed as of this date: order statuses, links and records then.",
    )  # fmt: skip
    chosen = value.isoformat() if isinstance(value, date) else default
    st.query_params["as_of"] = chosen
    return chosen


def customer_picker(customers: list[dict[str, Any]], default: str | None = None) -> str:
    """A customer id (from the `customer` query parameter, else `default`, else the first)."""
    ids = [c["id"] for c in customers]
    names = {c["id"]: c["name"] for c in customers}
    wanted = _param("customer", default or ids[0])
    choice: str = st.sidebar.selectbox(
        "Customer",
        ids,
        index=ids.index(wanted) if wanted in ids else 0,
        format_func=lambda i: names[i],
    )
    st.query_params["customer"] = choice
    return choice


def choose(
    label: str, options: list[tuple[str, str]], wanted: str | None, *, blank: str | None = None
) -> str:
    """A sidebar pick among (id, name) options, starting at `wanted`; `blank` offers "none" as ""."""
    choices = ([("", blank)] if blank is not None else []) + options
    ids = [i for i, _ in choices]
    names = dict(choices)
    chosen: str = st.sidebar.selectbox(
        label, ids, index=ids.index(wanted) if wanted in ids else 0, format_func=names.__getitem__
    )
    return chosen


def vendor_picker(vendors: list[dict[str, Any]], default: str = "vendor:clearview-ai") -> str:
    """A vendor id (from the `vendor` query parameter, else Clearview AI)."""
    ids = [v["id"] for v in vendors]
    names = {v["id"]: v["name"] for v in vendors}
    wanted = _param("vendor", default)
    choice: str = st.sidebar.selectbox(
        "Vendor",
        ids,
        index=ids.index(wanted) if wanted in ids else 0,
        format_func=lambda i: names[i],
    )
    st.query_params["vendor"] = choice
    return choice
