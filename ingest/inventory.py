"""Reader for customer vendor inventories: one row per process and product (data/README.md).

A DPO fills the format in a spreadsheet (CSV or XLSX). This module reads and validates rows;
ingest.inventory_records turns each into records, its supplier names resolved to the knowledge
base by graph.resolution (names it cannot resolve become new nodes, and answers list them).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graph.records import EdgeRecord, NodeRecord
from ingest.inventory_records import Catalogue, InventoryRecords, resolver_from_records, slug
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
    builder = InventoryRecords(file, catalogue)
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
