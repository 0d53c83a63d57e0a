"""The Streamlit dashboard: `app.py` holds the navigation, `screens/` the pages, the rest their parts.

Pages call graph/ (answers, views) and ingest/ (uploads) through `state`; no Cypher here.

May use: graph, ingest (never the CLI).
"""
