"""One shared module, run against both backends: identical graphs and identical answers.

The embedded store and Neo4j are each built from the bundled data; then counts per type, the
content hash, every saved query and the exposure JSON for every sample customer and scenario are
compared. Marked `neo4j`: it needs the real server the session starts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph.console.saved_queries import SAVED_QUERIES, run_saved
from graph.exposure.engine import exposure, portfolio
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import list_scenarios
from graph.queries import ALL_CUSTOMERS
from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from graph.store.protocol import content_hash, counts

pytestmark = pytest.mark.neo4j


def _stable(rows: list[dict[str, Any]]) -> list[str]:
    import json

    return sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)


def test_counts_and_content_hash_match(built_store: LadybugStore, neo4j_built_store: Any) -> None:
    assert counts(neo4j_built_store) == counts(built_store)
    assert content_hash(neo4j_built_store) == content_hash(built_store)


@pytest.mark.parametrize("name", sorted(SAVED_QUERIES))
def test_every_saved_query_answers_the_same(
    built_store: LadybugStore, neo4j_built_store: Any, name: str
) -> None:
    embedded = run_saved(built_store, name)
    server = run_saved(neo4j_built_store, name)
    assert embedded, f"{name} returns no rows with its default parameters"
    assert embedded == server or _stable(embedded) == _stable(server)


def test_scenarios_match(built_store: LadybugStore, neo4j_built_store: Any) -> None:
    a = [s.model_dump() for s in list_scenarios(built_store)]
    b = [s.model_dump() for s in list_scenarios(neo4j_built_store)]
    assert a == b and len(a) >= 10


@pytest.mark.parametrize("as_of", ["2022-06-01", "2024-01-01", "2025-11-01"])
def test_exposure_json_matches_for_every_customer_and_scenario(
    built_store: LadybugStore, neo4j_built_store: Any, built_settings: Settings, as_of: str
) -> None:
    rules, day = read_rules(built_settings.data / "kb"), date.fromisoformat(as_of)
    customers = [r["id"] for r in built_store.read(ALL_CUSTOMERS) if r["processes"]]
    assert len(customers) >= 5
    for scenario in list_scenarios(built_store):
        for customer in customers:
            a = exposure(built_store, customer, scenario, day, rules=rules).model_dump(mode="json")
            b = exposure(neo4j_built_store, customer, scenario, day, rules=rules).model_dump(
                mode="json"
            )
            a.pop("graph_version"), b.pop("graph_version")
            assert a == b, (customer, scenario.id, as_of)
    rows_a = portfolio(built_store, list_scenarios(built_store)[0], day, rules=rules)
    rows_b = portfolio(neo4j_built_store, list_scenarios(neo4j_built_store)[0], day, rules=rules)
    assert rows_a == rows_b


def test_cli_exposure_json_is_the_same_on_neo4j(
    built_settings: Settings,
    neo4j_connection: Any,
    neo4j_built_store: Any,
    built_store: LadybugStore,
) -> None:
    """`vendorgraph exposure --json` against Neo4j prints what the embedded default prints."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("vendorgraph")
    args = [str(exe), "exposure", "--customer", "cust-larkspur-stores", "--scenario",
            "ico-clearview-2022", "--as-of", "2025-11-01", "--json"]  # fmt: skip
    base = {**os.environ, "VENDORGRAPH_HOME": str(built_settings.home)}
    embedded = subprocess.run(
        args,
        env={**base, "VENDORGRAPH_STORE": "ladybug"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    server_env = {**base, "VENDORGRAPH_STORE": "neo4j", "NEO4J_URI": neo4j_connection.uri,
                  "NEO4J_USER": neo4j_connection.user, "NEO4J_PASSWORD": neo4j_connection.password}  # fmt: skip
    server = subprocess.run(args, env=server_env, capture_output=True, text=True, timeout=120)
    assert embedded.returncode == 0 and server.returncode == 0, (embedded.stderr, server.stderr)
    a, b = json.loads(embedded.stdout), json.loads(server.stdout)
    a.pop("graph_version"), b.pop("graph_version")
    assert a == b and a["affected"][0]["tier"] == 2


def test_neo4j_unreachable_is_one_line(built_settings: Settings) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("vendorgraph")
    env = {**os.environ, "VENDORGRAPH_STORE": "neo4j", "NEO4J_URI": "bolt://127.0.0.1:1",
           "NEO4J_PASSWORD": "x", "VENDORGRAPH_HOME": str(built_settings.home)}  # fmt: skip
    proc = subprocess.run(
        [str(exe), "customers"], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) <= 2 and "neo4j" in proc.stderr.lower()


def test_name_review_targets_match(built_store: LadybugStore, neo4j_built_store: Any) -> None:
    # The names page's candidates and search: every knowledge-base vendor and product, the same.
    from graph.resolution.suggestions import known_targets

    embedded, server = known_targets(built_store), known_targets(neo4j_built_store)
    assert embedded == server and any(t.kind == "product" for t in embedded)


@pytest.mark.parametrize("vendor", ["vendor:clearview-ai", "vendor:hikvision"])
def test_explorer_answers_match(
    built_store: LadybugStore, neo4j_built_store: Any, vendor: str
) -> None:
    from graph.explore.paths import answer_paths

    customers = [r["id"] for r in built_store.read(ALL_CUSTOMERS) if r["processes"]]
    drawn = 0
    for customer in customers:
        a = answer_paths(built_store, customer, vendor, "2024-01-01")
        b = answer_paths(neo4j_built_store, customer, vendor, "2024-01-01")
        assert a.model_dump() == b.model_dump() or (
            _stable(a.rows) == _stable(b.rows) and a.hidden_paths == b.hidden_paths
        ), customer
        drawn += len(a.rows)
    assert drawn > 0
