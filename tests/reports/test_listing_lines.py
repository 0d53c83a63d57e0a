"""Reports name what each matched listing is (issue 18): authority and list, programmes, listing
date, identifiers and remarks under every sanctions match, in every format."""

from __future__ import annotations

from datetime import date

from graph.exposure.engine import exposure
from graph.exposure.scenarios import compose
from graph.model import Event
from graph.reports import build_report, render
from graph.reports.csv_export import render_table
from graph.reports.listings import listing_lines
from graph.store.ladybug import LadybugStore

CAMERAS = "customer:cust-harbourside-grocers"


def test_sanctions_evidence_carries_its_listing(built_store: LadybugStore) -> None:
    scenario = compose(built_store, vendor_id="vendor:hikvision", event=Event.SANCTIONS_DESIGNATION,
                       effective_date="2026-12-01", jurisdiction="GB")  # fmt: skip
    result = exposure(built_store, CAMERAS, scenario, date.fromisoformat("2026-12-01"))
    listings = listing_lines(built_store, result)
    assert listings, "the Hikvision scenario reaches listed entities"
    for lines in listings.values():
        assert ": " in lines[0]  # "<authority>: <list>"
        assert any(x.startswith(("listed on ", "listing date not given")) for x in lines)
    report = build_report(result, graph_fingerprint="test", listings=listings)
    sanctions = next(d for d in report.dimensions if d.name == "sanctions")
    listed = [e for e in sanctions.evidence if any(s.label == "ListedEntity" for s in e.path)]
    assert listed and all(e.listing for e in listed)
    first = listed[0].listing[0]
    markdown = render(report, "md").decode("utf-8")
    assert "  - Listing: " in markdown
    assert "Listing: " in render(report, "html").decode("utf-8")
    evidence_csv = render_table(report, "evidence").decode("utf-8-sig")
    assert evidence_csv.splitlines()[0].endswith(",listing") and first in evidence_csv
    assert first.split(":")[0] in render(report, "json").decode("utf-8")
    # Without listings the report is as before: no listing lines.
    bare = build_report(result, graph_fingerprint="test")
    assert not any(e.listing for d in bare.dimensions for e in d.evidence)
