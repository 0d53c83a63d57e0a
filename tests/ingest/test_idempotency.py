"""Ingesting the same sources twice gives the identical graph: counts and content hash."""

from __future__ import annotations

from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from graph.store.protocol import content_hash, counts
from ingest.build import rebuild


def test_ingest_twice_is_identical(empty_home: Settings) -> None:
    store = LadybugStore(empty_home.home / "ladybug")
    first = rebuild(store, empty_home)
    counts_1, hash_1 = counts(store), content_hash(store)
    second = rebuild(store, empty_home)
    assert counts(store) == counts_1 and content_hash(store) == hash_1
    assert first.nodes == second.nodes and first.edges == second.edges
    assert counts_1["Vendor"] > 10 and counts_1["CITES"] > 100
