"""An upper bound on a name pair's score, cheap enough to take for every candidate.

The prefilter drops a candidate only when this bound is below the threshold, so it never drops a
pair the score would keep: screening at a threshold gives exactly the matches of screening at 0
that reach it, and a pair scores the same whatever the threshold.

Why it bounds `similarity.compare` (the name score):
- equal names score 1; where the short-name rule decides, it is computed exactly (`short_rule`);
- otherwise the score is the best of three views. The token view is an average or a containment
  of the two weighted coverages (`similarity.token_view`), which never falls as a coverage
  rises, so bounds of the coverages bound it; the sorted view is at most the token view plus
  SORTED_LIFT; the run-together view is taken only between names of different word counts
  and counts only from COMPACT_MIN: it is checked apart (`reachable` keeps every candidate
  reaching it). Rules only lower the score;
- a coverage is at most the weight of the words that could be matched over the weight of all:
  a word is matched only at similarity TOKEN_MATCH or more, which needs equal words, one sound
  (spellings.sound), a given name's spelling, or a plain ratio of at least 0.6 (what the typo
  credits start from: a swap or a vowel for a vowel is above it). A coverage weighs each match
  by its similarity (at most 1), and compare lowers a misspelt pair's weight, which only lowers
  the matched words' share of the weight.
The matcher adds what the score may gain beyond the name: a country that agrees, an identifier.

Speed (issue 18: 5,000 names a second on one core): the sorted view can move the bound by
SORTED_LIFT at most, so its string ratio is taken only for candidates the token view leaves
within that distance of the threshold; the run-together ratio only for candidates not already
kept and whose lengths allow COMPACT_MIN; a given name's spellings are tried on a word only when
one of them is within the plain ratio floor of it. Each shortcut decides exactly as the
full bound would (tests/screening/test_score_alone.py checks the fast path against `name_bound`).

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

from graph.screening.index import ScreeningIndex, Side
from graph.screening.similarity import (
    COMPACT_MIN,
    SHORT_LEN,
    SORTED_LIFT,
    TOKEN_MATCH,
    short_rule,
    token_similarity,
    token_view,
)
from graph.screening.spellings import GIVEN_NAMES, given_spellings, sound
from graph.screening.weights import PLACE_CAP

__all__ = [
    "MIDDLE_NAME_SHARE",
    "ROUNDING",
    "NameBound",
    "indexed_side",
    "lighter",
    "name_bound",
    "reachable",
    "side",
    "views",
    "word_matches",
]

# A listed person's middle names weigh this share of their rarity: "Sergey Polozov" is
# POLOZOV, Sergey Pavlovich as a register writes him (the matcher weighs them so too).
MIDDLE_NAME_SHARE = 0.2

# Scores are rounded to 3 places: a bound this far below the threshold may still round up to it.
ROUNDING = 0.001
# Below this plain ratio no credit in similarity._plain_similarity lifts a pair to TOKEN_MATCH.
_RATIO_FLOOR = 60.0
_COMPACT_CUTOFF = COMPACT_MIN * 100
# A plain ratio is at most 1 - (length difference / total length): a run-together pair further
# apart than this cannot reach COMPACT_MIN (with a margin over 1 - COMPACT_MIN).
_COMPACT_SPREAD = 1 - COMPACT_MIN + 0.01
_NO_MIDDLE: frozenset[str] = frozenset()


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
    # One sound ("drujba" / "druzhba").
    heard: dict[str, int] = {}
    for i, q in enumerate(query):
        said = sound(q)
        heard[said] = heard.get(said, 0) | 1 << i
    for word, said in zip(pool, map(sound, pool), strict=True):
        if said in heard:
            found[word] = found.get(word, 0) | heard[said]
    # Given names: token_similarity takes the best of the canonical name's spellings against the
    # other word (the query word's spellings when both are given names), so only a pair within
    # the ratio floor of one of those spellings can reach TOKEN_MATCH: found in C, then checked.
    pairs: dict[tuple[int, str], None] = {}
    spelt = [(i, s) for i, q in enumerate(query) if q in GIVEN_NAMES for s in given_spellings(q)]
    if spelt:
        near = process.cdist(
            [s for _, s in spelt], pool, scorer=fuzz.ratio, score_cutoff=_RATIO_FLOOR
        )
        rows, cols = near.nonzero()
        for r, j in zip(rows.tolist(), cols.tolist(), strict=True):
            pairs[spelt[r][0], pool[j]] = None
    named = [(w, s) for w in GIVEN_NAMES.intersection(pool) for s in given_spellings(w)]
    plain = [i for i, q in enumerate(query) if q not in GIVEN_NAMES]
    if named and plain:
        near = process.cdist(
            [query[i] for i in plain],
            [s for _, s in named],
            scorer=fuzz.ratio,
            score_cutoff=_RATIO_FLOOR,
        )
        rows, cols = near.nonzero()
        for r, k in zip(rows.tolist(), cols.tolist(), strict=True):
            pairs[plain[r], named[k][0]] = None
    for i, word in pairs:
        if token_similarity(query[i], word) >= TOKEN_MATCH:
            found[word] = found.get(word, 0) | 1 << i
    return found


class _QuerySide:
    """The query's words as one listed name weighs them: their weights, the total, whether the
    short-name rule may decide on the query's side, and the matched share of every mask met."""

    __slots__ = ("query", "shares", "short", "total", "weights")

    def __init__(self, query: tuple[str, ...], weights: list[float]) -> None:
        self.weights = weights
        self.total = sum(weights)
        core = [t for t, w in zip(query, weights, strict=True) if w > PLACE_CAP]
        self.short = (len(query) == 1 and len(query[0]) <= SHORT_LEN) or (
            len(core) == 1 and len(core[0]) <= SHORT_LEN
        )
        self.shares: dict[int, float] = {0: 0.0}

    def share(self, mask: int) -> float:
        """The weight share of the query words in `mask` (bit i: word i)."""
        found = self.shares.get(mask)
        if found is None:
            matched = sum(w for i, w in enumerate(self.weights) if mask >> i & 1)
            found = self.shares[mask] = matched / self.total if self.total else 0.0
        return found


