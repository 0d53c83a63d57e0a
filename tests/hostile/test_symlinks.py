"""Every file writer refuses symlinks: a change report's --output, exported queries (the folder
and each file), and the files of the home; nothing is written through the link."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.changes.outbox import Outbox
from graph.errors import UserError
from graph.settings import BUNDLED_DATA
from graph.store.files import append_line, write_atomic
from vendorgraph.main import app

runner = CliRunner()


def cli(home: Path, *args: str) -> tuple[int, str]:
    env = {"VENDORGRAPH_HOME": str(home), "VENDORGRAPH_STORE": "ladybug"}
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim.txt"
    path.write_text("untouched\n")
    return path


def test_a_change_report_never_writes_through_a_symlink(tmp_path: Path, victim: Path) -> None:
    home = tmp_path / "home"
    assert cli(home, "ingest", "--json")[0] == 0
    link = tmp_path / "report.md"
    link.symlink_to(victim)
    code, out = cli(home, "changes", "--report", "md", "--output", str(link))
    assert code == 2 and "is a symlink" in out and "Traceback" not in out
    assert victim.read_text() == "untouched\n" and link.is_symlink()
    real = tmp_path / "real.md"
    code, out = cli(home, "changes", "--report", "md", "--output", str(real))
    assert code == 0 and real.read_text().startswith("#")


def test_exported_queries_never_go_through_a_symlink(tmp_path: Path, victim: Path) -> None:
    home = tmp_path / "home"
    folder_link = tmp_path / "queries-link"
    folder_link.symlink_to(tmp_path)
    code, out = cli(home, "export-queries", str(folder_link))
    assert code == 2 and "is a symlink" in out and "Traceback" not in out
    folder = tmp_path / "queries"
    code, out = cli(home, "export-queries", str(folder))
    assert code == 0, out
    first = sorted(folder.iterdir())[0]
    first.unlink()
    first.symlink_to(victim)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if not p.is_symlink()}
    code, out = cli(home, "export-queries", str(folder))
    assert code == 2 and "is a symlink" in out
    assert victim.read_text() == "untouched\n"
    assert {p.name: p.read_bytes() for p in folder.iterdir() if not p.is_symlink()} == before


def test_home_files_are_never_written_through_a_symlink(tmp_path: Path, victim: Path) -> None:
    for writer in (
        lambda p: write_atomic(p, "x"),
        lambda p: append_line(p, "x"),
    ):
        link = tmp_path / "link"
        link.unlink(missing_ok=True)
        link.symlink_to(victim)
        with pytest.raises(UserError, match="symlink"):
            writer(link)
        assert victim.read_text() == "untouched\n"
    home = tmp_path / "home"
    (home / "changes").mkdir(parents=True)
    (home / "changes" / "outbox.jsonl").symlink_to(victim)
    with pytest.raises(UserError, match="symlink"):
        Outbox(home).add([{"a": 1}])
    assert victim.read_text() == "untouched\n"


def test_a_symlinked_registry_stops_with_one_line_and_writes_nothing_through_it(
    tmp_path: Path, victim: Path
) -> None:
    home = tmp_path / "home"
    assert cli(home, "ingest", "--json")[0] == 0
    (home / "sources.json").symlink_to(victim)
    inventory = tmp_path / "acme.csv"
    sample = BUNDLED_DATA / "customers" / "riverside_leisure.csv"
    inventory.write_text(sample.read_text().replace("cust-riverside-leisure", "cust-acme"))
    code, out = cli(home, "ingest", "--inventory", str(inventory))
    assert code == 2 and "Traceback" not in out
    assert victim.read_text() == "untouched\n"
