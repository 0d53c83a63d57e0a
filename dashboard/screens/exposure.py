"""Customer exposure: score, dimensions with formula and weights, affected processes with paths,
evidence, the action checklist, exposure over time, the graph, and the report downloads."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, graph_panel, pickers, state, widgets
from graph.explore.views import dimension_rows, exposure_elements, timeline_rows

st.title("Customer exposure")

with widgets.guard():
    customers = state.customers()
    scenarios = state.scenarios()
    if not customers or not scenarios:
        st.warning("The graph has no customers or scenarios yet: run `vendorgraph ingest`.")
        st.stop()
    scenario = pickers.scenario_picker(scenarios)
    as_of = pickers.as_of_picker()
    # Without a choice yet, the page opens on the customer most exposed to the scenario.
    customer_id = pickers.customer_picker(customers, lambda: state.most_exposed(scenario, as_of))
    result = state.exposure_for(customer_id, scenario, as_of)

    widgets.score_header(result)
    st.page_link(
        "screens/vendor.py", label=f"Vendor profile: {scenario.vendor}", icon=":material/factory:",
        query_params={"vendor": scenario.vendor_id, "as_of": as_of},
    )  # fmt: skip
    # The answer comes first: what it means and what to do, in plain sentences; the machinery
    # (formula, weights, force) sits under "How this score is built".
    st.markdown("#### What this means for us")
    widgets.answer(result)
    # Lazy tabs bound to the URL (?tab=Graph): only the open tab runs, so the graph is laid out
    # at its real size and a link can open any tab.
    tab_names = [
        "Actions",
        "Affected processes",
        "Evidence",
        "Over time",
        "Graph",
        "How this score is built",
        "Export",
    ]
    t_act, t_aff, t_ev, t_time, t_graph, t_dim, t_export = st.tabs(
        tab_names, key="tab", bind="query-params"
    )
    if t_dim.open:
        with t_dim:
            widgets.weights_panel(result)
            charts.weighted_chart(dimension_rows(result), "Weighted contribution of each dimension")
            widgets.dimensions_table(result)
    if t_aff.open:
        with t_aff:
            widgets.affected_table(result)
    if t_ev.open:
        with t_ev:
            widgets.evidence(result)
    if t_act.open:
        with t_act:
            widgets.actions_checklist(result)
    if t_time.open:
        with t_time:
            timeline = state.timeline_for(customer_id, scenario, as_of)
            if timeline.note:
                st.info(timeline.note)
            charts.timeline_chart(
                timeline_rows(timeline),
                f"{result.customer}: exposure as the enforcement history unfolds",
                as_of,
            )
            st.dataframe(timeline_rows(timeline), hide_index=True, width="stretch")
            widgets.timeline_events(timeline)
    if t_graph.open:
        with t_graph:
            elements = exposure_elements(result)
            graph_panel.draw(
                elements, key=f"graph-{customer_id}-{scenario.id}", layout="chain", height=420
            )
            graph_panel.table_view(elements, "The paths as a table")
            st.page_link(
                "screens/explorer.py", label="Explore around these paths", icon=":material/hub:",
                query_params={"node": scenario.vendor_id, "customer": customer_id, "vendor": scenario.vendor_id},
            )  # fmt: skip
    if t_export.open:
        with t_export:
            widgets.downloads(result)