class NameBound:
    """`compare(query, listed, weight)` bounded from above for one query against many names
    (module docstring); the query's side is worked out once (once for each set of middle names
    that lightens one of its words)."""

    def __init__(
        self, query: Sequence[str], matches: dict[str, int], weight: Callable[[str], float]
    ) -> None:
        self.query = tuple(query)
        self.matches = matches
        self.weight = weight
        self.plain = _QuerySide(self.query, [weight(t) for t in query])
        self._lightened: dict[frozenset[str], _QuerySide] = {}

    def query_side(self, middle: frozenset[str]) -> _QuerySide:
        """The query's side against a listed name with these middle names."""
        if not middle or middle.isdisjoint(self.query):
            return self.plain
        found = self._lightened.get(middle)
        if found is None:
            weights = [
                w * MIDDLE_NAME_SHARE if t in middle else w
                for t, w in zip(self.query, self.plain.weights, strict=True)
            ]
            found = self._lightened[middle] = _QuerySide(self.query, weights)
        return found

    def tokens(
        self, listed: Sequence[str], middle: frozenset[str] = _NO_MIDDLE
    ) -> tuple[float, bool]:
        """`token_bound` for one listed name (`middle`: its middle names, lighter weights)."""
        return self.of_side(side(listed, middle, self.weight))

    def of_side(self, listed: Side) -> tuple[float, bool]:
        """`token_bound` for one listed name read by `side` (`reachable` inlines it)."""
        words, weights, total, short, middle, _ = listed
        asked = self.query_side(middle)
        if short or asked.short:
            # The short-name rule may decide: worked out in full.
            return token_bound(self.query, words, self.matches, lighter(self.weight, middle))
        get = self.matches.get
        matched = 0.0
        mask = 0
        for word, w in zip(words, weights, strict=True):
            hit = get(word)
            if hit:
                matched += w
                mask |= hit
        backward = matched / total if total else 0.0
        return token_view(asked.share(mask), backward), False

    def of(
        self, listed: Sequence[str], middle: frozenset[str] = _NO_MIDDLE, ordered: float = 1.0
    ) -> float:
        """The bound for one listed name; `ordered` is the plain ratio of the two names' sorted
        words (0..1), which bounds the sorted view when below the token view plus SORTED_LIFT."""
        bound, final = self.tokens(listed, middle)
        return bound if final else views(bound, ordered)


def side(words: Sequence[str], middle: frozenset[str], weight: Callable[[str], float]) -> Side:
    """A listed name as the bound reads it (index.Side)."""
    weights = []
    total = 0.0
    cores = 0
    core = ""
    for word in words:
        w = weight(word)
        if middle and word in middle:
            w = w * MIDDLE_NAME_SHARE
        weights.append(w)
        total += w
        if w > PLACE_CAP:
            cores += 1
            core = word
    short = (len(words) == 1 and len(words[0]) <= SHORT_LEN) or (
        cores == 1 and len(core) <= SHORT_LEN
    )
    return tuple(words), tuple(weights), total, short, middle, sum(map(len, words))


