"""Shared set-up for the change-set tests: a home built twice, the second time with one more
inventory row (a fictional customer starts using Clearview AI), so the log has a change set and
alerts to read."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from graph.settings import BUNDLED_DATA, Settings, settings
from graph.store.ladybug import LadybugStore
from graph.store.protocol import Store
from ingest.build import rebuild
from ingest.pipeline import IngestReport
from ingest.registration import Change, apply_change

HEADER = BUNDLED_DATA / "customers" / "fernhill_accountants.csv"
EXTRA_ROW = (
    "cust-fernhill-accountants,Fernhill & Co Chartered Accountants LLP (fictional),"
    "professional services,12500000,p9,Visitor face matching,Match visitors against a face "
    "database,Clearview AI,Clearview AI,biometric;facial-images,6500,controller,critical,"
    "2021-01-01,180,26000,US,,,Manual checks,false,Legitimate interests,true"
)


def home_settings(home: Path) -> Settings:
    return dataclasses.replace(settings(), store="ladybug", home=home)


def extra_inventory(folder: Path, row: str = EXTRA_ROW) -> Path:
    """Fernhill's bundled inventory with one more row: registered with replace, it takes over the
    customer from the bundled sample (an inventory may not silently extend another's customer)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fernhill_extra.csv"
    path.write_text(
        HEADER.read_text(encoding="utf-8").rstrip("\n") + f"\n{row}\n", encoding="utf-8"
    )
    return path


def register(config: Settings, path: Path, store: Store) -> IngestReport:
    """Register `path` the way `vendorgraph ingest --inventory PATH --replace` does: one
    transaction that rebuilds `store` with it (a change set, logged) and registers it if the build
    commits."""
    return apply_change(store, config, Change(inventories=[path], replace=True)).report


def register_only(config: Settings, path: Path) -> None:
    """Register `path` for a later build of another store (a Neo4j test builds the graph itself):
    the registration transaction runs its build on a scratch embedded store beside the home."""
    scratch = LadybugStore(config.home.parent / "scratch-ladybug")
    try:
        register(config, path, scratch)
    finally:
        scratch.close()


def build_twice(home: Path) -> Settings:
    """The bundled graph, then the same plus the extra inventory; returns the home's settings."""
    config = home_settings(home)
    store = LadybugStore(home / "ladybug")
    try:
        rebuild(store, config)
        register(config, extra_inventory(home.parent / "inbox"), store)
    finally:
        store.close()
    return config
