"""The JSON export validates against the shipped schema, and the shipped schema is the generated one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, ValidationError

from graph.reports import (
    PortfolioReport,
    Report,
    load_report,
    render,
    report_schema,
    shipped_schema,
)
from graph.reports.json_export import SCHEMA_FILE, schema_text, write_schema


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = shipped_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_shipped_schema_equals_the_generated_one() -> None:
    shipped = (Path(__file__).parents[2] / "graph" / "reports" / "schema" / SCHEMA_FILE).read_text()
    assert shipped == schema_text(), "regenerate it: python -m graph.reports.schema"
    assert shipped_schema() == report_schema()


def test_write_schema_writes_the_generated_text(tmp_path: Path) -> None:
    target = write_schema(tmp_path)
    assert target.name == "report-v1.json" and target.read_text() == schema_text()


def test_every_report_validates(report: Report, validator: Draft202012Validator) -> None:
    validator.validate(json.loads(render(report, "json")))


def test_hostile_and_portfolio_reports_validate(
    hostile_report: Report, portfolio_report: PortfolioReport, validator: Draft202012Validator
) -> None:
    validator.validate(json.loads(render(hostile_report, "json")))
    validator.validate(json.loads(render(portfolio_report, "json")))


def test_schema_rejects_what_the_model_rejects(
    police_report: Report, validator: Draft202012Validator
) -> None:
    data = json.loads(render(police_report, "json"))
    for broken in (
        {**data, "kind": "invoice"},
        {**data, "unexpected": 1},
        {k: v for k, v in data.items() if k != "sources"},
        {**data, "schema_version": 2},
        {**data, "sources": [{"n": 0, "id": "x"}]},
    ):
        with pytest.raises(ValidationError):
            validator.validate(broken)


def test_load_report_reads_both_kinds(
    police_report: Report, portfolio_report: PortfolioReport
) -> None:
    assert load_report(render(police_report, "json")) == police_report
    assert load_report(render(portfolio_report, "json")) == portfolio_report
