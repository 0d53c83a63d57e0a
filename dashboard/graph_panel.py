"""Interactive graph drawing (st-link-analysis: Cytoscape.js bundled in the wheel, works offline),
its legend, its table twin for screen readers, and the node details panel."""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

from dashboard.widgets import md, source_link
from graph import vocabulary
from graph.explore.models import NodeDetails
from graph.explore.views import LABEL_COLOURS, cell, subgraph_rows

__all__ = ["LAYOUTS", "answer_font", "details_panel", "draw", "legend", "table_view"]

# Bookkeeping, not facts: ids, and the file an inventory was read from (its sources cite it in words).
_NOT_SHOWN = frozenset({"id", "name", "sources", "customer_id", "action_id", "target", "candidate", "asserted_by",
                        "inventory"})  # fmt: skip
_EXPAND = "expand"
_SELECT = "select_node"


class _Style:
    """A raw Cytoscape style rule; st-link-analysis only needs `dump()` from its style objects."""

    def __init__(self, selector: str, style: dict[str, Any]) -> None:
        self.selector, self.style = selector, style

    def dump(self) -> dict[str, Any]:
        return {"selector": self.selector, "style": self.style}


# Path highlighting: thick red edges and ringed nodes for elements whose data has path = true.
_HIGHLIGHT = [
    _Style("node[?path]", {"border-width": 5, "border-color": "#e03131", "border-opacity": 1}),
    _Style("edge[?path]", {"line-color": "#e03131", "target-arrow-color": "#e03131", "width": 4}),
]
# Layouts by name; "chain" lays paths out left to right (customer first, vendor last).
LAYOUTS: dict[str, dict[str, Any]] = {
    "chain": {"name": "dagre", "rankDir": "LR", "fit": True, "padding": 30, "animate": False, "nodeSep": 50,
              "rankSep": 110},
    # Radial from the chosen node: rings by distance, so the start node sits in the middle and its
    # neighbours spread round it instead of piling into a hairball (the root is set per draw).
    "radial": {"name": "breadthfirst", "circle": True, "directed": False, "fit": True, "padding": 30,
               "animate": False, "spacingFactor": 1.1, "avoidOverlap": True, "nodeDimensionsIncludeLabels": True},
    # The explorer's answer: customer on the left, vendor on the right, in ranks wide enough for a
    # wrapped label (the drawing is sized for the canvas so labels stay legible: _answer_font).
    "answer": {"name": "dagre", "rankDir": "LR", "fit": True, "padding": 40, "animate": False,
               "nodeSep": 60, "rankSep": 150},
    "cose": {"name": "cose", "fit": True, "padding": 20, "animate": "end", "animationDuration": 400,
             "nodeRepulsion": 4096, "nodeDimensionsIncludeLabels": True},
}  # fmt: skip


# What the explorer's canvas measures at 1366x768 with the sidebar open (the main column's width).
_CANVAS_WIDTH = 900
_NODE, _LABEL_WIDTH = 28, 140


def answer_font(columns: int, tallest: int, height: int, width: int = _CANVAS_WIDTH) -> float:
    """The label size, in drawing units, that reads as 13 px once Cytoscape fits the drawing to
    the canvas: the fit's zoom follows from the layout's columns and its tallest column."""
    spec = LAYOUTS["answer"]
    rank_sep, node_sep, pad = float(spec["rankSep"]), float(spec["nodeSep"]), float(spec["padding"])
    wide = max(columns - 1, 0) * (rank_sep + _NODE) + _NODE + _LABEL_WIDTH
    tall = max(tallest - 1, 0) * (node_sep + _NODE) + _NODE + 3 * 13
    zoom = min((width - 2 * pad) / wide, (height - 2 * pad) / tall)
    return round(min(max(13 / zoom, 5.0), 28.0), 1)


def _answer_styles(font: float) -> list[_Style]:
    return [
        _Style("*", {"min-zoomed-font-size": 0}),
        _Style("node", {"width": _NODE, "height": _NODE, "font-size": font, "text-wrap": "wrap",
                        "text-max-width": _LABEL_WIDTH, "text-valign": "bottom", "text-margin-y": 4}),
        _Style("edge", {"font-size": font * 0.9, "text-rotation": "autorotate", "color": "#343a40",
                        "text-background-color": "#ffffff", "text-background-opacity": 0.9, "curve-style": "bezier",
                        "width": 2}),
    ]  # fmt: skip


def _text_styles(nodes: int, layout: str) -> list[_Style]:
    # Cytoscape zooms to fit: a short chain is zoomed in, a force layout of many nodes zoomed out.
    # The library draws labels at 3.6 / 3.2 and hides any under 10 px on screen, so most labels
    # vanished; size them for the layout and show them all (the table view carries them too).
    size = 4 if layout == "chain" else 9 if nodes <= 10 else 11 if nodes <= 30 else 13
    return [
        _Style("*", {"min-zoomed-font-size": 0}),
        _Style("node", {"font-size": size, "text-wrap": "ellipsis", "text-max-width": 24 * size}),
        _Style("edge", {"font-size": size if layout == "chain" else size - 2, "text-rotation": "autorotate", "color": "#343a40",
                        "text-background-color": "#ffffff", "text-background-opacity": 0.85}),
    ]  # fmt: skip


