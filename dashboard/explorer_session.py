"""What the graph explorer remembers between reruns of one browser session: which answer it shows
(customer, vendor, date), the nodes whose neighbours the user added, and the selected node. This
is view state (like a scroll position), not configuration, so it lives in st.session_state under
keys prefixed `explorer-`; a new answer starts again from its paths alone."""

from __future__ import annotations

from typing import Any

import streamlit as st

__all__ = ["expand", "expanded", "handle_event", "reset", "select", "selected"]

_VIEW, _EXPANDED, _SELECTED, _SEEN = (
    "explorer-view",
    "explorer-expanded",
    "explorer-selected",
    "explorer-seen",
)


def expanded(view: str, start: str) -> list[str]:
    """The nodes whose neighbours are shown; a new view (another answer) clears them and
    selects `start`."""
    if st.session_state.get(_VIEW) != view:
        st.session_state[_VIEW] = view
        st.session_state[_EXPANDED] = []
        st.session_state[_SELECTED] = start
    ids: list[str] = st.session_state[_EXPANDED]
    return list(ids)


def expand(node_ids: list[str]) -> bool:
    """Add nodes to expand; True if any was new."""
    ids: list[str] = st.session_state.setdefault(_EXPANDED, [])
    new = [i for i in node_ids if i not in ids]
    ids.extend(new)
    return bool(new)


def select(node_id: str) -> None:
    st.session_state[_SELECTED] = node_id


def selected(default: str) -> str:
    value = st.session_state.get(_SELECTED)
    return value if isinstance(value, str) and value else default


def reset(start: str) -> None:
    """Back to the answer's paths alone."""
    st.session_state[_EXPANDED] = []
    st.session_state[_SELECTED] = start


def handle_event(event: dict[str, Any] | None) -> bool:
    """Apply a graph event (expand or select) once; True if the graph must be redrawn."""
    if not event or event.get("timestamp") == st.session_state.get(_SEEN):
        return False
    st.session_state[_SEEN] = event.get("timestamp")
    data = event.get("data") or {}
    if event.get("action") == "expand":
        ids = [str(i) for i in data.get("node_ids") or []]
        if ids:
            select(ids[0])
        return expand(ids)
    if event.get("action") == "select_node" and data.get("target_id"):
        select(str(data["target_id"]))  # the details panel is drawn after the graph
    return False
