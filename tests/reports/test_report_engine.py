"""Reports from the real engine on the bundled graph: every sample customer in every format, as of
the ICO's order and as of the First-tier Tribunal's ruling against it."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from graph import queries
from graph.exposure.engine import exposure
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import find_scenario
from graph.reports import FORMATS, build_report, render, shipped_schema
from graph.settings import Settings
from graph.store.protocol import Store, content_hash

from .conftest import GENERATED_AT

pypdf = pytest.importorskip("pypdf", reason="pypdf (dev extra) extracts text from the PDF")


@pytest.mark.parametrize("as_of", ["2022-06-01", "2024-01-01"])
def test_every_sample_customer_in_every_format(
    built_store: Store, built_settings: Settings, as_of: str
) -> None:
    rules: dict[str, Any] = read_rules(built_settings.data / "kb")
    scenario = find_scenario(built_store, "ico-clearview-2022")
    fingerprint = content_hash(built_store)
    validator = Draft202012Validator(shipped_schema())
    customers = [r["id"] for r in built_store.read(queries.ALL_CUSTOMERS) if r["processes"]]
    assert len(customers) >= 3
    for customer in customers:
        result = exposure(built_store, customer, scenario, date.fromisoformat(as_of), rules=rules)
        report = build_report(result, graph_fingerprint=fingerprint, generated_at=GENERATED_AT)
        numbers = {c.n for c in report.sources}
        assert all(set(e.cites) <= numbers for d in report.dimensions for e in d.evidence)
        outputs = {fmt: render(report, fmt) for fmt in FORMATS}
        validator.validate(json.loads(outputs["json"]))
        rows = list(csv.DictReader(io.StringIO(outputs["csv"].decode("utf-8-sig"))))
        assert len(rows) == len(result.affected)
        for fmt in ("md", "html"):
            text = outputs[fmt].decode("utf-8")
            assert f"{result.score:.1f} out of 100" in text and fingerprint in text
        reader = pypdf.PdfReader(io.BytesIO(outputs["pdf"]))
        pdf_text = "\n".join(page.extract_text() for page in reader.pages)
        assert f"{result.band.upper()}: {result.score:.1f} out of 100" in pdf_text
        if result.affected:
            ico = next(c for c in report.sources if c.url and "ico.org.uk" in c.url)
            assert ico.url is not None and ico.url in outputs["md"].decode("utf-8")
        if as_of == "2024-01-01" and result.affected:
            # The ICO action is an order and a fine: uk-law.md's words are "overturned" for the order and
            # "set aside" for the fine.
            overturned = "'overturned (order); set aside (fine)'"
            assert any(overturned in c.text and c.cites for c in report.caveats)
