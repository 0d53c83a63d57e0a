"""Installable anywhere (issue 20, point 1): the wheel carries the knowledge base, the sample
inventories and lists and the report schemas, installs no generic top-level module, and an
installed `vendorgraph` answers from any folder without writing into it.

Offline by construction: the wheel is built without build isolation (setuptools from the dev
extra) and installed with `--no-deps --no-index` into a fresh virtual environment; its
dependencies are this environment's, reached through a path file (the `--system-site-packages`
idea), so nothing is downloaded at test time. The source tree is copied first, so the build
writes nothing into the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from graph.exposure.engine import exposure
from graph.exposure.rules import read_rules
from graph.exposure.scenarios import find_scenario
from graph.settings import BUNDLED_DATA
from graph.store.protocol import Store

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "ingest", "dashboard", "vendorgraph")


def _run(args: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, timeout=600, **kw)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{args}: {done.stderr[-2000:]}"
    return done  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    junk = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package, ignore=junk)
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--no-index", "-q", "-w", str(dist), str(source)])  # fmt: skip
    [built] = dist.glob("vendorgraph-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding the wheel; returns its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
          "--no-index", str(wheel)])  # fmt: skip
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())  # fmt: skip
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "zz_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return venv / "bin"


@pytest.fixture
def elsewhere(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An empty working folder and an environment whose home is a temporary data folder."""
    folder = tmp_path / "somewhere"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VENDORGRAPH_", "PYTHON"))}
    env.update(XDG_DATA_HOME=str(tmp_path / "xdg"), VENDORGRAPH_STORE="ladybug", COLUMNS="100")
    return folder, env


def test_the_wheel_carries_the_data_and_no_generic_module(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        top_level = archive.read(next(n for n in names if n.endswith("top_level.txt"))).decode()
    assert set(top_level.split()) == set(PACKAGES)
    assert {n.split("/")[0] for n in names if not n.startswith("vendorgraph-")} == set(PACKAGES)
    bundled = ROOT / "graph" / "data"
    expected = {f"graph/data/{p.relative_to(bundled).as_posix()}" for p in bundled.rglob("*") if p.is_file()}  # fmt: skip
    assert expected <= set(names) and len(expected) >= 20
    for needed in ("graph/reports/schema/report-v1.json", "graph/reports/schema/changes-v1.json",
                   "graph/screening/data/reference_org_names.txt", "dashboard/app.py",
                   "dashboard/screens/exposure.py", "vendorgraph/py.typed"):  # fmt: skip
        assert needed in names, needed


def test_an_installed_vendorgraph_answers_from_any_folder(
    installed: Path, elsewhere: tuple[Path, dict[str, str]], built_store: Store
) -> None:
    folder, env = elsewhere
    where = _run(
        [str(installed / "python"), "-c", "import graph, vendorgraph; print(graph.__file__)"],
        cwd=folder,
        env=env,
    ).stdout
    assert str(installed.parent) in where  # the installed copy, not the checkout
    _run([str(installed / "vendorgraph"), "ingest"], cwd=folder, env=env)
    answer = json.loads(
        _run(
            [
                str(installed / "vendorgraph"),
                "exposure",
                "--customer",
                "cust-northshire-police",
                "--scenario",
                "ico-clearview-2022",
                "--as-of",
                "2022-06-01",
                "--json",
            ],
            cwd=folder,
            env=env,
        ).stdout
    )
    here = exposure(
        built_store,
        "customer:cust-northshire-police",
        find_scenario(built_store, "ico-clearview-2022"),
        date(2022, 6, 1),
        rules=read_rules(BUNDLED_DATA / "kb"),
    )  # the same answer as from the checkout
    assert (answer["score"], answer["band"]) == (here.score, here.band) and here.affected
    assert answer["affected"][0]["path"][-1]["name"] == "Clearview AI, Inc."
    facts = json.loads(
        _run(
            [str(installed / "python"), "-m", "vendorgraph", "info", "--json"], cwd=folder, env=env
        ).stdout
    )
    assert facts["home"] == str(Path(env["XDG_DATA_HOME"]) / "vendorgraph")
    assert facts["knowledge_base"].startswith(str(installed.parent)) and facts["graph"]["built"]
    demo = _run([str(installed / "vendorgraph"), "demo", "--no-serve"], cwd=folder, env=env)
    assert "34 enforcement actions" in " ".join(demo.stdout.split())
    assert list(folder.iterdir()) == []  # nothing written into the current folder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(installed: Path, elsewhere: tuple[Path, dict[str, str]]) -> Iterator[int]:
    folder, env = elsewhere
    port = _free_port()
    server = subprocess.Popen(
        [str(installed / "vendorgraph"), "dashboard", "--port", str(port)],
        cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_the_installed_dashboard_serves(served: int) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{served}/_stcore/health", timeout=5
            ) as r:
                assert r.read() == b"ok"
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
