"""The console's data module on both engines: write clauses refused before the engine, rows limited,
results the same on LadybugDB and Neo4j."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import query_console
from graph.console.saved_queries import SAVED_QUERIES
from graph.store.ladybug import LadybugStore
from graph.store.protocol import ReadOnlyViolation

WRITES = [
    "CREATE (v:Vendor {id: 'vendor:x', name: 'x'})",
    "MATCH (v:Vendor) SET v.name = 'x'",
    "MATCH (v:Vendor) DETACH DELETE v",
    "MERGE (v:Vendor {id: 'vendor:x'})",
    "match (v:Vendor) remove v.name",
    "DROP TABLE Vendor",
    "COPY Vendor FROM 'x.csv'",
    "CALL dbms.components()",
    "MATCH (v:Vendor) WITH v /* harmless? */ DELETE v",
]


@pytest.mark.parametrize("cypher", WRITES)
def test_writes_are_refused_on_ladybug(built_store: LadybugStore, cypher: str) -> None:
    version = built_store.version()
    with pytest.raises(ReadOnlyViolation, match="read-only"):
        query_console.run_cypher(built_store, cypher, {}, 10)
    assert built_store.version() == version


def test_words_inside_strings_are_not_writes(built_store: LadybugStore) -> None:
    result = query_console.run_cypher(
        built_store,
        "MATCH (v:Vendor) WHERE v.name <> 'CREATE SET DELETE' RETURN count(v) AS n",
        {},
        10,
    )
    assert result.rows[0]["n"] > 0


def test_limit_and_truncation(built_store: LadybugStore) -> None:
    result = query_console.run_cypher(built_store, "MATCH (s:Source) RETURN s.id AS id", {}, 5)
    assert len(result.rows) == 5 and result.truncated and result.columns == ["id"]


def test_saved_query_parameters_are_typed_from_the_examples(built_store: LadybugStore) -> None:
    result = query_console.run_saved_query(
        built_store, "fines_by_regulator", {"as_of": "2023-01-01"}, 100
    )
    assert result.params["as_of"] == "2023-01-01" and result.rows
    with pytest.raises(ValueError, match="unknown parameter"):
        query_console.run_saved_query(built_store, "fines_by_regulator", {"nope": 1}, 100)


def test_params_text_must_be_a_json_object() -> None:
    assert query_console.parse_params("") == {}
    assert query_console.parse_params('{"a": 1}') == {"a": 1}
    with pytest.raises(ValueError, match="JSON object"):
        query_console.parse_params("[1, 2]")


@pytest.mark.neo4j
@pytest.mark.parametrize("cypher", WRITES[:4])
def test_writes_are_refused_on_neo4j(neo4j_built_store: Any, cypher: str) -> None:
    with pytest.raises(ReadOnlyViolation, match="read-only"):
        query_console.run_cypher(neo4j_built_store, cypher, {}, 10)


@pytest.mark.neo4j
def test_neo4j_refuses_a_write_that_slips_past_the_text_check(neo4j_built_store: Any) -> None:
    # The engine's own read-only session is the second line: a write it sees is refused too.
    with pytest.raises(ReadOnlyViolation):
        neo4j_built_store.read("CREATE (v:Vendor {id: 'vendor:x', name: 'x'})")


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "name", ["customers_using_vendor", "vendor_enforcement_timeline", "fines_by_regulator"]
)
def test_saved_queries_answer_the_same_on_both_engines(
    built_store: LadybugStore, neo4j_built_store: Any, name: str
) -> None:
    params = dict(SAVED_QUERIES[name].params)
    ladybug = query_console.run_saved_query(built_store, name, params, 1000)
    neo4j = query_console.run_saved_query(neo4j_built_store, name, params, 1000)
    # Compared as sorted rows: vendor_enforcement_timeline orders ties (joint actions) by no column.
    assert sorted(map(repr, ladybug.rows)) == sorted(map(repr, neo4j.rows))
