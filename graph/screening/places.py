"""Countries a name names: its country and nationality words, and the cities and regions in it.

"National Bank of Kuwait" and "NATIONAL BANK OF IRAN" share every word but the one that says
which bank it is; "Bank of Moscow" names Russia. Words are looked up in rigour's territory
database (MIT; OpenSanctions), which knows country names, nationality adjectives ("Kuwaiti",
"Irish", "Hellenic"), former names ("Burma", "Ceylon") and many cities and regions ("Moscow",
"Dubai", "Bavaria"), each tied to its country. Two- and three-letter codes are not words
("and" is not Andorra, "can" not Canada), except the few a name spells out ("UK", "USA").

Example:
    >>> countries(("national", "bank", "of", "kuwait", "international"))
    (('kw', 'kuwait'),)
    >>> countries(("bank", "of", "moscow"))
    (('ru', 'moscow'),)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rigour.territories import lookup_territory
from rigour.territories.territory import Territory

__all__ = ["HOME_WORDS", "conflict", "countries", "spoken"]

# Words a UK branch or subsidiary of a foreign company adds to its name ("... (UK) Ltd",
# "... London Branch", "... (Europe) Limited").
HOME_WORDS = frozenset(
    {"uk", "gb", "london", "england", "scotland", "wales", "british", "britain", "europe"}
)

# Codes a name spells out as a word.
_SPELLED = {"uk": "gb", "usa": "us", "uae": "ae"}
# Cities that rigour's database does not name (checked against words.PLACE_WORDS).
_CITIES = {
    "birmingham": "gb",
    "leeds": "gb",
    "petersburg": "ru",
    **dict.fromkeys(
        ("chengdu", "dalian", "guangzhou", "hangzhou", "shenzhen", "wuhan", "xiamen"), "cn"
    ),
}
# Territories counted as one country here: "Hikvision Hong Kong" is not another country than
# "Hangzhou Hikvision"; "Korea" and "Congo" alone do not say which of two is meant.
_PART_OF = {"hk": "cn", "mo": "cn", "kp": "kr", "cd": "cg"}
_LONGEST = 3  # words in the longest place name looked up ("united arab emirates")


@lru_cache(maxsize=1)
def _table() -> dict[str, Territory] | None:
    """rigour's table of place names (normalised: lower case, no punctuation, as our tokens
    are), or None if it cannot be read. `lookup_territory` transliterates its text before
    reading it, tens of microseconds a phrase; our phrases are plain ASCII words already."""
    try:
        from rigour.territories.lookup import _get_territory_names  # the table lookups read
    except ImportError:  # pragma: no cover - a rigour that moved it: use the public lookup
        return None
    return _get_territory_names()


@lru_cache(maxsize=1 << 15)
def _country(text: str) -> str | None:
    """The country code of a place written as `text` (normalised words), or None."""
    if text in _SPELLED:
        return _SPELLED[text]
    if text in _CITIES:
        return _CITIES[text]
    if len(text) < 4 or not text.replace(" ", "").isalpha():
        return None  # a code, not a word ("and", "can", "per")
    table = _table()
    territory = table.get(text) if table is not None else lookup_territory(text)
    if territory is None:
        return None
    if text in (territory.code, (territory.alpha3 or "").lower()):
        return None
    code = (territory.ftm_country or "").partition("-")[0]  # "gb-sct": Scotland is in gb
    if len(code) != 2 or code in ("eu", "zz"):
        return None  # a supranational body or an unknown place is no country
    return _PART_OF.get(code, code)


@lru_cache(maxsize=1 << 16)
def _cached(tokens: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        for size in range(min(_LONGEST, len(tokens) - i), 0, -1):
            words = " ".join(tokens[i : i + size])
            code = _country(words)
            if code is not None:
                found.setdefault(code, words)
                i += size
                break
        else:
            i += 1
    return tuple(found.items())


def countries(tokens: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """(country code, the words naming it) for each country a normalised name names."""
    return _cached(tuple(tokens))


def conflict(query: Sequence[str], listed: Sequence[str]) -> tuple[str, str] | None:
    """The words of two names that name different countries, when both name one and they share
    none ("kuwait", "iran"); else None."""
    mine, theirs = countries(query), countries(listed)
    if not mine or not theirs or {c for c, _ in mine} & {c for c, _ in theirs}:
        return None
    return ", ".join(w for _, w in mine), ", ".join(w for _, w in theirs)


def spoken(words: str) -> str:
    """Place words as a reader writes them: "kuwait" -> "Kuwait", "uk" -> "UK"."""
    return " ".join(w.upper() if len(w) <= 3 else w.capitalize() for w in words.split())
