"""Reader for customer vendor inventories: one row per process and product (data/README.md).

A DPO fills the format in a spreadsheet (CSV or XLSX). Vendor and product names are matched to the
knowledge base through a Catalogue; names it does not know become new nodes declared by the
customer. Every row becomes Customer, Process, Product and Vendor nodes and the RUNS, USES,
PROCESSES, OFFERS, BUILT_ON, SUBPROCESSOR and STORES_DATA_IN edges between them.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graph.records import EdgeRecord, NodeRecord
from ingest.limits import (
    INT64_MAX,
    MAX_INVENTORY_BYTES,
    MAX_INVENTORY_ROWS,
    MAX_LINE_BYTES,
    field_problem,
)
from ingest.problems import InputError, Rejections

# The csv module's own cap (128 KiB) would raise mid-file; cells are checked one by one instead.
csv.field_size_limit(MAX_LINE_BYTES)

__all__ = ["COLUMNS", "Catalogue", "InventoryRow", "NameCatalogue", "read_inventory", "slug"]

COLUMNS = (
    "customer_id",
    "customer_name",
    "sector",
    "turnover_gbp",
    "process_id",
    "process",
    "purpose",
    "product",
    "vendor",
    "data_categories",
    "uk_data_subjects",
    "role",
    "criticality",
    "since",
    "notice_days",
    "annual_spend_gbp",
    "storage_countries",
    "built_on",
    "subprocessors",
    "alternatives",
    "dpia",
    "lawful_basis",
)
REQUIRED = ("customer_id", "customer_name", "process_id", "process", "product", "vendor")
OPTIONAL = ("fictional",)


def slug(text: str) -> str:
    """A stable id fragment: ASCII, lower case, hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


class InventoryRow(BaseModel):
    """One validated inventory row."""

    # Numbers must fit the stores' 64-bit integers and be finite (1e999 parses as infinity).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)
    customer_id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    customer_name: str = Field(min_length=1)
    sector: str | None = None
    turnover_gbp: float | None = Field(default=None, ge=0)
    process_id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    process: str = Field(min_length=1)
    purpose: str | None = None
    product: str = Field(min_length=1)
    vendor: str = Field(min_length=1)
    data_categories: list[str] = []
    uk_data_subjects: int | None = Field(default=None, ge=0, le=INT64_MAX)
    role: str | None = Field(default=None, pattern=r"^(controller|joint_controller|processor)$")
    criticality: str | None = Field(default=None, pattern=r"^(low|medium|high|critical)$")
    since: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    notice_days: int | None = Field(default=None, ge=0, le=INT64_MAX)
    annual_spend_gbp: float | None = Field(default=None, ge=0)
    storage_countries: list[str] = []
    built_on: list[str] = []
    subprocessors: list[str] = []
    alternatives: list[str] = []
    dpia: bool | None = None
    lawful_basis: str | None = None
    fictional: bool | None = None

    @field_validator(
        "data_categories",
        "storage_countries",
        "built_on",
        "subprocessors",
        "alternatives",
        mode="before",
    )
    @classmethod
    def _multi(cls, value: Any) -> Any:
        return _split(value) if isinstance(value, str) or value is None else value

    @field_validator("storage_countries")
    @classmethod
    def _iso(cls, value: list[str]) -> list[str]:
        for code in value:
            if not re.fullmatch(r"[A-Z]{2}", code):
                raise ValueError(f"{code!r} is not an ISO 3166 alpha-2 code")
        return value

    @field_validator("since")
    @classmethod
    def _real_day(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not a calendar date") from None
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value


class Catalogue(Protocol):
    """Resolves names in an inventory to known node ids."""

    def vendor(self, name: str) -> str | None: ...
    def product(self, name: str) -> str | None: ...
    def has(self, node_id: str) -> bool: ...


@dataclass
class NameCatalogue:
    """A Catalogue over known nodes, matching names and aliases case-insensitively."""

    vendors: dict[str, str] = field(default_factory=dict)
    products: dict[str, str] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)

    def add(self, label: str, node_id: str, names: Iterable[str]) -> None:
        self.ids.add(node_id)
        target = (
            self.vendors if label == "Vendor" else self.products if label == "Product" else None
        )
        if target is not None:
            for name in names:
                target.setdefault(name.casefold().strip(), node_id)

    def vendor(self, name: str) -> str | None:
        return self.vendors.get(name.casefold().strip())

    def product(self, name: str) -> str | None:
        return self.products.get(name.casefold().strip())

    def has(self, node_id: str) -> bool:
        return node_id in self.ids


