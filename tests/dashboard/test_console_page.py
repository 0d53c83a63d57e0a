"""The Cypher console: saved queries with parameter forms, free read-only Cypher, refusals, limits."""

from __future__ import annotations

import pytest

from graph.settings import Settings
from tests.dashboard.conftest import open_page, page_text


def _free(cypher: str, params: str = "") -> object:
    at = open_page("screens/console.py", {"tab": "Free Cypher"})
    box = next(t for t in at.text_area if t.label == "Cypher (read-only)")
    box.set_value(cypher)
    next(t for t in at.text_area if t.label.startswith("Parameters")).set_value(params)
    next(b for b in at.button if b.label == "Run query").click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_saved_query_runs_with_its_parameter_form(dashboard_env: Settings) -> None:
    at = open_page("screens/console.py")
    assert not at.exception, at.exception
    next(s for s in at.selectbox if s.label == "Saved query").set_value(
        "customers_using_vendor"
    ).run()
    vendor = next(s for s in at.selectbox if s.label == "vendor")
    assert vendor.value == "vendor:clearview-ai"  # the example value, picked by name
    next(b for b in at.button if b.label == "Run saved query").click().run()
    rows = at.dataframe[0].value
    assert list(rows["customer"]) == ["Northshire Constabulary (fictional)"]
    assert "1 row(s)" in page_text(at)


def test_saved_query_with_a_date_parameter(dashboard_env: Settings) -> None:
    at = open_page("screens/console.py")
    next(s for s in at.selectbox if s.label == "Saved query").set_value("vendors_under_order").run()
    assert [d.label for d in at.date_input] == ["as_of"]
    next(b for b in at.button if b.label == "Run saved query").click().run()
    assert "Clearview AI, Inc." in set(at.dataframe[0].value["vendor"])


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (v:Vendor) SET v.name = 'x' RETURN v",
        "CREATE (v:Vendor {id: 'vendor:x', name: 'x'})",
        "MATCH (v:Vendor) DETACH DELETE v",
        "MERGE (v:Vendor {id: 'vendor:x'}) RETURN v",
        "CALL db.labels()",
    ],
)
def test_write_queries_are_refused(dashboard_env: Settings, cypher: str) -> None:
    at = _free(cypher)
    assert any(
        e.value.startswith("Query refused: refused:") and "read-only" in e.value for e in at.error
    )
    assert not at.dataframe


def test_free_cypher_with_parameters_returns_a_table(dashboard_env: Settings) -> None:
    at = _free("MATCH (v:Vendor {id: $vendor})-[:OFFERS]->(p:Product) RETURN v AS vendor, p.name AS product",
               '{"vendor": "vendor:clearview-ai"}')  # fmt: skip
    rows = at.dataframe[0].value
    assert list(rows["product"]) == ["Clearview AI facial recognition search"]
    assert list(rows["vendor"]) == ["Clearview AI, Inc. (vendor)"]  # nodes shown as short text


def test_bad_parameters_and_bad_cypher_are_messages(dashboard_env: Settings) -> None:
    at = _free("MATCH (v:Vendor) RETURN v.name", "{not json")
    assert any("parameters are not valid JSON" in e.value for e in at.error)
    at = _free("MATCH (v:Vendor RETURN v")
    assert any(e.value.startswith("Query failed:") for e in at.error)


def test_row_limit_is_applied_and_said(
    dashboard_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VENDORGRAPH_QUERY_ROW_LIMIT", "3")
    at = _free("MATCH (s:Source) RETURN s.id AS id ORDER BY id")
    assert len(at.dataframe[0].value) == 3
    assert "more than 3 rows; showing the first 3" in page_text(at)


def test_a_query_past_the_time_limit_is_stopped_with_a_message(
    dashboard_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VENDORGRAPH_QUERY_TIMEOUT_MS", "100")
    at = _free("MATCH (a), (b), (c), (d) WHERE a.id < b.id AND c.id < d.id RETURN count(*) AS n")
    assert any("stopped at the time limit" in e.value for e in at.error), [
        e.value for e in at.error
    ]
