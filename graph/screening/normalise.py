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

# Legal forms by canonical code. Those in _ANYWHERE never occur as ordinary words in names and
# are removed wherever they stand; the rest ("co", "sa", "ag", "pt", ...) are removed only at the
# start or the end of a name, where legal forms go, so "AB Volvo" loses "ab" but "Ab Initio
# Software" keeps it only if it stands inside.
_FORMS: dict[str, tuple[str, ...]] = {
    "ltd": ("ltd", "limited", "ltda", "limitada"),
    "inc": ("inc", "incorporated"),
    "corp": ("corp", "corporation"),
    "co": ("co", "company", "compania", "compagnie", "cia", "cie"),
    "llc": ("llc", "limited liability company"),
    "plc": ("plc", "public limited company"),
    "llp": ("llp", "limited liability partnership"),
    "lp": ("lp", "limited partnership"),
    "gmbh": ("gmbh", "gesellschaft mit beschrankter haftung", "mbh"),
    "ag": ("ag", "aktiengesellschaft"),
    "kg": ("kg", "kommanditgesellschaft", "gmbh and co kg"),
    "sa": (
        "sa",
        "sab",
        "sa de cv",
        "sab de cv",
        "s de rl de cv",
        "s de rl",
        "sociedad anonima",
        "societe anonyme",
        "sociedade anonima",
        "spa",
        "societa per azioni",
    ),
    "sas": ("sas",),
    "sarl": ("sarl",),
    "srl": ("srl",),
    "sl": ("sl",),
    "sal": ("sal",),
    "sae": ("sae",),
    "bv": ("bv", "besloten vennootschap"),
    "nv": ("nv", "naamloze vennootschap"),
    "ab": ("ab", "aktiebolag"),
    "as": ("as", "asa", "aps", "a s"),
    "oy": ("oy", "oyj"),
    "kk": ("kk", "kabushiki kaisha"),
    "pte": ("pte",),
    "pty": ("pty",),
    "pvt": ("pvt", "private"),
    "bhd": ("bhd", "berhad", "sdn bhd"),
    "pt": ("pt", "tbk"),
    "cv": ("cv",),
    "se": ("se",),
    "ooo": (
        "ooo",
        "tov",
        "obshchestvo s ogranichennoy otvetstvennostyu",
        "obshchestvo s ogranichennoi otvetstvennostiu",
    ),
    "jsc": (
        "jsc",
        "ojsc",
        "cjsc",
        "pjsc",
        "oao",
        "zao",
        "pao",
        "ao",
        "joint stock company",
        "open joint stock company",
        "closed joint stock company",
        "public joint stock company",
    ),
    "fze": ("fze", "fzco", "fzc", "fzllc", "fz llc"),
    "doo": ("doo", "d o o"),
    "kft": ("kft",),
    "zrt": ("zrt",),
    "spzoo": ("sp z o o", "spzoo"),
}
_ANYWHERE = frozenset(
    {
        "ltd",
        "inc",
        "corp",
        "llc",
        "plc",
        "llp",
        "gmbh",
        "ooo",
        "jsc",
        "bhd",
        "fze",
        "sarl",
        "srl",
        "kk",
        "spzoo",
    }
)
_PHRASES: dict[tuple[str, ...], str] = {
    tuple(variant.split()): code for code, variants in _FORMS.items() for variant in variants
}
# The longest phrase starting (ending) with each word, so most tokens are ruled out by one lookup.
_BY_FIRST: dict[str, int] = {}
_BY_LAST: dict[str, int] = {}
for _phrase in _PHRASES:
    _BY_FIRST[_phrase[0]] = max(_BY_FIRST.get(_phrase[0], 0), len(_phrase))
    _BY_LAST[_phrase[-1]] = max(_BY_LAST.get(_phrase[-1], 0), len(_phrase))
_ANYWHERE_FIRST = frozenset(p[0] for p, code in _PHRASES.items() if code in _ANYWHERE)

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


def _form_at(tokens: list[str], start: int) -> tuple[str, int] | None:
    longest = _BY_FIRST.get(tokens[start])
    if longest is None:
        return None
    for size in range(min(longest, len(tokens) - start), 0, -1):
        code = _PHRASES.get(tuple(tokens[start : start + size]))
        if code:
            return code, size
    return None


def _form_before(tokens: list[str], end: int) -> tuple[str, int] | None:
    longest = _BY_LAST.get(tokens[end - 1])
    if longest is None:
        return None
    # Leave at least one token: a name that is all legal form ("Limited") keeps it as its name.
    for size in range(min(longest, end - 1), 0, -1):
        code = _PHRASES.get(tuple(tokens[end - size : end]))
        if code:
            return code, size
    return None


def _split_forms(tokens: list[str]) -> tuple[list[str], list[str]]:
    forms: list[str] = []
    # Leading forms: "OOO Romashka", "PT Bank Mandiri", "AB Volvo".
    while len(tokens) > 1 and (hit := _form_at(tokens, 0)) and hit[1] < len(tokens):
        forms.append(hit[0])
        tokens = tokens[hit[1] :]
    # Trailing forms, possibly several: "Co., Ltd.", "GmbH & Co. KG".
    trailing: list[str] = []
    while len(tokens) > 1 and (hit := _form_before(tokens, len(tokens))):
        trailing.insert(0, hit[0])
        tokens = tokens[: -hit[1]]
    if not any(t in _ANYWHERE_FIRST for t in tokens):
        return tokens, forms + trailing
    core: list[str] = []
    i = 0
    while i < len(tokens):
        hit = _form_at(tokens, i)
        if hit and hit[0] in _ANYWHERE and len(tokens) > 1:
            forms.append(hit[0])
            i += hit[1]
            continue
        core.append(tokens[i])
        i += 1
    return core or tokens, forms + trailing


@lru_cache(maxsize=1 << 17)
def normalise(name: str, *, organisation: bool = True) -> NormalName:
    """Fold a name and set its legal forms apart (see the module docstring).

    People's names keep every token: "Kim Se" must not lose "se" as if it were an SE.
    """
    tokens = [_GIVEN.get(t, t) for t in _join_initials(fold(name).split())]
    if not organisation:
        return NormalName(tuple(tokens), ())
    tokens = [_WORDS.get(t, t) for t in tokens]
    core, forms = _split_forms(tokens)
    return NormalName(tuple(core), tuple(dict.fromkeys(forms)))
