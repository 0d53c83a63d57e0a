"""One inventory row: the columns of the format (graph/data/README.md) and their validation.

Sizes and numbers are bounded as everywhere (ingest.limits): numbers must fit the stores' 64-bit
integers and be finite.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ingest.limits import INT64_MAX

__all__ = ["COLUMNS", "OPTIONAL", "REQUIRED", "InventoryRow"]

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
