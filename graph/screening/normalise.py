"""Name normalisation for screening: the same company written two ways should read the same.

Folds case, accents and the Cyrillic and Greek scripts to plain ASCII, turns punctuation into
spaces, joins spelled-out initials ("I.B.M." -> "ibm"), maps common abbreviations to one word
("Tech." -> "technology") and sets legal forms (Co., Ltd., Limited, Inc., GmbH, S.A., OOO, ...)
apart from the name, since "Hikvision Digital Technology Co., Ltd." and "Hikvision Digital
Technology" name one company.

Example:
    >>> n = normalise("Hangzhou Hikvision Digital Tech. Co., Ltd.")
    >>> n.tokens, n.legal_forms
    (('hangzhou', 'hikvision', 'digital', 'technology'), ('co', 'ltd'))
    >>> normalise("OOO «Интер Тобако»").text
    'inter tobako'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from graph.screening.legal_forms import split_forms

__all__ = ["NormalName", "fold", "normalise"]

# One romanisation per letter (close to BGN/PCGN and to what OFAC and OFSI print), so that a
# Cyrillic name on one list meets its Latin spelling on another.
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўђјљњћџ",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
            "i",
            "yi",
            "ye",
            "g",
            "u",
            "dj",
            "j",
            "lj",
            "nj",
            "c",
            "dz",
        ],
        strict=True,
    )
)
_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψω",
        [
            "a",
            "v",
            "g",
            "d",
            "e",
            "z",
            "i",
            "th",
            "i",
            "k",
            "l",
            "m",
            "n",
            "x",
            "o",
            "p",
            "r",
            "s",
            "s",
            "t",
            "y",
            "f",
            "ch",
            "ps",
            "o",
        ],
        strict=True,
    )
)
_LETTERS = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "\u0131": "i",
    "ħ": "h",
}
_TABLE = str.maketrans(
    {**{k: v.strip("_") for k, v in _CYRILLIC.items()}, **_GREEK, **_LETTERS, "&": " and "}
)

# Apostrophes vanish ("D'S" -> "ds"); every other non-alphanumeric becomes a space.
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`\u00b4]")
_NON_WORD = re.compile(r"[\W_]+")

# Abbreviations that stand for one word; both sides of a comparison get the long form.
_WORDS: dict[str, str] = {
    "tech": "technology",
    "technologies": "technology",
    "techn": "technology",
    "intl": "international",
    "int": "international",
    "internat": "international",
    "mfg": "manufacturing",
    "manuf": "manufacturing",
    "ind": "industries",
    "inds": "industries",
    "industry": "industries",
    "svcs": "services",
    "svc": "services",
    "service": "services",
    "dev": "development",
    "devt": "development",
    "natl": "national",
    "nat": "national",
    "assn": "association",
    "assoc": "association",
    "bros": "brothers",
    "trdg": "trading",
    "org": "organization",
    "orgn": "organization",
    "organisation": "organization",
    "est": "establishment",
    "estab": "establishment",
    "grp": "group",
    "hldgs": "holding",
    "hldg": "holding",
    "holdings": "holding",
    "mgmt": "management",
    "dept": "department",
    "univ": "university",
    "inst": "institute",
    "ctr": "center",
    "centre": "center",
    "sci": "science",
    "sciences": "science",
    "eng": "engineering",
    "engg": "engineering",
    "elec": "electronics",
    "electronic": "electronics",
    "sys": "systems",
    "system": "systems",
    "comm": "communications",
    "communication": "communications",
    "telecom": "telecommunications",
    "st": "saint",
    "mt": "mount",
    "ft": "fort",
}

# Romanisations of the commonest Arabic given names differ more than a typo does ("Mohamed" /
# "Muhammad"); lists spell them every way, so both sides get one spelling. People's names too.
_GIVEN: dict[str, str] = {
    **dict.fromkeys(
        (
            "mohammed",
            "mohammad",
            "mohamed",
            "mohamad",
            "muhammed",
            "mohammat",
            "mohd",
            "muhamad",
            "mohamud",
        ),
        "muhammad",
    ),
    **dict.fromkeys(("ahmed", "ahmet", "achmed"), "ahmad"),
    **dict.fromkeys(("hussein", "husayn", "hussain", "husain", "hosein", "hossein"), "husayn"),
    **dict.fromkeys(("youssef", "yousef", "yusef", "youssouf", "yousif", "yusif"), "yusuf"),
    **dict.fromkeys(("abdel", "abdul", "abdoul"), "abd"),
    **dict.fromkeys(("abdallah", "abdulla", "abdalla"), "abdullah"),
    **dict.fromkeys(("osama", "usamah"), "usama"),
    **dict.fromkeys(("mahmud", "mahmood", "mahmoud"), "mahmud"),
}


@dataclass(frozen=True, slots=True)
class NormalName:
    """A name as screening compares it: content tokens, and the legal forms set apart."""

    tokens: tuple[str, ...]
    legal_forms: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def compact(self) -> str:
        """The tokens run together, so "Hik Vision" and "Hikvision" compare equal."""
        return "".join(self.tokens)


def fold(text: str) -> str:
    """Lower-case ASCII-ish text: accents dropped, Cyrillic and Greek romanised, punctuation as spaces."""
    lowered = unicodedata.normalize("NFKC", text).casefold().translate(_TABLE)
    if not lowered.isascii():
        # Romanise before dropping accents (Cyrillic "й" is "y", not "i"), then again after,
        # for letters that only the table knows without their accent (Greek "ή" -> "η" -> "i").
        decomposed = unicodedata.normalize("NFKD", lowered)
        lowered = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_TABLE)
    lowered = _APOSTROPHES.sub("", lowered)
    return " ".join(_NON_WORD.sub(" ", lowered).split())


def _join_initials(tokens: list[str]) -> list[str]:
    out: list[str] = []
    run = ""
    for tok in tokens:
        if len(tok) == 1 and tok.isalpha():
            run += tok
            continue
        if run:
            out.append(run)
            run = ""
        out.append(tok)
    if run:
        out.append(run)
    return out


@lru_cache(maxsize=1 << 17)
def normalise(name: str, *, organisation: bool = True) -> NormalName:
    """Fold a name and set its legal forms apart (see the module docstring).

    People's names keep every token: "Kim Se" must not lose "se" as if it were an SE.
    """
    tokens = [_GIVEN.get(t, t) for t in _join_initials(fold(name).split())]
    if not organisation:
        return NormalName(tuple(tokens), ())
    tokens = [_WORDS.get(t, t) for t in tokens]
    core, forms = split_forms(tokens)
    return NormalName(tuple(core), tuple(dict.fromkeys(forms)))
