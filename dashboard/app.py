"""The dashboard's entry point: navigation only; each page lives in dashboard/screens/.

The folder is not called `pages/`: Streamlit treats a `pages/` folder beside the main script as a
version-1 multipage app, and a first visit straight to a page URL then bypasses st.navigation
(no sections, no wide layout) for the whole server.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import pickers, state
from graph.store.protocol import QueryError, StoreUnavailable

_PAGES = Path(__file__).resolve().parent / "screens"

# An emoji icon becomes a data: URL; a :material: icon would be fetched from fonts.gstatic.com (not offline).
st.set_page_config(page_title="vendorgraph", page_icon="🕸️", layout="wide")
# Streamlit's default top padding (6rem) pushes the answer below the fold at 1366x768.
st.markdown(
    "<style>[data-testid='stMainBlockContainer']{padding-top:2.5rem}</style>",
    unsafe_allow_html=True,  # a fixed style rule, no user text
)
# A typed date is applied when its field loses focus; Enter does nothing in Streamlit's date
# fields, and users press it. Enter in a date's part (year, month, day) now leaves the field, which
# applies the date. A fixed script, no user text; set once per browser tab.
st.html(
    """<script>
if (!window.vendorgraphEnterDates) {
  window.vendorgraphEnterDates = true;
  document.addEventListener("keydown", (event) => {
    const part = event.target;
    if (event.key === "Enter" && part instanceof HTMLElement
        && part.getAttribute("role") === "spinbutton" && part.closest("[role=group]")) {
      // What a click outside does: close the calendar, which applies the typed date.
      for (const kind of ["pointerdown", "mousedown", "pointerup", "mouseup", "click"]) {
        const Kind = kind.startsWith("pointer") ? PointerEvent : MouseEvent;
        document.body.dispatchEvent(new Kind(kind, {bubbles: true, cancelable: true, isPrimary: true, pointerId: 1, button: 0}));
      }
      part.blur();
    }
  }, true);
}
</script>""",
    unsafe_allow_javascript=True,
)


def _review_title() -> str:
    """The names page's title with the count waiting, so the sidebar shows it on every page."""
    try:
        waiting = state.names_to_review()
        state.load_book()  # with the graph, so the portfolio page only scores
    except (StoreUnavailable, QueryError):  # each page says so; the title stays plain
        return "Names to review"
    return f"Names to review ({waiting})" if waiting else "Names to review"


# The user's customer, scenario and as-of go into every page's link (pickers.carry).
pickers.carry()
navigation = st.navigation(
    {
        "Exposure": [
            st.Page(
                str(_PAGES / "portfolio.py"),
                title="Portfolio",
                icon=":material/leaderboard:",
                default=True,
            ),
            st.Page(
                str(_PAGES / "exposure.py"), title="Customer exposure", icon=":material/warning:"
            ),
            st.Page(
                str(_PAGES / "scenarios.py"), title="Scenario builder", icon=":material/science:"
            ),
        ],
        "Graph": [
            st.Page(str(_PAGES / "explorer.py"), title="Graph explorer", icon=":material/hub:"),
            st.Page(str(_PAGES / "vendor.py"), title="Vendor profile", icon=":material/factory:"),
        ],
        "Data": [
            st.Page(
                str(_PAGES / "upload.py"), title="Inventory upload", icon=":material/upload_file:"
            ),
            st.Page(
                str(_PAGES / "names.py"),
                title=_review_title(),
                icon=":material/rule:",
                url_path="names",
            ),
            st.Page(str(_PAGES / "console.py"), title="Cypher console", icon=":material/terminal:"),
            st.Page(str(_PAGES / "changes.py"), title="What changed", icon=":material/update:"),
        ],
    }
)
navigation.run()
