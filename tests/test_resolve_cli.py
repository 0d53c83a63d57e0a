"""`vendorgraph resolve`: list the open names, confirm one, and see the answer change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.settings import Settings
from vendorgraph.main import app

runner = CliRunner()
UNIVERSITY = Path(__file__).resolve().parent / "eval" / "inventories" / "university.csv"


@pytest.fixture
def home(empty_home: Settings, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VENDORGRAPH_HOME", str(empty_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    done = runner.invoke(app, ["ingest", "--inventory", str(UNIVERSITY), "--json"])
    assert done.exit_code == 0, done.output
    return empty_home.home


def _queue() -> list[dict[str, object]]:
    done = runner.invoke(app, ["resolve", "list", "--json"])
    assert done.exit_code == 0, done.output
    return list(json.loads(done.stdout))


def _exposure() -> dict[str, object]:
    args = ["exposure", "--customer", "cust-eval-university", "--vendor", "hikvision",
            "--event", "sanctions_designation", "--effective", "2024-01-01", "--as-of", "2024-06-01", "--json"]  # fmt: skip
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    return dict(json.loads(done.stdout))


def test_confirm_a_pending_name_and_the_answer_uses_it(home: Path) -> None:
    queue = _queue()
    assert [(e["name"], e["status"]) for e in queue] == [
        ("Hikvision Digital Cloud", "pending"),
        ("Blackboard Inc", "new"),
    ]
    before = _exposure()
    assert len(before["unresolved"]) == 2  # type: ignore[arg-type]
    done = runner.invoke(app, ["resolve", "confirm", "Hikvision Digital Cloud", "--reviewer", "a.dpo",
                               "--reason", "the contract names Hikvision"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "confirmed as vendor:hikvision" in done.stdout
    assert [e["name"] for e in _queue()] == ["Blackboard Inc"]
    assert _exposure()["unresolved"] == ["'Blackboard Inc' (not in the knowledge base)"]
    # The decision outlives a plain rebuild.
    assert runner.invoke(app, ["ingest", "--json"]).exit_code == 0
    assert [e["name"] for e in _queue()] == ["Blackboard Inc"]


def test_user_mistakes_are_one_line(home: Path) -> None:
    done = runner.invoke(
        app, ["resolve", "confirm", "Nobody Ltd", "--reviewer", "a", "--reason", "b"]
    )
    assert done.exit_code == 2 and "no inventory name 'Nobody Ltd'" in done.output
    assert "Traceback" not in done.output
    done = runner.invoke(
        app, ["resolve", "confirm", "Blackboard Inc", "--reviewer", "a", "--reason", "b"]
    )
    assert done.exit_code == 2 and "no single candidate" in done.output


BOROUGH = Path(__file__).resolve().parent / "eval" / "inventories" / "borough_council.csv"
CARERS = Path(__file__).resolve().parent / "eval" / "inventories" / "carers_charity.csv"


@pytest.fixture
def council(empty_home: Settings, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VENDORGRAPH_HOME", str(empty_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    args = ["ingest", "--inventory", str(BOROUGH), "--inventory", str(CARERS), "--json"]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    return empty_home.home


def _council_exposure(*extra: str) -> dict[str, object]:
    args = ["exposure", "--customer", "cust-ev17-borough", "--scenario",
            "cabinet-office-hikvision-dahua-2022", "--as-of", "2023-01-01", *extra]  # fmt: skip
    done = runner.invoke(app, [*args, "--json"])
    assert done.exit_code == 0, done.output
    return dict(json.loads(done.stdout))


def test_a_built_on_name_is_confirmed_to_a_vendor(council: Path) -> None:
    # Issue 17: "--to vendor:hikvision" was refused for a built_on name ("not a product"), and the
    # council's 180,000-person town-centre CCTV dropped out of every Hikvision answer.
    name = "Hikvision Digital Technology Co Ltd"
    (entry,) = [e for e in _queue() if e["name"] == name]
    assert (entry["status"], entry["candidate"], entry["fields"]) == (
        "pending", "vendor:hikvision", ["built_on"],
    )  # fmt: skip
    before = _council_exposure()
    assert [a["process_id"] for a in before["affected"]] == ["process:cust-ev17-borough/p2"]  # type: ignore[index]
    done = runner.invoke(app, ["resolve", "confirm", name, "--to", "vendor:hikvision",
                               "--reviewer", "a.dpo", "--reason", "legal name of Hikvision"])  # fmt: skip
    assert done.exit_code == 0, done.output
    after = _council_exposure()
    tiers = {a["process_id"]: a["tier"] for a in after["affected"]}  # type: ignore[attr-defined]
    assert tiers == {"process:cust-ev17-borough/p1": 2, "process:cust-ev17-borough/p2": 1}
    (note,) = [n for n in after["names"] if n["name"] == name]  # type: ignore[attr-defined]
    assert (note["status"], note["target"]) == ("confirmed", "vendor:hikvision")


def test_a_bare_id_is_accepted_and_a_wrong_kind_refused(council: Path) -> None:
    done = runner.invoke(app, ["resolve", "confirm", "Hikvision Digital Technology Co Ltd",
                               "--to", "hikvision", "--reviewer", "a", "--reason", "b", "--no-rebuild"])  # fmt: skip
    assert done.exit_code == 0 and "confirmed as vendor:hikvision" in done.stdout, done.output
    # A vendor-column name is a vendor: it cannot be confirmed to a product.
    done = runner.invoke(app, ["resolve", "confirm", "Clearview Glazing Ltd", "--to",
                               "product:clearview-ai-search", "--reviewer", "a", "--reason", "b"])  # fmt: skip
    assert done.exit_code == 2 and "written as a vendor" in done.output
    done = runner.invoke(app, ["resolve", "confirm", "Clearview Glazing Ltd", "--to",
                               "no-such-node", "--reviewer", "a", "--reason", "b"])  # fmt: skip
    assert done.exit_code == 2 and "'no-such-node' is not a vendor or a product" in done.output
    assert "Traceback" not in done.output


def test_a_rejected_name_is_settled_in_every_answer(council: Path) -> None:
    name = "Clearview Glazing Ltd"
    carers = ["exposure", "--customer", "cust-ev17-carers", "--scenario", "ico-clearview-2022",
              "--as-of", "2022-06-01"]  # fmt: skip
    before = json.loads(runner.invoke(app, [*carers, "--json"]).stdout)
    assert any(u.startswith(f"'{name}' (awaits review") for u in before["unresolved"])
    done = runner.invoke(app, ["resolve", "reject", name, "--reviewer", "a.dpo",
                               "--reason", "a glazier, not the facial recognition company"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert name not in [e["name"] for e in _queue()]
    everything = json.loads(runner.invoke(app, ["resolve", "list", "--all", "--json"]).stdout)
    (entry,) = [e for e in everything if e["name"] == name]
    assert entry["status"] == "rejected"
    after = json.loads(runner.invoke(app, [*carers, "--json"]).stdout)
    assert after["unresolved"] == [] and not [c for c in after["caveats"] if name in c]
    assert [n["status"] for n in after["names"] if n["name"] == name] == ["rejected"]
    text = " ".join(runner.invoke(app, carers).stdout.split())  # rich wraps long lines
    assert text.count(name) == 1
    assert (
        f"reviewed name: '{name}': reviewed, not Clearview AI, Inc. (rejected by a.dpo on" in text
    )
