"""Sidebar pickers shared by the pages: the user's customer, scenario and as-of, carried across
every page in the session and in the URL, so every view has a link that reopens it.

Order of precedence for each choice: the link's query parameter, else the session (what the user
chose on another page), else the page's default. `carry()` runs before every page (dashboard/app.py)
and puts the session's choices back into the URL, which Streamlit clears when the sidebar's
navigation switches pages; a page that does not pick a choice still keeps it in its link.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from graph.results import Scenario

__all__ = [
    "DEFAULT_SCENARIO",
    "as_of_picker",
    "carry",
    "choice",
    "choose",
    "customer_picker",
    "remember",
    "scenario_picker",
    "vendor_picker",
]

DEFAULT_SCENARIO = "ico-clearview-2022"
# The choices kept in the session, by query parameter. Only values a picker accepted are kept
# (a link naming an unknown customer warns once and is not carried to the next page).
_KEPT = {"customer": "vendorgraph_customer", "scenario": "vendorgraph_scenario", "as_of": "vendorgraph_as_of"}  # fmt: skip
_EARLIEST, _LATEST = date(2015, 1, 1), date(2030, 12, 31)


def carry() -> None:
    """Put the session's choices into the URL where the URL does not give them."""
    for param, key in _KEPT.items():
        kept = st.session_state.get(key)
        if kept and not st.query_params.get(param):
            st.query_params[param] = str(kept)


def choice(param: str) -> str | None:
    """The user's current choice: the link's, else the session's."""
    linked = st.query_params.get(param)
    if isinstance(linked, str) and linked:
        return linked
    kept = st.session_state.get(_KEPT[param])
    return str(kept) if kept else None


def remember(param: str, value: str) -> None:
    """Keep an accepted choice in the session and the URL."""
    st.session_state[_KEPT[param]] = value
    st.query_params[param] = value


def _unknown(kind: str, wanted: str) -> None:
    """Say that a link named something the graph does not hold; the page then shows nothing."""
    st.warning(
        f"The link asks for a {kind} the graph does not hold (“{wanted}”). "
        f"Choose a {kind} in the sidebar."
    )


def scenario_picker(scenarios: list[Scenario], label: str = "Scenario") -> Scenario:
    """A ready scenario: the link's, else the session's, else the ICO's Clearview order.

    A link naming an unknown scenario gets a warning and an empty page, never another scenario.
    """
    ids = [s.id for s in scenarios]
    linked = st.query_params.get("scenario")
    wanted = choice("scenario") or DEFAULT_SCENARIO
    index: int | None = ids.index(wanted) if wanted in ids else (None if linked else 0)
    if index is None:
        _unknown("scenario", wanted)
    picked = st.sidebar.selectbox(
        label, scenarios, index=index, format_func=lambda s: s.name, placeholder="Choose a scenario",
        help="Ready scenarios come from real enforcement actions in the graph.",
    )  # fmt: skip
    if picked is None:
        st.stop()
    remember("scenario", picked.id)
    return picked


def _linked_date() -> date | None:
    """The link's date, or None after a warning when it is not a date the app can show."""
    linked = st.query_params.get("as_of")
    if not (isinstance(linked, str) and linked):
        return None
    try:
        wanted = date.fromisoformat(linked)
    except ValueError:
        st.warning(
            f"The link's date “{linked}” is not a calendar date (YYYY-MM-DD); showing today."
        )
        return date.today()
    if not _EARLIEST <= wanted <= _LATEST:
        st.warning(
            f"The link's date {wanted.isoformat()} is outside {_EARLIEST}..{_LATEST}; showing today."
        )
        return date.today()
    return wanted


def as_of_picker() -> str:
    """The app's one as-of date, ISO formatted: the link's, else the session's, else today.

    A date in the past gets a banner, so nobody mistakes a historical picture for today's; a link
    with a date that is not a calendar date gets a warning and today.
    """
    today = date.today()
    kept = st.session_state.get(_KEPT["as_of"])
    initial = _linked_date() or (date.fromisoformat(str(kept)) if kept else today)
    value = st.sidebar.date_input(
        "As of", value=initial, min_value=_EARLIEST, max_value=_LATEST, format="YYYY-MM-DD",
        help="Every answer is computed as of this date: order statuses, links and records then.",
    )  # fmt: skip
    chosen = value if isinstance(value, date) else today
    remember("as_of", chosen.isoformat())
    if chosen < today:
        st.info(
            f"Looking at the past: as of {chosen.day} {chosen:%B %Y}. Answers use only what was "
            "true and known on that date.",
            icon=":material/history:",
        )
    return chosen.isoformat()


def customer_picker(
    customers: list[dict[str, Any]], default: str | Callable[[], str | None] | None = None
) -> str:
    """A customer id: the link's, else the session's, else `default` (an id, or a function giving
    one, called only when needed), else the first."""
    wanted = choice("customer")
    if wanted is None and default is not None:
        wanted = default() if callable(default) else default
    picked = _pick("customer", "Customer", customers, wanted)
    remember("customer", picked)
    return picked


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
    """A vendor id: the link's, else `default` (the page passes the chosen scenario's vendor)."""
    linked = st.query_params.get("vendor")
    picked = _pick(
        "vendor", "Vendor", vendors, linked if isinstance(linked, str) and linked else default
    )
    st.query_params["vendor"] = picked
    return picked


def _pick(kind: str, label: str, items: list[dict[str, Any]], wanted: str | None) -> str:
    """An id picked in the sidebar, starting at `wanted`, else the first item.

    An id the graph does not hold gets a warning and an empty page (st.stop), never another item.
    """
    ids = [i["id"] for i in items]
    names = {i["id"]: i["name"] for i in items}
    index: int | None = ids.index(wanted) if wanted in ids else (None if wanted or not ids else 0)
    if index is None and wanted:
        _unknown(kind, wanted)
    picked: str | None = st.sidebar.selectbox(
        label, ids, index=index, format_func=lambda i: names[i], placeholder=f"Choose a {kind}"
    )
    if picked is None:
        st.stop()
    return picked
