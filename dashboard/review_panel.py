"""Sanctions and restricted-list matches on the vendor profile, with review decisions.

Curated matches come from cited sources in the knowledge base and are shown read-only. Matches the
screening produced can be confirmed or rejected here: the decision is appended to the review file
in the home directory (graph.screening.review), which outlives rebuilds, and the graph is rebuilt at
once so that exposure uses the decision (a rebuild re-applies every stored decision).
"""

from __future__ import annotations

import streamlit as st

from dashboard import state, widgets
from graph import listing, vocabulary
from graph.explore.models import SanctionsMatch, VendorProfile
from graph.explore.views import explanation_rows, explanation_summary, match_rows
from graph.screening.review import Decision, ReviewStore
from graph.settings import settings
from ingest.build import rebuild

__all__ = ["apply_decisions", "listing_lines", "matches_panel", "record_decision"]

_REVIEW_WORDS = {
    "curated": "from the knowledge base",
    "unreviewed": "found by list screening, not reviewed",
    "confirmed": "confirmed by a reviewer",
    "rejected": "rejected by a reviewer",
}
# Remarks past this many characters are cut in the panel (the list's own file has them whole).
_REMARKS_SHOWN = 600


def listing_lines(match: SanctionsMatch) -> list[str]:
    """What the list says about the listing, one line per fact it gives (plain text: the
    caller escapes it for Markdown)."""
    lines = [
        f"{match.authority or listing.authority(match.list_code).name}: "
        f"{vocabulary.list_name(match.list_code)}"
        + (f" (extract as of {match.list_as_of})" if match.list_as_of else "")
    ]
    if match.entity_type:
        # The list's own entry number when it gives one (the app's id for the listing is not).
        entry = (
            f", entry {match.entity_id}" if match.entity_id and ":" not in match.entity_id else ""
        )
        lines.append(f"listed as: {match.entity_type}{entry}")
    if match.programs:
        lines.append("programmes or regimes: " + "; ".join(match.programs))
    lines.append(
        "listed on " + ", ".join(match.listed_on) if match.listed_on else "listing date not given"
    )
    if match.measures:
        lines.append("measures: " + "; ".join(match.measures))
    if match.identifiers:
        lines.append("identifiers: " + "; ".join(match.identifiers))
    if match.remarks:
        remarks = " ".join(match.remarks.split())
        cut = remarks if len(remarks) <= _REMARKS_SHOWN else remarks[:_REMARKS_SHOWN] + " …"
        lines.append("remarks: " + cut)
    return lines


def record_decision(
    vendor_id: str, match: SanctionsMatch, verdict: str, reviewer: str, reason: str
) -> Decision:
    """Store a reviewer's confirm or reject for one match (kept outside the graph)."""
    if match.review == "curated":
        raise ValueError("curated matches come from cited sources and are not reviewed here")
    return ReviewStore(settings().home).decide(
        vendor_id, match.list_code, match.entity_id or match.listed_id, verdict, reviewer, reason
    )


def apply_decisions() -> None:
    """Rebuild the stored graph, which re-applies every stored review decision."""
    rebuild(state.store(), settings())


def matches_panel(profile: VendorProfile) -> None:
    """The matches table, recorded decisions, and confirm/reject forms for screening matches."""
    if not profile.matches:
        st.success("No sanctions or restricted-list match for this vendor in the graph.")
        return
    st.dataframe(match_rows(profile), hide_index=True, width="stretch")
    st.caption(
        "Only confirmed, curated or above-threshold unreviewed matches feed exposure; restricted-list status is as of "
        "each list's date, so re-check the live lists before acting."
    )
    decisions = ReviewStore(settings().home).load()
    for match in profile.matches:
        key = (profile.vendor.id, match.list_code, match.entity_id or match.listed_id)
        decided = decisions.get(key)
        review = _REVIEW_WORDS.get(match.review, match.review)
        title = f"{vocabulary.list_name(match.list_code)}: {match.listed_name} — {review}"
        with st.expander(title, expanded=False):
            st.markdown(
                f"**Explanation:** {widgets.md(explanation_summary(match.explanation) or 'none given')}"
            )
            features = explanation_rows(match.explanation)
            if features:
                st.dataframe(features, hide_index=True, width="stretch")
            st.markdown(
                "**Listing:**\n" + "\n".join(f"- {widgets.md(x)}" for x in listing_lines(match))
            )
            st.caption(f"score {match.score}")
            for ref in match.sources:
                st.markdown(f"- {widgets.source_link(ref)}")
            if decided is not None:
                st.info(
                    f"Recorded decision: {decided.decision} by {decided.reviewer} on {decided.at[:10]} "
                    f"({decided.reason})."
                )
            if match.review == "curated":
                st.caption(
                    "Curated from a cited source in the knowledge base: not open to review here."
                )
                continue
            with st.form(f"review-{match.listed_id}"):
                reviewer = st.text_input("Reviewer", key=f"reviewer-{match.listed_id}")
                reason = st.text_input("Reason", key=f"reason-{match.listed_id}",
                                       help="e.g. same registration number; different country")  # fmt: skip
                confirm, reject = st.columns(2)
                verdict = "confirmed" if confirm.form_submit_button("Confirm match") else None
                verdict = "rejected" if reject.form_submit_button("Reject match") else verdict
            if verdict:
                with widgets.guard():
                    record_decision(profile.vendor.id, match, verdict, reviewer, reason)
                    with st.spinner("Rebuilding the graph with the decision…"):
                        apply_decisions()
                    st.success(f"Recorded: {verdict}. The graph was rebuilt; exposure now uses it.")
