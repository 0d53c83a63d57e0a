"""Sidebar pickers shared by the pages, seeded from the URL's query parameters and written back to
it, so every view has a link that reopens it (portfolio -> customer -> vendor keep their context)."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from graph.results import Scenario

__all__ = [
    "DEFAULT_SCENARIO",
    "as_of_picker",
    "choose",
    "customer_picker",
    "scenario_picker",
    "vendor_picker",
]

DEFAULT_SCENARIO = "ico-clearview-2022"
# The one "as of" of the whole app: today unless the user or a link chose another date. It is kept
# in the session (navigation between pages drops the URL's parameters) and written to the URL.
_AS_OF_KEY = "vendorgraph_as_of"
_EARLIEST, _LATEST = date(2015, 1, 1), date(2030, 12, 31)


def _unknown(kind: str, wanted: str) -> None:
    """Say that a link named something the graph does not hold; the page then shows nothing."""
    st.warning(
        f"The link asks for {kind} `{wanted}`, which is not in the graph. "
        f"Choose a {kind} in the sidebar."
    )


def scenario_picker(scenarios: list[Scenario], label: str = "Scenario") -> Scenario:
    """A ready scenario (from the `scenario` query parameter, else the ICO's Clearview order).

    A link naming an unknown scenario gets a warning and an empty page, never another scenario.
    """
    ids = [s.id for s in scenarios]
    linked = st.query_params.get("scenario")
    wanted = linked if isinstance(linked, str) and linked else DEFAULT_SCENARIO
    index: int | None = ids.index(wanted) if wanted in ids else (None if linked else 0)
    if index is None:
        _unknown("scenario", wanted)
    choice = st.sidebar.selectbox(
        label, scenarios, index=index, format_func=lambda s: s.name, placeholder="Choose a scenario",
        help="Ready scenarios come from real enforcement actions in the graph.",
    )  # fmt: skip
    if choice is None:
        st.stop()
    st.query_params["scenario"] = choice.id
    return choice


def as_of_picker() -> str:
    """The app's one as-of date, ISO formatted: the link's, else the session's, else today.

    A date in the past gets a banner, so nobody mistakes a historical picture for today's; a link
    with a date that is not a calendar date gets a warning and today.
    """
    today = date.today()
    initial: date = st.session_state.get(_AS_OF_KEY, today)
    linked = st.query_params.get("as_of")
    if isinstance(linked, str) and linked:
        try:
            initial = date.fromisoformat(linked)
        except ValueError:
            st.warning(
                f"The link's date `{linked}` is not a calendar date (YYYY-MM-DD); showing today."
            )
            initial = today
        if not _EARLIEST <= initial <= _LATEST:
            st.warning(
                f"The link's date {initial.isoformat()} is outside {_EARLIEST}..{_LATEST}; showing today."
            )
            initial = today
    value = st.sidebar.date_input(
        "As of", value=initial, min_value=_EARLIEST, max_value=_LATEST, format="YYYY-MM-DD",
        help="Every answer is computed as of this date: order statuses, links and records then.",
    )  # fmt: skip
    chosen = value if isinstance(value, date) else today
    st.session_state[_AS_OF_KEY] = chosen
    st.query_params["as_of"] = chosen.isoformat()
    if chosen < today:
        st.info(
            f"Looking at the past: as of {chosen.day} {chosen:%B %Y}. Answers use only what was "
            "true and known on that date.",
            icon=":material/history:",
        )
    return chosen.isoformat()


def customer_picker(customers: list[dict[str, Any]], default: str | None = None) -> str:
    """A customer id (from the `customer` query parameter, else `default`, else the first)."""
    return _linked_pick("customer", "Customer", customers, default)


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
    return _linked_pick("vendor", "Vendor", vendors, default)


def _linked_pick(kind: str, label: str, items: list[dict[str, Any]], default: str | None) -> str:
    """An id picked in the sidebar, starting at the link's `kind` parameter, else `default`.

    An id the graph does not hold gets a warning and an empty page (st.stop), never another item.
    """
    ids = [i["id"] for i in items]
    names = {i["id"]: i["name"] for i in items}
    linked = st.query_params.get(kind)
    wanted = linked if isinstance(linked, str) and linked else (default or (ids[0] if ids else ""))
    index: int | None = ids.index(wanted) if wanted in ids else (None if linked or not ids else 0)
    if index is None and linked:
        _unknown(kind, wanted)
    choice: str | None = st.sidebar.selectbox(
        label, ids, index=index, format_func=lambda i: names[i], placeholder=f"Choose a {kind}"
    )
    if choice is None:
        st.stop()
    st.query_params[kind] = choice
    return choice
