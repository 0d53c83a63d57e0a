"""The shipped JSON Schemas of exported reports (data files; a package so that they install)."""
