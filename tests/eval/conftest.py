"""Graphs for the evaluation set: the bundled data plus tests/eval/inventories, in a fresh home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from ingest.build import rebuild
from tests.conftest import make_settings

INVENTORIES = sorted((Path(__file__).parent / "inventories").glob("*.csv"))


@pytest.fixture(scope="session")
def eval_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(tmp_path_factory.mktemp("eval-home"))


@pytest.fixture(scope="session")
def eval_store(eval_settings: Settings) -> Iterator[LadybugStore]:
    store = LadybugStore(eval_settings.home / "ladybug")
    report = rebuild(store, eval_settings, extra_inventories=INVENTORIES)
    store.rejections = report.rejections  # type: ignore[attr-defined]
    yield store
    store.close()


@pytest.fixture(scope="module")
def eval_neo4j_store(
    neo4j_driver: Any, eval_settings: Settings, built_settings: Settings
) -> Iterator[Any]:
    """The same graph in Neo4j; the bundled graph is rebuilt afterwards for the other Neo4j tests."""
    from graph.store.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_driver)
    report = rebuild(store, eval_settings, extra_inventories=INVENTORIES)
    store.rejections = report.rejections  # type: ignore[attr-defined]
    yield store
    rebuild(store, built_settings)
