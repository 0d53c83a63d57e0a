"""The JSON export and its JSON Schema, generated from the report model and shipped in the package.

The schema covers both report kinds (`"kind": "exposure"` or `"portfolio"`) and is versioned with
the model (SCHEMA_VERSION). After changing the model, regenerate the shipped file with

    python -m graph.reports.schema

and a test fails until the shipped file equals the generated one.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from graph.reports.model import SCHEMA_VERSION, AnyReport, PortfolioReport, Report

__all__ = [
    "SCHEMA_FILE",
    "SCHEMA_ID",
    "load_report",
    "render_json",
    "report_schema",
    "schema_text",
    "shipped_schema",
    "write_schema",
]

SCHEMA_FILE = f"report-v{SCHEMA_VERSION}.json"
SCHEMA_ID = f"urn:vendorgraph:report:v{SCHEMA_VERSION}"
_ADAPTER: TypeAdapter[Report | PortfolioReport] = TypeAdapter(AnyReport)


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an exported report, generated from the model."""
    schema = _ADAPTER.json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"vendorgraph report, schema version {SCHEMA_VERSION}",
        "description": "An exposure report (one customer, one scenario, as of a date) or a "
        "portfolio report (every customer ranked for one scenario). Claims cite entries of "
        "`sources` by their number `n`.",
        **schema,
    }


def schema_text() -> str:
    """The schema as the exact text shipped in graph/reports/schema/."""
    return json.dumps(report_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def shipped_schema() -> dict[str, Any]:
    """The schema file shipped with the package."""
    text = resources.files("graph.reports.schema").joinpath(SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def write_schema(directory: Path | None = None) -> Path:
    """Regenerate the shipped schema file (into `directory` if given)."""
    target = (directory or Path(__file__).parent / "schema") / SCHEMA_FILE
    target.write_text(schema_text(), encoding="utf-8", newline="\n")
    return target


def render_json(report: Report | PortfolioReport) -> bytes:
    """The report as UTF-8 JSON, keys in model order, two-space indented."""
    return (report.model_dump_json(indent=2) + "\n").encode("utf-8")


def load_report(data: bytes | str) -> Report | PortfolioReport:
    """A report read back from its JSON export (validated against the model)."""
    return _ADAPTER.validate_json(data)
