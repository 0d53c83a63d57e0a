"""The `vendorgraph` command line: thin commands over graph/ (analysis) and ingest/ (readers, builds).

`app` holds the Typer app and what every command shares; each command module registers its
commands; `main` gathers them. `python -m vendorgraph` runs the same command line.

May use: graph, ingest, dashboard (to serve it).
"""
