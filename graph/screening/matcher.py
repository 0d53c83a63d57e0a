"""Scoring a query name against listed names, with a per-feature explanation and a threshold.

The score is the name similarity adjusted by what else agrees. Name similarity is the best of
three views, so each common variation has one that sees through it:
- token alignment weighted by rarity (dropped generic words, reordered words, typos within words:
  "Hikvision Digital Tech" vs "HANGZHOU HIKVISION DIGITAL TECHNOLOGY");
- the sorted tokens compared as one string (typos spread across words);
- the tokens run together ("Cloud Walk" vs "CLOUDWALK").
Then an identifier both sides give (ISIN, USCC, LEI, ...) settles identity; a country both
sides give nudges the score up or down; a person on the list matched by an organisation query is
marked down. Every adjustment is in the explanation, with its effect.

Example:
    >>> matcher = Matcher(index)  # doctest: +SKIP
    >>> [(m.entity_id, m.score) for m in matcher.screen("Hikvision Digital Technology")]  # doctest: +SKIP
    [('30946', 1.0)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from graph.screening.index import IndexedEntry, ScreeningIndex, identifier_key
from graph.screening.normalise import NormalName, normalise

__all__ = ["DEFAULT_THRESHOLD", "Match", "Matcher", "Query"]

# Chosen on the labelled benchmark (bench/screening_bench.py): best F1 of the thresholds tried,
# with recall >= 0.98 and precision >= 0.95 (0.86 gives more recall and twice the false alerts).
DEFAULT_THRESHOLD = 0.89
# Two tokens count as the same word from this similarity (one typo in a 4-letter word is 0.75).
TOKEN_MATCH = 0.75
CONTAIN_BASE, CONTAIN_OUTER, CONTAIN_RARITY = 0.7, 0.15, 0.15
SORTED_LIFT = 0.1
COMPACT_MIN = 0.92
PREFILTER = 70.0
ONE_TYPO, ONE_TYPO_LEN = 0.93, 5
TWO_TYPOS, TWO_TYPO_LEN = 0.88, 9
COUNTRY_AGREES = 0.02
COUNTRY_DIFFERS = -0.05
PERSON_FOR_ORGANISATION = -0.08
IDENTIFIER_AGREES = 0.99


@dataclass(frozen=True)
class Query:
    """A name to screen, with what else is known about its owner (all optional)."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    identifiers: tuple[str, ...] = ()
    kind: str | None = None  # "organisation" or "person"; None when unknown


@dataclass(frozen=True)
class Match:
    """A listed entity matched above the threshold, with why."""

    list: str
    entity_id: str
    name: str
    score: float
    explanation: dict[str, Any]
    entry: IndexedEntry = field(repr=False)
    query_name: str = ""

    def to_json(self) -> dict[str, Any]:
        """The CLI's shape: list, entity_id, name, score, explanation."""
        return {
            "list": self.list,
            "entity_id": self.entity_id,
            "name": self.name,
            "score": self.score,
            "explanation": self.explanation,
        }

    def summary(self) -> str:
        """One line for a report or a graph property."""
        return str(self.explanation["summary"])


_Pairs = list[tuple[str, str, float]]


def _token_similarity(a: str, b: str) -> float:
    # A single typo (or swapped neighbours) in a long word is almost surely the same word, but
    # the plain ratio marks "ascatec" / "ascotec" down to 0.86; credit edits by word length.
    ratio = fuzz.ratio(a, b, score_cutoff=50) / 100.0
    if ratio >= 0.6 and min(len(a), len(b)) >= ONE_TYPO_LEN:
        edits = OSA.distance(a, b, score_cutoff=2)
        if edits == 1:
            return max(ratio, ONE_TYPO)
        if edits == 2 and min(len(a), len(b)) >= TWO_TYPO_LEN:
            return max(ratio, TWO_TYPOS)
    return ratio


