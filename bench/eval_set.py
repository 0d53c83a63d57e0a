"""The labelled evaluation set for the screening benchmark, built from the lists themselves.

Positives are listed names (primary names and aliases) with one realistic variation each:
dropped or changed legal form, reordered words, a typo, a transliteration variant, an
abbreviation, or punctuation and case noise. Each positive's gold answer is every listed entity
carrying that exact name (normalised), since one name may be listed twice (SDN and non-SDN).
Negatives are real company names that are not listed (`real_companies.txt`) and generated
company names; any whose normalised form equals a listed name is dropped.

Everything is seeded, so two runs build the same set.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.screening.index import IndexedEntry
from graph.screening.normalise import normalise
from ingest.listing import ListEntry

__all__ = ["Case", "build_eval_set", "generated_entries", "real_negatives", "synthetic_company"]

_HERE = Path(__file__).resolve().parent
_LEGAL = [
    "Ltd",
    "Limited",
    "LLC",
    "Inc.",
    "Co., Ltd.",
    "GmbH",
    "S.A.",
    "Corp.",
    "PLC",
    "OOO",
    "JSC",
]
_ABBREVIATIONS = {
    "TECHNOLOGY": "Tech",
    "TECHNOLOGIES": "Tech",
    "INTERNATIONAL": "Intl",
    "COMPANY": "Co",
    "CORPORATION": "Corp",
    "MANUFACTURING": "Mfg",
    "INDUSTRIES": "Inds",
    "LIMITED": "Ltd",
    "SERVICES": "Svcs",
    "DEVELOPMENT": "Dev",
    "NATIONAL": "Natl",
    "ASSOCIATION": "Assn",
    "BROTHERS": "Bros",
    "HOLDINGS": "Hldgs",
    "INCORPORATED": "Inc",
}
# Romanisation differences seen between lists (Arabic, Persian, Russian and Chinese names).
_TRANSLIT = [
    ("MOHAMMED", "MUHAMMAD"),
    ("MOHAMMAD", "MUHAMMAD"),
    ("MUHAMMAD", "MOHAMED"),
    ("AHMED", "AHMAD"),
    ("HUSSEIN", "HUSAYN"),
    ("YOUSSEF", "YUSUF"),
    ("ABDUL", "ABD AL"),
    ("KH", "H"),
    ("OU", "U"),
    ("EE", "I"),
    ("YA", "IA"),
    ("YU", "IU"),
    ("Q", "K"),
    ("J", "DJ"),
    ("PH", "F"),
    ("W", "V"),
    ("IY", "I"),
    ("AI", "AY"),
    ("TS", "C"),
    ("ZH", "J"),
    ("EI", "EY"),
    ("X", "KS"),
]
_KINDS = ("legal_form", "reorder", "typo", "translit", "abbreviation", "punctuation")


@dataclass(frozen=True)
class Case:
    """One query with its expected answers (empty for a negative)."""

    query: str
    gold: frozenset[tuple[str, str]]
    kind: str  # a variation kind, or "negative_real" / "negative_generated"
    source: str = ""


def _typo(name: str, rng: random.Random) -> str | None:
    words = [i for i, w in enumerate(name.split()) if len(w) >= 5 and w.isalpha()]
    if not words:
        return None
    parts = name.split()
    i = rng.choice(words)
    w = parts[i]
    p = rng.randrange(1, len(w) - 1)
    op = rng.choice(("sub", "del", "ins", "swap"))
    letter = rng.choice("AEIOURSTNLK")
    w = {
        "sub": w[:p] + letter + w[p + 1 :],
        "del": w[:p] + w[p + 1 :],
        "ins": w[:p] + letter + w[p:],
        "swap": w[: p - 1] + w[p] + w[p - 1] + w[p + 1 :],
    }[op]
    parts[i] = w
    return " ".join(parts)


def _vary(name: str, kind: str, rng: random.Random) -> str | None:
    norm = normalise(name)
    if kind == "legal_form":
        core = " ".join(t.upper() for t in norm.tokens)
        return core if norm.legal_forms else f"{name} {rng.choice(_LEGAL)}"
    if kind == "reorder":
        if "," in name:  # "SURNAME, Given" -> "Given Surname"
            last, _, first = name.partition(",")
            return f"{first.strip()} {last.strip()}"
        words = name.split()
        if len(words) < 2:
            return None
        k = rng.randrange(1, len(words))
        return " ".join(words[k:] + words[:k])
    if kind == "typo":
        return _typo(name, rng)
    if kind == "translit":
        upper = name.upper()
        options = [(a, b) for a, b in _TRANSLIT if a in upper]
        if not options:
            return None
        a, b = rng.choice(options)
        return upper.replace(a, b, 1)
    if kind == "abbreviation":
        words = name.upper().replace(",", "").replace(".", "").split()
        if not any(w in _ABBREVIATIONS for w in words):
            return None
        return " ".join(_ABBREVIATIONS.get(w, w) for w in words)
    if kind == "punctuation":
        return re.sub(r"[.,'\-]", lambda m: rng.choice(["", " ", m.group(0)]), name).title()
    raise ValueError(kind)


def real_negatives() -> list[str]:
    """The hand-written real company names (comments and blanks dropped)."""
    lines = (_HERE / "real_companies.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


_SYLLABLES = [
    "ka",
    "ri",
    "to",
    "mel",
    "van",
    "dor",
    "sa",
    "lin",
    "ber",
    "gu",
    "no",
    "ta",
    "ve",
    "lo",
    "ra",
    "mi",
    "zen",
    "fa",
    "tor",
    "quin",
    "bel",
    "har",
    "mon",
    "cas",
    "ti",
    "del",
    "ar",
    "os",
    "ul",
    "pe",
]
_WORDS = [
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Global",
    "United",
    "Royal",
    "Premier",
    "Atlantic",
    "Pacific",
    "Summit",
    "Pioneer",
    "Heritage",
    "Crown",
    "Liberty",
    "Horizon",
    "Vertex",
    "Quantum",
    "Apex",
    "Meridian",
    "Harbour",
    "Valley",
    "River",
    "Oak",
    "Cedar",
    "Maple",
    "Granite",
    "Silver",
    "Golden",
    "Blue",
    "Green",
    "Red",
    "Bright",
    "Clear",
    "Swift",
    "Prime",
    "Core",
    "Civic",
    "Metro",
    "Urban",
    "Coastal",
    "Highland",
    "Lakeside",
]
_TRADES = [
    "Logistics",
    "Consulting",
    "Engineering",
    "Software",
    "Analytics",
    "Solutions",
    "Systems",
    "Foods",
    "Textiles",
    "Plastics",
    "Metals",
    "Energy",
    "Telecom",
    "Media",
    "Pharma",
    "Healthcare",
    "Dental",
    "Recruitment",
    "Staffing",
    "Catering",
    "Cleaning",
    "Security",
    "Construction",
    "Builders",
    "Architects",
    "Interiors",
    "Printing",
    "Packaging",
    "Freight",
    "Shipping",
    "Aviation",
    "Motors",
    "Insurance",
    "Finance",
    "Capital",
    "Partners",
    "Estates",
    "Properties",
    "Lettings",
    "Travel",
    "Tours",
    "Leisure",
    "Fitness",
    "Education",
    "Training",
    "Labs",
    "Robotics",
    "Devices",
    "Imaging",
]


def _coined(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def synthetic_company(rng: random.Random) -> str:
    """A made-up but realistic company name: coined brand or common words, a trade, a legal form."""
    shape = rng.random()
    if shape < 0.4:
        core = f"{_coined(rng)} {rng.choice(_TRADES)}"
    elif shape < 0.7:
        core = f"{rng.choice(_WORDS)} {_coined(rng)} {rng.choice(_TRADES)}"
    else:
        core = f"{rng.choice(_WORDS)} {rng.choice(_WORDS)} {rng.choice(_TRADES)}"
    return f"{core} {rng.choice(_LEGAL)}" if rng.random() < 0.7 else core


def build_eval_set(entries: list[ListEntry], size: int = 10_000, seed: int = 7) -> list[Case]:
    """`size` cases: 20% negatives (all real ones, then generated), the rest varied listed names."""
    rng = random.Random(seed)
    by_name: dict[str, set[tuple[str, str]]] = {}
    names: list[str] = []
    for e in entries:
        for n in e.all_names():
            key = normalise(n, organisation=e.schema_ != "person").text
            if key not in by_name:
                names.append(n)
            by_name.setdefault(key, set()).add((e.list, e.entity_id))
            by_name.setdefault(normalise(n).text, set()).add((e.list, e.entity_id))
    listed = set(by_name)
    real = [n for n in real_negatives() if normalise(n).text not in listed]
    cases = [Case(n, frozenset(), "negative_real") for n in real]
    want_negatives = max(len(real), size // 5)
    while len(cases) < want_negatives:
        n = synthetic_company(rng)
        if normalise(n).text not in listed:
            cases.append(Case(n, frozenset(), "negative_generated"))
    while len(cases) < size:
        source = rng.choice(names)
        kind = rng.choice(_KINDS)
        query = _vary(source, kind, rng)
        if not query or normalise(query).text == "":
            continue
        gold = by_name.get(normalise(source).text, set()) | by_name.get(
            normalise(source, organisation=False).text, set()
        )
        cases.append(Case(query, frozenset(gold), kind, source))
    rng.shuffle(cases)
    return cases


def generated_entries(count: int, seed: int = 11) -> Iterator[tuple[IndexedEntry, tuple[str, ...]]]:
    """`count` generated listed entities (companies and people) with their names, for the scale run.

    Longer coined words than the generated negatives use, so that a negative is not listed by
    coincidence; yields the screening summary directly (building a full ListEntry per row would
    measure pydantic, not the index).
    """
    rng = random.Random(seed)
    firsts = [
        "Ali",
        "Omar",
        "Ivan",
        "Olga",
        "Li",
        "Wei",
        "Juan",
        "Maria",
        "Ahmed",
        "Fatima",
        "Sergei",
        "Anna",
        "Chen",
        "Hassan",
        "Yusuf",
        "Elena",
        "Pavel",
        "Nadia",
    ]
    for i in range(count):
        person = rng.random() < 0.4
        brand = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4))).upper()
        if person:
            name = f"{brand}, {rng.choice(firsts)}"
        else:
            name = f"{brand} {rng.choice(_TRADES).upper()} {rng.choice(_LEGAL).upper()}"
        names: tuple[str, ...] = (name,)
        if rng.random() < 0.3:
            names += (f"{brand} {rng.choice(_WORDS).upper()}",)
        entry = IndexedEntry(
            "ofac-sdn", f"G{i}", name, "person" if person else "entity", (), frozenset(), ("GEN",)
        )
        yield entry, names
