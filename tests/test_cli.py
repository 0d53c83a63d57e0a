"""The `vendorgraph` command line, in-process (typer's runner) and once as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.console.saved_queries import SAVED_QUERIES
from graph.settings import BUNDLED_DATA, Settings
from vendorgraph.main import app

runner = CliRunner()


@pytest.fixture
def cli_env(built_settings: Settings, built_store: object, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VENDORGRAPH_HOME", str(built_settings.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    return built_settings.home


def _json(args: list[str]) -> object:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_customers_and_scenarios_as_json(cli_env: Path) -> None:
    customers = _json(["customers", "--json"])
    scenarios = _json(["scenarios", "--json"])
    assert isinstance(customers, list) and isinstance(scenarios, list)
    assert all({"id", "name"} <= set(c) for c in customers + scenarios)
    assert "customer:cust-northshire-police" in {c["id"] for c in customers}
    assert "ico-clearview-2022" in {s["id"] for s in scenarios}


def test_exposure_json_for_the_police_sample(cli_env: Path) -> None:
    data = _json(["exposure", "--customer", "cust-northshire-police", "--scenario", "ico-clearview-2022",
                  "--as-of", "2022-06-01", "--json"])  # fmt: skip
    assert isinstance(data, dict)
    assert data["affected"][0]["tier"] == 1 and data["affected"][0]["path"][-1]["name"].startswith(
        "Clearview"
    )
    assert {d["name"] for d in data["dimensions"]} >= {"operational", "regulatory", "sanctions"}
    urls = [
        s["url"]
        for d in data["dimensions"]
        for e in d["evidence"]
        for s in e["sources"]
        if s["url"]
    ]
    assert any(
        u.startswith("https://ico.org.uk/") for u in [s["url"] for s in data["sources"] if s["url"]]
    )
    assert urls


def test_what_if_from_the_cli(cli_env: Path) -> None:
    data = _json(["exposure", "--customer", "cust-harbourside-grocers", "--vendor", "hikvision",
                  "--event", "sanctions_designation", "--effective", "2026-12-01", "--as-of", "2026-12-01", "--json"])  # fmt: skip
    assert isinstance(data, dict) and data["scenario"]["what_if"] and data["affected"]


def test_query_with_parameters_and_saved_queries(cli_env: Path) -> None:
    rows = _json(
        [
            "query",
            "MATCH (v:Vendor {id: $v}) RETURN v.name AS name",
            "--param",
            "v=vendor:clearview-ai",
            "--json",
        ]
    )
    assert rows == [{"name": "Clearview AI, Inc."}]
    timeline = _json(["query", "--saved", "vendor_enforcement_timeline", "--json"])
    assert isinstance(timeline, list) and len(timeline) >= 14


@pytest.mark.parametrize("name", sorted(SAVED_QUERIES))
def test_every_saved_query_returns_rows_with_its_defaults(cli_env: Path, name: str) -> None:
    rows = _json(["query", "--saved", name, "--json"])
    assert isinstance(rows, list) and rows, f"{name} returns no rows with its default parameters"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--saved", "customer_inventory", "--param", "customer=cust-larkspur-stores"], "Card payments"),
        (["--saved", "customer_inventory", "--param", "customer=customer:cust-larkspur-stores"], "Card payments"),
        (["--saved", "customers_using_vendor", "--param", "vendor=facewatch"], "Harbourside Grocers Ltd (fictional)"),
        (["--saved", "fourth_party_paths", "--param", "customer=cust-larkspur-stores", "--param", "vendor=clearview-ai"], "Sentinel Watchlist Service (fictional)"),
    ],
)  # fmt: skip
def test_saved_query_parameters_take_bare_or_prefixed_ids(
    cli_env: Path, args: list[str], expected: str
) -> None:
    rows = _json(["query", *args, "--json"])
    assert isinstance(rows, list)
    assert expected in {value for row in rows for value in row.values()}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "MATCH (n) DETACH DELETE n"], "read-only"),
        (["query", "MATCH (n RETURN n"], "error"),
        (
            ["exposure", "--customer", "nobody", "--scenario", "ico-clearview-2022"],
            "unknown customer",
        ),
        (
            ["exposure", "--customer", "cust-northshire-police", "--scenario", "nope"],
            "unknown scenario",
        ),
        (
            [
                "exposure",
                "--customer",
                "cust-northshire-police",
                "--scenario",
                "ico-clearview-2022",
                "--as-of",
                "May 2022",
            ],
            "not a date",
        ),
        (["query", "--saved", "nope"], "unknown saved query"),
        (
            ["query", "MATCH (v:Vendor {id: $vendor}) RETURN v.name AS name"],
            "the query uses $vendor but no value was given",
        ),
    ],
)
def test_user_errors_are_one_line_without_traceback(
    cli_env: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    assert message in result.output.lower()
    assert "Traceback" not in result.output


def test_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("vendorgraph")
    env = {**os.environ, "VENDORGRAPH_HOME": str(tmp_path), "VENDORGRAPH_STORE": "ladybug"}
    proc = subprocess.run(
        [str(exe), "customers"], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert "vendorgraph ingest" in proc.stderr and "Traceback" not in proc.stderr


def test_ingest_registers_an_inventory_and_strict_rejects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VENDORGRAPH_HOME", str(tmp_path / "home"))
    source = BUNDLED_DATA / "customers" / "fernhill_accountants.csv"
    text = (
        source.read_text()
        .replace("cust-fernhill-accountants", "cust-extra")
        .replace("high,2019", "extreme,2019")
    )
    inventory = tmp_path / "extra.csv"
    inventory.write_text(text)
    strict = runner.invoke(app, ["ingest", "--inventory", str(inventory), "--strict", "--json"])
    assert strict.exit_code != 0 and "extra.csv:2" in strict.output
    assert not (tmp_path / "home" / "ladybug" / "CURRENT").exists()  # nothing written
    ok = runner.invoke(app, ["ingest", "--inventory", str(inventory), "--json"])
    assert ok.exit_code == 0, ok.output
    report = json.loads(ok.stdout)
    assert any(
        r["file"].endswith("extra.csv") and r["field"] == "criticality" for r in report["rejected"]
    )
    again = json.loads(
        runner.invoke(app, ["ingest", "--json"]).stdout
    )  # registered: kept on rebuild
    assert again["nodes"] == report["nodes"]
    customers = _json(["customers", "--json"])
    assert "customer:cust-extra" in {c["id"] for c in customers}  # type: ignore[union-attr]


def test_a_pdf_is_not_written_to_a_terminal(cli_env: Path) -> None:
    """`report --format pdf` without -o refuses a terminal (issue 11) but still writes to a pipe."""
    import pty

    exe = str(Path(sys.executable).with_name("vendorgraph"))
    args = [exe, "report", "--customer", "cust-northshire-police", "--format", "pdf"]
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdout is the pseudo-terminal
        os.execv(exe, args)  # noqa: S606 - a fixed argument list, no shell
    seen = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) != 0
    assert b"a PDF is binary" in seen and b"%PDF" not in seen
    piped = subprocess.run(args, capture_output=True, timeout=120, check=True)
    assert piped.stdout.startswith(b"%PDF-")
