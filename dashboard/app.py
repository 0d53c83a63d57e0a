"""The dashboard's entry point: navigation only; each page lives in dashboard/pages/."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

_PAGES = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="vendorgraph", page_icon=":material/hub:", layout="wide")
navigation = st.navigation(
    [
        st.Page(str(_PAGES / "exposure.py"), title="Customer exposure", icon=":material/warning:", default=True),
    ]
)
navigation.run()
