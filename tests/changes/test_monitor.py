"""After a build: the change log, the re-scored portfolio and its alerts, the webhook, and the
`vendorgraph changes` / `vendorgraph watch` commands, on a real embedded store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from graph.changes.log import ChangeLog
from graph.reports.change_report import change_schema, shipped_change_schema
from graph.settings import Settings
from tests.changes.helpers import build_twice, extra_inventory, home_settings
from tests.changes.test_webhook import Receiver
from vendorgraph.main import app

runner = CliRunner()
CUSTOMER = "customer:cust-fernhill-accountants"


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    with Receiver() as server:
        yield server


@pytest.fixture(scope="module")
def changed(tmp_path_factory: pytest.TempPathFactory, receiver: Receiver) -> Iterator[Settings]:
    mp = pytest.MonkeyPatch()
    mp.setenv("VENDORGRAPH_WEBHOOK_URL", receiver.url)
    try:
        yield build_twice(tmp_path_factory.mktemp("changed") / "home")
    finally:
        mp.undo()


def cli(config: Settings, *args: str) -> Any:
    env = {"VENDORGRAPH_HOME": str(config.home), "VENDORGRAPH_STORE": "ladybug"}
    return runner.invoke(app, list(args), env=env)


def test_each_build_is_logged_with_its_change_set(changed: Settings) -> None:
    first, second = ChangeLog(changed.home).entries()
    assert first["first_build"] and first["counts"]["nodes_removed"] == 0
    assert first["counts"]["nodes_added"] > 100
    assert second["previous"] == first["version"] and not second["first_build"]
    added = {(c["entity"], c.get("label"), c["id"]) for c in second["changes"] if "id" in c}
    assert ("node", "Process", "process:cust-fernhill-accountants/p9") in added
    runs = [c for c in second["changes"] if c.get("type") == "RUNS" and c["kind"] == "added"]
    assert [(r["from_id"], r["to_id"]) for r in runs] == [
        (CUSTOMER, "process:cust-fernhill-accountants/p9")
    ]
    assert second["counts"]["nodes_added"] >= 1 and second["truncated"] == 0


def test_customers_whose_exposure_moved_are_alerted_with_the_facts(changed: Settings) -> None:
    second = ChangeLog(changed.home).entries()[-1]
    mine = [a for a in second["alerts"] if a["customer_id"] == CUSTOMER]
    assert mine, "the new Clearview process should move Fernhill's exposure"
    alert = mine[0]
    assert alert["after"]["score"] > alert["before"]["score"]
    assert alert["delta"] == pytest.approx(
        alert["after"]["score"] - alert["before"]["score"], abs=0.1
    )
    fact_ids = {f.get("id") for f in alert["facts"]}
    assert "process:cust-fernhill-accountants/p9" in fact_ids
    assert "source:inventory:cust-fernhill-accountants" in alert["sources"]
    # Nobody else's inventory changed: only Fernhill moved.
    assert {a["customer_id"] for a in second["alerts"]} == {CUSTOMER}


def test_new_alerts_were_posted_to_the_webhook(changed: Settings, receiver: Receiver) -> None:
    posted = [a for body in receiver.bodies for a in body["alerts"]]
    logged = ChangeLog(changed.home).entries()[-1]["alerts"]
    assert len(posted) == len(logged) > 0
    assert {a["scenario_id"] for a in posted} == {a["scenario_id"] for a in logged}


def test_changes_json_lists_builds_newest_first(changed: Settings) -> None:
    result = cli(changed, "changes", "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    versions = [b["version"] for b in body["builds"]]
    log = [e["version"] for e in ChangeLog(changed.home).entries()]
    assert versions == list(reversed(log))
    since = json.loads(cli(changed, "changes", "--json", "--since", log[0]).stdout)
    assert [b["version"] for b in since["builds"]] == [log[1]]
    assert since["builds"][0]["alerts"]


def test_changes_with_an_unknown_since_is_one_line(changed: Settings) -> None:
    result = cli(changed, "changes", "--since", "yesterday")
    assert result.exit_code == 2
    assert "neither a kept build version nor a date" in result.stderr
    assert "Traceback" not in result.output


def test_the_change_report_validates_against_the_shipped_schema(changed: Settings) -> None:
    assert shipped_change_schema() == change_schema()
    result = cli(changed, "changes", "--report", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, shipped_change_schema())
    newest = report["builds"][0]
    assert newest["alerts"] and newest["alerts"][0]["cites"]
    cited = {n for a in newest["alerts"] for n in a["cites"]}
    assert cited <= {s["n"] for s in report["sources"]}
    md = cli(changed, "changes", "--report", "md").stdout
    assert "Customers whose exposure moved" in md and "Visitor face matching" in md
    html = cli(changed, "changes", "--report", "html").stdout
    assert html.startswith("<!DOCTYPE html>") and "Fernhill" in html


def test_watch_rebuilds_only_when_a_file_changes(tmp_path: Path) -> None:
    config = home_settings(tmp_path / "home")
    inbox = tmp_path / "inbox"
    extra_inventory(inbox)  # takes over a customer of a bundled sample
    refused = cli(config, "watch", str(inbox), "--once")
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    assert "the bundled sample inventory fernhill accountants" in refused.stderr
    assert not (config.home / "sources.json").exists()  # never replaced without being told
    first = cli(config, "watch", str(inbox), "--once", "--replace")
    assert first.exit_code == 0, first.stderr
    assert "1 build(s)" in first.stderr
    again = cli(config, "watch", str(inbox), "--once")
    assert "0 build(s)" in again.stderr  # same bytes: nothing to do
    extra_inventory(
        inbox,
        row=(inbox / "fernhill_extra.csv")
        .read_text()
        .splitlines()[-1]
        .replace("Match visitors", "Match all visitors"),
    )
    # A new version of the same file keeps what its earlier version was allowed to take over.
    third = cli(config, "watch", str(inbox), "--once", "--max-polls", "1")
    assert "1 build(s)" in third.stderr, third.stderr
    newest = ChangeLog(config.home).latest()
    assert newest is not None
    changed_purpose = [
        c for c in newest["changes"] if c.get("kind") == "changed" and "purpose" in c["new"]
    ]
    assert changed_purpose and "Match all visitors" in changed_purpose[0]["new"]["purpose"]
