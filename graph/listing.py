"""A sanctions-list entry as every list reader yields it and screening indexes it.

The record type lives in graph/ because screening (graph/screening/) indexes it and ingest/ may
import graph/ but never the reverse; the readers that produce it stay in ingest/.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Address", "Identifier", "ListCode", "ListEntry", "OwnershipLink", "Schema"]

ListCode = Literal["ofac-sdn", "ofac-cons", "uksl", "ofsi", "un", "eu", "opensanctions"]
Schema = Literal["entity", "person", "vessel", "aircraft"]


class Identifier(BaseModel):
    """An identifier the list gives, e.g. scheme `ISIN`, value `CNE100000PM8`."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    scheme: str
    value: str
    country: str | None = None


class Address(BaseModel):
    """A postal address as the list gives it, with the country as ISO 3166-1 alpha-2 if known."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str
    country: str | None = None


class OwnershipLink(BaseModel):
    """A link from this entity to another, as the list states it.

    `target_id` is the other entity's id on the same list when the list gives one; lists that
    name the other party only in words (OFAC "Linked To:", UKSL "Parent company") leave it None
    and give `target_name`. `share` is a fraction 0..1 when stated.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    relation: Literal["owned_by", "owns", "linked_to"]
    target_id: str | None = None
    target_name: str | None = None
    share: float | None = Field(default=None, ge=0.0, le=1.0)
    role: str | None = None


class ListEntry(BaseModel):
    """One listed entity (with its designation facts) as a list publishes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    list: ListCode
    entity_id: str = Field(min_length=1)
    schema_: Schema = Field(alias="schema")
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[Address, ...] = ()
    countries: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    listed_on: date | None = None
    list_as_of: date | None = None
    links: tuple[OwnershipLink, ...] = ()
    remarks: str | None = None
    source_file: str
    source_line: int = Field(ge=0)

    @property
    def kind(self) -> Schema:
        """The entity's schema (`schema` clashes with a pydantic method name)."""
        return self.schema_

    def all_names(self) -> tuple[str, ...]:
        """The primary name then the aliases, without repeats."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))
