"""Reader for customer vendor inventories: one row per process and product (data/README.md).

A DPO fills the format in a spreadsheet (CSV or XLSX). This module reads and validates rows (sizes
and numbers bounded by ingest.limits); ingest.inventory_records turns each into records, its
supplier names resolved to the knowledge base by graph.resolution (names it cannot resolve become
new nodes, and answers list them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graph.records import EdgeRecord, NodeRecord
from ingest.input_files import max_inventory_rows
from ingest.inventory_files import Header, sheet_rows
from ingest.inventory_records import Catalogue, InventoryRecords, resolver_from_records, slug
from ingest.limits import (
    INT64_MAX,
    field_problem,
)
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


def read_inventory(
    path: Path, catalogue: Catalogue, rejections: Rejections, *, data: bytes | None = None
) -> Iterator[NodeRecord | EdgeRecord]:
    """Records from one inventory file (or its uploaded bytes); bad rows go to `rejections`."""
    file = str(path)
    builder = InventoryRecords(file, catalogue)
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
