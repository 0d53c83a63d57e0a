"""What kind of party a screened name is, and which kinds of listed party it is screened against.

A supplier register holds companies, charities and public bodies, but also sole traders and
individual consultants, so a name is screened against listed organisations and persons unless
its row says what it is (`type`: organisation, person, vessel, aircraft) or the run is narrowed
(`--schema`). Listed vessels and aircraft are searched only when asked: a register holds no ship.

A name whose kind is not given but whose words say "organisation" (a legal form, "and", a word
naming a kind of business: "Johnson & Johnson", "Sunrise Medical Ltd") is compared with listed
persons as an organisation is: only in full.

Example:
    >>> searched("person", frozenset({"entity", "person"}))
    frozenset({'person'})
    >>> searched(None, DEFAULT_SCHEMAS) == DEFAULT_SCHEMAS
    True
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.screening.normalise import NormalName
from graph.screening.words import DESCRIPTORS, FORM_WORDS, GENERIC_WORDS

__all__ = [
    "DEFAULT_SCHEMAS",
    "KINDS",
    "KIND_WORDS",
    "SCHEMA_WORDS",
    "both_ways",
    "effective_kind",
    "kind_of",
    "needs_whole",
    "searched",
]

KINDS = ("organisation", "person", "vessel", "aircraft")
# The listed kinds (list schemas) each kind of name is screened against.
_SCHEMAS = {
    "organisation": frozenset({"entity"}),
    "person": frozenset({"person"}),
    "vessel": frozenset({"vessel"}),
    "aircraft": frozenset({"aircraft"}),
}
DEFAULT_SCHEMAS = frozenset({"entity", "person"})
# How a user reads each kind and schema.
KIND_WORDS = {
    "organisation": "organisation",
    "person": "person",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
SCHEMA_WORDS = {
    "entity": "organisations",
    "person": "persons",
    "vessel": "vessels",
    "aircraft": "aircraft",
}
# Spellings a `type` column may use for each kind.
_ALIASES = {
    "organisation": "organisation",
    "organization": "organisation",
    "org": "organisation",
    "company": "organisation",
    "entity": "organisation",
    "business": "organisation",
    "person": "person",
    "individual": "person",
    "sole trader": "person",
    "vessel": "vessel",
    "ship": "vessel",
    "aircraft": "aircraft",
}
# Words of an organisation's name, never of a person's: particles a person's name may hold
# ("de", "al", "y") are left out, and so is "general", also a rank.
_ORGANISATION_WORDS = (GENERIC_WORDS | DESCRIPTORS | FORM_WORDS) - {
    "de",
    "la",
    "el",
    "al",
    "du",
    "des",
    "der",
    "und",
    "et",
    "y",
    "of",
    "general",
}


def kind_of(text: str) -> str | None:
    """A `type` cell read as a kind (None for blank); ValueError for a word it is not."""
    key = " ".join(text.strip().lower().replace("_", " ").split())
    if not key:
        return None
    if key not in _ALIASES:
        raise ValueError(f"unknown type {text.strip()!r}: expected one of {', '.join(KINDS)}")
    return _ALIASES[key]


def searched(kind: str | None, run: frozenset[str]) -> frozenset[str]:
    """The listed kinds a name of `kind` is screened against in a run restricted to `run`."""
    return run if kind is None else run & _SCHEMAS[kind]


def effective_kind(kind: str | None, name: NormalName) -> str | None:
    """The kind given, else "organisation" when the name's words say so, else None."""
    if kind is not None:
        return kind
    if name.legal_forms or not _ORGANISATION_WORDS.isdisjoint(name.tokens):
        return "organisation"
    return None


def needs_whole(kind: str | None, schema: str) -> bool:
    """Whether a name of `kind` meets a listed name of `schema` only in full: a person's name
    and an organisation's, or a vessel's or aircraft's and anything but its own kind."""
    if schema in ("vessel", "aircraft"):
        return kind != schema
    if schema == "person":
        return kind not in (None, "person")
    return kind == "person"


def both_ways(
    forward: Sequence[tuple[str, str, float]], backward: Sequence[tuple[str, str, float]]
) -> float:
    """How fully two names cover each other word by word (the worse of the two ways), from the
    word pairs of a name comparison."""
    return min(
        sum(s for _, _, s in forward) / max(1, len(forward)),
        sum(s for _, _, s in backward) / max(1, len(backward)),
    )
