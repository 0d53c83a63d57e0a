"""Rendering pieces shared by the dashboard's pages. Text from the graph is escaped before it is
shown as Markdown, so a vendor name cannot inject links, images or HTML."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from graph import vocabulary
from graph.dates import date_text
from graph.explore.models import VendorAction
from graph.explore.views import BAND_COLOURS, dimension_rows, kind_rows
from graph.exposure.timeline import ExposureTimeline
from graph.exposure.weights import BANDS, ORDER_DIMENSIONS, REACH, SCOPE_WORDS
from graph.reports import build_report
from graph.resolution.answers import reviewed_names
from graph.results import ExposureResult, SourceRef
from graph.store.protocol import QueryError, ReadOnlyViolation, StoreUnavailable
from ingest.problems import UserError

__all__ = [
    "action_history",
    "actions_checklist",
    "affected_table",
    "band_badge",
    "dimensions_table",
    "evidence",
    "guard",
    "md",
    "portfolio_table",
    "score_header",
    "source_link",
    "timeline_events",
    "weights_panel",
]

_log = logging.getLogger("vendorgraph.dashboard")
_MULTIPLY = "\N{MULTIPLICATION SIGN}"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """Escape text for Streamlit Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def source_link(ref: SourceRef) -> str:
    """A cited source as a Markdown link with publisher and date; http(s) URLs only."""
    title = md(ref.title or ref.id)
    # A publisher the title already names ("Vendor inventory supplied by X") is not said twice.
    said = ref.publisher and (ref.title or "").endswith(ref.publisher)
    publisher = None if said else ref.publisher
    meta = ", ".join(md(x) for x in (publisher, ref.date and date_text(ref.date)) if x)
    meta = f" ({meta})" if meta else ""
    # A customer's inventory is cited by its title alone: its id is the app's, not a reference.
    key = "" if ref.id.startswith("source:") else f"[{md(ref.id)}] "
    if ref.url and re.match(r"^https?://[^\s()<>]+$", ref.url):
        return f"{key}[{title}]({ref.url}){meta}"
    return f"{key}{title}{meta}"


@contextmanager
def guard() -> Iterator[None]:
    """Show a store or query failure as a message with what to do, never a traceback."""
    try:
        yield
    except StoreUnavailable as exc:
        st.error(
            f"The graph store is unavailable: {exc}. It will be retried on the next interaction."
        )
    except ReadOnlyViolation as exc:
        st.error(f"Query refused: {exc}")
    except QueryError as exc:
        st.error(f"Query failed: {exc}")
    except (LookupError, ValueError, UserError) as exc:
        st.error(str(exc))
    except Exception as exc:  # the last line of defence: a message, and the traceback in the log
        _log.exception("dashboard page failed")
        st.error(
            f"Something went wrong ({type(exc).__name__}): {exc}. The details are in the server log."
        )


def band_badge(band: str) -> str:
    """An HTML badge for a band: its name written out on the band colour (never colour alone)."""
    colour = BAND_COLOURS.get(band, "#495057")
    return (
        f"<span role='img' aria-label='band {band}' style='background:{colour};color:#fff;padding:2px 10px;"
        f"border-radius:4px;font-weight:600'>{band.upper()}</span>"
    )


def _short_status(result: ExposureResult) -> str:
    """The status for the metric, short enough to read: the words of the kind that carries the
    scenario's event (the ICO's stop-processing order "in force", not also its fine's "imposed")."""
    s = result.scenario
    if s.action_id is None:
        return "planned (what-if)" if s.effective_date > result.as_of else "assumed (what-if)"
    return vocabulary.status_words(s.event_kinds, result.action_status)


def score_header(result: ExposureResult) -> None:
    cols = st.columns(4)
    cols[0].metric("Exposure score", f"{result.score:.1f} / 100")
    cols[1].markdown(
        f"**Band**<br>{band_badge(result.band)}",
        unsafe_allow_html=True,  # fixed markup; band comes from a closed set of names
    )
    cols[2].metric("Affected processes", len(result.affected))
    cols[3].metric(
        "Status as of date",
        _short_status(result),
        help=f"{result.scenario.kind_label}: "
        f"{result.scenario.status_text(result.action_status, result.as_of)}; "
        f"force {result.force:g} in the score",
    )
    named = "fictional" in result.customer.casefold()
    fictional = (
        " (fictional sample organisation)" if result.customer_fictional and not named else ""
    )
    st.markdown(
        f"**{md(result.customer)}**{md(fictional)} — {md(result.scenario.name)}, as of **{result.as_of}**"
    )
    for caveat in result.caveats:
        st.info(caveat)


