"""Rendering pieces shared by the dashboard's pages. Text from the graph is escaped before it is
shown as Markdown, so a vendor name cannot inject links, images or HTML."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from graph.results import ExposureResult, SourceRef
from graph.store import QueryError, StoreUnavailable
from graph.views import BAND_COLOURS, LABEL_COLOURS

__all__ = [
    "actions_table",
    "affected_table",
    "dimensions_table",
    "evidence",
    "graph_view",
    "guard",
    "md",
    "score_header",
    "source_link",
]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """Escape text for Streamlit Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def source_link(ref: SourceRef) -> str:
    """A cited source as a Markdown link with publisher and date; http(s) URLs only."""
    title = md(ref.title or ref.id)
    meta = ", ".join(md(x) for x in (ref.publisher, ref.date) if x)
    meta = f" ({meta})" if meta else ""
    if ref.url and re.match(r"^https?://[^\s()<>]+$", ref.url):
        return f"[{md(ref.id)}] [{title}]({ref.url}){meta}"
    return f"[{md(ref.id)}] {title}{meta}"


@contextmanager
def guard() -> Iterator[None]:
    """Show a store or query failure as a message with what to do, never a traceback."""
    try:
        yield
    except StoreUnavailable as exc:
        st.error(f"The graph store is unavailable: {exc}. It will be retried on the next interaction.")
    except QueryError as exc:
        st.error(f"Query failed: {exc}")
    except (LookupError, ValueError) as exc:
        st.error(str(exc))


def score_header(result: ExposureResult) -> None:
    colour = BAND_COLOURS.get(result.band, "#495057")
    cols = st.columns(4)
    cols[0].metric("Exposure score", f"{result.score:.1f} / 100")
    cols[1].markdown(
        f"**Band**<br><span style='background:{colour};color:#fff;padding:2px 10px;border-radius:4px'>"
        f"{result.band.upper()}</span>",
        unsafe_allow_html=True,  # fixed markup; band comes from a closed set of names
    )
    cols[2].metric("Affected processes", len(result.affected))
    cols[3].metric("Order status as of date", result.action_status or "not issued", help=f"force {result.force}")
    fictional = " (fictional sample organisation)" if result.customer_fictional else ""
    st.markdown(
        f"**{md(result.customer)}**{md(fictional)} — {md(result.scenario.name)}, as of **{result.as_of}**"
    )
    st.caption(md(result.formula))
    for caveat in result.caveats:
        st.info(caveat)


def dimensions_table(result: ExposureResult) -> None:
    rows = [
        {"dimension": d.name, "score": d.score, "weight": d.weight, "weighted": round(d.score * d.weight, 2), "formula": d.formula}
        for d in result.dimensions
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def affected_table(result: ExposureResult) -> None:
    if not result.affected:
        st.success("No process of this customer depends on the vendor as of this date.")
        return
    rows = [
        {
            "tier": a.tier,
            "process": a.process,
            "product": a.product,
            "path": " → ".join(f"{n.name} [{n.label}]" for n in a.path),
            "criticality": a.criticality,
            "special category": a.special_category,
            "UK data subjects": a.uk_data_subjects,
            "notice days": a.notice_days,
        }
        for a in result.affected
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def evidence(result: ExposureResult) -> None:
    if result.action_status_evidence:
        with st.expander("Status history of the order", expanded=True):
            for ev in result.action_status_evidence:
                st.markdown(f"- {md(ev.claim)}")
                for ref in ev.sources:
                    st.markdown(f"    - {source_link(ref)}")
    for dim in result.dimensions:
        with st.expander(f"{dim.name}: {dim.score:.1f} (weight {dim.weight})", expanded=dim.score > 0):
            st.caption(md(dim.formula))
            if not dim.evidence:
                st.write("No evidence: this dimension scores 0.")
            for ev in dim.evidence:
                path = " → ".join(md(n.name) for n in ev.path)
                st.markdown(f"**+{ev.points:g}** {md(ev.claim)}" + (f"  \n_path:_ {path}" if path else ""))
                for ref in ev.sources:
                    st.markdown(f"- {source_link(ref)}")
    st.subheader("Sources")
    for ref in result.sources:
        st.markdown(f"- {source_link(ref)}")


def actions_table(result: ExposureResult) -> None:
    if not result.actions:
        st.success("No action needed for this scenario.")
        return
    rows = [{"priority": a.priority, "due": a.due, "owner": a.owner, "action": a.title, "detail": a.detail} for a in result.actions]
    st.dataframe(rows, hide_index=True, width="stretch")


def graph_view(elements: dict[str, list[dict[str, Any]]], key: str, height: int = 480) -> Any:
    """An interactive graph (st-link-analysis: Cytoscape.js bundled in the wheel, works offline)."""
    from st_link_analysis import EdgeStyle, NodeStyle, st_link_analysis

    if not elements["nodes"]:
        st.info("Nothing to draw: no path from this customer to the vendor.")
        return None
    labels = sorted({n["data"]["label"] for n in elements["nodes"]})
    rels = sorted({e["data"]["label"] for e in elements["edges"]})
    node_styles = [NodeStyle(label, LABEL_COLOURS.get(label, "#868e96"), "name") for label in labels]
    # labeled=None: the library warns about its deprecated flag unless it is explicitly None.
    edge_styles = [EdgeStyle(rel, caption="label", directed=True, labeled=None) for rel in rels]
    st.caption("Legend: " + ", ".join(labels))
    return st_link_analysis(elements, layout="breadthfirst", node_styles=node_styles, edge_styles=edge_styles, height=height, key=key)


def downloads(result: ExposureResult) -> None:
    from dashboard import exports

    exports.report_buttons(result)
