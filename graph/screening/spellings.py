"""Spelling variants that are one word: romanisations of one sound, spellings of one given name.

Lists spell the same name from Arabic, Persian, Russian or Chinese several ways ("Druzhba" /
"Drujba", "Impex" / "Impeks", "Afaq" / "Afak"); `sound` folds those together, for blocking and
word similarity. normalise.py writes the commonest given names one way ("Mohammed" ->
"muhammad"); `given_spellings` gives back the spellings behind it, so that a typo in one of them
("Mohammsed") is still one letter from the name.

Example:
    >>> sound("druzhba") == sound("drujba")
    True
    >>> "mohammed" in given_spellings("muhammad")
    True
"""

from __future__ import annotations

from functools import lru_cache

from graph.screening.normalise import _GIVEN

__all__ = ["GIVEN_NAMES", "given_spellings", "sound"]

# Romanisation variants of one sound, as lists spell the same name from Arabic, Persian, Russian
# or Chinese: "Druzhba" / "Drujba", "Impex" / "Impeks", "Afaq" / "Afak", "Tosee" / "Tosi".
_SOUNDS = (
    ("shch", "sc"),
    ("zh", "j"),
    ("dj", "j"),
    ("kh", "h"),
    ("ks", "x"),
    ("ts", "c"),
    ("ph", "f"),
    ("w", "v"),
    ("q", "k"),
    ("ee", "i"),
    ("ou", "u"),
    ("oo", "u"),
    ("iy", "i"),
    ("y", "i"),
)


@lru_cache(maxsize=1 << 16)
def sound(token: str) -> str:
    """A token with romanisation variants folded together: equal for "drujba" and "druzhba"."""
    for a, b in _SOUNDS:
        if a in token:
            token = token.replace(a, b)
    return token


_SPELLINGS: dict[str, tuple[str, ...]] = {}
for _spelling, _canonical in _GIVEN.items():
    _SPELLINGS[_canonical] = (*_SPELLINGS.get(_canonical, (_canonical,)), _spelling)
GIVEN_NAMES = frozenset(_SPELLINGS)


def given_spellings(token: str) -> tuple[str, ...]:
    """The spellings a canonical given name stands for ("muhammad": "mohammed", "mohamed", ...),
    so that a typo in one of them ("mohammsed") is still one letter from the name; () if none."""
    return _SPELLINGS.get(token, ())
