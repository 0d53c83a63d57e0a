"""Knowledge-pack upload behind the upload page: check a pack, preview what it adds on a throwaway
graph, and only on confirmation register it and rebuild the stored graph.

The same checks as `vendorgraph knowledge check` (ingest.knowledge_pack); the preview builds a
temporary embedded graph from everything registered plus the pack, so the ready scenarios it adds
and the customers they reach are computed by the same engine a confirmed rebuild would use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from graph.exposure.engine import portfolio
from graph.exposure.scenarios import list_scenarios
from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from graph.store.protocol import Store
from ingest.build import registered_packs, sources_for
from ingest.knowledge_csv import COLUMNS
from ingest.knowledge_pack import PackFile, check_pack_file, provenance
from ingest.pipeline import IngestReport, Progress, build_graph
from ingest.problems import UserError
from ingest.registration import Change, apply_change
from ingest.registry import Registry

__all__ = ["PackUpload", "check_pack_upload", "confirm_pack", "is_pack", "preview_pack"]

_SUFFIXES = (".yaml", ".yml", ".csv")


@dataclass(frozen=True)
class PackUpload:
    """What checking an uploaded pack found."""

    name: str
    digest: str
    replace: bool
    problems: list[str] = field(default_factory=list)
    adds: Counter[str] = field(default_factory=Counter)
    links: int = 0
    replaced: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _header(data: bytes) -> set[str]:
    first = data[:4096].decode("utf-8-sig", errors="replace").splitlines()[:1]
    return {
        re.sub(r"[\s_-]+", "_", c.strip().casefold())
        for c in (first[0] if first else "").split(",")
    }


def is_pack(name: str, data: bytes) -> bool:
    """A YAML file, or a CSV with the pack's columns (one row per action), is a knowledge pack."""
    suffix = Path(name).suffix.lower()
    return suffix in (".yaml", ".yml") or (suffix == ".csv" and set(COLUMNS) <= _header(data))


def _safe(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    stem, _, suffix = base.rpartition(".")
    ext = f".{suffix.lower()}"
    if ext not in _SUFFIXES:
        raise ValueError(f"{base!r}: a knowledge pack is a .yaml, .yml or .csv file")
    return (re.sub(r"[^A-Za-z0-9_.-]+", "_", stem).strip("._") or "pack") + ext


def check_pack_upload(config: Settings, name: str, data: bytes, *, replace: bool) -> PackUpload:
    """Check uploaded bytes as `vendorgraph knowledge check` would; nothing is written."""
    safe = _safe(name)
    digest = hashlib.sha256(data).hexdigest()
    with tempfile.TemporaryDirectory(prefix="vendorgraph-pack-") as folder:
        path = Path(folder) / safe
        path.write_bytes(data)
        try:
            packs = registered_packs(Registry.load(config.home))
            found = check_pack_file(config.data / "kb", path, packs, replace=replace)
        except UserError as exc:
            return PackUpload(safe, digest, replace, [str(exc).replace(str(path), safe)])
    problems = [p.replace(str(path), safe) for p in found.problems]
    return PackUpload(safe, digest, replace, problems, found.adds, found.links, found.replaced)


@dataclass
class PackPreview:
    """The throwaway graph with the pack added, and the ready scenarios it adds."""

    folder: tempfile.TemporaryDirectory[str]
    store: LadybugStore
    report: IngestReport
    scenarios: list[dict[str, Any]]


@st.cache_resource(max_entries=2, show_spinner="Building a preview graph with the pack…")
def _preview(
    digest: str,
    version: str,
    name: str,
    replace: bool,
    _known: frozenset[str],
    _data: bytes,
    _config: Settings,
) -> PackPreview:
    folder = tempfile.TemporaryDirectory(prefix="vendorgraph-preview-")
    root = Path(folder.name)
    path = root / name
    path.write_bytes(_data)
    store = LadybugStore(root / "ladybug", timeout_ms=_config.query_timeout_ms)
    sources = sources_for(_config, Registry.load(_config.home))
    today = dt.date.today()
    sources.packs.append(
        PackFile(path, name, provenance(name, today.isoformat()), strict=True, replace=replace)
    )
    report = build_graph(store, sources)
    rows = []
    for scenario in list_scenarios(store):
        if scenario.id in _known:
            continue
        reached = [r for r in portfolio(store, scenario, today) if r.score > 0]
        top = f"{reached[0].customer} ({reached[0].score:.1f})" if reached else ""
        rows.append(
            {
                "scenario": scenario.name,
                "from": scenario.effective_date,
                "customers reached today": len(reached),
                "most exposed": top,
            }
        )
    return PackPreview(folder, store, report, rows)


def preview_pack(
    config: Settings, upload: PackUpload, data: bytes, version: str, known: frozenset[str]
) -> PackPreview:
    """The temporary graph with the pack (cached per content, --replace and stored graph version);
    `known` are the stored graph's scenario ids, so the preview lists the ones the pack adds."""
    return _preview(upload.digest, version, upload.name, upload.replace, known, data, config)


def confirm_pack(
    store: Store,
    config: Settings,
    upload: PackUpload,
    data: bytes,
    progress: Progress | None = None,
) -> IngestReport:
    """Register the pack and rebuild the stored graph as one transaction (ingest.registration);
    `progress` hears how the build goes."""
    if not upload.ok:
        raise ValueError("fix the pack's problems and upload it again before adding it")
    change = Change(pack_uploads=[(upload.name, data)], replace=upload.replace)
    return apply_change(store, config, change, progress=progress).report
