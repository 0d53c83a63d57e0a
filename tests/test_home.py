"""One home per user (issue 20, point 2): the graph lives in the user's data folder, whichever
folder a command is run from; VENDORGRAPH_HOME overrides it; `vendorgraph info` says where
everything is and creates nothing; no command writes into the current folder.

The user's data folder is redirected with XDG_DATA_HOME (what platformdirs reads on Linux), so no
test touches the real one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from platformdirs import user_data_path

from graph.settings import BUNDLED_DATA, default_home, settings

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="XDG_DATA_HOME redirects the data folder on Linux only"
)
EXE = str(Path(sys.executable).with_name("vendorgraph"))


def _env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "COLUMNS": "100"}
    env.pop("VENDORGRAPH_HOME", None)
    env.pop("VENDORGRAPH_DATA", None)
    env["VENDORGRAPH_STORE"] = "ladybug"
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_the_default_home_is_the_users_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VENDORGRAPH_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    assert default_home() == user_data_path("vendorgraph", appauthor=False)
    assert settings().home == tmp_path / "xdg" / "vendorgraph"
    monkeypatch.setenv("VENDORGRAPH_HOME", "~/elsewhere")
    assert settings().home == Path("~/elsewhere").expanduser().resolve()
    monkeypatch.setenv("VENDORGRAPH_HOME", "")  # set but empty: the default, not the current folder
    assert settings().home == tmp_path / "xdg" / "vendorgraph"


def test_the_bundled_data_is_found_through_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert BUNDLED_DATA.is_dir() and BUNDLED_DATA.name == "data"
    assert sorted(p.name for p in BUNDLED_DATA.iterdir() if p.is_dir()) == [
        "customers",
        "kb",
        "lists",
    ]
    monkeypatch.delenv("VENDORGRAPH_DATA", raising=False)
    assert settings().data == BUNDLED_DATA.resolve()
    monkeypatch.setenv("VENDORGRAPH_DATA", str(tmp_path))  # another knowledge base replaces it
    assert settings().data == tmp_path


def test_every_folder_answers_from_the_same_home_and_none_is_written_into(tmp_path: Path) -> None:
    env = _env(tmp_path)
    first, second = tmp_path / "reports", tmp_path / "downloads"
    first.mkdir()
    second.mkdir()
    built = _run(["ingest"], env, first)
    assert built.returncode == 0, built.stderr
    asked = _run(["customers", "--json"], env, second)
    assert asked.returncode == 0, asked.stderr
    assert "customer:cust-northshire-police" in {c["id"] for c in json.loads(asked.stdout)}
    home = tmp_path / "xdg" / "vendorgraph"
    assert (home / "ladybug" / "CURRENT").is_file()
    assert list(first.iterdir()) == [] and list(second.iterdir()) == []
    info = _run(["info", "--json"], env, second)
    facts = json.loads(info.stdout)
    assert facts["home"] == str(home) and facts["home_chosen_by"] == "user data folder"
    assert facts["graph"] == {
        "engine": "ladybug",
        "where": str(home / "ladybug"),
        "built": True,
        "last_built_at": facts["graph"]["last_built_at"],
    }
    assert facts["graph"]["last_built_at"] and facts["knowledge_base_bundled"] is True
    words = _run(["info"], env, second).stdout
    assert f"Home: {home} (your user data folder)" in words
    assert f"Graph: embedded, in {home / 'ladybug'} (built)" in words


def test_info_names_the_registered_files_and_creates_nothing(tmp_path: Path) -> None:
    env = {**_env(tmp_path), "VENDORGRAPH_HOME": str(tmp_path / "team-home")}
    fresh = _run(["info"], env, tmp_path)
    assert fresh.returncode == 0, fresh.stderr
    assert "not created yet" in fresh.stdout and "(set for this environment)" in fresh.stdout
    assert not (tmp_path / "team-home").exists() and not (tmp_path / "xdg").exists()
    mine = tmp_path / "mine.csv"
    source = (BUNDLED_DATA / "customers" / "oakfield_academy.csv").read_text(encoding="utf-8")
    mine.write_text(source.replace("cust-oakfield-academy", "cust-mine"), encoding="utf-8")
    done = _run(["ingest", "--inventory", str(mine), "--json"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    facts = json.loads(_run(["info", "--json"], env, tmp_path).stdout)
    [entry] = facts["registered"]
    assert entry["kind"] == "inventory" and entry["name"] == "mine.csv" and entry["present"]
    assert entry["read_from"] == str(mine) and entry["path"].startswith(str(tmp_path / "team-home"))
    words = " ".join(_run(["info"], env, tmp_path).stdout.split())
    assert f"(a copy of {mine})" in words and "Registered files: 1" in words
