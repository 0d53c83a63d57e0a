"""Regenerate the shipped report schema from the model: `python -m graph.reports.schema`."""

import sys

from graph.reports.json_export import write_schema

sys.stdout.write(f"wrote {write_schema()}\n")
