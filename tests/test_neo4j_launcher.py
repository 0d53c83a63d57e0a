"""The local Neo4j launcher (tools/neo4j_local.py) and the server it starts.

Tests marked ``neo4j`` take the session's server from the ``neo4j_connection`` fixture
(tests/conftest.py): the one in NEO4J_URI, or one started by the launcher.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import AuthError

from tools import neo4j_local
from tools.neo4j_local import Neo4jConnection, Neo4jLaunchError

# --- the running server -------------------------------------------------------------------------


@pytest.mark.neo4j
def test_right_password_runs_a_query(neo4j_connection: Neo4jConnection) -> None:
    with neo4j.GraphDatabase.driver(neo4j_connection.uri, auth=neo4j_connection.auth) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert [r["one"] for r in records] == [1]


@pytest.mark.neo4j
def test_wrong_password_is_refused(neo4j_connection: Neo4jConnection) -> None:
    # One failed attempt only: Neo4j locks a user out for a while after 3 in a row.
    wrong = ("neo4j", neo4j_connection.password + "-wrong")
    with (
        neo4j.GraphDatabase.driver(neo4j_connection.uri, auth=wrong) as driver,
        pytest.raises(AuthError),
    ):
        driver.verify_connectivity()
    # A good login afterwards resets the failed-attempt counter and still works.
    with neo4j.GraphDatabase.driver(neo4j_connection.uri, auth=neo4j_connection.auth) as driver:
        driver.verify_connectivity()


@pytest.mark.neo4j
def test_no_credentials_are_refused(neo4j_connection: Neo4jConnection) -> None:
    with (
        neo4j.GraphDatabase.driver(neo4j_connection.uri, auth=None) as driver,
        pytest.raises(AuthError),
    ):
        driver.verify_connectivity()


@pytest.mark.neo4j
def test_read_session_refuses_writes(neo4j_connection: Neo4jConnection) -> None:
    with (
        neo4j.GraphDatabase.driver(neo4j_connection.uri, auth=neo4j_connection.auth) as driver,
        driver.session(default_access_mode=neo4j.READ_ACCESS) as session,
        pytest.raises(neo4j.exceptions.ClientError, match="read access mode"),
    ):
        session.execute_read(lambda tx: tx.run("CREATE (:LauncherProbe)").consume())


@pytest.mark.neo4j
@pytest.mark.skipif(shutil.which("java") is None, reason="needs Java to start a second server")
def test_running_neo4j_starts_and_stops_its_own_server() -> None:
    with neo4j_local.running_neo4j() as conn:
        assert conn.uri.startswith("bolt://127.0.0.1:")
        assert conn.user == "neo4j" and len(conn.password) >= 16
        with neo4j.GraphDatabase.driver(conn.uri, auth=conn.auth) as driver:
            records, _, _ = driver.execute_query("RETURN 2 AS two")
            assert records[0]["two"] == 2
        port = int(conn.uri.rsplit(":", 1)[1])
    # Stopped: nothing listens on the port any more.
    with socket.socket() as sock:
        sock.settimeout(2)
        assert sock.connect_ex(("127.0.0.1", port)) != 0


# --- the launcher without a server --------------------------------------------------------------


def test_connection_from_env() -> None:
    assert neo4j_local.connection_from_env({}) is None
    conn = neo4j_local.connection_from_env({"NEO4J_URI": "bolt://h:1", "NEO4J_PASSWORD": "pw"})
    assert conn == Neo4jConnection("bolt://h:1", "neo4j", "pw")
    assert conn.auth == ("neo4j", "pw")
    assert "pw" not in repr(conn)


def test_exports_are_shell_safe() -> None:
    conn = Neo4jConnection("bolt://127.0.0.1:7687", "neo4j", "a b'$c")
    lines = neo4j_local._exports(conn).splitlines()
    assert lines[0] == "export NEO4J_URI=bolt://127.0.0.1:7687"
    assert shlex.split(lines[2]) == ["export", "NEO4J_PASSWORD=a b'$c"]
    out = subprocess.run(
        ["bash", "-c", neo4j_local._exports(conn) + '\nprintf %s "$NEO4J_PASSWORD"'],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == "a b'$c"


def test_java_command_has_module_openings_and_no_password() -> None:
    cmd = neo4j_local.java_command(
        ["a.jar", "b.jar"], java="java", home=Path("/x"), watch_stdin=True
    )
    for module in ("java.nio", "java.io", "sun.nio.ch", "java.lang"):
        assert f"--add-opens=java.base/{module}=ALL-UNNAMED" in cmd
    assert cmd[cmd.index("--home") + 1] == "/x"
    assert "--watch-stdin" in cmd
    assert neo4j_local.MAIN_CLASS in cmd


def test_the_jvm_does_not_exit_on_out_of_memory() -> None:
    # A query that exhausts the heap must end with Neo4j's OutOfMemoryError, not end the server
    # (issue 22; tests/security/test_console_exhaustion_neo4j.py runs the queries).
    cmd = neo4j_local.java_command(["a.jar"], java="java")
    assert not any("ExitOnOutOfMemoryError" in flag for flag in cmd)
    assert "-Xmx1g" in cmd


@pytest.mark.skipif(shutil.which("java") is None, reason="needs Java to run the launcher")
@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--tx-timeout", "soon"], "bad --tx-timeout value soon (e.g. 10m, 90s)"),
        (["--tx-total-memory", "lots"], "bad --tx-total-memory value lots"),
        (
            ["--tx-memory", "600m", "--tx-total-memory", "500m"],
            "--tx-total-memory must be at least --tx-memory",
        ),
    ],
)
def test_launcher_bounds_are_checked(flags: list[str], message: str) -> None:
    classpath = neo4j_local.build()
    cmd = neo4j_local.java_command(classpath, java=neo4j_local._java()) + flags
    proc = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "NEO4J_PASSWORD": "a-long-enough-password"},
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == f"ERROR {message}"


def test_missing_java_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(Neo4jLaunchError, match="Java not found"):
        neo4j_local._java()
    with pytest.raises(Neo4jLaunchError, match="Maven not found"):
        neo4j_local._maven()


def test_maven_error_line_is_extracted() -> None:
    output = "noise\n\x1b[1;31m[ERROR]\x1b[m Failed to execute goal x: boom\n[ERROR] more\n"
    assert neo4j_local._first_error_line(output) == "[ERROR] Failed to execute goal x: boom"
    assert neo4j_local._error_from_stderr("warn\nERROR port in use\n") == "port in use"
