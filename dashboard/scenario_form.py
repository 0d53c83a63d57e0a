"""The scenario builder's form: a ready scenario, or a what-if composed from a vendor or product, an
event, a jurisdiction and an effective date."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from dashboard import state
from graph.exposure.scenarios import EVENT_LABELS
from graph.model import Event
from graph.results import Scenario

__all__ = ["scenario_form"]

_READY, _WHAT_IF = "Ready scenario", "What-if"


def _index(options: list[Any], wanted: Any) -> int:
    return options.index(wanted) if wanted in options else 0


def scenario_form(side: str, defaults: dict[str, Any]) -> Scenario:
    """One side (A or B) of the comparison; widget keys are prefixed with the side."""
    kind = st.radio(
        f"Scenario {side}", [_READY, _WHAT_IF], index=_index([_READY, _WHAT_IF], defaults["kind"]),
        horizontal=True, key=f"{side}-kind",
    )  # fmt: skip
    if kind == _READY:
        scenarios = state.scenarios()
        ids = [s.id for s in scenarios]
        chosen: Scenario = st.selectbox(
            f"Ready scenario {side}", scenarios, index=_index(ids, defaults.get("scenario")),
            format_func=lambda s: s.name, key=f"{side}-ready",
        )  # fmt: skip
        return chosen
    vendors = state.vendors()
    vendor_ids = [v["id"] for v in vendors]
    names = {v["id"]: v["name"] for v in vendors}
    vendor_id: str = st.selectbox(
        f"Vendor {side}", vendor_ids, index=_index(vendor_ids, defaults.get("vendor")),
        format_func=lambda i: names[i], key=f"{side}-vendor",
    )  # fmt: skip
    products = state.vendor_products_for(vendor_id)
    product_ids = ["", *(p for p, _ in products)]
    product_names = {"": "All the vendor's products", **dict(products)}
    product_id = st.selectbox(
        f"Product {side}", product_ids, format_func=lambda i: product_names[i], key=f"{side}-product-{vendor_id}",
        help="Limit the event to one product, or leave it on the whole vendor.",
    )  # fmt: skip
    events = list(Event)
    event: Event = st.selectbox(
        f"Event {side}", events, index=_index(events, defaults.get("event")),
        format_func=lambda e: EVENT_LABELS[e], key=f"{side}-event",
    )  # fmt: skip
    places = [("", "Any jurisdiction"), *state.jurisdictions()]
    codes = [c for c, _ in places]
    place_names = dict(places)
    jurisdiction = st.selectbox(
        f"Jurisdiction {side}", codes, index=_index(codes, defaults.get("jurisdiction", "GB")),
        format_func=lambda c: f"{place_names[c]} ({c})" if c else place_names[c], key=f"{side}-jurisdiction",
    )  # fmt: skip
    start = str(defaults.get("effective") or date.today().isoformat())
    # Keyed by the default too: a new as-of date moves an untouched effective date with it.
    effective = st.date_input(
        f"Effective date {side}", value=date.fromisoformat(start), min_value=date(2015, 1, 1),
        max_value=date(2030, 12, 31), format="YYYY-MM-DD", key=f"{side}-effective-{start}",
        help="The date the what-if takes effect; it starts on the as-of date.",
    )  # fmt: skip
    effective_date = effective.isoformat() if isinstance(effective, date) else start
    return state.what_if(vendor_id, event, effective_date, jurisdiction or None, product_id or None)
