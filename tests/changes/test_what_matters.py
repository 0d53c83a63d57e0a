""" "What changed" leads with what matters (issue 20): the first build is one baseline line, the
moves are grouped by customer with the biggest first and alerts by severity, and a name a reviewer
rejected raises no alert of its own, on the page's words, in `vendorgraph changes` and in the
change report. Real builds of the embedded store, with a real rejection."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from graph.changes.log import ChangeLog
from graph.changes.words import baseline, by_customer, raised, severity
from graph.resolution import ResolutionReviews
from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from ingest.build import rebuild
from tests.changes.helpers import extra_inventory, home_settings, register
from vendorgraph.main import app

runner = CliRunner()
# Fernhill starts using "Clearveiw AI", a typo the resolver links to Clearview AI at 0.97; a
# reviewer then rejects the link. Expected: the first build is a baseline; the typo's build alerts
# Fernhill for the ICO's order; the rejection's build raises no alert about "Clearveiw AI" (before
# the fix, its what-if was the top alert) while Fernhill's fall, if past the threshold, is shown.
TYPO_ROW = (
    "cust-fernhill-accountants,Fernhill & Co Chartered Accountants LLP (fictional),"
    "professional services,12500000,p9,Visitor face matching,Match visitors against a face "
    "database,Clearveiw AI,Clearveiw AI,biometric;facial-images,6500,controller,critical,"
    "2021-01-01,180,26000,US,,,Manual checks,false,Legitimate interests,true"
)


@pytest.fixture(scope="module")
def rejected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    home = tmp_path_factory.mktemp("what-matters") / "home"
    config = home_settings(home)
    store = LadybugStore(home / "ladybug")
    try:
        rebuild(store, config)
        register(config, extra_inventory(home.parent / "inbox", TYPO_ROW), store)
        ResolutionReviews(home).decide(
            "vendor", "Clearveiw AI", "vendor:clearview-ai", "rejected", "a.dpo", "a typo for another firm"
        )  # fmt: skip
        rebuild(store, config)
    finally:
        store.close()
    yield config


def _cli(config: Settings, *args: str) -> Any:
    env = {"VENDORGRAPH_HOME": str(config.home), "VENDORGRAPH_STORE": "ladybug", "COLUMNS": "200"}
    return runner.invoke(app, list(args), env=env)


def test_the_first_build_is_one_baseline_line(rejected: Settings) -> None:
    first = ChangeLog(rejected.home).entries()[0]
    assert baseline(first) is not None and "baseline" in str(baseline(first))
    out = _cli(rejected, "changes", "--limit", "5").stdout
    section = out[out.index(first["version"]) :]
    assert "First build: the baseline" in section
    assert "added" not in section.split("First build")[1]  # no "Source … added" lines
    assert "added" not in section.split("First build")[0]  # nor a count of additions first
    md = _cli(rejected, "changes", "--report", "md").stdout
    assert "First build: the baseline" in md


def test_the_typos_build_alerts_fernhill_grouped(rejected: Settings) -> None:
    typo = ChangeLog(rejected.home).entries()[1]
    groups = by_customer(raised(typo))
    assert groups and groups[0][0].startswith("Fernhill")
    alerts = groups[0][1]
    assert alerts == sorted(alerts, key=severity)
    assert any(a["scenario_id"] == "ico-clearview-2022" for a in alerts)


def test_a_rejected_name_raises_no_alert(rejected: Settings) -> None:
    entry = ChangeLog(rejected.home).entries()[-1]
    made = [a for a in entry.get("alerts", []) if "clearveiw" in a["scenario_id"]]
    assert made, "the build's own alerts name the typo's what-if (the noise being filtered)"
    kept = raised(entry)
    assert all("clearveiw" not in a["scenario_id"] for a in kept)
    out = _cli(rejected, "changes", "--limit", "20").stdout
    latest = out[: out.index(ChangeLog(rejected.home).entries()[-2]["version"])]
    assert "Clearveiw AI in GB" not in latest and "against Clearveiw" not in latest
    md = _cli(rejected, "changes", "--report", "md").stdout
    newest = md.split("## Build ")[1]
    assert "against Clearveiw" not in newest
    # The rejection itself is listed among the changes, in words.
    assert "Supplier name “Clearveiw AI”: 'Clearveiw AI': reviewed, not Clearview AI" in newest
