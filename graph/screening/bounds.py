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
    >>> matches["hikvision"]  # a bit mask: the first query word
    1
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


def word_matches(query: Sequence[str], words: Iterable[str]) -> dict[str, int]:
    """For each candidate word, the query words it could match, as a bit mask of positions."""
    pool = list(dict.fromkeys(words))
    found: dict[str, int] = {}
    if not pool or not query:
        return found
    # Every plain ratio at once, in C; only the pairs at the floor or above come back.
    ratios = process.cdist(query, pool, scorer=fuzz.ratio, score_cutoff=_RATIO_FLOOR)
    rows, cols = ratios.nonzero()
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        found[pool[j]] = found.get(pool[j], 0) | 1 << i
    # One sound ("drujba" / "druzhba"), and the given names' own spellings.
    heard: dict[str, int] = {}
    for i, q in enumerate(query):
        heard[sound(q)] = heard.get(sound(q), 0) | 1 << i
    given = [(i, q) for i, q in enumerate(query) if q in GIVEN_NAMES]
    for word in pool:
        mask = heard.get(sound(word), 0)
        for i, q in enumerate(query) if word in GIVEN_NAMES else given:
            if token_similarity(q, word) >= TOKEN_MATCH:
                mask |= 1 << i
        if mask:
            found[word] = found.get(word, 0) | mask
    return found


class NameBound:
    """`compare(query, listed, weight)` bounded from above for one query against many names
    (module docstring); the query's side is worked out once."""

    def __init__(
        self,
        query: Sequence[str],
        matches: dict[str, int],
        weight: Callable[[str], float],
        words: Iterable[str] = (),
    ) -> None:
        self.query = tuple(query)
        self.matches = matches
        self.weight = weight
        query_weights = [weight(t) for t in query]
        total = sum(query_weights)
        # Each candidate word once (they share most): its weight and the query words it could
        # match (a bit mask); the matched query weight's share for every mask, as a table.
        self.words = {w: (weight(w), matches.get(w, 0)) for w in words}
        self.query_weights = query_weights
        self.query_total = total
        self.shares: dict[int, float] = {0: 0.0}
        self.query_short = len(query) == 1 and len(query[0]) <= SHORT_LEN
        core = [t for t, w in zip(query, query_weights, strict=True) if w > PLACE_CAP]
        self.core_short = len(core) == 1 and len(core[0]) <= SHORT_LEN

    def of(
        self, listed: Sequence[str], middle: frozenset[str] = frozenset(), ordered: float = 1.0
    ) -> float:
        """The bound for one listed name; `middle` are its middle names (lighter weights),
        `ordered` the plain ratio of the two names' sorted words (0..1), which bounds the
        sorted view when it is below the token view's bound plus SORTED_LIFT."""
        if middle or self.query_short or self.core_short:
            # Lighter middle names, a long query, a short query: worked out in full.
            weight = _lighter(self.weight, middle) if middle else self.weight
            return name_bound(self.query, listed, self.matches, weight, ordered)
        words = self.words
        listed_total = listed_matched = 0.0
        mask = cores = 0
        core = ""
        for word in listed:
            w, hit = words[word] if word in words else (self.weight(word), 0)
            listed_total += w
            if hit:
                listed_matched += w
                mask |= hit
            if w > PLACE_CAP:
                cores += 1
                core = word
        if (len(listed) == 1 and len(listed[0]) <= SHORT_LEN) or (
            cores == 1 and len(core) <= SHORT_LEN
        ):
            # The short-name rule may decide: worked out in full.
            return name_bound(self.query, listed, self.matches, self.weight, ordered)
        backward = listed_matched / listed_total if listed_total else 0.0
        forward = self.shares.get(mask)
        if forward is None:
            matched = sum(w for i, w in enumerate(self.query_weights) if mask >> i & 1)
            forward = self.shares[mask] = matched / self.query_total if self.query_total else 0.0
        return _views(max(forward, backward), ordered)


def _views(tokens: float, ordered: float) -> float:
    """The best the token and sorted views can give, from a bound of the token view."""
    return min(1.0, max(tokens, min(ordered, tokens + SORTED_LIFT)))


def _lighter(weight: Callable[[str], float], middle: frozenset[str]) -> Callable[[str], float]:
    return lambda t: weight(t) * MIDDLE_NAME_SHARE if t in middle else weight(t)


def name_bound(
    query: Sequence[str],
    listed: Sequence[str],
    matches: dict[str, int],
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
    matched = 0
    listed_total = listed_matched = 0.0
    for word in listed:
        w = weights[word]
        listed_total += w
        hit = matches.get(word)
        if hit:
            listed_matched += w
            matched |= hit
    query_total = sum(weights[t] for t in query)
    query_matched = sum(weights[t] for i, t in enumerate(query) if matched >> i & 1)
    forward = query_matched / query_total if query_total else 0.0
    backward = listed_matched / listed_total if listed_total else 0.0
    return _views(max(forward, backward), ordered)
