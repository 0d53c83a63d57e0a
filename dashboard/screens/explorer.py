"""Graph explorer: how the chosen customer reaches the scenario's vendor, drawn left to right (at
most about 15 nodes), with neighbours added on request, a count of what is hidden, the same paths
as a table, and the details of the selected node."""

from __future__ import annotations

import streamlit as st

from dashboard import explorer_session as session
from dashboard import graph_panel, pickers, state, widgets
from graph import vocabulary
from graph.explore.models import Subgraph
from graph.explore.paths import answer_elements, layer_shape, trim
from graph.model import NODE_TYPES

st.title("Graph explorer")

_HIDDEN_BY_DEFAULT = {"Source", "StatusEvent", "Law", "Mention"}
_HEIGHT = 440

with widgets.guard():
    customers = state.customers()
    scenarios = state.scenarios()
    if not customers or not scenarios:
        st.warning("The graph has no customers or scenarios yet: run `vendorgraph ingest`.")
        st.stop()
    scenario = pickers.scenario_picker(scenarios)
    as_of = pickers.as_of_picker()
    customer_id = pickers.customer_picker(customers, lambda: state.most_exposed(scenario, as_of))
    vendors = [(v["id"], v["name"]) for v in state.vendors()]
    linked = st.query_params.get("vendor")
    vendor_id = pickers.choose("To vendor", vendors, linked or scenario.vendor_id)
    st.query_params["vendor"] = vendor_id
    labels = list(NODE_TYPES)
    with st.sidebar.expander("Kinds of neighbour added", expanded=False):
        shown = st.multiselect(
            "Kinds added", labels, default=[x for x in labels if x not in _HIDDEN_BY_DEFAULT],
            format_func=lambda x: vocabulary.label(x).capitalize(),
            help="Only these kinds are added when you ask for a node's neighbours.",
        )  # fmt: skip
    per_request = st.sidebar.slider("Neighbours added per request", 2, 20, 6)

    names = dict(vendors)
    customer = next(c["name"] for c in customers if c["id"] == customer_id)
    answer = state.answer_for(customer_id, vendor_id, as_of)
    paths = answer.subgraph
    if answer.rows:
        drawn = len(answer.rows) - answer.hidden_paths
        st.markdown(
            f"**{widgets.md(customer)}** reaches **{widgets.md(names[vendor_id])}** through "
            f"{len(answer.rows)} path{'s' if len(answer.rows) != 1 else ''} as of {as_of}"
            + (
                f"; the {drawn} nearest are drawn, all are in the table."
                if answer.hidden_paths
                else "."
            )
        )
    else:
        st.info(
            f"No process of {customer} reaches {names[vendor_id]} as of {as_of}. The drawing starts "
            "from the vendor: add its neighbours to look around it."
        )
        start = state.node_for(vendor_id)
        paths = Subgraph(nodes=[start] if start else [])
    start_id = customer_id if answer.rows else vendor_id
    on_screen = {n.id for n in paths.nodes}
    # A link may name the node to select first (the exposure page's names the vendor).
    linked_node = st.query_params.get("node")
    first = linked_node if linked_node in on_screen else start_id

    view = f"{customer_id}|{vendor_id}|{as_of}"
    extra, hidden = Subgraph(), 0
    for node_id in session.expanded(view, first):
        around, left_out = trim(
            state.neighbours_for([node_id], tuple(shown), per_request), on_screen, per_request
        )
        extra = extra.merge(around)
        on_screen |= {n.id for n in around.nodes}
        hidden += left_out
    elements = answer_elements(paths, extra)
    columns, tallest = layer_shape(elements)
    event = graph_panel.draw(
        elements, key="explorer-answer", interactive=True, height=_HEIGHT, layout="answer",
        font=graph_panel.answer_font(columns, tallest, _HEIGHT),
    )  # fmt: skip
    if session.handle_event(event):
        st.rerun()

    visible = {n["data"]["id"]: n["data"]["name"] for n in elements["nodes"]}
    node_ids = list(visible)
    current = session.selected(start_id)
    pick, more, back = st.columns([3, 1.3, 1.3], vertical_alignment="bottom")
    picked = pick.selectbox(
        "Node", node_ids, index=node_ids.index(current) if current in node_ids else 0,
        format_func=lambda i: visible[i], help="A click on the drawing selects a node too.",
    )  # fmt: skip
    if picked != current:
        session.select(picked)
    if more.button("Add its neighbours", width="stretch") and session.expand([picked]):
        st.rerun()
    if back.button("Back to the paths", width="stretch"):
        session.reset(start_id)
        st.rerun()
    if hidden:
        st.caption(
            f"{hidden} more neighbour{'s' if hidden != 1 else ''} not drawn: raise “Neighbours "
            "added per request” in the sidebar, or add the neighbours of another node."
        )

    table, details = st.columns([3, 2], gap="medium")
    with table:
        st.markdown("**The paths as a table**")
        if answer.rows:
            st.dataframe(answer.rows, hide_index=True, width="stretch")
        graph_panel.table_view(elements, "Every link drawn")
    with details, st.container(border=True):
        st.markdown("**The selected node**")
        graph_panel.details_panel(state.node_details_for(session.selected(start_id)))
