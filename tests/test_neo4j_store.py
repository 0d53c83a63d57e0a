"""Neo4jStore: the Store protocol over Bolt, compared row for row with the embedded store.

Every test here needs a Neo4j server (the session's `neo4j_connection` fixture) and rebuilds the
graph with `fresh=True`, so tests do not depend on each other's data.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import textwrap
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

import neo4j
import pytest
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from graph import queries
from graph.exposure.engine import portfolio
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import find_scenario, list_scenarios
from graph.model import NODE_TYPES
from graph.records import EdgeRecord, NodeRecord
from graph.settings import Settings
from graph.store.cypher import FROM_KEY, TO_KEY
from graph.store.ladybug import LadybugStore
from graph.store.neo4j import Neo4jStore, Neo4jUnavailable
from graph.store.neo4j_writer import META_LABEL, Neo4jWriter
from graph.store.protocol import (
    GraphWriter,
    QueryError,
    ReadOnlyViolation,
    Store,
    StoreUnavailable,
    content_hash,
    counts,
)
from ingest.build import rebuild
from tools.neo4j_local import Neo4jConnection

pytestmark = pytest.mark.neo4j

# --- a small graph touching every property kind -----------------------------------------------

NODES = [
    NodeRecord.of(
        "Source", id="src:ico", name="ICO notice", url="https://ico.example/n", date="2022-05-23"
    ),
    NodeRecord.of(
        "Customer",
        id="customer:acme",
        name="Acme",
        country="GB",
        fictional=True,
        turnover_gbp=125_000_000,
        sources=["src:ico"],
    ),
    NodeRecord.of(
        "Process",
        id="process:acme:hr",
        name="HR screening",
        customer_id="customer:acme",
        criticality="high",
        uk_data_subjects=12_000,
        role="controller",
        dpia=False,
        alternatives=["manual review", "other vendor"],
    ),
    NodeRecord.of("DataCategory", id="data:biometric", name="Biometric", special_category=True),
    NodeRecord.of("Product", id="product:face", name="FaceFind", category="facial recognition"),
    NodeRecord.of("Product", id="product:cloud", name="CloudHost"),
    NodeRecord.of(
        "Vendor",
        id="vendor:clearview",
        name="Clearview AI",
        country="US",
        aliases=["Clearview", "Clearview AI Inc."],
        identifiers=[],
        sources=["src:ico"],
    ),
    NodeRecord.of("Vendor", id="vendor:host", name="HostCo", country="US"),
    NodeRecord.of("Vendor", id="vendor:parent", name="ParentCo"),
    NodeRecord.of(
        "Jurisdiction", id="jurisdiction:US", name="United States", uk_adequacy="partial"
    ),
    NodeRecord.of("Regulator", id="regulator:ico", name="ICO", kind="dpa", country="GB"),
    NodeRecord.of(
        "EnforcementAction",
        id="action:ico-2022",
        name="ICO fine",
        date="2022-05-23",
        kinds=["fine", "order"],  # an enforcement notice is an order (uk-law.md)
        amount=7_552_800,
        currency="GBP",
        orders=["stop_processing", "deletion"],
        sources=["src:ico"],
    ),
    NodeRecord.of(
        "StatusEvent",
        id="status:ico-2022:issued",
        name="issued",
        action_id="action:ico-2022",
        date="2022-05-23",
        status="issued",
    ),
]
EDGES = [
    EdgeRecord.of("RUNS", "Customer", "customer:acme", "Process", "process:acme:hr"),
    EdgeRecord.of(
        "USES",
        "Process",
        "process:acme:hr",
        "Product",
        "product:face",
        role="matching",
        notice_days=30,
        annual_spend=12_500,
        since="2021-01-01",
    ),
    EdgeRecord.of("PROCESSES", "Process", "process:acme:hr", "DataCategory", "data:biometric"),
    EdgeRecord.of("OFFERS", "Vendor", "vendor:clearview", "Product", "product:face"),
    EdgeRecord.of("OFFERS", "Vendor", "vendor:host", "Product", "product:cloud"),
    EdgeRecord.of("BUILT_ON", "Product", "product:face", "Product", "product:cloud"),
    EdgeRecord.of("SUBPROCESSOR", "Vendor", "vendor:clearview", "Vendor", "vendor:host"),
    EdgeRecord.of(
        "OWNED_BY", "Vendor", "vendor:host", "Vendor", "vendor:parent", share=1, control=True
    ),
    EdgeRecord.of("STORES_DATA_IN", "Product", "product:cloud", "Jurisdiction", "jurisdiction:US"),
    EdgeRecord.of("ISSUED", "Regulator", "regulator:ico", "EnforcementAction", "action:ico-2022"),
    EdgeRecord.of("AGAINST", "EnforcementAction", "action:ico-2022", "Vendor", "vendor:clearview"),
    EdgeRecord.of(
        "HAS_STATUS",
        "EnforcementAction",
        "action:ico-2022",
        "StatusEvent",
        "status:ico-2022:issued",
    ),
    EdgeRecord.of("CITES", "Vendor", "vendor:clearview", "Source", "src:ico", sources=["src:ico"]),
    EdgeRecord.of("CITES", "Customer", "customer:acme", "Source", "src:ico"),
]


def write(writer: GraphWriter, nodes: list[NodeRecord], edges: list[EdgeRecord]) -> None:
    """Write records the way ingest.pipeline does: one batch per label and endpoint pair."""
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node in nodes:
        by_label[node.label].append(node.props)
    for label, rows in by_label.items():
        writer.write_nodes(label, rows)
    by_type: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for edge in edges:
        row = {FROM_KEY: edge.from_id, TO_KEY: edge.to_id, **edge.props}
        by_type[(edge.type, edge.from_label, edge.to_label)].append(row)
    for (rel_type, a, b), rows in by_type.items():
        writer.write_edges(rel_type, a, b, rows)


def build(store: Store, nodes: list[NodeRecord] = NODES, edges: list[EdgeRecord] = EDGES) -> None:
    with store.build(fresh=True) as writer:
        write(writer, nodes, edges)


@pytest.fixture(scope="module")
def driver(neo4j_connection: Neo4jConnection) -> Iterator[neo4j.Driver]:
    with neo4j.GraphDatabase.driver(
        neo4j_connection.uri, auth=neo4j_connection.auth, max_transaction_retry_time=5
    ) as drv:
        yield drv


@pytest.fixture(scope="module", autouse=True)
def _restore_bundled_graph(driver: neo4j.Driver, built_settings: Settings) -> Iterator[None]:
    """These tests rebuild the one Neo4j database with their own data; afterwards the session's
    other Neo4j tests (the `neo4j_built_store` fixture) find the bundled graph again."""
    yield
    rebuild(Neo4jStore(driver), built_settings)


@pytest.fixture
def store(driver: neo4j.Driver) -> Neo4jStore:
    built = Neo4jStore(driver, retry_delay=0.01)
    build(built)
    return built


@pytest.fixture(scope="module")
def ladybug(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LadybugStore]:
    embedded = LadybugStore(tmp_path_factory.mktemp("ladybug"))
    build(embedded)
    yield embedded
    embedded.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# --- same answers as the embedded store ---------------------------------------------------------

PARITY_QUERIES: list[tuple[str, dict[str, Any]]] = [
    (queries.CUSTOMER, {"customer": "customer:acme"}),
    (queries.ALL_CUSTOMERS, {}),
    (queries.ALL_VENDORS, {}),
    (queries.VENDOR, {"vendor": "vendor:clearview"}),
    (queries.CATALOGUE, {"prefix": "product:"}),
    (queries.CUSTOMER_PROCESSES, {"customer": "customer:acme"}),
    (queries.CUSTOMER_CATEGORIES, {"customer": "customer:acme"}),
    (queries.BUILT_ON_FROM, {"ids": ["product:face"], "customer": "customer:acme"}),
    (queries.OFFERED_BY, {"ids": ["product:face", "product:cloud"], "customer": "customer:acme"}),
    (queries.SUBPROCESSORS_OF, {"ids": ["vendor:clearview"], "customer": "customer:acme"}),
    (queries.OWNED_BY_FROM, {"ids": ["vendor:host"]}),
    (queries.STORAGE_OF, {"ids": ["product:cloud"], "customer": "customer:acme"}),
    (queries.CUSTOMER_MENTIONS, {"customer": "customer:acme"}),
    (queries.SAME_LISTED_ENTITY, {"vendor": "vendor:clearview"}),
    (queries.JURISDICTIONS, {}),
    (queries.ACTIONS_AGAINST_VENDOR, {"vendor": "vendor:clearview"}),
    (queries.SCENARIO_ACTIONS, {}),
    (queries.ACTION_STATUSES, {"ids": ["action:ico-2022"]}),
    (queries.PRECEDENTS, {"vendor": "vendor:clearview"}),
    (queries.SANCTIONS_MATCHES, {"ids": ["vendor:clearview"]}),
    (queries.SOURCES_BY_ID, {"ids": ["src:ico"]}),
    (queries.NODE_BY_ID, {"ids": ["vendor:host", "process:acme:hr"]}),
    (
        "MATCH p = (c:Customer)-[:RUNS]->(:Process)-[:USES]->(:Product)-[:BUILT_ON*1..3]->(x) "
        "RETURN p, x.id AS last ORDER BY last",
        {},
    ),
    (
        "MATCH (v:Vendor) OPTIONAL MATCH (v)-[o:OWNED_BY]->(w:Vendor) "
        "RETURN v.id AS vendor, o.share AS share, w AS owner ORDER BY vendor",
        {},
    ),
    (
        "MATCH (v:Vendor)-[:OFFERS]->(p:Product) WITH v, collect(p.id) AS products "
        "RETURN v.name AS vendor, size(products) AS n, products ORDER BY vendor",
        {},
    ),
    ("RETURN date('2024-01-01') AS d, [1, 2] AS l, 1.5 AS f, 7 AS i, null AS nothing", {}),
]


@pytest.mark.parametrize(("cypher", "params"), PARITY_QUERIES, ids=range(len(PARITY_QUERIES)))
def test_same_rows_as_ladybug(
    store: Neo4jStore, ladybug: LadybugStore, cypher: str, params: dict[str, Any]
) -> None:
    assert store.read(cypher, params) == ladybug.read(cypher, params)


def test_same_content_and_counts_as_ladybug(store: Neo4jStore, ladybug: LadybugStore) -> None:
    assert counts(store) == counts(ladybug)
    assert content_hash(store) == content_hash(ladybug)


def test_row_shape(store: Neo4jStore) -> None:
    rows = store.read(
        "MATCH p = (c:Customer)-[r:RUNS]->(x:Process) RETURN c, r, p, x.alternatives AS alts, "
        "x.uk_data_subjects AS subjects, c.turnover_gbp AS turnover, c.description AS missing"
    )
    assert len(rows) == 1
    row = rows[0]
    customer = row["c"]
    assert customer["_label"] == "Customer" and customer["id"] == "customer:acme"
    assert set(customer) == {p.name for p in NODE_TYPES["Customer"].all_props} | {"_label"}
    assert customer["sources"] == ["src:ico"] and customer["description"] is None
    assert row["r"]["_type"] == "RUNS" and row["r"]["since"] is None
    assert [n["id"] for n in row["p"]["nodes"]] == ["customer:acme", "process:acme:hr"]
    assert [r["_type"] for r in row["p"]["rels"]] == ["RUNS"]
    assert row["alts"] == ["manual review", "other vendor"]
    assert row["subjects"] == 12_000 and isinstance(row["subjects"], int)
    assert row["turnover"] == 125_000_000.0 and isinstance(row["turnover"], float)
    assert row["missing"] is None
    temporal = store.read("RETURN date('2024-02-29') AS d, duration('P2DT3H') AS span")[0]
    assert temporal == {"d": dt.date(2024, 2, 29), "span": dt.timedelta(days=2, hours=3)}


def test_limit(store: Neo4jStore) -> None:
    assert len(store.read("MATCH (n:Vendor) RETURN n.id AS id ORDER BY id", limit=2)) == 2
    assert len(store.read("MATCH (n:Vendor) RETURN n.id AS id ORDER BY id")) == 3


# --- schema ------------------------------------------------------------------------------------


def test_constraints_and_indexes_from_model(store: Neo4jStore, driver: neo4j.Driver) -> None:
    store.apply_schema()  # again: idempotent
    records, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
        "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties AS props"
    )
    unique_id = {r["label"] for r in records if r["props"] == ["id"]}
    assert set(NODE_TYPES) <= unique_id
    records, _, _ = driver.execute_query("SHOW INDEXES YIELD name RETURN collect(name) AS names")
    assert {"vendor_name", "action_date"} <= set(records[0]["names"])


# --- read-only, atomic builds ------------------------------------------------------------------


def test_read_refuses_writes(store: Neo4jStore) -> None:
    before = counts(store)
    with pytest.raises(ReadOnlyViolation):
        store.read("CREATE (:Vendor {id: 'vendor:intruder', name: 'x'})")
    with pytest.raises(ReadOnlyViolation):
        store.read("MATCH (v:Vendor) DETACH DELETE v")
    assert counts(store) == before


def test_failed_build_leaves_previous_graph(store: Neo4jStore, driver: neo4j.Driver) -> None:
    before, version = content_hash(store), store.version()
    with pytest.raises(RuntimeError, match="reader failed"), store.build(fresh=True) as writer:
        writer.write_nodes("Vendor", [NodeRecord.of("Vendor", id="vendor:new", name="New").props])
        raise RuntimeError("reader failed half way")
    other = Neo4jStore(driver)  # another client sees the same, untouched graph
    assert content_hash(other) == before
    assert other.version() == version


def test_each_build_has_a_new_version(store: Neo4jStore) -> None:
    first = store.version()
    build(store)
    assert first and store.version() and store.version() != first


def test_incremental_build_upserts(store: Neo4jStore) -> None:
    renamed = NodeRecord.of("Vendor", id="vendor:host", name="HostCo Ltd", country="IE")
    with store.build() as writer:
        write(writer, [renamed, NodeRecord.of("Vendor", id="vendor:extra", name="Extra")], [])
    rows = store.read("MATCH (v:Vendor) RETURN v.id AS id, v.name AS name ORDER BY id")
    assert [r["id"] for r in rows] == [
        "vendor:clearview",
        "vendor:extra",
        "vendor:host",
        "vendor:parent",
    ]
    assert {r["id"]: r["name"] for r in rows}["vendor:host"] == "HostCo Ltd"
    # The relationships of the upserted node survive a non-fresh build.
    assert store.read("MATCH (:Vendor {id: 'vendor:host'})-[:OWNED_BY]->(o) RETURN o.id AS o") == [
        {"o": "vendor:parent"}
    ]


def test_labels_and_properties_come_only_from_the_model(store: Neo4jStore) -> None:
    with pytest.raises(KeyError), store.build() as writer:
        writer.write_nodes("Vendor) DETACH DELETE (x", [{"id": "x", "name": "x"}])
    with pytest.raises(ValueError, match="cannot join"), store.build() as writer:
        writer.write_edges("OFFERS", "Product", "Vendor", [{FROM_KEY: "a", TO_KEY: "b"}])
    sneaky = {"id": "vendor:sneaky", "name": "S", "x}) DETACH DELETE n //": 1, "evil": "yes"}
    with store.build() as writer:
        writer.write_nodes("Vendor", [sneaky])
    row = store.read("MATCH (v:Vendor {id: 'vendor:sneaky'}) RETURN v")[0]["v"]
    assert "evil" not in row and row["name"] == "S"
    assert len(store.read("MATCH (v:Vendor) RETURN v.id AS id")) == 4


# --- transient failures, unreachable servers, bad credentials ----------------------------------


class _FlakyTx:
    """Delegates to a real transaction but fails `run` on chosen calls."""

    def __init__(self, tx: neo4j.Transaction, fail_on: set[int], error: Exception) -> None:
        self._tx, self._fail_on, self._error, self.calls = tx, fail_on, error, 0

    def run(self, query: Any, parameters: Any = None, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls in self._fail_on:
            raise self._error
        return self._tx.run(query, parameters, **kwargs)

    def commit(self) -> None:
        self._tx.commit()

    def close(self) -> None:
        self._tx.close()


def test_transient_errors_are_retried_by_replaying_the_build(
    store: Neo4jStore, ladybug: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Neo4jWriter._begin
    begun: list[_FlakyTx] = []
    errors = [ServiceUnavailable("connection reset"), SessionExpired("leader changed")]

    def flaky_begin(self: Neo4jWriter) -> Any:
        tx = original(self)
        # The first two transactions fail part-way, on their third batch.
        fail_on = {3} if len(begun) < len(errors) else set()
        flaky = _FlakyTx(tx, fail_on, errors[min(len(begun), len(errors) - 1)])
        begun.append(flaky)
        return flaky

    monkeypatch.setattr(Neo4jWriter, "_begin", flaky_begin)
    build(store)
    assert len(begun) == 3
    monkeypatch.undo()
    assert content_hash(store) == content_hash(ladybug)


def test_persistent_failure_is_one_line_and_writes_nothing(
    store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = content_hash(store)
    original = Neo4jWriter._begin

    def broken_begin(self: Neo4jWriter) -> Any:
        return _FlakyTx(original(self), set(range(1, 10_000)), ServiceUnavailable("gone"))

    monkeypatch.setattr(Neo4jWriter, "_begin", broken_begin)
    with pytest.raises(Neo4jUnavailable, match="after 5 attempts") as caught:
        build(store)
    assert "\n" not in str(caught.value)
    monkeypatch.undo()
    assert content_hash(store) == before


def test_unreachable_server_is_a_clear_error() -> None:
    uri = f"bolt://127.0.0.1:{_free_port()}"
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", "whatever-123")) as drv:
        unreachable = Neo4jStore(drv)
        with pytest.raises(Neo4jUnavailable, match="unreachable") as caught:
            unreachable.read("RETURN 1 AS one")
        assert "\n" not in str(caught.value)
        with pytest.raises(StoreUnavailable, match="unreachable"), unreachable.build():
            pass


def test_wrong_password_is_a_clear_error(
    neo4j_connection: Neo4jConnection, store: Neo4jStore
) -> None:
    wrong = (neo4j_connection.user, neo4j_connection.password + "-wrong")
    with neo4j.GraphDatabase.driver(neo4j_connection.uri, auth=wrong) as drv:
        with pytest.raises(Neo4jUnavailable, match="credentials") as caught:
            Neo4jStore(drv).read("RETURN 1 AS one")
        assert "\n" not in str(caught.value)
    # A good login resets Neo4j's failed-attempt counter for the other tests.
    assert store.read("RETURN 1 AS one") == [{"one": 1}]


def test_query_errors_are_one_line(store: Neo4jStore) -> None:
    with pytest.raises(QueryError) as caught:
        store.read("MATCH (n RETURN n")
    assert "\n" not in str(caught.value) and not isinstance(caught.value, ReadOnlyViolation)


def test_slow_queries_time_out(store: Neo4jStore, driver: neo4j.Driver) -> None:
    impatient = Neo4jStore(driver, timeout_ms=300)
    with pytest.raises(QueryError, match="timed out"):
        impatient.read("UNWIND range(1, 1000000000) AS x RETURN sum(x) AS total")


def test_empty_database_asks_for_an_ingest(store: Neo4jStore, driver: neo4j.Driver) -> None:
    driver.execute_query(f"MATCH (m:{META_LABEL}) DETACH DELETE m")
    with pytest.raises(StoreUnavailable, match="ingest"):
        Neo4jStore(driver).read("MATCH (n:Vendor) RETURN n")
    build(store)
    assert Neo4jStore(driver).read("MATCH (n:Vendor) RETURN count(n) AS n") == [{"n": 3}]


def test_is_a_store_and_leaves_the_driver_open(driver: neo4j.Driver) -> None:
    neo4j_store = Neo4jStore(driver)
    assert isinstance(neo4j_store, Store) and neo4j_store.backend == "neo4j"
    neo4j_store.close()
    driver.verify_connectivity()  # still usable: the caller owns it


# --- the bundled graph: same content and same analysis on both engines ------------------------


def test_bundled_graph_and_analysis_match_the_embedded_store(
    driver: neo4j.Driver, built_store: LadybugStore, built_settings: Settings
) -> None:
    neo4j_store = Neo4jStore(driver)
    report = rebuild(neo4j_store, built_settings)
    assert not report.rejections and report.backend == "neo4j"
    assert counts(neo4j_store) == counts(built_store)
    assert content_hash(neo4j_store) == content_hash(built_store)
    assert list_scenarios(neo4j_store) == list_scenarios(built_store), (
        "rows tied under ORDER BY come back in an engine-dependent order: "
        "give every saved query in graph/queries.py a total order (e.g. a.date, a.id, r.id)"
    )
    rules = read_rules(built_settings.data / "kb")
    for as_of in ("2022-06-01", "2024-01-01"):
        on_neo4j = portfolio(
            neo4j_store,
            find_scenario(neo4j_store, "ico-clearview-2022"),
            date.fromisoformat(as_of),
            rules=rules,
        )
        embedded = portfolio(
            built_store,
            find_scenario(built_store, "ico-clearview-2022"),
            date.fromisoformat(as_of),
            rules=rules,
        )
        assert on_neo4j == embedded


_KILLED_WRITER = textwrap.dedent(
    """
    import os, time
    import neo4j
    from graph.store.neo4j import Neo4jStore
    auth = (os.environ["VG_TEST_USER"], os.environ["VG_TEST_PASSWORD"])
    with neo4j.GraphDatabase.driver(os.environ["VG_TEST_URI"], auth=auth) as driver:
        store = Neo4jStore(driver)
        with store.build(fresh=True) as w:
            w.write_nodes("Vendor", [{"id": f"vendor:k{i}", "name": str(i)} for i in range(2000)])
            print("half-written", flush=True)
            time.sleep(60)
    """
)


def test_sigkill_mid_build_keeps_the_previous_graph(
    store: Neo4jStore, neo4j_connection: Neo4jConnection
) -> None:
    before = content_hash(store)
    env = {
        **os.environ,
        "VG_TEST_URI": neo4j_connection.uri,
        "VG_TEST_USER": neo4j_connection.user,
        "VG_TEST_PASSWORD": neo4j_connection.password,
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "half-written"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
    assert content_hash(store) == before
    # The server rolled the orphaned transaction back and released its locks: builds go on.
    build(store)
    assert content_hash(store) == before
