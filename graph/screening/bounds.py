"""An upper bound on a name pair's score, cheap enough to take for every candidate.

The prefilter drops a candidate only when this bound is below the threshold, so it never drops a
pair the score would keep: screening at a threshold gives exactly the matches of screening at 0
that reach it, and a pair scores the same whatever the threshold.

Why it bounds `similarity.compare` (the name score):
- equal names score 1; where the short-name rule decides, it is computed exactly (`short_rule`);
- otherwise the score is the best of three views. The token view is an average or a containment
  of the two weighted coverages, never above the larger of them; the sorted view is at most the
  token view plus SORTED_LIFT; the run-together view counts only from COMPACT_MIN and is checked
  apart (`Matcher.prefiltered` keeps every candidate reaching it). Rules only lower the score;
- a coverage is at most the weight of the words that could be matched over the weight of all:
  a word is matched only at similarity TOKEN_MATCH or more, which needs equal words, one sound
  (spellings.sound), a given name's spelling, or a plain ratio of at least 0.6 (what the typo
  credits start from: a swap or a vowel for a vowel is above it). A misspelt pair's weight is
  lowered in compare, which only lowers the coverage.
The matcher adds what the score may gain beyond the name: a country that agrees, an identifier.

Example:
    >>> matches = word_matches(("hikvision", "uk"), ["hangzhou", "hikvision", "digital"])
    >>> sorted(matches["hikvision"])
    [0]
    >>> name_bound(("hikvision", "uk"), ["hikvision", "digital"], matches, lambda t: 0.5)
    0.6
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import fuzz, process

from graph.screening.similarity import (
    SHORT_LEN,
    SORTED_LIFT,
    TOKEN_MATCH,
    short_rule,
    token_similarity,
)
from graph.screening.spellings import GIVEN_NAMES, sound
from graph.screening.weights import PLACE_CAP

__all__ = ["MIDDLE_NAME_SHARE", "NameBound", "name_bound", "word_matches"]

# A listed person's middle names weigh this share of their rarity: "Sergey Polozov" is
# POLOZOV, Sergey Pavlovich as a register writes him (the matcher weighs them so too).
MIDDLE_NAME_SHARE = 0.2

# Below this plain ratio no credit in similarity._plain_similarity lifts a pair to TOKEN_MATCH.
_RATIO_FLOOR = 60.0


def word_matches(query: Sequence[str], words: Iterable[str]) -> dict[str, frozenset[int]]:
    """For each candidate word, the positions of the query words it could match."""
    pool = list(dict.fromkeys(words))
    by_sound: dict[str, list[str]] = {}
    for word in pool:
        by_sound.setdefault(sound(word), []).append(word)
    given = [word for word in pool if word in GIVEN_NAMES]
    found: dict[str, set[int]] = {}
    for i, q in enumerate(query):
        near = [
            w
            for w, _, _ in process.extract(
                q, pool, scorer=fuzz.ratio, score_cutoff=_RATIO_FLOOR, limit=None
            )
        ]
        near += by_sound.get(sound(q), [])
        if q in GIVEN_NAMES:
            near += [w for w in pool if token_similarity(q, w) >= TOKEN_MATCH]
        else:
            near += [w for w in given if token_similarity(q, w) >= TOKEN_MATCH]
        for word in near:
            found.setdefault(word, set()).add(i)
    return {word: frozenset(where) for word, where in found.items()}


class NameBound:
    """`compare(query, listed, weight)` bounded from above for one query against many names
    (module docstring); the query's side is worked out once."""

    def __init__(
        self,
        query: Sequence[str],
        matches: dict[str, frozenset[int]],
        weight: Callable[[str], float],
        words: Iterable[str] = (),
    ) -> None:
        self.query = tuple(query)
        self.matches = matches
        self.weight = weight
        # The candidates' words weighed once: they share most of them.
        self.weights = {w: weight(w) for w in words}
        self.query_weights = [weight(t) for t in query]
        self.query_total = sum(self.query_weights)
        self.query_short = len(query) == 1 and len(query[0]) <= SHORT_LEN
        core = [t for t, w in zip(query, self.query_weights, strict=True) if w > PLACE_CAP]
        self.core_short = len(core) == 1 and len(core[0]) <= SHORT_LEN

    def of(
        self, listed: Sequence[str], middle: frozenset[str] = frozenset(), ordered: float = 1.0
    ) -> float:
        """The bound for one listed name; `middle` are its middle names (lighter weights),
        `ordered` the plain ratio of the two names' sorted words (0..1), which bounds the
        sorted view when it is below the token view's bound plus SORTED_LIFT."""
        if self.query == tuple(listed):
            return 1.0
        weight = self.weight
        known = self.weights
        listed_weights = [known[t] if t in known else weight(t) for t in listed]
        if middle:
            # The matcher weighs a listed person's middle names lighter, on both sides.
            return name_bound(self.query, listed, self.matches, _lighter(weight, middle), ordered)
        core = [t for t, w in zip(listed, listed_weights, strict=True) if w > PLACE_CAP]
        if (
            self.query_short
            or self.core_short
            or (len(listed) == 1 and len(listed[0]) <= SHORT_LEN)
            or (len(core) == 1 and len(core[0]) <= SHORT_LEN)
        ):
            # A short name may be decided by the short-name rule: worked out in full.
            return name_bound(self.query, listed, self.matches, weight, ordered)
        matched: set[int] = set()
        listed_total = listed_matched = 0.0
        for word, w in zip(listed, listed_weights, strict=True):
            listed_total += w
            hit = self.matches.get(word)
            if hit:
                listed_matched += w
                matched |= hit
        query_matched = sum(self.query_weights[i] for i in matched)
        forward = query_matched / self.query_total if self.query_total else 0.0
        backward = listed_matched / listed_total if listed_total else 0.0
        return _views(max(forward, backward), ordered)


def _views(tokens: float, ordered: float) -> float:
    """The best the token and sorted views can give, from a bound of the token view."""
    return min(1.0, max(tokens, min(ordered, tokens + SORTED_LIFT)))


def _lighter(weight: Callable[[str], float], middle: frozenset[str]) -> Callable[[str], float]:
    return lambda t: weight(t) * MIDDLE_NAME_SHARE if t in middle else weight(t)


def name_bound(
    query: Sequence[str],
    listed: Sequence[str],
    matches: dict[str, frozenset[int]],
    weight: Callable[[str], float],
    ordered: float = 1.0,
) -> float:
    """A score `compare(query, listed, weight)` cannot exceed (see the module docstring)."""
    if tuple(query) == tuple(listed):
        return 1.0
    weights = {t: weight(t) for t in (*query, *listed)}
    short = short_rule(query, listed, weights.__getitem__)
    if short is not None:
        return short
    matched: set[int] = set()
    listed_total = listed_matched = 0.0
    for word in listed:
        w = weights[word]
        listed_total += w
        hit = matches.get(word)
        if hit:
            listed_matched += w
            matched |= hit
    query_total = sum(weights[t] for t in query)
    query_matched = sum(weights[query[i]] for i in matched)
    forward = query_matched / query_total if query_total else 0.0
    backward = listed_matched / listed_total if listed_total else 0.0
    return _views(max(forward, backward), ordered)
