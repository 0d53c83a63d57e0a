"""Cypher console: the saved DPO queries with parameter forms, and free read-only Cypher.

Only plain reads pass (graph.console.door: a token allowlist, then the engine's own plan); time, memory,
rows and bytes are bounded."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import query_console, state, widgets
from graph.console.saved_queries import SAVED_QUERIES
from graph.settings import settings

st.title("Cypher console")
config = settings()
st.caption(
    "Read-only: MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, ORDER BY, SKIP, LIMIT, UNION and pure "
    f"functions; anything else is refused. At most {config.query_row_limit} "
    f"rows; queries stop after {config.query_timeout_ms / 1000:g} s."
)


def _show(result: query_console.ConsoleResult) -> None:
    more = f" (cut short: {result.cut})" if result.cut else ""
    st.caption(f"{len(result.rows)} row(s){more} in {result.seconds * 1000:.0f} ms")
    if result.rows:
        st.dataframe(result.rows, hide_index=True, width="stretch", column_order=result.columns)
    else:
        st.info("The query returned no rows.")


saved_tab, free_tab = st.tabs(["Saved queries", "Free Cypher"])
with saved_tab, widgets.guard():
    names = list(SAVED_QUERIES)
    name = st.selectbox(
        "Saved query", names, format_func=lambda n: f"{n} — {SAVED_QUERIES[n].description}"
    )
    query = SAVED_QUERIES[name]
    with st.expander("Cypher"):
        st.code(query.cypher, language="cypher", wrap_lines=True)
    with st.form(f"saved-{name}"):
        given: dict[str, object] = {}
        for key, example in query.params.items():
            if query_console.is_date_param(example):
                picked = st.date_input(
                    key, value=date.fromisoformat(str(example)), format="YYYY-MM-DD"
                )
                given[key] = picked.isoformat() if isinstance(picked, date) else example
            elif key in ("customer", "vendor"):
                nodes = state.customers() if key == "customer" else state.vendors()
                ids = [n["id"] for n in nodes]
                labels = {n["id"]: n["name"] for n in nodes}
                given[key] = st.selectbox(
                    key, ids, index=ids.index(example) if example in ids else 0, format_func=labels.__getitem__
                )  # fmt: skip
            else:
                given[key] = st.text_input(key, value=str(example))
        if not query.params:
            st.caption("This query takes no parameters.")
        run_saved = st.form_submit_button("Run saved query", type="primary")
    if run_saved:
        _show(query_console.run_saved_query(state.store(), name, given, config.query_row_limit))

with free_tab, widgets.guard():
    with st.form("free-cypher"):
        cypher = st.text_area(
            "Cypher (read-only)", height=140,
            value="MATCH (v:Vendor)<-[:AGAINST]-(a:EnforcementAction)\n"
            "RETURN v.name AS vendor, count(a) AS actions ORDER BY actions DESC",
        )  # fmt: skip
        params_text = st.text_area(
            "Parameters (JSON object, optional)",
            height=68,
            placeholder='{"vendor": "vendor:clearview-ai"}',
        )
        run_free = st.form_submit_button("Run query", type="primary")
    if run_free:
        params = query_console.parse_params(params_text)
        _show(query_console.run_cypher(state.store(), cypher, params, config.query_row_limit))
