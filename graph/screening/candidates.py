"""Matching names against any set of candidate organisations, not only sanctions lists.

Inventory name resolution (a supplier written "Facewatch Ltd" in an inventory, the knowledge base's
vendor "Facewatch") uses the very matcher that screening uses: index the candidates' names and
aliases once, then score each inventory name against them, with the same normalisation, rarity
weights, legal-form and country evidence, and the same explanation.

Example:
    >>> matcher = name_matcher([Candidate("vendor:facewatch", ("Facewatch", "Facewatch Ltd"), "gb")])
    >>> [(m.entity_id, m.score) for m in matcher.screen(Query("Facewatch Limited", kind="organisation"))]
    [('vendor:facewatch', 1.0)]
    >>> score_names("Hikvision UK Ltd", "Hangzhou Hikvision Digital Technology Co., Ltd.").score
    0.64
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.screening.index import IndexedEntry, ScreeningIndex, identifier_key
from graph.screening.matcher import DEFAULT_THRESHOLD, SCHEMAS, Match, Matcher, Query

__all__ = ["Candidate", "candidate_index", "name_matcher", "score_names"]


@dataclass(frozen=True)
class Candidate:
    """An organisation (or person, vessel, aircraft) to match names against.

    `names` holds the primary name first, then aliases and former names; `id` comes back as
    `Match.entity_id` and `source` as `Match.list`.
    """

    id: str
    names: tuple[str, ...]
    country: str | None = None
    identifiers: tuple[str, ...] = ()
    schema: str = "entity"
    source: str = "candidates"


def candidate_index(candidates: Iterable[Candidate]) -> ScreeningIndex:
    """An index over every name of every candidate (weights: the reference corpus of ordinary
    organisation names, plus the candidates' own word counts once there are 1,000 names)."""
    index = ScreeningIndex()
    for c in candidates:
        if not c.names:
            continue
        if c.schema not in SCHEMAS:
            raise ValueError(f"candidate {c.id}: unknown schema {c.schema!r}")
        entry = IndexedEntry(
            c.source,
            c.id,
            c.names[0],
            c.schema,
            (c.country.lower(),) if c.country else (),
            frozenset(identifier_key(i) for i in c.identifiers),
            (),
        )
        index.add_names(entry, dict.fromkeys(c.names))
    index.finish()
    return index


def name_matcher(
    candidates: Iterable[Candidate],
    threshold: float = DEFAULT_THRESHOLD,
    schemas: Iterable[str] | None = None,
) -> Matcher:
    """A `Matcher` over the candidates: `.screen(Query(...), threshold=...)` returns the matches
    at or above the threshold, best first, each with `score` and `explanation`."""
    return Matcher(candidate_index(candidates), threshold, schemas)


def score_names(
    query: Query | str, name: str, *, country: str | None = None, schema: str = "entity"
) -> Match:
    """Score one query against one name (no threshold): the same score and explanation a screen
    would give. For many names, build `name_matcher` once instead."""
    matcher = name_matcher([Candidate("name", (name,), country, schema=schema)], 0.0, [schema])
    found = matcher.screen(query, threshold=0.0)
    if found:
        return found[0]
    # Not even a candidate (no word in common): score it directly, for the explanation.
    q = Query(query) if isinstance(query, str) else query
    scored = matcher.score_one(q, 0)
    assert scored is not None  # threshold 0 keeps every score
    return scored
