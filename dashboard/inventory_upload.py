"""Inventory upload behind the upload page: validate, preview the exposure, and only on confirmation
add the file to the registry and rebuild the stored graph.

The preview builds a throwaway embedded graph (a LadybugStore in a temporary directory) from the
bundled knowledge base, everything registered, and the uploaded file, so the uploaded customer's
exposure is computed by the same engine on the same data a confirmed rebuild would produce, and the
stored graph is untouched until the user confirms.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from graph.dates import parse_as_of
from graph.exposure.engine import exposure
from graph.results import ExposureResult, Scenario
from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from graph.store.protocol import Store
from ingest.build import check_inventory, customer_owners, sources_for
from ingest.identity import ANY
from ingest.input_files import check_inventory_size
from ingest.inventory_row import COLUMNS, OPTIONAL, REQUIRED
from ingest.pipeline import IngestReport, Progress, build_graph
from ingest.problems import Rejection, UserError
from ingest.registration import Change, apply_change
from ingest.registry import Registry

__all__ = [
    "PreviewGraph",
    "UploadCheck",
    "check_upload",
    "confirm_upload",
    "preview_exposure",
    "preview_graph",
    "safe_name",
    "template_csv",
]

_SUFFIXES = (".csv", ".xlsx", ".xlsm")
_CUSTOMERS_FROM = (
    "MATCH (c:Customer) WHERE c.inventory = $file RETURN c.id AS id, c.name AS name ORDER BY id"
)


@dataclass(frozen=True)
class UploadCheck:
    """What validation found: a run-stopping error, or the rejected rows (none means it is clean)."""

    name: str
    digest: str
    error: str | None = None
    rejections: list[Rejection] = field(default_factory=list)
    # Customers the upload holds that another source holds already ("customer:x" -> which source);
    # adding the upload replaces them (the user confirms it, like `ingest --replace`).
    owners: dict[str, str] = field(default_factory=dict)

    @property
    def replaces(self) -> bool:
        return bool(self.owners)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.rejections


@dataclass
class PreviewGraph:
    """A temporary graph with the upload added; removed with its directory when dropped."""

    folder: tempfile.TemporaryDirectory[str]
    store: LadybugStore
    customers: list[tuple[str, str]]
    report: IngestReport


def safe_name(name: str) -> str:
    """The uploaded file's base name with only safe characters (never a path)."""
    base = Path(name.replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", stem if dot else base).strip("._") or "inventory"
    ext = f".{suffix.lower()}" if dot else ".csv"
    if ext not in _SUFFIXES:
        raise ValueError(f"{base!r}: upload a .csv or .xlsx file")
    return f"{stem}{ext}"


def template_csv() -> bytes:
    """A blank inventory with every column, required ones first."""
    columns = [*REQUIRED, *(c for c in COLUMNS if c not in REQUIRED), *OPTIONAL]
    return (",".join(columns) + "\n").encode()


def check_upload(config: Settings, name: str, data: bytes) -> UploadCheck:
    """Validate uploaded bytes row by row against the knowledge base; nothing is written."""
    safe = safe_name(name)
    digest = hashlib.sha256(data).hexdigest()
    customers: set[str] = set()
    try:
        check_inventory_size(safe, None, data)
        rejections = check_inventory(config, Path(safe), data=data, customers=customers)
        owners = customer_owners(config, Registry.load(config.home), customers)
    except UserError as exc:
        return UploadCheck(safe, digest, error=str(exc))
    return UploadCheck(safe, digest, rejections=list(rejections), owners=owners)


@st.cache_resource(max_entries=2, show_spinner="Building a preview graph with the upload…")
def _preview(digest: str, version: str, name: str, _data: bytes, _config: Settings) -> PreviewGraph:
    folder = tempfile.TemporaryDirectory(prefix="vendorgraph-preview-")
    root = Path(folder.name)
    # A name no registered file has, so the uploaded customers are told apart from the others.
    upload = root / f"{Path(name).stem}.upload-{digest[:8]}{Path(name).suffix}"
    upload.write_bytes(_data)
    store = LadybugStore(root / "ladybug", timeout_ms=_config.query_timeout_ms)
    sources = sources_for(_config, Registry.load(_config.home), [upload])
    sources.takes_over[upload] = ANY  # the preview shows the upload as it would be if confirmed
    report = build_graph(store, sources)
    customers = [(r["id"], r["name"]) for r in store.read(_CUSTOMERS_FROM, {"file": upload.name})]
    return PreviewGraph(folder, store, customers, report)


def preview_graph(
    config: Settings, check: UploadCheck, data: bytes, graph_version: str
) -> PreviewGraph:
    """The temporary graph with the upload added (cached per file content and stored graph version)."""
    return _preview(check.digest, graph_version, check.name, data, config)


def preview_exposure(
    preview: PreviewGraph, customer_id: str, scenario: Scenario, as_of: str, rules: dict[str, Any]
) -> ExposureResult:
    """The uploaded customer's exposure, computed on the temporary graph."""
    return exposure(preview.store, customer_id, scenario, parse_as_of(as_of), rules=rules)


def confirm_upload(
    store: Store,
    config: Settings,
    check: UploadCheck,
    data: bytes,
    progress: Progress | None = None,
) -> IngestReport:
    """Register the upload and rebuild the stored graph, as one transaction: on failure the
    registry and its copies stay as they were. `progress` hears how the build goes."""
    if not check.ok:
        raise ValueError("fix the inventory's errors and upload it again before adding it")
    change = Change(uploads=[(check.name, data)], replace=check.replaces)
    return apply_change(store, config, change, progress=progress).report