def _rows(path: Path, data: bytes | None) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) pairs from a CSV or XLSX file, header checked."""
    if data is not None and len(data) > MAX_INVENTORY_BYTES:
        raise InputError(path, None, f"over the {MAX_INVENTORY_BYTES}-byte inventory limit")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        yield from _xlsx_rows(path, data)
        return
    raw = data if data is not None else _read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, None, f"not UTF-8 text (byte {exc.start}); save the sheet as CSV UTF-8"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        _check_header(path, reader.fieldnames)
        for row in reader:
            if None in row:
                raise InputError(
                    path, reader.line_num, "more cells than header columns (wrong delimiter?)"
                )
            yield reader.line_num, row
    except csv.Error as exc:
        raise InputError(path, reader.line_num, f"not readable as CSV: {exc}") from None


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(path, None, "not a regular file")
        if size > MAX_INVENTORY_BYTES:
            raise InputError(
                path, None, f"{size} bytes is over the {MAX_INVENTORY_BYTES}-byte inventory limit"
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, exc.strerror or str(exc)) from None


def _check_workbook(path: Path, data: bytes) -> None:
    """Refuse a workbook whose parts would expand past the inventory limit (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            expanded = sum(info.file_size for info in book.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(path, None, f"not a readable XLSX workbook ({exc})") from None
    if expanded > 4 * MAX_INVENTORY_BYTES:
        raise InputError(path, None, f"workbook expands to {expanded} bytes; too large")


def _xlsx_rows(path: Path, data: bytes | None) -> Iterator[tuple[int, dict[str, str]]]:
    import openpyxl  # only spreadsheet uploads need it

    data = data if data is not None else _read_bytes(path)
    _check_workbook(path, data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise InputError(
            path, None, f"not a readable XLSX workbook ({type(exc).__name__})"
        ) from None
    number = 1
    try:
        if not book.worksheets:
            raise InputError(path, None, "workbook without a sheet")
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
        _check_header(path, header)
        for number, values in enumerate(rows, start=2):
            cells = [
                "" if v is None else str(v.date() if hasattr(v, "date") else v) for v in values
            ]
            if any(cells):
                yield number, dict(zip(header, cells, strict=False))
    except InputError:
        raise
    except Exception as exc:  # a damaged sheet fails inside openpyxl with many exception types
        raise InputError(
            path, number, f"not a readable XLSX sheet ({type(exc).__name__})"
        ) from None
    finally:
        book.close()


def _check_header(path: Path, header: Iterable[str] | None) -> None:
    names = [h.strip() for h in header or []]
    if not names:
        raise InputError(path, 1, "empty file: expected a header row")
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InputError(path, 1, f"missing columns: {', '.join(missing)}")
    unknown = [n for n in names if n and n not in COLUMNS and n not in OPTIONAL]
    if unknown:
        raise InputError(path, 1, f"unknown columns: {', '.join(unknown)}")


def read_inventory(
    path: Path, catalogue: Catalogue, rejections: Rejections, *, data: bytes | None = None
) -> Iterator[NodeRecord | EdgeRecord]:
    """Records from one inventory file (or its uploaded bytes); bad rows go to `rejections`."""
    file = str(path)
    builder = _Builder(file, catalogue)
    for count, (line, raw) in enumerate(_rows(path, data), start=1):
        if count > MAX_INVENTORY_ROWS:
            raise InputError(
                path, line, f"more than {MAX_INVENTORY_ROWS} rows; split the inventory by customer"
            )
        cells = {k.strip(): v for k, v in raw.items() if k and k.strip()}
        bad = next(((k, why) for k, v in cells.items() if v and (why := field_problem(v))), None)
        if bad is not None:
            rejections.add(file, line, *bad)
            continue
        try:
            row = InventoryRow.model_validate(cells)
        except ValidationError as exc:
            rejections.add_validation(file, line, exc)
            continue
        problems = builder.check(row)
        for field_name, reason in problems:
            rejections.add(file, line, field_name, reason)
        if not problems:
            yield from builder.records(row)
    yield from builder.finish()


@dataclass
class _Builder:
    """Turns rows into records, emitting each node once and the source that cites them all."""

    file: str
    catalogue: Catalogue
    seen: set[str] = field(default_factory=set)
    source_ids: dict[str, str] = field(default_factory=dict)

    def check(self, row: InventoryRow) -> list[tuple[str, str]]:
        problems = []
        for cat in row.data_categories:
            if not self.catalogue.has(f"datacategory:{cat}"):
                problems.append(("data_categories", f"unknown data category {cat!r}"))
        for code in row.storage_countries:
            if not self.catalogue.has(f"jurisdiction:{code}"):
                problems.append(("storage_countries", f"unknown jurisdiction {code!r}"))
        return problems

    def _node(self, label: str, **props: Any) -> Iterator[NodeRecord]:
        if props["id"] not in self.seen and not self.catalogue.has(props["id"]):
            self.seen.add(props["id"])
            yield NodeRecord.of(label, **props)

    def _vendor(
        self, name: str, fictional: bool | None, src: list[str]
    ) -> tuple[str, list[NodeRecord]]:
        known = self.catalogue.vendor(name)
        vid = known or f"vendor:{slug(name)}"
        return vid, list(self._node("Vendor", id=vid, name=name, fictional=fictional, sources=src))

    def _product(
        self, name: str, vendor_id: str | None, fictional: bool | None, src: list[str]
    ) -> tuple[str, list[NodeRecord | EdgeRecord]]:
        known = self.catalogue.product(name)
        pid = known or f"product:{slug(name)}"
        out: list[NodeRecord | EdgeRecord] = list(
            self._node("Product", id=pid, name=name, fictional=fictional, sources=src)
        )
        if not known and vendor_id and out:
            out.append(EdgeRecord.of("OFFERS", "Vendor", vendor_id, "Product", pid, sources=src))
        return pid, out

    def records(self, row: InventoryRow) -> Iterator[NodeRecord | EdgeRecord]:
        cid = f"customer:{row.customer_id}"
        sid = self.source_ids.setdefault(cid, f"source:inventory:{row.customer_id}")
        src = [sid]
        if sid not in self.seen:
            self.seen.add(sid)
            yield NodeRecord.of(
                "Source",
                id=sid,
                name=f"Inventory of {row.customer_name}",
                title=f"Vendor inventory supplied by {row.customer_name}",
                publisher=row.customer_name,
                url=Path(self.file).name,
            )
        yield from self._node(
            "Customer",
            id=cid,
            name=row.customer_name,
            sector=row.sector,
            turnover_gbp=row.turnover_gbp,
            fictional=row.fictional,
            sources=src,
            inventory=Path(self.file).name,
        )
        pid = f"process:{row.customer_id}/{row.process_id}"
        if pid not in self.seen:
            yield from self._node(
                "Process",
                id=pid,
                name=row.process,
                customer_id=cid,
                purpose=row.purpose,
                criticality=row.criticality,
                uk_data_subjects=row.uk_data_subjects,
                role=row.role,
                dpia=row.dpia,
                lawful_basis=row.lawful_basis,
                alternatives=row.alternatives,
                sources=src,
            )
            yield EdgeRecord.of(
                "RUNS", "Customer", cid, "Process", pid, sources=src, since=row.since
            )
            for cat in row.data_categories:
                yield EdgeRecord.of(
                    "PROCESSES", "Process", pid, "DataCategory", f"datacategory:{cat}", sources=src
                )
        vid, vendor_nodes = self._vendor(row.vendor, row.fictional, src)
        yield from vendor_nodes
        prod, product_records = self._product(row.product, vid, row.fictional, src)
        yield from product_records
        yield EdgeRecord.of(
            "USES",
            "Process",
            pid,
            "Product",
            prod,
            sources=src,
            since=row.since,
            notice_days=row.notice_days,
            annual_spend=row.annual_spend_gbp,
        )
        for code in row.storage_countries:
            yield EdgeRecord.of(
                "STORES_DATA_IN",
                "Product",
                prod,
                "Jurisdiction",
                f"jurisdiction:{code}",
                sources=src,
            )
        for base in row.built_on:
            base_id, base_records = self._product(base, None, row.fictional, src)
            yield from base_records
            yield EdgeRecord.of("BUILT_ON", "Product", prod, "Product", base_id, sources=src)
        for name in row.subprocessors:
            sub_id, sub_nodes = self._vendor(name, row.fictional, src)
            yield from sub_nodes
            yield EdgeRecord.of("SUBPROCESSOR", "Vendor", vid, "Vendor", sub_id, sources=src)

    def finish(self) -> Iterator[NodeRecord | EdgeRecord]:
        return iter(())


def catalogue_from_records(records: Iterable[NodeRecord]) -> NameCatalogue:
    """A catalogue over records already read (e.g. the knowledge base)."""
    cat = NameCatalogue()
    for rec in records:
        names = [rec.props.get("name") or "", *(rec.props.get("aliases") or [])]
        cat.add(rec.label, rec.id, [n for n in names if n])
    return cat


def catalogue_from_rows(rows: Iterable[Mapping[str, Any]]) -> NameCatalogue:
    """A catalogue from store rows with keys label, id, name, aliases."""
    cat = NameCatalogue()
    for row in rows:
        names = [row.get("name") or "", *(row.get("aliases") or [])]
        cat.add(str(row["label"]), str(row["id"]), [n for n in names if n])
    return cat
