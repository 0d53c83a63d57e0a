"""Customer exposure: score, dimensions, affected processes with paths, evidence, actions, graph."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import state, widgets
from graph.views import exposure_elements

st.title("Customer exposure")
st.caption("How exposed is a customer when a regulator orders one of its vendors to stop?")

with widgets.guard():
    customers = state.customers()
    scenarios = state.scenarios()
    if not customers or not scenarios:
        st.warning("The graph has no customers or scenarios yet: run `vendorgraph ingest`.")
        st.stop()
    ids = [c["id"] for c in customers]
    names = {c["id"]: c["name"] for c in customers}
    default_customer = st.query_params.get("customer", ids[0])
    customer_id = st.sidebar.selectbox(
        "Customer", ids, index=ids.index(default_customer) if default_customer in ids else 0,
        format_func=lambda i: names[i],
    )  # fmt: skip
    scenario_ids = [s.id for s in scenarios]
    wanted = st.query_params.get("scenario", "ico-clearview-2022")
    scenario = st.sidebar.selectbox(
        "Scenario", scenarios, index=scenario_ids.index(wanted) if wanted in scenario_ids else 0,
        format_func=lambda s: s.name,
    )  # fmt: skip
    as_of = st.sidebar.date_input(
        "As of", value=date.fromisoformat(st.query_params.get("as_of", "2022-06-01")),
        min_value=date(2015, 1, 1), max_value=date(2030, 12, 31),
    )  # fmt: skip
    result = state.exposure_for(customer_id, scenario, as_of.isoformat())

    widgets.score_header(result)
    tab_names = ["Dimensions", "Affected processes", "Evidence", "Actions", "Graph", "Export"]
    t_dim, t_aff, t_ev, t_act, t_graph, t_export = st.tabs(tab_names)
    with t_dim:
        widgets.dimensions_table(result)
    with t_aff:
        widgets.affected_table(result)
    with t_ev:
        widgets.evidence(result)
    with t_act:
        widgets.actions_table(result)
    with t_graph:
        widgets.graph_view(exposure_elements(result), key=f"graph-{customer_id}-{scenario.id}")
    with t_export:
        widgets.downloads(result)
