"""Legal forms: set them apart from a name, and say whether two names' forms agree.

"Hikvision Digital Technology Co., Ltd." and "Hikvision Digital Technology" name one company,
so screening compares names without their legal forms; but the forms stay as evidence: "EMMA
LLC" is closer to the company EMMA LLC than to a vessel called EMMA, and "STROYTRANSGAZ LLC" to
the LLC than to the OJSC of the same group.

Forms are found by a hand table of canonical codes (position-aware: "AB Volvo" loses "ab", "Ab
Initio Software" keeps it), then by rigour's org-type database (MIT; OpenSanctions), which knows
the forms of many more jurisdictions ("s.r.o.", "EOOD", "e.V.", "CIC", ...), at the start or end
of a name only.

Example:
    >>> split_forms(["stroytransgaz", "llc"])
    (['stroytransgaz'], ['llc'])
    >>> form_relation(("llc",), ("ooo",))
    'similar'
"""

from __future__ import annotations

from functools import lru_cache

from rigour.names.org_types import extract_org_types

from graph.screening.words import GENERIC_WORDS

__all__ = ["FORM_EFFECTS", "FORM_TOKENS", "FormRelation", "form_relation", "split_forms"]

# Canonical code -> spellings (folded: lower case, punctuation as spaces, initials joined). Codes
# in _ANYWHERE never occur as ordinary words and are removed wherever they stand; the others
# ("co", "sa", "ag", "pt", ...) only at the start or end of a name, where legal forms go.
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
        "sociedad anonima",
        "societe anonyme",
        "sociedade anonima",
    ),
    "spa": ("spa", "societa per azioni"),
    "srl": ("srl", "s de rl", "s de rl de cv"),
    "sas": ("sas",),
    "sarl": ("sarl",),
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
    "sro": ("sro",),
    "ood": ("ood", "eood"),
    "kft": ("kft",),
    "zrt": ("zrt", "nyrt"),
    "spzoo": ("sp z o o", "spzoo"),
}
_ANYWHERE = frozenset(
    {"ltd", "inc", "corp", "llc", "plc", "llp", "gmbh", "ooo", "jsc", "bhd", "fze", "sarl", "srl"}
    | {"kk", "spzoo"}
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
# Every word of every form ("sa", "joint", "stock", ...): left inside a name when the form is
# written out of order ("Trading International S.A. TNK"), they say nothing of identity.
FORM_TOKENS = frozenset(word for phrase in _PHRASES for word in phrase)
_ANYWHERE_FIRST = frozenset(p[0] for p, code in _PHRASES.items() if code in _ANYWHERE)
# rigour's compare forms that our codes already cover under another spelling.
_RIGOUR_CODES = {"coltd": "ltd", "sacv": "sa", "gmbhcokg": "kg", "pte ltd": "pte", "sdn bhd": "bhd"}

# Families of forms that are the same kind of company in different jurisdictions: an LLC and an
# OOO are both limited-liability companies, so they are "similar", not in conflict.
_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset(
        str.split("ltd llc ooo gmbh sarl srl sl bv pty pte pvt bhd spzoo doo sro kft aps ood")
    ),
    frozenset(str.split("plc jsc ag sa spa nv se ab as oy pt kk zrt ad sas sae sal")),
    frozenset(str.split("llp lp kg snc scs")),
    frozenset(str.split("inc corp")),
)
# "co" says almost nothing ("Co., Ltd." is a limited company); compared only when it is alone.
_WEAK = frozenset({"co"})

FormRelation = str  # "agrees" | "similar" | "differs" | "one side" | "none"
# Score effect and rank of each relation: rank breaks ties (agreeing forms first), the effect
# lowers a match whose forms conflict.
FORM_EFFECTS: dict[FormRelation, tuple[float, int]] = {
    "agrees": (0.0, 3),
    "similar": (0.0, 2),
    "none": (0.0, 1),
    "one side": (0.0, 1),
    "differs": (-0.05, 0),
}


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


def _rigour_edge(tokens: list[str]) -> tuple[str, int, bool] | None:
    """A form rigour knows at the end of the tokens: (code, size, at_end)."""
    if len(tokens) < 2:
        return None
    for matched, compare in extract_org_types(" ".join(tokens)):
        words = matched.split()
        size = len(words)
        if size >= len(tokens):
            continue
        code = _RIGOUR_CODES.get(compare, compare.replace(" ", "").strip("."))
        # At the end only, and never leaving nothing but generic words: rigour knows short
        # forms ("rs", "stg") that are more often a company's initials at the start.
        if tokens[-size:] == words and not set(tokens[:-size]) <= GENERIC_WORDS:
            return code, size, True
    return None


@lru_cache(maxsize=1 << 16)
def _split(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    rest = list(tokens)
    forms: list[str] = []
    # Leading forms: "OOO Romashka", "PT Bank Mandiri", "AB Volvo".
    while len(rest) > 1 and (hit := _form_at(rest, 0)) and hit[1] < len(rest):
        forms.append(hit[0])
        rest = rest[hit[1] :]
    # Trailing forms, possibly several: "Co., Ltd.", "GmbH & Co. KG".
    trailing: list[str] = []
    while len(rest) > 1 and (hit := _form_before(rest, len(rest))):
        trailing.insert(0, hit[0])
        rest = rest[: -hit[1]]
    # Forms of other jurisdictions, at the edges only (one pass each side is enough in practice).
    for _ in range(2):
        edge = _rigour_edge(rest)
        if edge is None:
            break
        code, size, at_end = edge
        if at_end:
            trailing.insert(0, code)
            rest = rest[:-size]
        else:
            forms.append(code)
            rest = rest[size:]
    if any(t in _ANYWHERE_FIRST for t in rest):
        core: list[str] = []
        i = 0
        while i < len(rest):
            hit = _form_at(rest, i)
            if hit and hit[0] in _ANYWHERE and len(rest) > 1:
                forms.append(hit[0])
                i += hit[1]
                continue
            core.append(rest[i])
            i += 1
        rest = core or rest
    return tuple(rest), tuple(dict.fromkeys(forms + trailing))


def split_forms(tokens: list[str]) -> tuple[list[str], list[str]]:
    """The name's own tokens and its legal-form codes, in order of appearance."""
    core, forms = _split(tuple(tokens))
    return list(core), list(forms)


def _strong(forms: tuple[str, ...] | list[str]) -> set[str]:
    strong = {f for f in forms if f not in _WEAK}
    return strong or set(forms)


@lru_cache(maxsize=1 << 12)
def form_relation(query: tuple[str, ...], listed: tuple[str, ...]) -> str:
    """How two names' legal forms compare: agrees, similar, differs, one side or none."""
    if not query and not listed:
        return "none"
    if not query or not listed:
        return "one side"
    left, right = _strong(query), _strong(listed)
    if left & right:
        return "agrees"
    if any(left & family and right & family for family in _FAMILIES):
        return "similar"
    return "differs"
