"""Name similarity between two normalised names, weighted by how distinctive the shared words are.

Three views, so each common variation has one that sees through it:
- token alignment weighted by rarity (dropped generic words, reordered words, typos within
  words: "Hikvision Digital Tech" vs "HANGZHOU HIKVISION DIGITAL TECHNOLOGY");
- the sorted tokens compared as one string (typos spread across words), which may only lift the
  token view a little;
- the tokens run together ("Cloud Walk" vs "CLOUDWALK"), only when the word counts differ.
Then rules that keep ordinary company names from matching on what they share with any company:
- a short name (one word of up to 4 letters: ISS, BT, EE) matches only itself, give or take
  generic words and places ("Yitu Technology" is "YITU"; "ISS Facility Services" is not "ISS");
- a name resting on one distinctive word forgives a typo in it only if the word is long
  ("Capita" is not "CAPITAL", "Bunzl" not "BENZL", "Segro" not "NEGRO");
- a match needs agreement on a distinctive word: common words alone ("Global Trading") do not
  carry it, and one name inside the other counts only as far as the other's extra words are
  common ("Megvii" is "MEGVII TECHNOLOGY"; "Wise" is not "LIKE WISE").

Example:
    >>> compare(("wise",), ["like", "wise"], lambda t: 0.9).score < 0.89
    True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Hamming

from graph.screening.spellings import GIVEN_NAMES, given_spellings, sound
from graph.screening.weights import DESCRIPTOR_CAP, PLACE_CAP

__all__ = [
    "SORTED_LIFT",
    "TOKEN_MATCH",
    "NameComparison",
    "compare",
    "short_rule",
    "token_similarity",
    "token_view",
]

# Two tokens count as the same word from this similarity (one typo in a 4-letter word is 0.75).
TOKEN_MATCH = 0.75
ONE_TYPO, ONE_TYPO_LEN = 0.93, 5
TWO_TYPOS, TWO_TYPO_LEN = 0.88, 9
# When a name rests on one distinctive word, a typo is forgiven only in a word this long.
SINGLE_TYPO_LEN = 8
VOWEL_SWAP_LEN = 6
# Two romanisations of one word ("drujba" / "druzhba"): nearly the same word, never a typo.
SAME_SOUND = 0.96
_VOWELS = frozenset("aeiouy")
SHORT_LEN = 4
# Two- and three-letter names (BT, EE, ISS, IG) match only themselves; four-letter ones (YITU)
# may also meet themselves plus generic words ("Yitu Technology").
STRICT_SHORT_LEN = 3
SHORT_EXACT = 0.97
CONTAIN_BASE, CONTAIN_OUTER = 0.62, 0.38
CONTAIN_MIN = 0.85
SORTED_LIFT = 0.1
# A distinctive word agrees from this similarity: a typo or two ("hikvison"), not a look-alike.
AGREEING = 0.85
COMPACT_MIN = 0.92
# A distinctive word has at least this weight (0..1); a match needs one agreeing.
DISTINCTIVE = 0.45
DISTINCTIVE_SHARE = 0.85
# Where a rule refuses a match, the score is capped here: visible at a review floor, never alerting.
RULE_CAP = 0.8

Pairs = list[tuple[str, str, float]]


@dataclass(frozen=True, slots=True)
class NameComparison:
    """The similarity of two names (0..1) and the features behind it."""

    score: float
    method: str
    views: dict[str, float]
    forward: Pairs
    backward: Pairs
    rule: str | None = None

    def detail(self) -> dict[str, Any]:
        """The explanation's `name` feature."""
        out: dict[str, Any] = {
            "score": round(self.score, 3),
            "method": self.method,
            "views": {k: round(v, 3) for k, v in self.views.items()},
            "pairs": [[q, c, round(s, 3)] for q, c, s in self.forward if s >= TOKEN_MATCH],
            "query_only": [q for q, _, s in self.forward if s < TOKEN_MATCH],
            "list_only": [c for c, _, s in self.backward if s < TOKEN_MATCH],
        }
        if self.rule:
            out["rule"] = self.rule
        return out


def _vowel_swap(a: str, b: str) -> bool:
    """One vowel for another in a word of 6+ letters: how romanisations differ ("Bashair" /
    "Bashayr"), unlike an inserted letter ("Inditex" / "Induitex")."""
    if len(a) != len(b) or len(a) < VOWEL_SWAP_LEN:
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diff) == 1 and diff[0][0] in _VOWELS and diff[0][1] in _VOWELS


def _swapped(a: str, b: str) -> bool:
    """Two neighbouring letters swapped in a word of 5+ letters ("breco" / "brceo"): a slip of
    the keys, which rarely makes another real word, unlike a changed letter ("bunzl" / "benzl")."""
    if len(a) != len(b) or len(a) < ONE_TYPO_LEN:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and a[diff[1]] == b[diff[0]]
    )


