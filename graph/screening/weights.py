"""How much a word says about which organisation a name means: rarity in the lists and in life.

A word common in ordinary company names ("capital", "global", "services", "group") says little
about identity even when a sanctions list happens to use it once, and a word common on the lists
("trading", "al") says little even if ordinary companies rarely use it. So a token's weight is
the smaller of two rarities, each in 0..1: in the indexed names, and in a reference corpus of
ordinary organisation names (`data/reference_org_names.txt`, real UK and foreign companies and
public bodies, a frequency reference only). Words naming a kind of business and places are
capped lower still, since "Hikvision UK" and "Hikvision" differ by a place, not by who they are.

Example:
    >>> reference_rarity("services") < 0.5 < reference_rarity("hikvision")
    True
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from graph.screening.legal_forms import FORM_TOKENS
from graph.screening.normalise import normalise
from graph.screening.words import DESCRIPTORS, FORM_WORDS, GENERIC_WORDS, PLACE_WORDS

__all__ = [
    "rarity",
    "reference_counts",
    "reference_rarity",
]


REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "reference_org_names.txt"
# A word used by this many names in a thousand or more has no weight left; one in a thousand
# keeps ~0.87. Logarithmic in between, as IDF is.
SATURATION_PER_1000 = 200.0
FLOOR = 0.05
GENERIC_CAP = 0.25
DESCRIPTOR_CAP = 0.4
PLACE_CAP = 0.3
FORM_WORD_CAP = FLOOR
# Below this many names the indexed lists say nothing about how common a word is (in a
# five-row list "group" is as rare as "sensetime"); only the reference corpus counts.
MIN_LIST_NAMES = 1000

# Misspellings are recognised against these, and against the spellings normalise.py maps to them.
_NEAR_POOL = sorted(
    w
    for w in FORM_WORDS | GENERIC_WORDS | {"industry", "technologies", "service", "holdings"}
    if len(w) >= 5
)


@lru_cache(maxsize=1)
def reference_counts() -> tuple[Counter[str], int]:
    """Token -> number of reference names using it, and the number of reference names."""
    counts: Counter[str] = Counter()
    total = 0
    for line in REFERENCE_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        total += 1
        counts.update(set(normalise(line).tokens))
    return counts, total


# ... by length: a word more than `limit` letters longer or shorter is more than `limit` edits away.
_NEAR_BY_SIZE: dict[int, list[str]] = {}
for _word in _NEAR_POOL:
    _NEAR_BY_SIZE.setdefault(len(_word), []).append(_word)


def _near_form_word(token: str) -> bool:
    """A misspelt legal-form or generic word ("comapny", "joitnt", "corpooration")."""
    if len(token) < 5:
        return False
    limit = 1 if len(token) < 8 else 2
    pool = [
        w
        for n in range(len(token) - limit, len(token) + limit + 1)
        for w in _NEAR_BY_SIZE.get(n, ())
    ]
    if not pool:
        return False
    hit = process.extractOne(token, pool, scorer=OSA.distance, score_cutoff=limit)
    return hit is not None


def rarity(count: int, total: int) -> float:
    """0..1: 1 for a word no name uses, falling with its share of names (log scale)."""
    if total <= 0:
        return 1.0
    per_1000 = count * 1000.0 / total
    return max(FLOOR, 1.0 - math.log1p(per_1000) / math.log1p(SATURATION_PER_1000))


def reference_rarity(token: str) -> float:
    """Rarity of a token among ordinary organisation names, capped for generic words and places."""
    counts, total = reference_counts()
    value = rarity(counts.get(token, 0), total)
    if (
        token in FORM_WORDS
        or token in FORM_TOKENS
        or (not counts.get(token) and _near_form_word(token))
    ):
        return min(value, FORM_WORD_CAP)
    if token in GENERIC_WORDS:
        value = min(value, GENERIC_CAP)
    if token in DESCRIPTORS:
        value = min(value, DESCRIPTOR_CAP)
    if token in PLACE_WORDS:
        value = min(value, PLACE_CAP)
    return value
