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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graph.records import EdgeRecord, NodeRecord
from graph.resolution import NameDecision, Resolution, Resolver
from graph.resolution.decisions import Key
from ingest.problems import InputError, Rejections

__all__ = [
    "COLUMNS",
    "Catalogue",
    "InventoryRow",
    "read_inventory",
    "resolver_from_records",
    "slug",
]

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

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
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
    uk_data_subjects: int | None = Field(default=None, ge=0)
    role: str | None = Field(default=None, pattern=r"^(controller|joint_controller|processor)$")
    criticality: str | None = Field(default=None, pattern=r"^(low|medium|high|critical)$")
    since: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    notice_days: int | None = Field(default=None, ge=0)
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

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value


class Catalogue(Protocol):
    """Resolves names in an inventory to known nodes (graph.resolution.Resolver is the one in use)."""

    def vendor(self, name: str) -> Resolution: ...
    def product(self, name: str) -> Resolution: ...
    def has(self, node_id: str) -> bool: ...


def _rows(path: Path, data: bytes | None) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) pairs from a CSV or XLSX file, header checked."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        yield from _xlsx_rows(path, data)
        return
    raw = data if data is not None else path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path, None, f"not UTF-8 text (byte {exc.start}); save the sheet as CSV UTF-8"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    _check_header(path, reader.fieldnames)
    for row in reader:
        if None in row:
            raise InputError(
                path, reader.line_num, "more cells than header columns (wrong delimiter?)"
            )
        yield reader.line_num, row


def _xlsx_rows(path: Path, data: bytes | None) -> Iterator[tuple[int, dict[str, str]]]:
    import openpyxl  # only spreadsheet uploads need it

    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data) if data else path, read_only=True, data_only=True
        )
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise InputError(
            path, None, f"not a readable XLSX workbook ({type(exc).__name__})"
        ) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
    _check_header(path, header)
    for number, values in enumerate(rows, start=2):
        cells = ["" if v is None else str(v.date() if hasattr(v, "date") else v) for v in values]
        if any(cells):
            yield number, dict(zip(header, cells, strict=False))


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
    for line, raw in _rows(path, data):
        cells = {k.strip(): v for k, v in raw.items() if k and k.strip()}
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

    def _mention(
        self, cid: str, field_name: str, found: Resolution, src: list[str]
    ) -> Iterator[NodeRecord | EdgeRecord]:
        """The name as written and what it resolved to, so answers can say so (graph.resolution)."""
        mid = f"mention:{cid.removeprefix('customer:')}/{field_name}/{slug(found.written)}"
        if mid in self.seen:
            return
        self.seen.add(mid)
        yield NodeRecord.of(
            "Mention",
            id=mid,
            name=found.written,
            customer_id=cid,
            field=field_name,
            kind=found.kind,
            status=found.status,
            target=found.target,
            candidate=found.candidate,
            score=found.score,
            evidence=found.evidence(),
            sources=src,
        )
        if found.linked and found.target:
            label = "Product" if found.kind == "product" and not found.vendor else "Vendor"
            yield EdgeRecord.of("RESOLVES_TO", "Mention", mid, label, found.target, sources=src)

    @staticmethod
    def _fictional(name: str, row_fictional: bool | None) -> bool | None:
        # The row's flag marks what it invents, and invented names say so ("... (fictional)"); a
        # real name that did not resolve is unknown, not invented.
        if row_fictional and "(fictional)" not in name.casefold():
            return None
        return row_fictional

    def _vendor(
        self, name: str, row: InventoryRow, cid: str, field_name: str, src: list[str]
    ) -> tuple[str, list[NodeRecord | EdgeRecord]]:
        found = self.catalogue.vendor(name)
        out: list[NodeRecord | EdgeRecord] = list(self._mention(cid, field_name, found, src))
        vid = found.target if found.linked and found.target else f"vendor:{slug(name)}"
        out += self._node(
            "Vendor", id=vid, name=name, fictional=self._fictional(name, row.fictional), sources=src
        )
        return vid, out

    def _product(
        self,
        name: str,
        vendor_id: str | None,
        row: InventoryRow,
        cid: str,
        field_name: str,
        src: list[str],
    ) -> tuple[str, list[NodeRecord | EdgeRecord]]:
        found = self.catalogue.product(name)
        out: list[NodeRecord | EdgeRecord] = list(self._mention(cid, field_name, found, src))
        if found.linked and found.vendor and found.via_product:
            return found.via_product, out
        if found.linked and found.target and not found.vendor:
            return found.target, out
        if found.linked and found.vendor:
            # The name is a vendor's, not a product's: stand in for its unnamed product.
            pid = f"product:{found.vendor.removeprefix('vendor:')}-unnamed"
            out += self._node(
                "Product", id=pid, name=f"{found.vendor_name} (product not named)", sources=src
            )
            vendor_id = found.vendor
        else:
            pid = f"product:{slug(name)}"
            out += self._node(
                "Product",
                id=pid,
                name=name,
                fictional=self._fictional(name, row.fictional),
                sources=src,
            )
        if vendor_id:
            out.append(
                EdgeRecord.of(
                    "OFFERS", "Vendor", vendor_id, "Product", pid, sources=src, asserted_by=[cid]
                )
            )
        return pid, out

    def records(self, row: InventoryRow) -> Iterator[NodeRecord | EdgeRecord]:
        cid = f"customer:{row.customer_id}"
        sid = self.source_ids.setdefault(cid, f"source:inventory:{row.customer_id}")
        src = [sid]
        # What this inventory says of other organisations' products holds for this customer only.
        mine = [cid]
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
        vid, vendor_records = self._vendor(row.vendor, row, cid, "vendor", src)
        yield from vendor_records
        prod, product_records = self._product(row.product, vid, row, cid, "product", src)
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
                asserted_by=mine,
            )
        for base in row.built_on:
            base_id, base_records = self._product(base, None, row, cid, "built_on", src)
            yield from base_records
            yield EdgeRecord.of(
                "BUILT_ON", "Product", prod, "Product", base_id, sources=src, asserted_by=mine
            )
        for name in row.subprocessors:
            sub_id, sub_records = self._vendor(name, row, cid, "subprocessors", src)
            yield from sub_records
            yield EdgeRecord.of(
                "SUBPROCESSOR", "Vendor", vid, "Vendor", sub_id, sources=src, asserted_by=mine
            )

    def finish(self) -> Iterator[NodeRecord | EdgeRecord]:
        return iter(())


def resolver_from_records(
    records: Iterable[NodeRecord],
    offers: Iterable[tuple[str, str]] = (),
    decisions: Mapping[Key, NameDecision] | None = None,
) -> Resolver:
    """A resolver over records already read (e.g. the knowledge base) and their OFFERS links."""
    return Resolver.from_nodes(((r.label, r.id, r.props) for r in records), decisions, offers)