def token_similarity(a: str, b: str, *, typo_len: int = ONE_TYPO_LEN) -> float:
    """0..1. A single typo (or swapped neighbours) in a long word is almost surely the same word,
    but the plain ratio marks "ascatec" / "ascotec" down to 0.86: credit edits by word length."""
    if sound(a) == sound(b):
        return SAME_SOUND
    if a in GIVEN_NAMES or b in GIVEN_NAMES:
        # "mohammsed" against "muhammad", which normalise made of "mohammed"
        canonical, other = (a, b) if a in GIVEN_NAMES else (b, a)
        return max(_plain_similarity(other, s, typo_len) for s in given_spellings(canonical))
    return _plain_similarity(a, b, typo_len)


def _plain_similarity(a: str, b: str, typo_len: int) -> float:
    ratio = fuzz.ratio(a, b, score_cutoff=50) / 100.0
    if typo_len > ONE_TYPO_LEN and len(a) == len(b) >= ONE_TYPO_LEN:
        # A vowel swap differs in one place, a swap of neighbours in two: counted in C first.
        differ = Hamming.distance(a, b, score_cutoff=2)
        if (differ == 1 and _vowel_swap(a, b)) or (differ == 2 and _swapped(a, b)):
            return max(ratio, ONE_TYPO)
    if ratio >= 0.6 and min(len(a), len(b)) >= typo_len:
        edits = OSA.distance(a, b, score_cutoff=2)
        if edits == 1:
            return max(ratio, ONE_TYPO)
        if edits == 2 and min(len(a), len(b)) >= max(typo_len, TWO_TYPO_LEN):
            return max(ratio, TWO_TYPOS)
    return ratio


def _align(left: Sequence[str], right: Sequence[str], typo_len: int) -> tuple[Pairs, Pairs]:
    """Each token's most similar token on the other side, and their similarity, both ways."""
    forward = [(tok, "", 0.0) for tok in left]
    backward = [(tok, "", 0.0) for tok in right]
    # token_similarity inlined for the common cases: this loop is the matcher's hot path.
    right_sounds = [sound(b) for b in right]
    for i, a in enumerate(left):
        a_sound, a_given = sound(a), a in GIVEN_NAMES
        for j, b in enumerate(right):
            if a == b:
                sim = 1.0
            elif a_sound == right_sounds[j]:
                sim = SAME_SOUND
            elif a_given or b in GIVEN_NAMES:
                sim = token_similarity(a, b, typo_len=typo_len)
            else:
                # Below 0.6 no typo credit applies (_plain_similarity): the ratio is the answer.
                sim = fuzz.ratio(a, b, score_cutoff=50) / 100.0
                if sim >= 0.6:
                    sim = _plain_similarity(a, b, typo_len)
            if sim > forward[i][2]:
                forward[i] = (a, b, sim)
            if sim > backward[j][2]:
                backward[j] = (b, a, sim)
    return forward, backward


def _coverage(pairs: Pairs, weight: Callable[[str], float]) -> float:
    """Share of a side's token weight that the other side matches."""
    total = matched = 0.0
    for tok, partner, sim in pairs:
        w = weight(tok)
        if TOKEN_MATCH <= sim < 1.0:
            # A misspelt word is as common as the word it misspells, not unknown and rare.
            w = min(w, weight(partner))
        total += w
        if sim >= TOKEN_MATCH:
            matched += w * sim
    return matched / total if total else 0.0


def _distinctive(tokens: Sequence[str], weight: Callable[[str], float]) -> list[str]:
    """The words that say who it is: not generic, not a place, not a legal-form word."""
    return [t for t in tokens if weight(t) > PLACE_CAP]


def _is_short(tokens: Sequence[str]) -> bool:
    return len(tokens) == 1 and len(tokens[0]) <= SHORT_LEN


def _short_core(core: list[str], weight: Callable[[str], float]) -> bool:
    # A short core names the company only if it is a name, not a sector ("Bank" in "National
    # Bank of Greece" leaves the rest of the name to decide).
    return _is_short(core) and weight(core[0]) > DESCRIPTOR_CAP


def short_rule(
    query: Sequence[str], listed: Sequence[str], weight: Callable[[str], float]
) -> float | None:
    """The name score when the short-name rule decides (SHORT_EXACT or 0), else None."""
    return _short(query, listed, _distinctive(query, weight), _distinctive(listed, weight), weight)


