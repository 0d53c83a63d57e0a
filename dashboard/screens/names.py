"""Names to review: every supplier name an inventory writes that is not linked to the knowledge
base yet, from all four columns, with the customers that write it, the candidates with scores and
reasons, and confirm / reject that apply at once. Names reviewers settled are listed once below."""

from __future__ import annotations

import streamlit as st

from dashboard import name_review, state, widgets

st.title("Names to review")
st.caption(
    "A supplier name an inventory writes is linked to a knowledge-base vendor or product when it "
    "matches one closely; otherwise it waits here. Until it is reviewed, every answer for the "
    "customers that write it lists it as a name that could change the answer. One decision holds "
    "for every customer that writes the name."
)

with widgets.guard():
    name_review.flash()
    entries = state.review_entries()
    waiting = [e for e in entries if e.status in ("pending", "new")]
    settled = [e for e in entries if e.status in ("rejected", "confirmed")]
    customers = {c for e in waiting for c in e.customers}
    top = st.columns(3)
    top[0].metric("Names to review", len(waiting))
    top[1].metric("Customers writing them", len(customers))
    top[2].metric("Reviewed", len(settled))
    query = st.text_input(
        "Find a name",
        placeholder="Type part of a name",
        help="Filters the names below as you type.",
    )
    shown = [e for e in waiting if query.casefold() in e.name.casefold()]
    if not waiting:
        st.success("Every supplier name in the inventories is linked or reviewed.")
    elif not shown:
        st.info("No name to review contains that text.")
    for index, entry in enumerate(shown):
        status = name_review.STATUS_WORDS.get(entry.status, entry.status)
        label = f"{entry.name} — {status} ({len(entry.customers)} customer{'s' if len(entry.customers) != 1 else ''})"
        with st.expander(label, expanded=index < 3):
            name_review.name_card(entry, index)
    if settled:
        st.subheader("Reviewed")
        st.dataframe(
            [{"name": e.name, "decision": name_review.STATUS_WORDS[e.status],
              "what the answers say": e.evidence} for e in settled],
            hide_index=True, width="stretch",
        )  # fmt: skip
