"""Fixtures for the whole suite.

Strategy: every test uses the real embedded store (LadybugDB files in a temporary directory), built
once per session from the bundled knowledge base and sample inventories (`built_store`), or built
afresh when the test changes data (`empty_home`). Neo4j tests (marker `neo4j`) use a real Neo4j:
the one named by NEO4J_URI, or a local one the session starts from Maven Central jars
(tools/neo4j_local.py). With CI=true a Neo4j that cannot start fails the run instead of skipping.
Real public files live in ../shared/data; tests that need them skip with the reason when absent.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.ladybug_store import LadybugStore
from graph.settings import Settings, settings
from ingest.build import rebuild

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("VENDORGRAPH_SHARED_DATA", ROOT.parent / "shared" / "data"))


def pytest_configure(config: pytest.Config) -> None:
    # Tests never read the developer's own home directory or settings.
    os.environ.pop("VENDORGRAPH_WEIGHTS", None)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real public data not found at {SHARED_DATA} (set VENDORGRAPH_SHARED_DATA)")
    return SHARED_DATA


def make_settings(home: Path, **overrides: object) -> Settings:
    base = dataclasses.replace(settings(), store="ladybug", home=home)
    return dataclasses.replace(base, **overrides)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="session")
def built_store(built_settings: Settings) -> Iterator[LadybugStore]:
    """The bundled graph in the embedded store, built once for the session (read-only use)."""
    store = LadybugStore(built_settings.home / "ladybug")
    report = rebuild(store, built_settings)
    assert not report.rejections, report.rejections[:5]
    yield store
    store.close()


@pytest.fixture
def empty_home(tmp_path: Path) -> Settings:
    """Settings pointing at a fresh, empty home directory."""
    return make_settings(tmp_path / "home")
