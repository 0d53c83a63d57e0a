"""The `vendorgraph` command line: thin commands over graph/ (analysis) and ingest/ (readers, builds)."""
