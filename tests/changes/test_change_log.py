"""The change log: append-only, bounded retention, survives a restart and a torn line."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.changes.log import ChangeLog


def entry(version: str, built_at: str) -> dict[str, object]:
    return {"version": version, "built_at": built_at, "counts": {"nodes_added": 1}}


def test_entries_survive_a_restart_in_order(tmp_path: Path) -> None:
    ChangeLog(tmp_path).append(entry("v1", "2026-01-01T10:00:00+00:00"))
    ChangeLog(tmp_path).append(entry("v2", "2026-01-02T10:00:00+00:00"))
    reopened = ChangeLog(tmp_path)  # a new process reads the same file
    assert [e["version"] for e in reopened.entries()] == ["v1", "v2"]
    assert reopened.latest() is not None and reopened.latest()["version"] == "v2"  # type: ignore[index]


def test_retention_keeps_the_newest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENDORGRAPH_CHANGE_RETENTION", "3")
    log = ChangeLog(tmp_path)
    for i in range(1, 7):
        log.append(entry(f"v{i}", f"2026-01-0{i}T00:00:00+00:00"))
    assert [e["version"] for e in log.entries()] == ["v4", "v5", "v6"]
    assert len(log.path.read_text().splitlines()) == 3
    assert not log.path.with_suffix(".tmp").exists()


def test_a_torn_last_line_is_skipped_and_appending_goes_on(tmp_path: Path) -> None:
    log = ChangeLog(tmp_path)
    log.append(entry("v1", "2026-01-01T00:00:00+00:00"))
    with log.path.open("a") as handle:
        handle.write('{"version": "v2", "built_')  # a process killed mid-write
    assert [e["version"] for e in log.entries()] == ["v1"]
    with log.path.open("a") as handle:
        handle.write("\n")
    log.append(entry("v3", "2026-01-03T00:00:00+00:00"))
    assert [e["version"] for e in log.entries()] == ["v1", "v3"]


def test_since_a_version_or_a_date(tmp_path: Path) -> None:
    log = ChangeLog(tmp_path)
    for i in range(1, 5):
        log.append(entry(f"v{i}", f"2026-02-0{i}T12:00:00+00:00"))
    assert [e["version"] for e in log.since("v2")] == ["v3", "v4"]
    assert [e["version"] for e in log.since("2026-02-03")] == ["v3", "v4"]
    assert len(log.since(None)) == 4
    with pytest.raises(ValueError, match="neither a kept build version nor a date"):
        log.since("v9")


def test_a_bad_retention_setting_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VENDORGRAPH_CHANGE_RETENTION", "lots")
    with pytest.raises(ValueError, match="VENDORGRAPH_CHANGE_RETENTION"):
        ChangeLog(tmp_path).append(entry("v1", "2026-01-01"))