def answer(result: ExposureResult) -> None:
    """What it means and what to do first, in plain sentences, before any of the machinery.

    The sentences are the report's executive summary (graph.reports.summary), so the page and
    every report format say the same thing; the first actions follow with owners and due dates.
    """
    claims = summary_claims(result)
    # Three sentences (how bad, whether the order binds, which processes), then what to do: at
    # 1366x768 the first actions must show without scrolling. The rest folds away.
    for claim in claims[:3]:
        st.markdown(f"- {md(claim)}")
    first = result.actions[:2]
    if first:
        st.markdown("**What to do first**")
        for a in first:
            st.markdown(f"- **{md(a.title)}** — {md(a.owner)}, due {md(a.due)} ({md(a.priority)})")
    if claims[3:] or len(result.actions) > len(first):
        with st.expander("The rest of the summary"):
            for claim in claims[3:]:
                st.markdown(f"- {md(claim)}")
            if len(result.actions) > len(first):
                st.caption(f"{len(result.actions) - len(first)} more actions in the Actions tab.")


def summary_claims(result: ExposureResult) -> list[str]:
    """The executive summary's sentences for this result, without citation numbers."""
    report = build_report(result, graph_fingerprint="")
    return [c.text for c in report.summary]


def weights_panel(result: ExposureResult) -> None:
    """The formula, the weights in force, the force of the order and its reach, beside the score."""
    st.markdown(f"**Formula:** {md(result.formula)}")
    total = sum(d.weight for d in result.dimensions) or 1.0
    own = [d for d in result.dimensions if d.name not in ORDER_DIMENSIONS]
    order = [d for d in result.dimensions if d.name in ORDER_DIMENSIONS]
    own_parts = " + ".join(f"{d.weight:g} {_MULTIPLY} {d.score:.1f}" for d in own)
    order_parts = " + ".join(f"{d.weight:g} {_MULTIPLY} {d.score:.1f}" for d in order)
    st.markdown(
        f"**This result:** {result.reach:g} {_MULTIPLY} ({md(own_parts)} + {result.force:g} "
        f"{_MULTIPLY} ({md(order_parts)})) / {total:g} = **{result.score:.1f}**"
        + ("" if result.affected else " → 0 because no process is affected")
    )
    kind = result.scenario.kind_label
    if result.reach_reason:
        st.markdown(f"**Scope of the {md(kind)}:** {md(result.reach_reason)}")
    status = result.scenario.status_text(result.action_status, result.as_of)
    st.caption(
        "The weights are set by whoever runs this service; bands: "
        + ", ".join(f"{name} ≥ {floor:g}" for name, floor in BANDS)
        + f". The {md(kind)}'s force as of the date is {result.force:g} ({md(status)}); "
        "it scales only the order-driven dimensions, never the customer's own duties."
    )
    with st.expander("Force by kind of action and status, and reach by scope"):
        st.dataframe(kind_rows(), hide_index=True, width="content")
        st.dataframe(
            [{"the action is in the customer's own country": "yes" if home else "no",
              "scope": SCOPE_WORDS.get(scope, scope), "reach": v}
             for (home, scope), v in REACH.items()],
            hide_index=True,
            width="content",
        )  # fmt: skip


def dimensions_table(result: ExposureResult) -> None:
    rows = [{k: v for k, v in row.items() if k != "formula"} for row in dimension_rows(result)]
    st.dataframe(rows, hide_index=True, width="content")
    st.markdown("**How each dimension is scored**")
    for d in result.dimensions:
        st.markdown(
            f"- **{md(vocabulary.dimension(d.name))}** ({d.score:.1f}, weight {d.weight:g}): {md(d.formula)}"
        )


