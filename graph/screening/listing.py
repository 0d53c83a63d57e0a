"""What a list says about a listing, carried in every match: who listed the entity, on which
list, under which programmes or regimes, since when, with which identifiers and remarks.

A reviewer deciding whether "Hikvision" is the listed HANGZHOU HIKVISION needs the listing as
much as the name: the programme says what the listing forbids, the date whether it was known,
the identifiers and remarks who exactly is meant.

Example:
    >>> Listing.of(entry).lines()  # doctest: +SKIP
    ['US Treasury, Office of Foreign Assets Control (OFAC): US Treasury OFAC non-SDN lists ...']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph import listing, vocabulary
from graph.listing import ListEntry

__all__ = ["REMARKS_SHOWN", "Listing"]

# Remarks past this many characters are cut where a reader sees them (a table cell, a line);
# the JSON keeps them whole.
REMARKS_SHOWN = 300


@dataclass(frozen=True, slots=True)
class Listing:
    """A listing as its list gives it; every field but the authority and list may be empty."""

    authority: str
    list_name: str
    programmes: tuple[str, ...] = ()
    listed_on: str | None = None
    list_as_of: str | None = None
    identifiers: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    remarks: str | None = None

    @classmethod
    def of(cls, entry: ListEntry) -> Listing:
        """The listing of one list entry."""
        return cls(
            authority=listing.authority(entry.list).name,
            list_name=vocabulary.list_name(entry.list),
            programmes=tuple(entry.programs),
            listed_on=entry.listed_on.isoformat() if entry.listed_on else None,
            list_as_of=entry.list_as_of.isoformat() if entry.list_as_of else None,
            identifiers=tuple(
                f"{i.scheme}: {i.value}" + (f" ({i.country.upper()})" if i.country else "")
                for i in entry.identifiers
            ),
            measures=tuple(entry.measures),
            remarks=entry.remarks,
        )

    def to_json(self) -> dict[str, Any]:
        """Every field, remarks whole."""
        return {
            "authority": self.authority,
            "list": self.list_name,
            "programmes": list(self.programmes),
            "listed_on": self.listed_on,
            "list_as_of": self.list_as_of,
            "identifiers": list(self.identifiers),
            "measures": list(self.measures),
            "remarks": self.remarks,
        }

    def fields(self) -> dict[str, str]:
        """The listing as labelled text, one value per field (empty when the list gives none),
        for a table row or a CSV: remarks cut at REMARKS_SHOWN characters."""
        return {
            "authority": self.authority,
            "list": self.list_name,
            "programmes": "; ".join(self.programmes),
            "listed on": self.listed_on or "",
            "identifiers": "; ".join(self.identifiers),
            "measures": "; ".join(self.measures),
            "remarks": shorten(self.remarks or ""),
        }

    def lines(self) -> list[str]:
        """The listing in a few readable lines; fields the list does not give are left out."""
        head = f"{self.authority}: {self.list_name}"
        if self.list_as_of:
            head += f" (extract as of {self.list_as_of})"
        out = [head]
        if self.programmes:
            out.append("programmes or regimes: " + "; ".join(self.programmes))
        out.append(f"listed on {self.listed_on}" if self.listed_on else "listing date not given")
        if self.measures:
            out.append("measures: " + "; ".join(self.measures))
        if self.identifiers:
            out.append("identifiers: " + "; ".join(self.identifiers))
        if self.remarks:
            out.append("remarks: " + shorten(self.remarks))
        return out


def shorten(text: str, limit: int = REMARKS_SHOWN) -> str:
    """Text cut at a word boundary near `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
