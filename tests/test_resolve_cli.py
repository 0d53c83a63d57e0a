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
