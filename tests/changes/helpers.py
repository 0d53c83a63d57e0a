"""Shared set-up for the change-set tests: a home built twice, the second time with one more
inventory row (a fictional customer starts using Clearview AI), so the log has a change set and
alerts to read."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from graph.ladybug_store import LadybugStore
from graph.settings import Settings, settings
from ingest.build import rebuild
from ingest.registry import Registry

HEADER = Path(__file__).resolve().parents[2] / "data" / "customers" / "fernhill_accountants.csv"
EXTRA_ROW = (
    "cust-fernhill-accountants,Fernhill & Co Chartered Accountants LLP (fictional),"
    "professional services,12500000,p9,Visitor face matching,Match visitors against a face "
    "database,Clearview AI,Clearview AI,biometric;facial-images,6500,controller,critical,"
    "2021-01-01,180,26000,US,,,Manual checks,false,Legitimate interests,true"
)


def home_settings(home: Path) -> Settings:
    return dataclasses.replace(settings(), store="ladybug", home=home)


def extra_inventory(folder: Path, row: str = EXTRA_ROW) -> Path:
    """An inventory file with the header of the bundled ones and one row."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fernhill_extra.csv"
    header = HEADER.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    return path


def register(config: Settings, path: Path) -> None:
    registry = Registry.load(config.home)
    registry.add_inventory(registry.stage_inventory(path))
    registry.save()


def build_twice(home: Path) -> Settings:
    """The bundled graph, then the same plus the extra inventory; returns the home's settings."""
    config = home_settings(home)
    store = LadybugStore(home / "ladybug")
    try:
        rebuild(store, config)
        register(config, extra_inventory(home.parent / "inbox"))
        rebuild(store, config)
    finally:
        store.close()
    return config
