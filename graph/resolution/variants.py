"""Spellings of a supplier name worth trying before scoring, each with the words that explain it.

The screening normaliser already folds case, accents and punctuation and sets legal forms apart.
What it does not know are the ways a DPO writes a *supplier* that a sanctions list never does: a
web domain instead of a name ("clearview.ai", "www.facewatch.co.uk"), "&" for "and", and a
country or region qualifier naming the local subsidiary ("Hikvision UK Ltd", "Dahua Europe B.V.").
Each rewrite is kept with its reason so that a link can say how it was made.

Example:
    >>> [(v.text, v.steps) for v in variants("www.facewatch.co.uk")]
    [('facewatch', ('domain form',)), ('www.facewatch.co.uk', ())]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.screening.normalise import fold, normalise

__all__ = ["Variant", "variants"]

_DOMAIN = re.compile(
    r"^(?:https?://)?(?:www\.)?([a-z0-9][a-z0-9-]*)"
    r"\.(?:co\.uk|org\.uk|com|ai|io|net|org|co|uk|eu|de|fr|cn|com\.cn|us|tech|app)/?$",
    re.IGNORECASE,
)
# Country and region words that name a local subsidiary or branch when they end a company name
# (after its legal form): "Hikvision UK Ltd" is Hikvision's UK company. Only trailing words count:
# "Bank of England" keeps "England".
_QUALIFIERS = frozenset(
    {
        "uk",
        "gb",
        "great britain",
        "united kingdom",
        "england",
        "europe",
        "emea",
        "eu",
        "ireland",
        "usa",
        "us",
        "america",
        "north america",
        "apac",
        "asia pacific",
        "deutschland",
        "france",
        "nederland",
        "international",
        "global",
    }
)
_LONGEST_QUALIFIER = max(len(q.split()) for q in _QUALIFIERS)


@dataclass(frozen=True)
class Variant:
    """One spelling to score, and the rewrites that led to it (empty for the name as written)."""

    text: str
    steps: tuple[str, ...] = ()


def _without_qualifier(text: str) -> str | None:
    """The name without a trailing country or region qualifier (legal forms kept out of the way)."""
    tokens = list(normalise(text).tokens)
    for size in range(min(_LONGEST_QUALIFIER, len(tokens) - 1), 0, -1):
        if " ".join(tokens[-size:]) in _QUALIFIERS:
            return " ".join(tokens[:-size])
    return None


def variants(name: str) -> list[Variant]:
    """The name as written (after its domain reading, if any), then each rewrite that changes it (domain, '&', qualifier)."""
    out = [Variant(name.strip())]
    domain = _DOMAIN.match(name.strip())
    if domain:
        # A web address names the company by its domain: that reading comes first.
        out.insert(0, Variant(domain.group(1).replace("-", " "), ("domain form",)))
    if "&" in name:
        out.append(Variant(name.replace("&", " and "), ("'&' read as 'and'",)))
    for variant in list(out):
        if _DOMAIN.match(variant.text):
            continue  # ".co.uk" is not a UK qualifier
        bare = _without_qualifier(variant.text)
        if bare and fold(bare) != fold(variant.text):
            out.append(Variant(bare, (*variant.steps, "country or region qualifier removed")))
    return out