def _short(
    query: Sequence[str],
    listed: Sequence[str],
    core_q: list[str],
    core_l: list[str],
    weight: Callable[[str], float],
) -> float | None:
    if not (
        _is_short(query)
        or _is_short(listed)
        or _short_core(core_q, weight)
        or _short_core(core_l, weight)
    ):
        return None
    strict = any(len(t) == 1 and len(t[0]) <= STRICT_SHORT_LEN for t in (query, listed))
    if strict:
        same = "".join(query) == "".join(listed)
    else:
        same = "".join(query) == "".join(listed) or (
            bool(core_q) and (core_q == core_l or "".join(core_q) == "".join(core_l))
        )
    return SHORT_EXACT if same else 0.0


def token_view(forward: float, backward: float) -> float:
    """The token view `compare` takes from the two coverages: their average, or a containment
    when one side is covered CONTAIN_MIN or more. It never falls as either coverage rises, so
    upper bounds of the coverages give an upper bound of it (bounds.py)."""
    tokens = (forward + backward) / 2
    if forward >= CONTAIN_MIN:
        tokens = max(tokens, forward * (CONTAIN_BASE + CONTAIN_OUTER * backward))
    if backward >= CONTAIN_MIN:
        tokens = max(tokens, backward * (CONTAIN_BASE + CONTAIN_OUTER * forward))
    return tokens


def compare(
    query: Sequence[str], listed: Sequence[str], weight: Callable[[str], float]
) -> NameComparison:
    """Compare two names given as normalised tokens; `weight` gives a token's rarity (0..1)."""
    if tuple(query) == tuple(listed):
        pairs = [(t, t, 1.0) for t in query]
        return NameComparison(1.0, "exact", {"exact": 1.0}, pairs, list(pairs))
    # Each word's weight once: the helpers below ask for the same few words many times.
    weight = {t: weight(t) for t in (*query, *listed)}.__getitem__
    core_q, core_l = _distinctive(query, weight), _distinctive(listed, weight)
    short = _short(query, listed, core_q, core_l, weight)
    if short is not None:
        forward, backward = _align(query, listed, SINGLE_TYPO_LEN)
        if short:
            return NameComparison(short, "short", {"short": short}, forward, backward)
        return NameComparison(
            0.0, "short", {"short": 0.0}, forward, backward, "short name: exact match only"
        )
    single = len(core_q) <= 1 or len(core_l) <= 1
    forward, backward = _align(query, listed, SINGLE_TYPO_LEN if single else ONE_TYPO_LEN)
    fwd, bwd = _coverage(forward, weight), _coverage(backward, weight)
    tokens = (fwd + bwd) / 2  # token_view, with which form it took
    contained = False
    if fwd >= CONTAIN_MIN and (inside := fwd * (CONTAIN_BASE + CONTAIN_OUTER * bwd)) > tokens:
        tokens, contained = inside, True
    if bwd >= CONTAIN_MIN:
        tokens = max(tokens, bwd * (CONTAIN_BASE + CONTAIN_OUTER * fwd))
    ordered = fuzz.ratio(" ".join(sorted(query)), " ".join(sorted(listed))) / 100.0
    views = {"tokens": tokens, "sorted": min(ordered, tokens + SORTED_LIFT)}
    if len(query) != len(listed):
        compact = fuzz.ratio("".join(query), "".join(listed)) / 100.0
        views["compact"] = compact if compact >= COMPACT_MIN else 0.0
    # The best view, the first of equals (as max over the dict would pick it).
    method, best = "tokens", tokens
    for view, value in views.items():
        if value > best:
            method, best = view, value
    if method == "tokens" and contained:
        method = "contained"  # the query's words all inside a longer listed name
    score = views.get(method, tokens)
    rule = _refusal(forward, listed, weight, single) if method != "compact" or score < 1.0 else None
    if rule and score > RULE_CAP:
        score = RULE_CAP
    return NameComparison(score, method, views, forward, backward, rule)


def _refusal(
    forward: Pairs, listed: Sequence[str], weight: Callable[[str], float], single: bool
) -> str | None:
    """Why a near match must not alert, or None: it agrees on none of the listed name's most
    distinctive words (exactly or by a forgivable typo). A name made only of common words
    ("China Communications Construction") needs agreement on its least common one."""
    needed = min(DISTINCTIVE, DISTINCTIVE_SHARE * max((weight(t) for t in listed), default=0.0))
    best = 0.0
    for q, c, sim in forward:
        if sim < AGREEING:
            continue  # "asiana" / "caspian" look alike, but are not one word misspelt
        if (
            sim < SAME_SOUND
            and single
            and min(len(q), len(c)) < SINGLE_TYPO_LEN
            and not _vowel_swap(q, c)
            and not _swapped(q, c)
        ):
            continue  # "capita" / "capital": a short word one letter off is another word
        best = max(best, min(weight(q), weight(c)) * sim)
    if best >= needed:
        return None
    if single:
        return "one distinctive word, not matched exactly"
    return "no distinctive word in common"
