"""The labelled evaluation set for the screening benchmark, labelled from the lists, not the engine.

Positives are listed names of entities (OFAC SDN, OFAC non-SDN, UN) and of persons, each with one
realistic variation of a named kind: case, punctuation, legal-form change or drop, word order,
transliteration, typo, or another of the entity's own names (alias). Every label is fixed from
the list data before any screening runs: a positive's gold answer is every listed entity that
carries the source name (compared as letters and digits only, an independent key, not the
engine's normaliser), since one name may be listed twice (SDN and non-SDN).
Negatives are real organisation names that are on no list (`real_companies.txt`, written by hand);
any whose letters-and-digits key equals a listed name is set aside and reported.

Everything is seeded, so two runs build the same set.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.screening.index import IndexedEntry
from ingest.listing import ListEntry

__all__ = [
    "KINDS",
    "Case",
    "build_positives",
    "generated_entries",
    "list_key",
    "negatives",
    "real_negatives",
    "synthetic_company",
]

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
# Legal-form words a variation may drop or swap (upper case, as the lists write them).
_FORM_WORDS = re.compile(
    r"\b(CO\.?,? LTD\.?|LTD\.?|LIMITED|LLC|L\.L\.C\.|INC\.?|CORP\.?|CORPORATION|S\.A\.?|SA|"
    r"GMBH|PLC|OOO|OAO|ZAO|JSC|OJSC|CJSC|PJSC|COMPANY|CO\.?|S\.A\.L\.?|SAL|FZE|B\.V\.|N\.V\.)$"
)
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
_ENGLISH = frozenset(
    str.split(
        """
    JOINT STOCK COMPANY CLOSED OPEN PUBLIC LIMITED LIABILITY GROUP CORPORATION INDUSTRIES
    INDUSTRY TECHNOLOGY TECHNOLOGIES INTERNATIONAL TRADING HOLDING HOLDINGS SERVICES BANK
    NATIONAL SOUTH NORTH EAST WEST CENTRAL ENGINEERING ELECTRONICS SHIPPING EXCHANGE
    COMMERCIAL DEVELOPMENT INVESTMENT MANAGEMENT ENTERPRISE ENTERPRISES EXPORT IMPORT
    GENERAL UNITED ORGANIZATION FOUNDATION INSTITUTE RESEARCH ACADEMY SCIENCE CHINA KOREA
    JSC OJSC CJSC PJSC OAO ZAO PAO AO OOO LLC LTD LTD. CO CO. INC INC. CORP CORP. PLC GMBH
    """
    )
)
KINDS = ("case", "punctuation", "legal_form", "reorder", "translit", "typo", "alias")


@dataclass(frozen=True)
class Case:
    """One query with its expected answers (empty for a negative)."""

    query: str
    gold: frozenset[tuple[str, str]]
    kind: str  # a variation kind, or "negative"
    list: str = ""  # the list the source name came from ("" for a negative)
    schema: str = "entity"
    source: str = ""


def list_key(name: str) -> str:
    """Letters and digits only, lower case: the label key, independent of the engine."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


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


def _vary(entry: ListEntry, name: str, kind: str, rng: random.Random) -> str | None:
    if kind == "case":
        return name.title() if name.isupper() else name.upper()
    if kind == "punctuation":
        out = re.sub(r"[.,'\-]", lambda m: rng.choice(["", " "]), name)
        return out if out != name else None
    if kind == "legal_form":
        if entry.schema_ != "entity":
            return None
        upper = name.upper().rstrip()
        hit = _FORM_WORDS.search(upper)
        if hit:  # drop it, or swap it for another form
            core = upper[: hit.start()].rstrip(" ,")
            return core if rng.random() < 0.5 or not core else f"{core} {rng.choice(_LEGAL)}"
        return f"{name} {rng.choice(_LEGAL)}"
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
        # Romanisations differ in romanised words, not in English ones ("JOINT", "SOUTH").
        words = name.upper().split()
        spots = [
            (i, a, b)
            for i, w in enumerate(words)
            if w.strip(".,") not in _ENGLISH
            for a, b in _TRANSLIT
            if a in w
        ]
        if not spots:
            return None
        i, a, b = rng.choice(spots)
        words[i] = words[i].replace(a, b, 1)
        return " ".join(words)
    if kind == "alias":
        others = [n for n in entry.all_names() if list_key(n) != list_key(name)]
        return rng.choice(others) if others else None
    raise ValueError(kind)


def real_negatives() -> list[str]:
    """The hand-written real organisation names (comments and blanks dropped)."""
    lines = (_HERE / "real_companies.txt").read_text(encoding="utf-8").splitlines()
    return list(dict.fromkeys(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")))


def negatives(entries: list[ListEntry]) -> tuple[list[Case], list[str]]:
    """Real negatives as cases, and those set aside because a list carries the same name."""
    listed = {list_key(n) for e in entries for n in e.all_names()}
    kept: list[str] = []
    dropped: list[str] = []
    for name in real_negatives():
        (dropped if list_key(name) in listed else kept).append(name)
    return [Case(n, frozenset(), "negative") for n in kept], dropped


def build_positives(
    entries: list[ListEntry], per_list: int, seed: int = 7, schemas: tuple[str, ...] = ("entity",)
) -> list[Case]:
    """About `per_list` varied names per list (for the given schemas), labelled from the lists."""
    rng = random.Random(seed)
    by_key: dict[str, set[tuple[str, str]]] = {}
    for e in entries:
        for n in e.all_names():
            by_key.setdefault(list_key(n), set()).add((e.list, e.entity_id))
    kinds = [k for k in KINDS if k != "legal_form" or "entity" in schemas]
    cases: list[Case] = []
    for code in sorted({e.list for e in entries}):
        pool = [e for e in entries if e.list == code and e.schema_ in schemas]
        if not pool:
            continue
        made = tries = 0
        while made < per_list and tries < per_list * 20:
            tries += 1
            entry = rng.choice(pool)
            name = entry.name if rng.random() < 0.7 else rng.choice(entry.all_names())
            kind = kinds[made % len(kinds)]
            query = _vary(entry, name, kind, rng)
            if not query or not list_key(query):
                continue
            gold = frozenset(by_key.get(list_key(name), set()) | {(entry.list, entry.entity_id)})
            cases.append(Case(query, gold, kind, code, entry.schema_, name))
            made += 1
    return cases


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
