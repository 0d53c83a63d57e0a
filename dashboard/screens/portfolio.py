"""Portfolio: every assessed customer ranked for one scenario, with band colours, filters and a chart."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, pickers, ranking_export, state, widgets
from graph.explore.views import BAND_ORDER, filter_portfolio, portfolio_rows

# Past these, a bar per customer gives way to a bar per band, and the links come a page at a time.
_CHART_ROWS = 40
_LINKS_PER_PAGE = 50

st.title("Portfolio")
st.caption("Every assessed customer ranked by exposure to one scenario, as of a date.")

with widgets.guard():
    scenarios = state.scenarios()
    if not scenarios:
        st.warning("The graph has no scenarios yet: run `vendorgraph ingest`.")
        st.stop()
    scenario = pickers.scenario_picker(scenarios)
    as_of = pickers.as_of_picker()
    # Says what it is doing while a large book is scored (cached afterwards: instant).
    with st.status("Scoring every customer for this scenario", expanded=False) as scoring:
        ranking = state.portfolio_for(scenario, as_of)
        scoring.update(label=f"{len(ranking):,} customers scored", state="complete")
    rows = portfolio_rows(
        ranking, {c["id"]: str(c.get("sector") or "unknown") for c in state.customers()}
    )

    st.markdown(f"**{widgets.md(scenario.name)}** — {widgets.md(scenario.description)}")
    counts = {b: sum(1 for r in ranking if r.band == b) for b in BAND_ORDER}
    metrics = st.columns(5)
    metrics[0].metric("Customers assessed", len(ranking))
    for col, band in zip(metrics[1:], BAND_ORDER, strict=True):
        col.metric(f"{band.capitalize()} band", counts[band])

    filters = st.columns([3.8, 2.8, 1.2, 2.2], vertical_alignment="bottom")
    bands = filters[0].pills(
        "Bands", BAND_ORDER, selection_mode="multi", default=BAND_ORDER, format_func=str.upper
    )
    all_sectors = sorted({r["sector"] for r in rows})
    # None chosen means every sector: picking one narrows at once, with no seven to remove.
    chosen = filters[1].multiselect("Sectors", all_sectors, placeholder="All sectors")
    sectors = chosen or all_sectors
    min_score = filters[2].number_input("Minimum score", 0.0, 100.0, 0.0, step=5.0)
    # A short label: the long one was cut to "Only customers with a..." at 1366 px wide.
    only_affected = filters[3].toggle(
        "Affected only", help="Only customers with a process that reaches the scenario's vendor"
    )
    shown = filter_portfolio(
        rows, bands=bands, sectors=sectors, min_score=min_score, only_affected=only_affected
    )
    st.caption(f"{len(shown):,} of {len(rows):,} customers shown")
    if not shown:
        st.info("No customer matches the filters.")
        st.stop()

    if len(shown) <= _CHART_ROWS:
        charts.portfolio_chart(shown, f"Exposure as of {as_of}")
    else:
        charts.band_counts_chart(shown, f"Customers by band as of {as_of}")
    widgets.portfolio_table(shown)  # the grid is virtualised: every row, scrolled on demand
    ranking_export.ranking_button(scenario, as_of, len(ranking))
    st.subheader("Open a customer's exposure")
    pages = max(1, -(-len(shown) // _LINKS_PER_PAGE))
    page = 1
    if pages > 1:
        page = int(
            st.number_input(
                f"Page (of {pages}, {_LINKS_PER_PAGE} customers each, in rank order)",
                1, pages, 1, key="portfolio-page",
            )
        )  # fmt: skip
    for r in shown[(page - 1) * _LINKS_PER_PAGE : page * _LINKS_PER_PAGE]:
        st.page_link(
            "screens/exposure.py",
            label=f"{r['customer']} — {r['score']:.1f} {r['band'].upper()}",
            query_params={"customer": r["customer_id"], "scenario": scenario.id, "as_of": as_of},
            icon=":material/arrow_forward:",
        )
    # Lazy: the report renderers (PDF fonts above all) load only when someone opens this.
    downloads = st.expander(
        "Download the portfolio report", key="portfolio-downloads", on_change="rerun"
    )
    if downloads.open:
        from dashboard import exports

        with downloads:
            exports.portfolio_buttons(scenario, as_of, ranking)
