"""Inventory names on the vendor profile: which names resolved to this vendor, which may be it.

A name the screening engine scored close to this vendor but not close enough to link waits here
for a reviewer, from whichever column it was written in; a name linked automatically can be
rejected, and a rejected one confirmed after all. For a name from the product or built_on column,
"same organisation" means a product of this vendor (graph.resolution.queue.decide). The verdict is
appended to the home directory's resolution review file (graph.resolution.decisions), which
outlives rebuilds, and the graph is rebuilt at once so that every answer uses it.
"""

from __future__ import annotations

import streamlit as st

from dashboard import state, widgets
from graph.resolution.queue import QueueEntry, decide, review_queue
from graph.settings import settings
from ingest.build import rebuild

__all__ = ["names_panel"]


def _about(vendor_id: str) -> list[QueueEntry]:
    entries = review_queue(state.store(), everything=True)
    return [e for e in entries if vendor_id in (e.target, e.candidate)]


def names_panel(vendor_id: str) -> None:
    """The names inventories give for this vendor, with confirm and reject forms."""
    entries = _about(vendor_id)
    if not entries:
        st.info(
            "No inventory writes a name that resolved, or may resolve, to this vendor (other than its exact name)."
        )
        return
    st.dataframe(
        [{"name": e.name, "column": ", ".join(e.fields), "status": e.status, "score": e.score,
          "customers": len(e.customers), "how": e.evidence} for e in entries],
        hide_index=True, width="stretch",
    )  # fmt: skip
    st.caption(
        "`pending` names are not linked yet: until reviewed, answers list them as names that could change them. "
        "A name from the product or built_on column confirmed here is read as a product of this vendor. "
        "`rejected` names are settled: answers show them once as reviewed."
    )
    for e in entries:
        with st.expander(f"{e.name} ({e.kind}) — {e.status}", expanded=e.status == "pending"):
            st.markdown(widgets.md(e.evidence))
            with st.form(f"resolve-{e.kind}-{e.name}"):
                reviewer = st.text_input("Reviewer", key=f"rr-{e.kind}-{e.name}")
                reason = st.text_input(
                    "Reason",
                    key=f"rn-{e.kind}-{e.name}",
                    help="e.g. the contract names the UK subsidiary",
                )
                confirm, reject = st.columns(2)
                verdict = "confirmed" if confirm.form_submit_button("Same organisation") else None
                verdict = "rejected" if reject.form_submit_button("Not this vendor") else verdict
            if verdict:
                with widgets.guard():
                    decide(state.store(), settings().home, e.name, verdict, target=vendor_id, kind=e.kind,
                           reviewer=reviewer, reason=reason)  # fmt: skip
                    with st.spinner("Rebuilding the graph with the decision…"):
                        rebuild(state.store(), settings())
                    st.success(f"Recorded: {verdict}. The graph was rebuilt; answers now use it.")