def affected_table(result: ExposureResult) -> None:
    if not result.affected:
        st.success("No process of this customer depends on the vendor as of this date.")
        return
    rows = [
        {
            "tier": a.tier,
            "process": a.process,
            "product": a.product,
            "path": vocabulary.path_sentence([(n.name, n.rel) for n in a.path]),
            "criticality": a.criticality,
            "special category": a.special_category,
            "UK data subjects": a.uk_data_subjects,
            "notice days": a.notice_days,
            "how the path was made": "; ".join(a.links),
        }
        for a in result.affected
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
    if result.unresolved:
        st.warning(
            f"{len(result.unresolved)} supplier name(s) of this customer did not resolve to the knowledge base "
            "and could change this answer: "
            + "; ".join(md(u) for u in result.unresolved)
            + ". Settle them on the Names to review page."
        )
        st.page_link("screens/names.py", label="Names to review", icon=":material/rule:")
    if reviewed := reviewed_names(result.names):
        st.caption(
            "Reviewed and set aside (they do not change this answer): "
            + "; ".join(md(r) for r in reviewed)
        )


def evidence(result: ExposureResult) -> None:
    if result.action_status_evidence:
        with st.expander(f"Status history of the {result.scenario.kind_label}", expanded=True):
            for ev in result.action_status_evidence:
                st.markdown(f"- {md(ev.claim)}")
                for ref in ev.sources:
                    st.markdown(f"    - {source_link(ref)}")
    for dim in result.dimensions:
        with st.expander(
            f"{vocabulary.dimension(dim.name)}: {dim.score:.1f} (weight {dim.weight})",
            expanded=dim.score > 0,
        ):
            st.caption(md(dim.formula))
            if not dim.evidence:
                st.write("No evidence: this dimension scores 0.")
            for ev in dim.evidence:
                path = " → ".join(md(n.name) for n in ev.path)
                st.markdown(
                    f"**+{ev.points:g}** {md(ev.claim)}" + (f"  \n_path:_ {path}" if path else "")
                )
                for ref in ev.sources:
                    st.markdown(f"- {source_link(ref)}")
    st.subheader("Sources")
    for ref in result.sources:
        st.markdown(f"- {source_link(ref)}")


# Up to this many rows, band cells are coloured; past it the band is written out only: pandas'
# Styler takes half a second for 2,000 rows, on every rerun (a filter click), and the band chart
# above the table carries the colours.
_COLOURED_ROWS = 200


def portfolio_table(rows: list[dict[str, Any]]) -> None:
    """The ranking as a table: band written out, its cells in the band colour (small tables)."""
    import pandas as pd  # type: ignore[import-untyped]

    frame = pd.DataFrame(rows).drop(columns=["customer_id"])
    styled = (
        frame
        if len(frame) > _COLOURED_ROWS
        else frame.style.map(
            lambda b: (
                f"background-color: {BAND_COLOURS.get(b, '#495057')}; color: #fff; font-weight: 600"
            ),
            subset=["band"],
        )
    )
    st.dataframe(
        styled, hide_index=True, width="stretch",
        column_config={
            "score": st.column_config.ProgressColumn("score", min_value=0, max_value=100, format="%.1f"),
            "drivers": st.column_config.TextColumn("drivers", width="large"),
        },
    )  # fmt: skip


def actions_checklist(result: ExposureResult) -> None:
    """The actions as a checklist whose ticks are kept in the home (graph.reports.progress), with
    who ticked each and when; every report shows them."""
    if not result.actions:
        st.success("No action needed for this scenario.")
        return
    from graph.reports.progress import ActionProgress
    from graph.settings import settings

    progress = ActionProgress(settings().home)
    ticks = progress.load()
    who = st.text_input(
        "Your name, to record who did what", key="progress-who",
        help="Ticks are kept with the graph: they outlive this browser and every rebuild.",
    )  # fmt: skip
    st.caption(
        "Ticks are kept: every report shows who marked an action done and when."
        + ("" if who.strip() else " Give your name above to tick actions off.")
    )
    for index, a in enumerate(result.actions):
        tick = ticks.get((result.customer_id, result.scenario.id, a.title))
        done = bool(tick and tick.done)
        ticked = st.checkbox(
            f"**{md(a.priority.upper())}** · {md(a.title)} — {md(a.owner)}, due {md(a.due)}",
            value=done, disabled=not who.strip(),
            key=f"check-{result.customer_id}-{result.scenario.id}-{index}-{done}",
        )  # fmt: skip
        said = f"Done: marked by {tick.by} on {tick.at[:10]}. " if tick and done else ""
        st.caption(
            md(said + a.detail)
            + ("  \n" + " · ".join(source_link(r) for r in a.sources) if a.sources else "")
        )
        if ticked != done and who.strip():
            progress.mark(result.customer_id, result.scenario.id, a.title, ticked, who)
            st.rerun()


def action_history(action: VendorAction) -> None:
    """One enforcement action: what it ordered, its dated status steps, and its sources."""
    regulators = ", ".join(action.regulators) or "unknown"
    st.markdown(
        f"**{md(action.name)}** — {md(regulators)}"
        + (f" against {md(action.against)}" if action.against else "")
    )
    if action.ordered:
        st.markdown(f"_Ordered:_ {md(action.ordered)}")
    if action.amount is not None:
        st.markdown(f"_Amount:_ {action.amount:,.0f} {md(action.currency or '')}")
    for step in action.history:
        note = f" — {md(step['note'])}" if step.get("note") else ""
        refs = " · ".join(
            source_link(SourceRef.model_validate(r)) for r in step.get("sources") or []
        )
        words = vocabulary.status_words(action.kinds, step["status"])
        st.markdown(
            f"- **{date_text(step['date'])}** {md(words)}{note}" + (f"  \n  {refs}" if refs else "")
        )
    for ref in action.sources:
        st.markdown(f"- {source_link(ref)}")


def timeline_events(timeline: ExposureTimeline) -> None:
    """What happened on each date of the timeline, with the cited sources."""
    for point in timeline.points:
        for event in point.events:
            refs = " · ".join(source_link(r) for r in event.sources)
            note = f" — {md(event.note)}" if event.note else ""
            if event.happened:
                note = f" (dated {date_text(event.happened)}, reported then)" + note
            st.markdown(
                f"- **{date_text(point.date)}** {md(event.action)}: **{md(event.words or event.status)}**{note}"
                + (f"  \n  {refs}" if refs else "")
            )


def downloads(result: ExposureResult) -> None:
    from dashboard import exports

    exports.report_buttons(result)
