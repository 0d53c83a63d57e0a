"""Every ISO 3166-1 country as a jurisdiction, and what a transfer there from the UK needs.

UK adequacy comes only from the curated list (graph/data/kb/jurisdictions.yaml, facts.md S52);
any other country is accepted and is "no UK adequacy decision": a restricted transfer that needs an
IDTA or the UK Addendum to the EU SCCs plus a transfer risk assessment. Names come from pycountry, so an
inventory may name any country without a hand-kept table.

>>> is_country("IN"), is_country("XX")
(True, False)
>>> uncurated_jurisdiction("IN").props["uk_adequacy"]
'none'
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pycountry

from graph.dates import known_by
from graph.records import NodeRecord

__all__ = [
    "NO_ADEQUACY",
    "RESTRICTED_TRANSFER",
    "country_name",
    "is_country",
    "part3_transfer",
    "transfer_status",
    "uncurated_jurisdiction",
    "uncurated_jurisdictions",
]

NO_ADEQUACY = "no UK adequacy decision"
RESTRICTED_TRANSFER = (
    "restricted transfer: needs an IDTA or the UK Addendum to the EU SCCs plus a transfer risk "
    "assessment"
)
# The curated list's source: the adequacy list is complete there, so absence means no decision.
_LIST_SOURCE = "S52"


def is_country(code: str) -> bool:
    """Whether `code` is an ISO 3166-1 alpha-2 code (upper case, as inventories give it)."""
    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


def country_name(code: str) -> str:
    """The country's common name (or its ISO name), or the code itself when it is not a country."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def uncurated_jurisdiction(code: str) -> NodeRecord:
    """A Jurisdiction node for a country the curated list does not name: no UK adequacy."""
    return NodeRecord.of(
        "Jurisdiction",
        id=f"jurisdiction:{code}",
        name=country_name(code),
        uk_adequacy="none",
        adequacy_basis=f"{NO_ADEQUACY} (not on the curated UK adequacy list)",
        sources=[_LIST_SOURCE],
        note="Created for every ISO 3166-1 country the curated list does not name.",
    )


def uncurated_jurisdictions(known_ids: set[str]) -> Iterator[NodeRecord]:
    """Jurisdiction nodes for every ISO 3166-1 country whose node is not in `known_ids`."""
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        if f"jurisdiction:{country.alpha_2}" not in known_ids:
            yield uncurated_jurisdiction(country.alpha_2)


def part3_transfer(code: str) -> str:
    """A law-enforcement transfer under DPA 2018 Part 3 Chapter 5, in the Act's own terms."""
    return (
        f"{country_name(code)}: a transfer under DPA 2018 Part 3 Chapter 5 (ss.72-78): the general "
        "conditions of s.73 and adequacy (s.74 / s.74A), appropriate safeguards (s.75) or special "
        "circumstances (s.76); to a recipient that is not a relevant authority, such as a private "
        "company abroad, s.77 also applies; check the provision"
    )


def transfer_status(
    node: dict[str, Any] | None, code: str, as_of: date
) -> tuple[str, str, str | None]:
    """(status, words, date) of a transfer from the UK to `code` as of a date.

    status is "uk", "adequate", "partial" or "none". An adequacy decision with an in-force date
    counts only from that date (the UK-US data bridge from 2023-10-12); before it the transfer is
    restricted. An adequacy decision without a date is used and said to be undated.
    """
    if node is None:
        return "none", f"{country_name(code)}: {NO_ADEQUACY}; {RESTRICTED_TRANSFER}", None
    status = str(node.get("uk_adequacy") or "none")
    basis = node.get("adequacy_basis") or ""
    since = node.get("adequacy_since")
    if status in ("adequate", "partial") and known_by(since, as_of) is False:
        # Said without the later decision's name or date: it was not known on the day.
        return (
            "none",
            f"{code}: {NO_ADEQUACY} in force on {as_of.isoformat()}; {RESTRICTED_TRANSFER}",
            None,
        )
    if status == "none":
        return "none", f"{code}: {NO_ADEQUACY}; {RESTRICTED_TRANSFER}", None
    when = f"in force from {since}" if since else "in-force date undated in the knowledge base"
    return status, f"{code}: {basis} ({when})", since
