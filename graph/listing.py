"""A sanctions-list entry as every list reader yields it and screening indexes it.

The record type lives in graph/ because screening (graph/screening/) indexes it and ingest/ may
import graph/ but never the reverse; the readers that produce it stay in ingest/.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AUTHORITIES",
    "Address",
    "Authority",
    "Identifier",
    "ListCode",
    "ListEntry",
    "OwnershipLink",
    "Schema",
    "authority",
]

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


# What a listing means for a UK buyer, by the authority that keeps the list.
@dataclass(frozen=True)
class Authority:
    """Who keeps a sanctions or restricted list, and what a listing means for a UK organisation
    (uk-law.md, "Sanctions and restricted lists")."""

    name: str
    uk_designation: bool  # makes a payment unlawful for a UK buyer
    effect: str
    points: float  # the sanctions dimension's points for a confirmed or curated listing


_UK_FREEZE = (
    "UK designation: an asset freeze; making funds or economic resources available to the "
    "designated person, directly or indirectly, is prohibited: payments stop unless OFSI licenses "
    "them, and relevant firms must report to OFSI"
)
_US_SDN = (
    "no UK legal prohibition for a UK buyer, but US-nexus risk: USD clearing, US persons and "
    "US-origin goods, and secondary-sanctions risk for some programmes"
)
_NO_PAYMENT_EFFECT = "no effect on a UK buyer's payments"

AUTHORITIES: dict[str, Authority] = {
    "uksl": Authority("UK Foreign, Commonwealth & Development Office (UK Sanctions List)", True, _UK_FREEZE, 100.0),
    "ofsi": Authority("HM Treasury, Office of Financial Sanctions Implementation (OFSI)", True, _UK_FREEZE, 100.0),
    "un": Authority(
        "United Nations Security Council, given effect in the UK", True,
        "given effect in the UK by UK regulations: as a UK designation (asset freeze; OFSI)", 100.0,
    ),
    "eu": Authority(
        "European Commission (EU Financial Sanctions Files)", False,
        "binds EU persons and EU business; for a UK organisation a risk signal and a concern for "
        "its EU operations", 40.0,
    ),
    "ofac-sdn": Authority("US Treasury, Office of Foreign Assets Control (OFAC)", False, _US_SDN, 40.0),
    "ofac-cons": Authority(
        "US Treasury, Office of Foreign Assets Control (OFAC)", False,
        "prohibits US persons from buying publicly traded securities of listed companies; no "
        "effect on buying their products: " + _NO_PAYMENT_EFFECT, 15.0,
    ),
    "bis-entity": Authority(
        "US Department of Commerce (BIS)", False,
        "an export licence requirement for items subject to the EAR sent to the listed party; no "
        "prohibition on buying from it: supply-chain, security and reputational risk", 15.0,
    ),
    "fcc-covered": Authority(
        "US Federal Communications Commission", False,
        "equipment deemed a US national-security risk, no new US equipment authorisations; "
        + _NO_PAYMENT_EFFECT + ": security and supply-chain risk", 15.0,
    ),
    "dod-1260h": Authority(
        "US Department of Defense", False,
        "a 'Chinese military companies' list with US defence-contracting restrictions; "
        + _NO_PAYMENT_EFFECT + ": reputational and supply-chain risk", 15.0,
    ),
    "opensanctions": Authority(
        "OpenSanctions (collected from official lists)", False,
        "a collection of official lists: the legal effect is that of the list it came from; "
        "check the provision", 15.0,
    ),
}  # fmt: skip


def authority(list_code: str) -> Authority:
    """The authority of a list and its legal effect for a UK buyer ("check the provision" where
    uk-law.md does not say)."""
    for prefix, found in AUTHORITIES.items():
        if list_code == prefix or list_code.startswith(prefix + "-"):
            return found
    return Authority(
        "the list's publisher", False,
        "legal effect for a UK buyer not recorded: check the provision", 15.0,
    )  # fmt: skip
