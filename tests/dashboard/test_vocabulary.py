"""User words everywhere (issue 11, item 3): every name the model declares has words, and no
internal relationship type, dimension key, event key or list code reaches a person, in any report
format a person reads (Markdown, HTML, PDF, CSV) or on any dashboard page.

JSON is the machine format with a published schema: its keys and enum values are ids, on purpose.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest

from graph import queries, vocabulary
from graph.exposure.engine import exposure
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import compose, find_scenario, list_scenarios
from graph.exposure.weights import DEFAULT_WEIGHTS
from graph.model import EDGE_TYPES, NODE_TYPES, Event, Status
from graph.reports import build_report, render
from graph.settings import Settings
from graph.store.protocol import Store
from tests.dashboard.conftest import open_page, page_text

# Relationship types (and the supply chain's reversed OFFERED_BY) as whole upper-case words; the
# dimension, event and list keys as written in code.
_INTERNAL = re.compile(
    r"\b(?:" + "|".join(sorted({*EDGE_TYPES, "OFFERED_BY"}, key=len, reverse=True)) + r")\b"
    r"|\b(?:" + "|".join(k for k in DEFAULT_WEIGHTS if "_" in k) + r")\b"
    r"|\b(?:" + "|".join(e.value for e in Event if "_" in e.value) + r")\b"
    r"|\b(?:bis-entity|fcc-covered|dod-1260h|ofac-cons|ofac-sdn)\b(?!:)"
)


def _leaks(text: str) -> list[str]:
    # Ids a user copies (`designation:bis-entity:hikvision`, `scenario=...`) are not prose.
    prose = re.sub(r"[\w.-]+:[\w./:-]+|\?[^\s]*|`[^`]*`", " ", text)
    return sorted({prose[max(0, m.start() - 60) : m.end() + 20] for m in _INTERNAL.finditer(prose)})


def test_every_model_name_has_words() -> None:
    assert set(EDGE_TYPES) <= set(vocabulary.RELATIONS)
    assert set(NODE_TYPES) <= set(vocabulary.LABELS)
    assert {e.value for e in Event} <= set(vocabulary.EVENTS)
    assert {s.value for s in Status} <= set(vocabulary.STATUSES)
    assert set(DEFAULT_WEIGHTS) <= set(vocabulary.DIMENSIONS)


def test_no_internal_name_in_any_report_a_person_reads(
    built_store: Store, built_settings: Settings
) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf (dev extra) extracts the PDF's text")
    rules: dict[str, Any] = read_rules(built_settings.data / "kb")
    customers = [r["id"] for r in built_store.read(queries.ALL_CUSTOMERS) if r["processes"]]
    scenarios = [
        find_scenario(built_store, "ico-clearview-2022"),
        compose(
            built_store,
            vendor_id="vendor:hikvision",
            event=Event.SANCTIONS_DESIGNATION,
            effective_date="2026-01-01",
        ),
    ]
    checked = 0
    for scenario in scenarios:
        for customer in customers:
            result = exposure(built_store, customer, scenario, date(2022, 6, 1), rules=rules)
            if not result.affected:
                continue
            report = build_report(result, graph_fingerprint="f" * 12)
            for fmt in ("md", "html", "csv"):
                text = render(report, fmt).decode("utf-8-sig")
                assert _leaks(text) == [], (customer, scenario.id, fmt)
            pdf = pypdf.PdfReader(io.BytesIO(render(report, "pdf")))
            assert _leaks("\n".join(p.extract_text() for p in pdf.pages)) == [], customer
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize(
    "page",
    [
        ("screens/portfolio.py", {"as_of": "2022-06-01"}),
        (
            "screens/exposure.py",
            {"customer": "customer:cust-larkspur-stores", "as_of": "2022-06-01"},
        ),
        (
            "screens/exposure.py",
            {"customer": "customer:cust-larkspur-stores", "tab": "Affected processes"},
        ),
        ("screens/exposure.py", {"customer": "customer:cust-larkspur-stores", "tab": "Evidence"}),
        ("screens/exposure.py", {"customer": "customer:cust-larkspur-stores", "tab": "Actions"}),
        ("screens/exposure.py", {"customer": "customer:cust-larkspur-stores", "tab": "Graph"}),
        ("screens/vendor.py", {"vendor": "vendor:hikvision"}),
        ("screens/vendor.py", {"vendor": "vendor:clearview-ai"}),
        ("screens/explorer.py", {"node": "vendor:clearview-ai"}),
        ("screens/scenarios.py", {}),
    ],
    ids=lambda p: f"{p[0]}?{'&'.join(f'{k}={v}' for k, v in p[1].items())}",
)
def test_no_internal_name_on_a_page(
    dashboard_env: Settings, page: tuple[str, dict[str, str]]
) -> None:
    at = open_page(*page)
    assert not at.exception, at.exception
    texts = [page_text(at)]
    for frame in at.dataframe:
        texts.append(frame.value.to_string())
    assert _leaks("\n".join(texts)) == []


def test_ready_scenarios_are_named_in_words(built_store: Store) -> None:
    for scenario in list_scenarios(built_store):
        assert _leaks(scenario.name) == [], scenario.name


# Words of the project a user must never read (issue 20): its files, its settings, its list codes
# and its ids, whether or not they sit in backquotes.
_PROJECT = re.compile(
    r"facts\.md|VENDORGRAPH_\w+|\bweights\.[A-Z_]+|\b(?:bis-entity|fcc-covered|dod-1260h|ofac-cons|ofac-sdn|ofac-ns-cmic):"
    r"|\b(?:customer|vendor|product|process|source|mention|designation|listed|action):[a-z0-9][\w/-]*"
    r"|\bdata_remediation\b|\bwhat_if\b"
)


def _project_words(at: Any) -> list[str]:
    texts = [page_text(at), *(frame.value.to_string() for frame in at.dataframe)]
    text = "\n".join(texts)
    return sorted({text[max(0, m.start() - 50) : m.end() + 20] for m in _PROJECT.finditer(text)})


@pytest.mark.parametrize(
    "page",
    [
        ("screens/vendor.py", {"vendor": "vendor:hikvision", "tab": tab})
        for tab in (
            "Enforcement",
            "Sanctions matches",
            "Data sources and jurisdictions",
            "Customers exposed",
            "Sources",
        )
    ]
    + [
        ("screens/vendor.py", {"vendor": "vendor:clearview-ai", "tab": "Sanctions matches"}),
        ("screens/vendor.py", {"vendor": "vendor:clearview-ai", "tab": "Enforcement"}),
        (
            "screens/explorer.py",
            {"customer": "customer:cust-larkspur-stores", "as_of": "2022-06-01"},
        ),
        ("screens/explorer.py", {"customer": "customer:cust-oakfield-academy"}),
        (
            "screens/exposure.py",
            {"customer": "customer:cust-larkspur-stores", "tab": "How this score is built"},
        ),
        ("screens/exposure.py", {"customer": "customer:cust-larkspur-stores", "tab": "Evidence"}),
        ("screens/names.py", {}),
        ("screens/changes.py", {}),
    ],
    ids=lambda p: f"{p[0]}?{'&'.join(f'{k}={v}' for k, v in p[1].items())}",
)
def test_no_project_word_on_a_page(
    dashboard_env: Settings, page: tuple[str, dict[str, str]]
) -> None:
    at = open_page(*page)
    assert not at.exception, at.exception
    assert _project_words(at) == []


def test_no_project_word_in_the_explorer_after_adding_neighbours(dashboard_env: Settings) -> None:
    at = open_page("screens/explorer.py", {"customer": "customer:cust-larkspur-stores"})
    for node in ("vendor:clearview-ai", "customer:cust-larkspur-stores"):
        next(s for s in at.selectbox if s.label == "Node").set_value(node).run()
        next(b for b in at.button if b.label == "Add its neighbours").click().run()
    assert not at.exception, at.exception
    assert _project_words(at) == []
