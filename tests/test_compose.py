"""docker-compose.yml cannot run here (no Docker engine), so its structure is checked instead."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())  # type: ignore[no-any-return]


def test_services_and_dependencies() -> None:
    services = _compose()["services"]
    assert services["neo4j"]["image"] == "neo4j:5.26-community"
    assert services["ingest"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert (
        services["dashboard"]["depends_on"]["ingest"]["condition"]
        == "service_completed_successfully"
    )
    assert services["dashboard"]["environment"]["VENDORGRAPH_STORE"] == "neo4j"
    assert (ROOT / "Dockerfile").is_file()


def test_neo4j_healthcheck_runs_cypher_shell() -> None:
    check = _compose()["services"]["neo4j"]["healthcheck"]
    assert "cypher-shell" in " ".join(check["test"]) and "RETURN 1" in " ".join(check["test"])
    assert check["retries"] >= 5


def test_ports_bound_to_loopback_and_named_volume() -> None:
    compose = _compose()
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)
    assert "neo4j-data" in compose["volumes"]
    assert any(str(v).startswith("neo4j-data:") for v in compose["services"]["neo4j"]["volumes"])


def test_no_literal_credentials() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    for match in re.finditer(r"(PASSWORD|NEO4J_AUTH)\s*:\s*(\S+)", text):
        assert match.group(2).startswith("${"), match.group(0)
    # A literal "neo4j/<password>" auth string anywhere (paths such as /var/lib/neo4j/ aside).
    assert not re.search(r"(?<![/\w-])neo4j/", text.replace("${NEO4J_USER:-neo4j}/", ""))


def test_neo4j_is_locked_down_behind_the_console() -> None:
    # The same defence in depth as tools/neo4j/LocalNeo4j.java (tested live in tests/security).
    env = _compose()["services"]["neo4j"]["environment"]
    assert env["NEO4J_dbms_security_allow__csv__import__from__file__urls"] == "false"
    assert set(env["NEO4J_internal_dbms_cypher__ip__blocklist"].split(",")) == {"0.0.0.0/0", "::/0"}
    assert env["NEO4J_dbms_security_procedures_allowlist"] == "vendorgraph.none"
    assert env["NEO4J_server_directories_import"].endswith("no-import")
    assert env["NEO4J_db_memory_transaction_max"] == "512M"


def test_neo4j_ends_a_query_rather_than_the_server() -> None:
    # The same bounds as the launcher (tests/security/test_console_exhaustion_neo4j.py runs them):
    # a total for all transactions within the 1 GB heap, a default timeout, and no JVM exit on
    # OutOfMemoryError (no server.jvm.additional at all, so the image's defaults stand).
    service = _compose()["services"]["neo4j"]
    env = service["environment"]
    assert env["NEO4J_server_memory_heap_max__size"] == "1G"
    assert env["NEO4J_dbms_memory_transaction_total_max"] == "768M"
    assert env["NEO4J_db_transaction_timeout"] == "10m"
    assert not any("jvm" in name.lower() for name in env)
    assert "ExitOnOutOfMemoryError" not in yaml.safe_dump(service)  # comments are not config
