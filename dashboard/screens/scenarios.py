"""Scenario builder: compose a what-if (vendor or product, event, jurisdiction, effective date) and
compare two scenarios side by side for one customer and for the whole portfolio."""

from __future__ import annotations

import streamlit as st

from dashboard import pickers, state, widgets
from dashboard.scenario_form import scenario_form
from graph.explore.views import compare_portfolios, compare_rows
from graph.model import Event

st.title("Scenario builder")
st.caption(
    "What if a regulator, or a sanctions authority, acted against a vendor? Compose a what-if and compare it with "
    "a real order."
)

with widgets.guard():
    customers = state.customers()
    if not customers or not state.scenarios():
        st.warning("The graph has no customers or scenarios yet: run `vendorgraph ingest`.")
        st.stop()
    as_of = pickers.as_of_picker()
    chosen = pickers.choice("scenario") or pickers.DEFAULT_SCENARIO
    customer_id = pickers.customer_picker(
        customers, lambda: state.most_exposed(state.scenario_by_id(chosen), as_of)
    )

    left, right = st.columns(2, gap="large")
    with left, st.container(border=True):
        # A starts on the user's scenario; choosing another ready scenario there carries it on.
        a = scenario_form("A", {"kind": "Ready scenario", "scenario": chosen, "effective": as_of})
        if a.action_id is not None:
            pickers.remember("scenario", a.id)
    with right, st.container(border=True):
        # The what-if takes effect on the as-of date unless the user types another.
        b = scenario_form(
            "B", {"kind": "What-if", "vendor": "vendor:hikvision", "event": Event.SANCTIONS_DESIGNATION,
                  "jurisdiction": "GB", "effective": as_of},
        )  # fmt: skip

    result_a = state.exposure_for(customer_id, a, as_of)
    result_b = state.exposure_for(customer_id, b, as_of)
    st.subheader("Side by side")
    left, right = st.columns(2, gap="large")
    for col, side, result in ((left, "A", result_a), (right, "B", result_b)):
        with col, st.container(border=True):
            st.markdown(f"**{side}: {widgets.md(result.scenario.name)}**")
            st.caption(widgets.md(result.scenario.description))
            st.markdown(
                f"Score **{result.score:.1f}** / 100 &nbsp; {widgets.band_badge(result.band)}",
                unsafe_allow_html=True,  # the badge is fixed markup around a closed set of band names
            )
            st.caption(
                f"{len(result.affected)} affected process(es); {result.scenario.kind_label}: "
                f"{result.scenario.status_text(result.action_status, result.as_of)}"
            )
            widgets.affected_table(result)
    st.dataframe(compare_rows(result_a, result_b), hide_index=True, width="stretch")

    st.subheader("Across the portfolio")
    comparison = compare_portfolios(state.portfolio_for(a, as_of), state.portfolio_for(b, as_of))
    st.dataframe(comparison, hide_index=True, width="stretch")
