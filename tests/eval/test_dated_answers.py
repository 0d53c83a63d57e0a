"""As of any date, nothing in an answer or its reports was published or decided after that date.

A property test (hypothesis) over the evaluation graph on both engines: random customers, ready
and what-if scenarios and dates. No cited source, evidence item, status step or action source is
dated after the as-of date, in the answer and in every report format (Markdown, HTML, JSON, CSV:
no title of a later source appears in them). Month and year dates count from their first day.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.exposure.engine import exposure
from graph.exposure.scenarios import compose, list_scenarios
from graph.model import Event
from graph.reports import build_report, render
from graph.store.protocol import Store

CUSTOMERS = [
    "customer:cust-ev17-police", "customer:cust-ev17-discount", "customer:cust-ev17-borough",
    "customer:cust-ev17-payments", "customer:cust-ev17-nhs-trust", "customer:cust-ev17-carers",
]  # fmt: skip
WHAT_IFS = [
    ("vendor:hikvision", Event.SANCTIONS_DESIGNATION, "GB"),
    ("vendor:hikvision", Event.SANCTIONS_DESIGNATION, "US"),
    ("vendor:clearview-ai", Event.DELETION, "GB"),
    ("vendor:facewatch", Event.STOP_PROCESSING, "GB"),
]


def _later_titles(store: Store, day: str) -> list[str]:
    rows = store.read("MATCH (s:Source) RETURN s.id AS id, s.title AS title, s.date AS date")
    return [r["title"] for r in rows if r["date"] and r["date"] > day and r["title"]]


def _check(store: Store, customer: str, pick: int, day: date, effective: date) -> None:
    ready = list_scenarios(store)
    if pick < len(ready):
        scenario = ready[pick]
    else:
        vendor, event, where = WHAT_IFS[pick % len(WHAT_IFS)]
        scenario = compose(store, vendor_id=vendor, event=event,
                           effective_date=effective.isoformat(), jurisdiction=where)  # fmt: skip
    result = exposure(store, customer, scenario, day)
    iso = day.isoformat()
    items = [*result.action_status_evidence, *(e for d in result.dimensions for e in d.evidence)]
    for item in items:
        assert item.date is None or item.date <= iso, (scenario.id, item.claim)
        for source in item.sources:
            assert source.date and source.date <= iso, (scenario.id, source.id, source.date)
    refs = [
        *result.scenario.sources,
        *result.sources,
        *(s for a in result.actions for s in a.sources),
    ]
    for source in refs:
        assert source.date and source.date <= iso, (scenario.id, source.id, source.date)
    report = build_report(result, graph_fingerprint="property")
    assert all(c.date and c.date <= iso for c in report.sources), [c.id for c in report.sources]
    later = _later_titles(store, iso)
    for fmt in ("md", "html", "json", "csv"):
        text = render(report, fmt).decode()
        leaked = [t for t in later if t in text]
        assert not leaked, (fmt, scenario.id, iso, leaked[:3])


_SETTINGS = settings(max_examples=25, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
_GIVEN = given(
    customer=st.sampled_from(CUSTOMERS),
    pick=st.integers(min_value=0, max_value=20),
    day=st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 11, 27)),
    effective=st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 12, 31)),
)


@_SETTINGS
@_GIVEN
def test_nothing_dated_after_the_as_of_date_embedded(
    eval_store: Store, customer: str, pick: int, day: date, effective: date
) -> None:
    _check(eval_store, customer, pick, day, effective)


def _neo4j(test: Any) -> Any:
    import pytest

    return pytest.mark.neo4j(test)


@_neo4j
@_SETTINGS
@_GIVEN
def test_nothing_dated_after_the_as_of_date_neo4j(
    eval_neo4j_store: Store, customer: str, pick: int, day: date, effective: date
) -> None:
    _check(eval_neo4j_store, customer, pick, day, effective)
