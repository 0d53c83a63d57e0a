"""The narrow adapter between name resolution and the screening engine (graph/screening/).

Resolution scores names with the same normaliser and scorer as sanctions screening, so there is
one matching code path: knowledge-base vendors (or products) are indexed as a small "list" whose
entity ids are node ids, and each spelling of an inventory name is screened against it. Only this
module touches the screening API, so a change there is absorbed here.

Example:
    >>> names = KnownNames.build([("vendor:facewatch", "Facewatch", ())])
    >>> [(c.node_id, c.score) for c in names.candidates([Variant("Facewatch Ltd")], floor=0.5)]
    [('vendor:facewatch', 1.0)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph.resolution.variants import Variant
from graph.screening.candidates import Candidate as Known
from graph.screening.candidates import name_matcher
from graph.screening.matcher import DEFAULT_THRESHOLD, Matcher, Query
from graph.screening.normalise import normalise

__all__ = ["SCREENING_THRESHOLD", "Candidate", "KnownNames", "core", "legal_forms", "shortens"]

# The screening engine's own auto-alert threshold: a list match at or above it identifies a vendor.
SCREENING_THRESHOLD = DEFAULT_THRESHOLD
_SOURCE = "knowledge-base"


@dataclass(frozen=True)
class Candidate:
    """A known node a written name may be, with the score and what the score left unexplained."""

    node_id: str
    primary: str  # the node's display name
    matched: str  # the name or alias that matched
    score: float
    variant: Variant
    unexplained: tuple[str, ...]  # written words that match nothing in the candidate's name


def legal_forms(name: str) -> tuple[str, ...]:
    """The legal forms the screening normaliser finds in a name ("Co., Ltd." -> co, ltd)."""
    return normalise(name).legal_forms


def core(name: str) -> str:
    """A name as the screening normaliser reads it, legal forms set apart ("Yitu Ltd." -> "yitu")."""
    return normalise(name).text


def shortens(short: str, full: str) -> bool:
    """Whether every word of `short` is a word of `full`, once both are normalised."""
    return set(normalise(short).tokens) <= set(normalise(full).tokens)


class KnownNames:
    """A screening index over known nodes' names and aliases."""

    def __init__(self, matcher: Matcher, primary: dict[str, str]) -> None:
        self._matcher = matcher
        self._primary = primary

    @classmethod
    def build(cls, nodes: Iterable[tuple[str, str, Iterable[str]]]) -> KnownNames:
        """Index (node id, name, aliases) triples with the screening engine's candidate API."""
        primary: dict[str, str] = {}
        known = []
        for node_id, name, aliases in nodes:
            primary[node_id] = name
            known.append(Known(node_id, tuple(dict.fromkeys((name, *aliases))), source=_SOURCE))
        return cls(name_matcher(known), primary)

    def candidates(self, spellings: list[Variant], floor: float) -> list[Candidate]:
        """Known nodes scoring at least `floor` against any spelling, best first."""
        if not spellings or not self._primary:
            return []
        by_text = {v.text: v for v in reversed(spellings)}
        query = Query(spellings[0].text, tuple(v.text for v in spellings[1:]), kind="organisation")
        out = []
        for match in self._matcher.screen(query, threshold=floor):
            name = match.explanation.get("name", {})
            # The run-together view ("cloudwalktechnology" / "CloudWalk Technology") explains
            # every word when it scores; only the word views leave words unexplained.
            unexplained = (
                () if name.get("method") == "compact" else tuple(name.get("query_only") or ())
            )
            out.append(
                Candidate(
                    node_id=match.entity_id,
                    primary=self._primary[match.entity_id],
                    matched=match.name,
                    score=float(match.score),
                    variant=by_text.get(match.query_name, spellings[0]),
                    unexplained=unexplained,
                )
            )
        return out
