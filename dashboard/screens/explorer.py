"""Graph explorer: expand neighbours, filter by type, highlight the paths from a customer to a vendor,
and read the details of the selected node."""

from __future__ import annotations

import streamlit as st

from dashboard import explorer_session as session
from dashboard import graph_panel, pickers, state, widgets
from graph import vocabulary
from graph.explore.views import subgraph_elements
from graph.model import NODE_TYPES

st.title("Graph explorer")
st.caption(
    "Click a node for its details; expand its neighbours with the expand button beside the graph, a "
    "double-click, or the Expand button below. Paths from the chosen customer to the vendor are drawn in red."
)

_HIDDEN_BY_DEFAULT = {"Source", "StatusEvent", "Law"}

with widgets.guard():
    labels = list(NODE_TYPES)
    wanted = st.query_params.get("node") or "vendor:clearview-ai"
    found = state.node_for(wanted)
    if found is None and st.query_params.get("node"):
        st.warning(
            f"The link asks for node `{wanted}`, which is not in the graph; starting from a vendor."
        )
    start_label = st.sidebar.selectbox(
        "Start from a", labels, index=labels.index(found.label if found else "Vendor"),
        format_func=lambda x: vocabulary.label(x).capitalize(),
    )  # fmt: skip
    choices = state.nodes_for(start_label)
    ids = [i for i, _ in choices]
    names = dict(choices)
    if not ids:
        st.info(f"The graph has no {vocabulary.label(start_label)} nodes.")
        st.stop()
    start = st.sidebar.selectbox(
        "Start node",
        ids,
        index=ids.index(wanted) if wanted in ids else 0,
        format_func=lambda i: names[i],
    )
    st.query_params["node"] = start
    with st.sidebar.expander("Node types shown", expanded=False):
        shown = st.multiselect(
            "Show node types", labels, default=[x for x in labels if x not in _HIDDEN_BY_DEFAULT],
            format_func=lambda x: vocabulary.label(x).capitalize(),
            help="Hidden types are left out of expansions; highlighted paths always show.",
        )  # fmt: skip
    # A few neighbours of each kind read at 1366x768; the slider shows more.
    limit = st.sidebar.slider(
        "Neighbours per link type", 3, 100, 8, step=1, help="Raise it to show more neighbours."
    )
    as_of = pickers.as_of_picker()

    st.sidebar.markdown("**Highlight paths**")
    customers = [(c["id"], c["name"]) for c in state.customers()]
    customer = pickers.choose(
        "From customer", customers, st.query_params.get("customer"), blank="No customer"
    )
    vendors = [(v["id"], v["name"]) for v in state.vendors()]
    default_vendor = start if start.startswith("vendor:") else "vendor:clearview-ai"
    vendor = pickers.choose("To vendor", vendors, st.query_params.get("vendor") or default_vendor)

    subgraph = state.neighbours_for(session.expanded(start), tuple(shown), limit)
    highlight = state.paths_for(customer, vendor, as_of) if customer else None
    if highlight is not None and not highlight.nodes:
        st.info(
            f"No path from {dict(customers)[customer]} to {dict(vendors)[vendor]} as of {as_of}."
        )
    elements = subgraph_elements(subgraph, highlight, set(shown))
    if subgraph.more:
        st.caption(
            f"{sum(subgraph.more.values())} more neighbour(s) not shown: raise the limit in the sidebar."
        )

    graph_col, details_col = st.columns([3, 2], gap="medium")
    with graph_col:
        event = graph_panel.draw(
            elements,
            key="explorer-graph",
            interactive=True,
            height=560,
            layout="radial",
            centre=start,
        )
        if session.handle_event(event):
            st.rerun()
        visible = {n["data"]["id"]: n["data"]["name"] for n in elements["nodes"]}
        pick_col, expand_col, reset_col = st.columns([3, 1, 1], vertical_alignment="bottom")
        current = session.selected(start)
        node_ids = list(visible)
        picked = pick_col.selectbox(
            "Node", node_ids, index=node_ids.index(current) if current in node_ids else 0,
            format_func=lambda i: visible[i], help="Choose a node for the details panel or to expand it.",
        )  # fmt: skip
        if picked != current:
            session.select(picked)
        if expand_col.button(
            "Expand", help="Show this node's neighbours", width="stretch"
        ) and session.expand([picked]):
            st.rerun()
        if reset_col.button("Reset", help="Back to the start node only", width="stretch"):
            session.reset(start)
            st.rerun()
        graph_panel.table_view(elements)
    with details_col, st.container(border=True):
        st.markdown("**Details of the selected node**")
        graph_panel.details_panel(state.node_details_for(session.selected(start)))