def indexed_side(index: ScreeningIndex, name_no: int) -> Side:
    """`side` of an indexed name, kept in the index (up to a million names)."""
    found = index.sides.get(name_no)
    if found is None:
        middle = index.middle.get(name_no, _NO_MIDDLE) if index.middle else _NO_MIDDLE
        found = side(index.norm_texts[name_no].split(), middle, index.weight)
        if len(index.sides) < 1_000_000:
            index.sides[name_no] = found
    return found


def views(tokens: float, ordered: float) -> float:
    """The best the token and sorted views can give, from a bound of the token view."""
    return min(1.0, max(tokens, min(ordered, tokens + SORTED_LIFT)))


def lighter(weight: Callable[[str], float], middle: frozenset[str]) -> Callable[[str], float]:
    """Word weights for comparing with a listed person's name: the middle names weigh
    MIDDLE_NAME_SHARE of their rarity."""
    if not middle:
        return weight
    return lambda t: weight(t) * MIDDLE_NAME_SHARE if t in middle else weight(t)


def token_bound(
    query: Sequence[str],
    listed: Sequence[str],
    matches: dict[str, int],
    weight: Callable[[str], float],
) -> tuple[float, bool]:
    """(bound, final): the bound itself when final (equal names, the short-name rule), else a
    bound of the token view, to which `views` adds the sorted view."""
    if tuple(query) == tuple(listed):
        return 1.0, True
    weights = {t: weight(t) for t in (*query, *listed)}
    short = short_rule(query, listed, weights.__getitem__)
    if short is not None:
        return short, True
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
    return token_view(forward, backward), False


def name_bound(
    query: Sequence[str],
    listed: Sequence[str],
    matches: dict[str, int],
    weight: Callable[[str], float],
    ordered: float = 1.0,
) -> float:
    """A score `compare(query, listed, weight)` cannot exceed (see the module docstring)."""
    bound, final = token_bound(query, listed, matches, weight)
    return bound if final else views(bound, ordered)


def reachable(
    query: Sequence[str],
    candidates: Sequence[int],
    index: ScreeningIndex,
    gain: float,
    limit: float,
) -> list[bool]:
    """For each candidate (an indexed name's number), whether its name score plus `gain` (what
    else may lift the score) may reach `limit`, give or take ROUNDING.

    `NameBound.of_side` and `views`, inlined: this runs for every candidate of every name."""
    sides = index.sides
    listed = [sides.get(i) or indexed_side(index, i) for i in candidates]
    matches = word_matches(query, [w for side in listed for w in side[0]])
    bound = NameBound(query, matches, index.weight)
    # Kept from here: a hair below the threshold less what may be added, so that a bound equal
    # to it up to float rounding is kept, never dropped.
    floor = limit - gain - ROUNDING - 1e-9
    lifted = floor - SORTED_LIFT  # the sorted view may decide from here
    get, plain = matches.get, bound.plain
    reach = [False] * len(candidates)
    band: list[tuple[int, float]] = []
    for at, (words, weights, total, short, middle, _) in enumerate(listed):
        asked = plain if not middle or middle.isdisjoint(query) else bound.query_side(middle)
        if short or asked.short:
            tokens, final = token_bound(query, words, matches, lighter(index.weight, middle))
            if final:
                reach[at] = tokens >= floor
                continue
        else:
            matched = 0.0
            mask = 0
            for word, w in zip(words, weights, strict=True):
                hit = get(word)
                if hit:
                    matched += w
                    mask |= hit
            if not mask and lifted > 0.0:
                continue  # no word in common: both coverages 0
            backward = matched / total if total else 0.0
            forward = asked.shares.get(mask)
            if forward is None:
                forward = asked.share(mask)
            if forward < lifted and backward < lifted:
                continue  # the token view is never above the larger coverage
            tokens = token_view(forward, backward)
        if tokens >= floor:
            reach[at] = True  # whatever the sorted view adds
        elif tokens >= lifted:
            band.append((at, tokens))  # the sorted view decides
    if band:
        ordered = process.cdist(
            [" ".join(sorted(query))],
            [index.sorted_text(candidates[at]) for at, _ in band],
            scorer=fuzz.ratio,
        )[0].tolist()
        for (at, tokens), ratio in zip(band, ordered, strict=True):
            reach[at] = views(tokens, ratio / 100.0) >= floor
    # The run-together view, for the rest: kept from COMPACT_MIN, whatever the other views say.
    # compare takes it only between names of different word counts.
    compact = "".join(query)
    size, count = len(compact), len(query)
    for at, side in enumerate(listed):
        if (
            not reach[at]
            and len(side[0]) != count
            and abs(size - side[5]) <= _COMPACT_SPREAD * (size + side[5])
        ):
            text = "".join(side[0])
            reach[at] = fuzz.ratio(compact, text, score_cutoff=_COMPACT_CUTOFF) >= _COMPACT_CUTOFF
    return reach