def _align(left: tuple[str, ...], right: list[str]) -> tuple[_Pairs, _Pairs]:
    """Each token's most similar token on the other side, and their similarity (0..1), both ways."""
    forward = [(tok, "", 0.0) for tok in left]
    backward = [(tok, "", 0.0) for tok in right]
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            sim = 1.0 if a == b else _token_similarity(a, b)
            if sim > forward[i][2]:
                forward[i] = (a, b, sim)
            if sim > backward[j][2]:
                backward[j] = (b, a, sim)
    return forward, backward


def _name_detail(views: dict[str, float], forward: _Pairs, backward: _Pairs) -> dict[str, Any]:
    method = max(views, key=lambda k: views[k])
    return {
        "score": round(views[method], 3),
        "method": method,
        "views": {k: round(v, 3) for k, v in views.items()},
        "pairs": [[q, c, round(s, 3)] for q, c, s in forward if s >= TOKEN_MATCH],
        "query_only": [q for q, _, s in forward if s < TOKEN_MATCH],
        "list_only": [c for c, _, s in backward if s < TOKEN_MATCH],
    }


class Matcher:
    """Screens names against a `ScreeningIndex`."""

    def __init__(self, index: ScreeningIndex, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.index = index
        self.threshold = threshold

    def _coverage(self, pairs: list[tuple[str, str, float]]) -> tuple[float, float]:
        """Share of a side's token weight that the other side matches, and that weight itself."""
        total = matched = 0.0
        weigh = self.index.weight
        for tok, _, sim in pairs:
            weight = weigh(tok)
            total += weight
            if sim >= TOKEN_MATCH:
                matched += weight * sim
        return (matched / total if total else 0.0), matched

    def _containment(self, inner: float, outer: float, inner_weight: float) -> float:
        # One name wholly inside the other ("Hikvision" in "Hangzhou Hikvision Digital
        # Technology") is strong evidence when what is shared is distinctive, weak when it is a
        # common word ("Bank" in "Bank Melli"): credit the inside side's coverage, topped up by
        # the outside side's coverage and by how rare the shared words are.
        rarity = min(1.0, inner_weight / self.index.max_weight)
        return inner * (CONTAIN_BASE + CONTAIN_OUTER * outer + CONTAIN_RARITY * rarity)

    def name_similarity(self, query: NormalName, listed: list[str]) -> tuple[float, dict[str, Any]]:
        """Similarity of two normalised names and the features behind it."""
        views, forward, backward = self._views(query, listed)
        return max(views.values()), _name_detail(views, forward, backward)

    def _views(
        self, query: NormalName, listed: list[str]
    ) -> tuple[dict[str, float], _Pairs, _Pairs]:
        forward, backward = _align(query.tokens, listed)
        (fwd, fwd_weight), (bwd, bwd_weight) = self._coverage(forward), self._coverage(backward)
        tokens = max(
            (fwd + bwd) / 2,
            self._containment(fwd, bwd, fwd_weight),
            self._containment(bwd, fwd, bwd_weight),
        )
        # The string views catch typos the token view misses, but a long shared word makes any
        # two strings look alike ("Dahua Technology" / "Jahan Technology"): the sorted view may
        # only lift the token view a little, and the run-together view counts only when it
        # is near-exact (split or merged words, "Cloud Walk" / "CLOUDWALK").
        ordered = fuzz.ratio(" ".join(sorted(query.tokens)), " ".join(sorted(listed))) / 100.0
        compact = fuzz.ratio(query.compact, "".join(listed)) / 100.0
        views = {
            "tokens": tokens,
            "sorted": min(ordered, tokens + SORTED_LIFT),
            "compact": compact if compact >= COMPACT_MIN else 0.0,
        }
        return views, forward, backward

    def _score(
        self, query: Query, qname: str, qnorm: NormalName, name_no: int, limit: float
    ) -> Match | None:
        """The match of one query name with one listed name, or None below `limit`."""
        index = self.index
        entry = index.entries[index.name_entry[name_no]]
        listed_tokens = index.norm_texts[name_no].split()
        views, forward, backward = self._views(qnorm, listed_tokens)
        similarity = max(views.values())
        shared_ids = (
            sorted({identifier_key(i) for i in query.identifiers} & entry.identifiers)
            if query.identifiers
            else []
        )
        score = max(similarity, IDENTIFIER_AGREES) if shared_ids else similarity
        country_effect = 0.0
        if query.country and entry.countries:
            country_effect = COUNTRY_AGREES if query.country in entry.countries else COUNTRY_DIFFERS
        person_effect = (
            PERSON_FOR_ORGANISATION
            if query.kind == "organisation" and entry.schema == "person"
            else 0.0
        )
        score = round(min(1.0, max(0.0, score + country_effect + person_effect)), 3)
        if score < limit:
            return None  # the explanation is built only for what will be shown
        name_detail = _name_detail(views, forward, backward)
        notes = [f"name {similarity:.2f} ({name_detail['method']})"]
        if shared_ids:
            notes.append(f"identifier agrees ({', '.join(shared_ids)})")
        if country_effect:
            verb = "agrees" if country_effect > 0 else "differs"
            notes.append(f"country {verb} ({query.country} vs {','.join(entry.countries)})")
        if person_effect:
            notes.append("listed entry is a person")
        features: dict[str, Any] = {
            "name": name_detail,
            "identifier": {
                "agrees": shared_ids,
                "effect": round(max(similarity, IDENTIFIER_AGREES) - similarity, 3)
                if shared_ids
                else 0.0,
            },
            "country": {
                "query": query.country,
                "list": list(entry.countries),
                "effect": country_effect,
            },
            "schema": {"query": query.kind, "list": entry.schema, "effect": person_effect},
            "legal_form": {"query": list(qnorm.legal_forms), "effect": 0.0},
            "threshold": limit,
            "summary": "; ".join(notes),
        }
        return Match(
            entry.list, entry.entity_id, index.names[name_no], score, features, entry, qname
        )

    def _prefilter(self, qnorm: NormalName, candidates: list[int]) -> list[int]:
        # Most candidates share only a word or two with the query; rapidfuzz's token-set ratio,
        # computed in C for all of them at once, drops those before the per-token scoring.
        # PREFILTER is set well below any threshold so no would-be match is lost (checked on
        # the benchmark: recall is the same with and without it).
        if len(candidates) <= 2:
            return candidates
        texts = [self.index.norm_texts[i] for i in candidates]
        keep = {
            i
            for _, _, i in process.extract(
                qnorm.text, texts, scorer=fuzz.token_set_ratio, score_cutoff=PREFILTER, limit=None
            )
        }
        # The run-together view is not bounded by the token-set ratio ("hik vision" / "hikvision").
        compact = [t.replace(" ", "") for t in texts]
        keep.update(
            i
            for _, _, i in process.extract(
                qnorm.compact,
                compact,
                scorer=fuzz.ratio,
                score_cutoff=COMPACT_MIN * 100,
                limit=None,
            )
        )
        return [candidates[i] for i in sorted(keep)]

    def screen(self, query: Query | str, threshold: float | None = None) -> list[Match]:
        """Listed entities matching the query (name or any alias) above the threshold, best first."""
        if isinstance(query, str):
            query = Query(query)
        limit = self.threshold if threshold is None else threshold
        organisation = query.kind != "person"
        best: dict[tuple[str, str], Match] = {}
        for qname in dict.fromkeys((query.name, *query.aliases)):
            qnorm = normalise(qname, organisation=organisation)
            if not qnorm.tokens:
                continue
            for name_no in self._prefilter(qnorm, self.index.candidates(qnorm)):
                match = self._score(query, qname, qnorm, name_no, limit)
                if match is None:
                    continue
                key = (match.list, match.entity_id)
                if key not in best or match.score > best[key].score:
                    best[key] = match
        return sorted(best.values(), key=lambda m: (-m.score, m.list, m.entity_id))
