"""What changed: the latest builds, their change sets in plain words, and the customers whose
exposure moved, each linking to its exposure page as of before and after the change."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import state, widgets
from graph.changes.alerts import as_of_pair
from graph.changes.log import ChangeLog
from graph.changes.words import (
    baseline,
    by_customer,
    describe,
    describe_alert,
    how_built,
    listed,
    raised,
    summary,
)
from graph.provenance import source_refs
from graph.settings import settings
from graph.store.protocol import StoreUnavailable

SHOWN = 200  # changes listed for one build; the counts and the exports are complete

st.title("What changed")
st.caption(
    "Every build compares the new graph with the previous one: what was added, removed or "
    "changed, and which customers' exposure moved because of it."
)


def _source_names(entry: dict[str, Any]) -> dict[str, str]:
    facts = [f for a in entry.get("alerts", []) for f in a.get("facts", [])]
    ids = {s for c in [*entry.get("changes", [])[:SHOWN], *facts] for s in c.get("sources") or []}
    try:
        refs = source_refs(state.store(), sorted(ids))
    except StoreUnavailable:
        return {}
    return {r.id: r.title or r.id for r in refs}


def _alert(
    i: int,
    alert: dict[str, Any],
    entry: dict[str, Any],
    previous_at: str | None,
    names: dict[str, str],
) -> None:
    after = alert["after"]
    st.markdown(
        f"{widgets.band_badge(after['band'])} {widgets.md(describe_alert(alert, customer=False))}",
        unsafe_allow_html=True,  # fixed badge markup; the text is escaped
    )
    before_at, after_at = as_of_pair(alert, entry.get("built_at", ""), previous_at)
    if alert.get("what_if"):
        st.caption("A what-if scenario for a vendor the change reaches (no ready scenario).")
    else:
        left, right = st.columns(2)
        params = {"customer": alert["customer_id"], "scenario": alert["scenario_id"]}
        left.page_link(
            "screens/exposure.py", label=f"Exposure as of {before_at} (before)",
            query_params={**params, "as_of": before_at}, icon=":material/history:",
        )  # fmt: skip
        right.page_link(
            "screens/exposure.py", label=f"Exposure as of {after_at} (after)",
            query_params={**params, "as_of": after_at}, icon=":material/update:",
        )  # fmt: skip
    facts = listed(alert.get("facts", []))
    total = int(alert.get("facts_total") or 0)
    if total > len(alert.get("facts", [])):  # the log keeps the first few of a large build's facts
        st.caption(f"{total:,} changed facts behind it; the log keeps the first {len(facts)}.")
    if facts:
        with st.expander(f"The changed facts behind it ({len(facts)})", key=f"facts-{i}"):
            for fact in facts:
                st.markdown(f"- {widgets.md(describe(fact, lambda s: names.get(s, s)))}")


def _alerts(entry: dict[str, Any], previous_at: str | None) -> None:
    """The customers whose exposure moved, biggest move first, each one's alerts by severity."""
    groups = by_customer(raised(entry))
    st.subheader(f"Customers whose exposure moved ({len(groups)})")
    if not groups:
        st.info("No customer's band changed and no score moved by more than the alert threshold.")
        return
    names = _source_names(entry)
    shown = 0
    for rank, (customer, alerts) in enumerate(groups):
        top = alerts[0]
        label = f"{customer}: {describe_alert(top, customer=False)}"
        if len(alerts) > 1:
            label += f" (and {len(alerts) - 1} more)"
        with st.expander(label, expanded=rank == 0):
            for alert in alerts:
                _alert(shown, alert, entry, previous_at, names)
                shown += 1


with widgets.guard():
    entries = list(reversed(ChangeLog(settings().home).entries()))
    if not entries:
        st.info("No build recorded yet: run `vendorgraph ingest` (or `vendorgraph demo`).")
        st.stop()
    st.dataframe(
        [
            {
                "version": e["version"],
                "built at (UTC)": e.get("built_at", ""),
                "how": how_built(e),
                "changes": "first build (baseline)"
                if baseline(e)
                else summary(e.get("counts", {})),
                "customers moved": len({a["customer_id"] for a in raised(e)}),
            }
            for e in entries[:20]
        ],
        hide_index=True,
        width="stretch",
    )
    versions = [e["version"] for e in entries]
    linked = st.query_params.get("build")
    index = versions.index(linked) if linked in versions else 0
    chosen = st.selectbox("Build", versions, index=index, help="Newest first.")
    st.query_params["build"] = chosen
    position = versions.index(chosen)
    entry = entries[position]
    previous = entries[position + 1] if position + 1 < len(entries) else None
    first = baseline(entry)
    counts = "" if first is not None else f" {widgets.md(summary(entry.get('counts', {})))}."
    st.markdown(
        f"Built {widgets.md(entry.get('built_at', '?'))} {widgets.md(how_built(entry))}; "
        f"replaced {widgets.md(entry.get('previous') or 'nothing (first build)')}.{counts}"
    )  # a first build's counts are said once, in its baseline line
    _alerts(entry, previous.get("built_at") if previous else None)
    st.subheader("Changes in plain words")
    names = _source_names(entry)
    if first is not None:
        st.info(first)
    lines = [] if first is not None else listed(entry.get("changes", []))
    for change in lines[:SHOWN]:
        st.markdown(f"- {widgets.md(describe(change, lambda s: names.get(s, s)))}")
    hidden = sum(entry.get("counts", {}).values()) - min(len(lines), SHOWN)
    if hidden > 0 and first is None:
        st.caption(f"… and {hidden} more (source citations and long lists): see the exports.")
    from graph.reports.change_render import render_change
    from graph.reports.change_report import build_change_report

    try:
        report = build_change_report([entry], state.store())
    except StoreUnavailable:
        report = build_change_report([entry], None)
    cols = st.columns(3)
    for col, (fmt, mime) in zip(
        cols, (("md", "text/markdown"), ("html", "text/html"), ("json", "application/json")),
        strict=True,
    ):  # fmt: skip
        col.download_button(
            f"Change report ({fmt})", render_change(report, fmt),
            file_name=f"changes-{chosen}.{fmt}", mime=mime, key=f"dl-{fmt}", on_click="ignore",
        )  # fmt: skip