def _fingerprint(elements: dict[str, list[dict[str, Any]]]) -> str:
    # A new key for a new set of nodes remounts the component, which then lays the whole graph out
    # and fits it. Updated in place, it lays out only the new neighbours of an expanded node,
    # without fitting, and they often land off screen or under its info panel.
    ids = sorted(n["data"]["id"] for n in elements["nodes"])
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()[:12]


def legend(labels: list[str]) -> None:
    """A colour legend that also names every label (colour is never the only cue)."""
    chips = " ".join(
        f"<span style='display:inline-block;margin:0 10px 4px 0'><span aria-hidden='true' style='display:inline-block;"
        f"width:12px;height:12px;border-radius:6px;background:{LABEL_COLOURS.get(label, '#868e96')};"
        f"margin-right:4px;vertical-align:middle'></span>{vocabulary.label(label)}</span>"
        for label in labels
    )
    st.markdown(
        f"<div aria-label='legend'>{chips}</div>", unsafe_allow_html=True
    )  # labels come from the model


def draw(
    elements: dict[str, list[dict[str, Any]]],
    key: str,
    *,
    layout: str = "cose",  # a key of LAYOUTS
    height: int = 520,
    interactive: bool = False,
    centre: str | None = None,
    font: float | None = None,
) -> dict[str, Any] | None:
    """Draw the elements; with `interactive`, double-click expands a node and a click selects it.

    Returns the component's last event ({"action": "expand" | "select_node", "data": ...}) or None.
    """
    from st_link_analysis import EdgeStyle, Event, NodeStyle, st_link_analysis

    if not elements["nodes"]:
        st.info("Nothing to draw.")
        return None
    labels = sorted({n["data"]["label"] for n in elements["nodes"]})
    rels = sorted({e["data"]["label"] for e in elements["edges"]})
    node_styles: list[Any] = [
        NodeStyle(label, LABEL_COLOURS.get(label, "#868e96"), "name") for label in labels
    ]
    # labeled=None: the library warns about its deprecated flag unless it is explicitly None.
    edge_styles: list[Any] = [
        EdgeStyle(rel, caption="label", directed=True, labeled=None) for rel in rels
    ]
    legend(labels)
    chosen = dict(LAYOUTS[layout])
    if centre is not None and any(n["data"]["id"] == centre for n in elements["nodes"]):
        # A Cytoscape selector by attribute: ids hold ':' and '/', which an #id selector would not take.
        chosen["roots"] = f'[id = "{centre.replace(chr(92), "").replace(chr(34), "")}"]'
    text = (
        _answer_styles(font) if font is not None else _text_styles(len(elements["nodes"]), layout)
    )
    value = st_link_analysis(
        elements, layout=chosen, node_styles=node_styles,
        edge_styles=[*edge_styles, *text, *_HIGHLIGHT],
        height=height, key=f"{key}-{_fingerprint(elements)}" if interactive else key,
        node_actions=[_EXPAND] if interactive else [],
        events=[Event(_SELECT, "tap", "node")] if interactive else [],
    )  # fmt: skip
    return value if isinstance(value, dict) else None


def table_view(
    elements: dict[str, list[dict[str, Any]]], title: str = "The graph as a table"
) -> None:
    """The drawn relationships as a table (what a screen reader or keyboard user reads)."""
    with st.expander(title):
        rows = subgraph_rows(elements)
        if rows:
            st.dataframe(rows, hide_index=True, width="stretch")
        else:
            st.write("No relationships drawn.")


def details_panel(details: NodeDetails) -> None:
    """A node's label, properties, cited sources and neighbour counts."""
    node = details.node
    st.markdown(f"#### {md(node.name)}")
    st.caption(md(vocabulary.label(node.label).capitalize()))
    # A list, not a table: long notes and descriptions wrap instead of being cut off. Properties
    # that hold ids (the owner's, the written name's) are the app's bookkeeping, not facts.
    for key, value in node.props.items():
        if value not in (None, [], "") and key not in _NOT_SHOWN:
            shown = (
                ("yes" if value else "no") if isinstance(value, bool)
                else f"{value:,.0f}" if isinstance(value, float) and value.is_integer()
                else cell(value)
            )  # fmt: skip
            st.markdown(f"**{md(key.replace('_', ' '))}:** {md(shown)}")
    if details.neighbours:
        st.markdown("**Neighbours**")
        st.dataframe(
            [{"relationship": vocabulary.relation(n.rel), "direction": "→" if n.direction == "out" else "←",
              "kind": vocabulary.label(n.label),
              "count": n.count} for n in details.neighbours],
            hide_index=True, width="stretch",
        )  # fmt: skip
    if details.sources:
        st.markdown("**Sources**")
        for ref in details.sources:
            st.markdown(f"- {source_link(ref)}")
