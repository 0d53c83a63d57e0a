"""As of any date, nothing in an answer, its reports or the dashboard was published or decided later.

Property tests (hypothesis). On the evaluation graph, on both engines, for random customers, ready
and what-if scenarios and dates: no cited source, evidence item, status step or action source is
dated after the as-of date, and no report format (Markdown, HTML, JSON, CSV, and the PDF's text)
names a later source, an action not yet known or the note of a later status step. On the bundled
graph through Streamlit's AppTest, the same for the exposure page (its actions, evidence and
over-time tabs) and the vendor page (its enforcement, sanctions and sources tabs).

What counts as later is worked out here from the stored dates, not by the engine: a source
published after the day; an action decided or announced after it, or none of whose sources was
published by it; a status step dated after it. Month and year dates count from their first day.
The scenario's own action is the question asked, so its name may appear (with "not yet made
public" as its status).
"""

from __future__ import annotations

import html
import io
import json
import re
from datetime import date
from typing import Any

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.exposure.engine import exposure
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import compose, list_scenarios
from graph.model import Event
from graph.reports import build_report, render
from graph.settings import Settings
from graph.store.protocol import Store
from tests.dashboard.conftest import open_page, page_text

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
SAMPLE_CUSTOMERS = [
    "customer:cust-northshire-police", "customer:cust-larkspur-stores",
    "customer:cust-harbourside-grocers", "customer:cust-oakfield-academy",
]  # fmt: skip
SAMPLE_VENDORS = ["vendor:clearview-ai", "vendor:hikvision", "vendor:dahua", "vendor:facewatch"]


def _flat(text: str) -> str:
    """Whitespace collapsed, so a title wrapped across PDF lines still matches."""
    return re.sub(r"\s+", " ", text)


def later_facts(store: Store, day: str, asked: str | None = None) -> list[str]:
    """Words that must not appear in an answer as of `day`: titles of later sources, names of
    actions not yet known (other than `asked`, the scenario's own action), notes of later steps."""
    sources = {
        r["id"]: r["date"] for r in store.read("MATCH (s:Source) RETURN s.id AS id, s.date AS date")
    }
    titles = store.read("MATCH (s:Source) RETURN s.title AS title, s.date AS date")
    out = [r["title"] for r in titles if r["title"] and r["date"] and r["date"] > day]
    actions = store.read(
        "MATCH (a:EnforcementAction) RETURN a.id AS id, a.name AS name, a.date AS date, "
        "a.announced AS announced, a.sources AS sources"
    )
    for a in actions:
        published = any((sources.get(s) or "9999") <= day for s in a["sources"] or [])
        later = max(a["date"], a["announced"] or "") > day
        if a["id"] != asked and (later or not published):
            out.append(a["name"])
    steps = store.read("MATCH (s:StatusEvent) RETURN s.date AS date, s.note AS note")
    out += [s["note"] for s in steps if s["note"] and s["date"] > day]
    return [_flat(t) for t in out]


def _leaks(text: str, later: list[str]) -> list[str]:
    flat = _flat(text)
    return [t for t in later if t in flat]


def _report_texts(report: Any) -> dict[str, str]:
    texts = {fmt: render(report, fmt).decode("utf-8-sig") for fmt in ("md", "csv")}
    texts["html"] = html.unescape(render(report, "html").decode())
    texts["json"] = json.dumps(json.loads(render(report, "json")), ensure_ascii=False)
    pdf = pypdf.PdfReader(io.BytesIO(render(report, "pdf")))
    texts["pdf"] = "\n".join(page.extract_text() for page in pdf.pages)
    return texts


def _check(store: Store, rules: dict[str, Any], customer: str, pick: int, day: date,
           effective: date) -> None:  # fmt: skip
    ready = list_scenarios(store)
    if pick < len(ready):
        scenario = ready[pick]
    else:
        vendor, event, where = WHAT_IFS[pick % len(WHAT_IFS)]
        scenario = compose(store, vendor_id=vendor, event=event,
                           effective_date=effective.isoformat(), jurisdiction=where)  # fmt: skip
    result = exposure(store, customer, scenario, day, rules=rules)
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
    later = later_facts(store, iso, scenario.action_id)
    for fmt, text in _report_texts(report).items():
        leaked = _leaks(text, later)
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
    eval_store: Store, eval_settings: Settings, customer: str, pick: int, day: date,
    effective: date,
) -> None:  # fmt: skip
    _check(eval_store, read_rules(eval_settings.data / "kb"), customer, pick, day, effective)


@pytest.mark.neo4j
@_SETTINGS
@_GIVEN
def test_nothing_dated_after_the_as_of_date_neo4j(
    eval_neo4j_store: Store, eval_settings: Settings, customer: str, pick: int, day: date,
    effective: date,
) -> None:  # fmt: skip
    _check(eval_neo4j_store, read_rules(eval_settings.data / "kb"), customer, pick, day, effective)


@pytest.fixture
def pages_env(
    built_settings: Settings, built_store: Store, monkeypatch: pytest.MonkeyPatch
) -> Store:
    """The dashboard pointed at the session's bundled graph (as tests/dashboard's dashboard_env)."""
    monkeypatch.setenv("VENDORGRAPH_HOME", str(built_settings.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    return built_store


def _page_words(at: Any) -> str:
    """What a page shows: its text, and every table's cells."""
    tables = [d.value.to_csv(index=False) for d in at.dataframe]
    return "\n".join([page_text(at), *tables])


_PAGES = settings(max_examples=6, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
_DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 11, 27))


@_PAGES
@given(customer=st.sampled_from(SAMPLE_CUSTOMERS), pick=st.integers(0, 20), day=_DAYS)
def test_the_exposure_page_shows_nothing_later(
    pages_env: Store, customer: str, pick: int, day: date
) -> None:
    built_store = pages_env
    ready = list_scenarios(built_store)
    scenario = ready[pick % len(ready)]
    iso = day.isoformat()
    later = later_facts(built_store, iso, scenario.action_id)
    for tab in ("Actions", "Evidence", "Over time"):
        params = {"customer": customer, "scenario": scenario.id, "as_of": iso, "tab": tab}
        at = open_page("screens/exposure.py", params)
        assert not at.exception, at.exception
        leaked = _leaks(_page_words(at), later)
        assert not leaked, (tab, scenario.id, iso, leaked[:3])


@_PAGES
@given(vendor=st.sampled_from(SAMPLE_VENDORS), day=_DAYS)
def test_the_vendor_page_shows_nothing_later(pages_env: Store, vendor: str, day: date) -> None:
    iso = day.isoformat()
    later = later_facts(pages_env, iso)
    for tab in ("Enforcement", "Sanctions matches", "Sources"):
        at = open_page("screens/vendor.py", {"vendor": vendor, "as_of": iso, "tab": tab})
        assert not at.exception, at.exception
        leaked = _leaks(_page_words(at), later)
        assert not leaked, (tab, vendor, iso, leaked[:3])
