"""Vendor profile: enforcement across jurisdictions with each action's status history, sanctions
matches, data sources, jurisdictions, and the customers exposed."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, pickers, state, widgets
from dashboard.resolution_panel import names_panel
from dashboard.review_panel import matches_panel
from graph import vocabulary
from graph.dates import date_text
from graph.explore.views import (
    enforcement_counts,
    enforcement_summary,
    exposed_rows,
    unique_matches,
    vendor_action_rows,
    vendor_link_rows,
    vendor_status_rows,
)

st.title("Vendor profile")
st.caption(
    "A vendor's enforcement record across jurisdictions, its restricted-list matches, and who depends on it."
)

with widgets.guard():
    vendors = state.vendors()
    if not vendors:
        st.warning("The graph has no vendors yet: run `vendorgraph ingest`.")
        st.stop()
    # Without a link, the profile is that of the chosen scenario's vendor.
    scenario_id = pickers.choice("scenario")
    vendor_of = {s.id: s.vendor_id for s in state.scenarios()}
    vendor_id = pickers.vendor_picker(
        vendors, vendor_of.get(scenario_id or "", "vendor:clearview-ai")
    )
    as_of = pickers.as_of_picker()
    profile = state.vendor_profile_for(vendor_id, as_of)
    vendor = profile.vendor

    st.header(vendor.name)
    facts = [f"country **{widgets.md(vendor.props.get('country') or 'unknown')}**"]
    if vendor.props.get("aliases"):
        facts.append("also known as " + ", ".join(widgets.md(a) for a in vendor.props["aliases"]))
    if vendor.props.get("fictional"):
        facts.append("**fictional sample organisation**")
    st.markdown(" · ".join(facts))
    if vendor.props.get("description"):
        st.write(vendor.props["description"])
    counts = enforcement_counts(profile)
    metrics = st.columns(4)
    metrics[0].metric(
        "Enforcement actions against it", counts["against"], help=enforcement_summary(profile)
    )
    metrics[1].metric(
        "Jurisdictions acting", len({a.jurisdiction for a in profile.actions if a.jurisdiction})
    )
    metrics[2].metric("Restricted-list listings", len(unique_matches(profile)))
    metrics[3].metric("Customer processes exposed", len(profile.customers))

    t_enf, t_sanctions, t_links, t_customers, t_sources = st.tabs(
        ["Enforcement", "Sanctions matches", "Data sources and jurisdictions", "Customers exposed", "Sources"],
        key="tab", bind="query-params",
    )  # fmt: skip
    if t_enf.open:
        with t_enf:
            if not profile.actions:
                st.success(f"No enforcement action against this vendor in the graph as of {as_of}.")
            else:
                st.caption(
                    f"As of {as_of}: {enforcement_summary(profile)}. The table lists all of them."
                )
            charts.vendor_timeline_chart(
                vendor_status_rows(profile), f"Enforcement against {vendor.name} as of {as_of}"
            )
            st.dataframe(vendor_action_rows(profile), hide_index=True, width="stretch")
            st.markdown("**Status history of each action**")
            for action in profile.actions:
                status = vocabulary.status_words(action.kinds, action.status)
                label = f"{date_text(action.date)} · {action.jurisdiction or '?'} · {action.name} — {status}"
                with st.expander(label):
                    widgets.action_history(action)
    if t_sanctions.open:
        with t_sanctions:
            matches_panel(profile)
            st.subheader("Inventory names for this vendor")
            names_panel(vendor_id)
    if t_links.open:
        with t_links:
            rows = vendor_link_rows(profile)
            if rows:
                st.dataframe(rows, hide_index=True, width="stretch")
            else:
                st.info("No products, data sources or jurisdictions recorded for this vendor.")
    if t_customers.open:
        with t_customers:
            if not profile.customers:
                st.success(f"No assessed customer's process reaches this vendor as of {as_of}.")
            else:
                st.dataframe(exposed_rows(profile), hide_index=True, width="stretch")
                ready = [s for s in state.scenarios() if s.vendor_id == vendor_id]
                for customer in sorted({(c.customer_id, c.customer) for c in profile.customers}):
                    params = {
                        "customer": customer[0],
                        "as_of": as_of,
                        **({"scenario": ready[-1].id} if ready else {}),
                    }
                    st.page_link("screens/exposure.py", label=f"Exposure of {customer[1]}", query_params=params,
                                 icon=":material/arrow_forward:")  # fmt: skip
    if t_sources.open:
        with t_sources:
            for ref in profile.sources:
                st.markdown(f"- {widgets.source_link(ref)}")
