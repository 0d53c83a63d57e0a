"""Reader for customer vendor inventories: one row per process and product (data/README.md).

A DPO fills the format in a spreadsheet (CSV or XLSX). Vendor and product names are matched to the
knowledge base through a Catalogue; names it does not know become new nodes declared by the
customer. Every row becomes Customer, Process, Product and Vendor nodes and the RUNS, USES,
PROCESSES, OFFERS, BUILT_ON, SUBPROCESSOR and STORES_DATA_IN edges between them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graph.jurisdictions import is_country
from graph.records import EdgeRecord, NodeRecord
from ingest.input_files import max_inventory_rows
from ingest.inventory_files import Header, sheet_rows
from ingest.limits import (
    INT64_MAX,
    field_problem,
)
from ingest.problems import InputError, Rejections

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


def read_inventory(
    path: Path, catalogue: Catalogue, rejections: Rejections, *, data: bytes | None = None
) -> Iterator[NodeRecord | EdgeRecord]:
    """Records from one inventory file (or its uploaded bytes); bad rows go to `rejections`."""
    file = str(path)
    builder = _Builder(file, catalogue)
    header = Header(required=REQUIRED, known=frozenset(COLUMNS + OPTIONAL))
    # The CLI and the upload page count rows before reading (input_files.check_inventory_size);
    # counted again here, as read, because a workbook's declared size can lie.
    limit = max_inventory_rows()
    for count, (line, raw) in enumerate(sheet_rows(path, data, header), start=1):
        if count > limit:
            raise InputError(
                path,
                line,
                f"more than {limit:,} rows; split the inventory (or set VENDORGRAPH_MAX_INVENTORY_ROWS)",
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
        for code in row.storage_countries:  # any ISO 3166-1 country; no adequacy is not an error
            if not is_country(code) and not self.catalogue.has(f"jurisdiction:{code}"):
                problems.append(("storage_countries", f"{code!r} is not an ISO 3166-1 alpha-2 code"))
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
