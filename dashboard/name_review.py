"""One name on the "Names to review" page: who writes it, the candidates with scores and reasons,
and a form to confirm or reject it against any knowledge-base vendor or product.

A verdict goes to the home directory's resolution review file (graph.resolution.queue.decide),
which outlives rebuilds; the graph is rebuilt at once and the page reruns, so the list, the
sidebar's count and every answer use it without a reload.
"""

from __future__ import annotations

import streamlit as st

from dashboard import state, widgets
from graph.resolution.queue import QueueEntry, decide
from graph.resolution.suggestions import Suggestion, Target
from graph.settings import settings
from ingest.build import rebuild

__all__ = ["COLUMNS", "STATUS_WORDS", "flash", "name_card", "suggestion_rows"]

# The inventory's columns and the statuses, in the words a reviewer reads.
COLUMNS = {"vendor": "vendor", "product": "product", "built_on": "built on", "subprocessors": "subprocessors"}  # fmt: skip
STATUS_WORDS = {
    "pending": "awaits review",
    "new": "not in the knowledge base",
    "rejected": "reviewed: not the candidate",
    "confirmed": "confirmed by a reviewer",
    "auto": "linked automatically",
}
_FLASH = "names-flash"


def suggestion_rows(suggestions: list[Suggestion]) -> list[dict[str, object]]:
    return [{"candidate": s.target.words, "score": s.score, "why": s.reason} for s in suggestions]


def flash() -> None:
    """The outcome of the last decision, shown once after the rerun that followed it."""
    said = st.session_state.pop(_FLASH, None)
    if said:
        st.success(said, icon=":material/check_circle:")


def _customers(entry: QueueEntry) -> str:
    names = {c["id"]: c["name"] for c in state.customers()}
    return ", ".join(
        sorted(names.get(c, "a customer no longer in the graph") for c in entry.customers)
    )


def _default(entry: QueueEntry, suggestions: list[Suggestion], ids: list[str]) -> int | None:
    """The proposed candidate, else the best suggestion, else none: a reviewer must choose."""
    proposed = entry.candidate or entry.target
    if proposed in ids:
        return ids.index(proposed)
    if suggestions and suggestions[0].target.id in ids:
        return ids.index(suggestions[0].target.id)
    return None


def _choices(entry: QueueEntry) -> list[Target]:
    """The targets a reviewer may name: a name from a vendor column can only be a vendor."""
    return [t for t in state.targets() if entry.kind == "product" or t.kind == "vendor"]


def name_card(entry: QueueEntry, index: int) -> None:
    """The name's facts, its candidates and the confirm/reject form."""
    columns = ", ".join(COLUMNS.get(f, f) for f in entry.fields) or "an inventory"
    st.markdown(
        f"Written in the **{widgets.md(columns)}** column by **{widgets.md(_customers(entry))}**."
    )
    st.caption(widgets.md(entry.evidence))
    suggestions = state.suggester().suggest(entry.name, entry.kind)
    if suggestions:
        st.dataframe(suggestion_rows(suggestions), hide_index=True, width="stretch")
    else:
        st.caption("No knowledge-base vendor or product has a name close to it.")
    targets = _choices(entry)
    ids = [t.id for t in targets]
    words = {t.id: t.words for t in targets}
    with st.form(f"name-{index}", border=False):
        target = st.selectbox(
            "It is (or is not)", ids, index=_default(entry, suggestions, ids), format_func=words.__getitem__,
            key=f"target-{entry.kind}-{entry.name}",
            placeholder="Search the knowledge base's vendors and products",
            help="Type to search every vendor and product of the knowledge base.",
        )  # fmt: skip
        who, why = st.columns(2)
        reviewer = who.text_input("Reviewer", key=f"reviewer-{entry.kind}-{entry.name}")
        reason = why.text_input(
            "Reason", key=f"reason-{entry.kind}-{entry.name}",
            help="e.g. the contract names the UK subsidiary; a different company with a similar name",
        )  # fmt: skip
        yes, no = st.columns(2)
        verdict = (
            "confirmed"
            if yes.form_submit_button("Confirm: it is this one", type="primary")
            else None
        )
        verdict = "rejected" if no.form_submit_button("Reject: it is not this one") else verdict
    if verdict and target is None:
        st.error("Choose the vendor or product the name is (or is not) first.")
    elif verdict and target is not None:
        with widgets.guard():
            decide(state.store(), settings().home, entry.name, verdict, target=target, kind=entry.kind,
                   reviewer=reviewer, reason=reason)  # fmt: skip
            with st.spinner("Rebuilding the graph with the decision…"):
                rebuild(state.store(), settings())
            what = "is" if verdict == "confirmed" else "is not"
            st.session_state[_FLASH] = (
                f"Recorded: “{entry.name}” {what} {words[target]}. The graph was rebuilt, and "
                f"the answers for {_customers(entry)} use it now."
            )
            st.rerun()
