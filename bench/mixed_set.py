"""A labelled mixed set shaped like a UK supplier register, and the clean names to screen with it.

Issue 18: the bench must run the default settings on names as a supplier register holds them, not
on organisations alone. A register is mostly companies, charities and public bodies, with some sole
traders and individual consultants; its names are typed by people, so they carry the register's
own legal form, typos, another word order, another romanisation or a brand name.

Proportions (`build_mixed(entries)`, 1,000 positives by default, `PROPORTIONS`):
- 85% organisations (listed entities). Most rows of a supplier register are organisations
  (companies, charities, public bodies); sole traders and individual consultants are a minority.
  15% persons is an estimate for a mixed corporate register, not a measured figure: change
  `PROPORTIONS` for a register known to differ.
  Per list: OFAC SDN 55%, OFAC non-SDN 25%, UN 20%. The non-SDN list's NS-CMIC companies
  (Hikvision, SenseTime, ...) are the listed names a UK register most often really holds, so they
  are over-represented against their share of listed names. Within a list, 85% are drawn from
  business-like entities (a legal form or a trade word in one of their names: the suppliers a
  register holds) and 15% from the rest (armed groups, ministries, charities, fronts).
  Variant kinds (share of organisations): legal_form 22% (the register's own form, dropped or
  swapped), typo 14%, case 8%, punctuation 8%, translit 8%, brand 8% (a shorter name the list
  itself gives), alias 8% (another listed name), reorder 6%; and the harder kinds, 18% together:
  form_typo 6% (form changed and a typo), abbreviation 5% ("Intl", "Co", "Tech", "&"), branch 4%
  ("... (UK) Ltd", "... London Branch", as a UK subsidiary or branch is registered) and spacing 3%
  (two words run together, as brand names are written).
- 15% persons (listed individuals, as sole traders or consultants). Per list: OFAC SDN 70%, UN
  25%, OFAC non-SDN 5%. Variant kinds (share of persons): surname_given 25% ("Surname, Given" as
  a register's name field holds it), natural 25% ("Given Surname"), typo 15%, no_middle 15%
  (middle names left out) and the harder kinds: translit 8%, alias 8% (a listed a.k.a. in
  natural order) and honorific 4% ("Dr Given Surname").

Labels come from the lists before any screening, as in bench/eval_set.py (whose `Case` and
variations this reuses): a positive's gold answer is every listed entity that carries the source
name, or the query itself, compared as letters and digits only; for persons also every listed
person whose name has the same words in any order ("ALI, Ahmad" is "Ahmad Ali"). A shortened
person name that another listed person's name also holds whole is not used (it names no one).
Each positive records the entity it was made from (`MixedCase.entity_id`, an OFAC uid or a UN
reference), its kind (`schema`: entity or person) and the variant kind (`kind`). A kind that
cannot fill its quota on a list (UN names have no "SURNAME," to drop middle names from) passes the
rest to legal_form (organisations) or natural (persons), so the totals hold. Names too short for
a fair variant (under 7 letters for a changed spelling) are skipped. Everything is seeded: two
runs build the same set.

The clean side: `clean_cases(entries)` gives every real organisation name in real_companies.txt
and real_companies_more.txt (charities with country names, banks with place names, UK
subsidiaries of foreign groups, one-word trading names) as negatives, setting aside any whose
letters-and-digits key equals a listed name, as `eval_set.negatives` does.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bench.eval_set import _FORM_WORDS, Case, _typo, _vary, list_key
from ingest.listing import ListEntry

__all__ = [
    "HARDER_KINDS",
    "PROPORTIONS",
    "MixedCase",
    "build_mixed",
    "clean_cases",
    "clean_names",
    "more_negatives",
]

_HERE = Path(__file__).resolve().parent

PROPORTIONS: dict[str, dict[str, float]] = {
    "schema": {"entity": 0.85, "person": 0.15},
    "entity_list": {"ofac-sdn": 0.55, "ofac-cons": 0.25, "un": 0.20},
    "person_list": {"ofac-sdn": 0.70, "un": 0.25, "ofac-cons": 0.05},
    "entity_kind": {
        "legal_form": 0.22,
        "typo": 0.14,
        "case": 0.08,
        "punctuation": 0.08,
        "translit": 0.08,
        "brand": 0.08,
        "alias": 0.08,
        "reorder": 0.06,
        "form_typo": 0.06,
        "abbreviation": 0.05,
        "branch": 0.04,
        "spacing": 0.03,
    },
    "person_kind": {
        "surname_given": 0.25,
        "natural": 0.25,
        "typo": 0.15,
        "no_middle": 0.15,
        "translit": 0.08,
        "alias": 0.08,
        "honorific": 0.04,
    },
}
# The harder variant kinds of each schema (the rest are what a register usually does to a name).
HARDER_KINDS: dict[str, frozenset[str]] = {
    "entity": frozenset({"form_typo", "abbreviation", "branch", "spacing"}),
    "person": frozenset({"translit", "alias", "honorific"}),
}

# Abbreviations a register clerk types (whole words, upper case as the lists write them).
_ABBREVIATIONS = {
    "INTERNATIONAL": "INTL",
    "COMPANY": "CO",
    "CORPORATION": "CORP",
    "LIMITED": "LTD",
    "TECHNOLOGY": "TECH",
    "TECHNOLOGIES": "TECH",
    "INDUSTRIES": "INDS",
    "INDUSTRIAL": "IND",
    "ENGINEERING": "ENG",
    "MANUFACTURING": "MFG",
    "DEVELOPMENT": "DEV",
    "MANAGEMENT": "MGMT",
    "SERVICES": "SVCS",
    "TRADING": "TRDG",
    "GENERAL": "GEN",
    "BROTHERS": "BROS",
    "AND": "&",
    "ESTABLISHMENT": "EST",
    "ORGANIZATION": "ORG",
    "ASSOCIATION": "ASSN",
}
_BRANCH = (" (UK) Ltd", " UK Limited", " London Branch", " (Europe) Limited")
_PARTICLES = frozenset(
    {"abd", "abdul", "abdel", "abdal", "abu", "al", "el", "bin", "ibn", "bint", "umm", "ould"}
)
# Words that mark a listed organisation as a business (a supplier), not a group or a ministry:
# legal forms (dots dropped: "S.A." -> "SA") and trade words, in English and the lists' languages.
_BUSINESS = frozenset(
    str.split(
        """
    BANK TRADING TRADE SHIPPING COMPANY CO INDUSTRIES INDUSTRY INDUSTRIAL GROUP HOLDING HOLDINGS
    TECHNOLOGY TECHNOLOGIES ENGINEERING ELECTRONICS CORPORATION CORP AVIATION AIRLINE AIRLINES
    PETROCHEMICAL PETROCHEMICALS INVESTMENT INVESTMENTS EXCHANGE SERVICES ENTERPRISE ENTERPRISES
    MANUFACTURING CONSTRUCTION IMPORT EXPORT MARINE LOGISTICS ENERGY OIL GAS STEEL CHEMICAL
    CHEMICALS PHARMACEUTICAL PHARMACEUTICALS INTERNATIONAL COMMERCIAL FINANCE INSURANCE TRANSPORT
    LIMITED LTD LLC INC JSC PJSC OJSC CJSC OOO OAO ZAO AO PAO GMBH AG SA SAS SRL SPA SL BV NV
    LTDA CIA DOO EIRL CA FZE FZCO PLC BHD EMPRESA COMERCIAL COMERCIALIZADORA CONSTRUCTORA
    INMOBILIARIA INVERSIONES IMPORTADORA INDUSTRIA INDUSTRIAS DISTRIBUIDORA AGROPECUARIA TOURS
    TRAVEL HOTEL SHOP SHOPS FARM FARMS PLANT FACTORY
    """
    )
)
# Words a brand is not run together with ("JOINT STOCK COMPANYCHAYKA" is no one's spelling).
_GENERIC = frozenset(
    str.split(
        """
    JOINT STOCK OPEN CLOSED PUBLIC PRIVATE THE OF AND FOR DE DEL LA LE AL EL Y
    """
    )
)
# Share of organisation positives drawn from business-like entities (a register's suppliers).
_BUSINESS_SHARE = 0.85


@dataclass(frozen=True)
class MixedCase(Case):
    """A `Case` that also names the listed entity it was made from."""

    entity_id: str = ""


def _read(name: str) -> list[str]:
    lines = (_HERE / name).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


def more_negatives() -> list[str]:
    """The names in real_companies_more.txt (issue 18's false-alert kinds), comments dropped."""
    return list(dict.fromkeys(_read("real_companies_more.txt")))


def clean_names() -> list[str]:
    """Every real clean organisation name: real_companies.txt then real_companies_more.txt."""
    return list(dict.fromkeys(_read("real_companies.txt") + _read("real_companies_more.txt")))


def clean_cases(entries: list[ListEntry]) -> tuple[list[Case], list[str]]:
    """All clean names as negatives, and those set aside because a list carries the same name."""
    listed = {list_key(n) for e in entries for n in e.all_names()}
    kept: list[str] = []
    dropped: list[str] = []
    for name in clean_names():
        (dropped if list_key(name) in listed else kept).append(name)
    return [Case(n, frozenset(), "negative") for n in kept], dropped


def _quotas(total: int, shares: dict[str, float]) -> dict[str, int]:
    """Split `total` by `shares` (largest remainder), so the proportions hold exactly."""
    raw = {k: total * v / sum(shares.values()) for k, v in shares.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (out[k] - raw[k], k))[: total - sum(out.values())]:
        out[k] += 1
    return out


def _latin(name: str) -> bool:
    letters = [c for c in unicodedata.normalize("NFKD", name) if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) / len(letters) > 0.9


def _title(text: str) -> str:
    """Register capitalisation: 'AL-JAMAL, Abdul' -> 'Al-Jamal, Abdul'."""
    return re.sub(r"[A-Za-z][A-Za-z']*", lambda m: m.group(0).capitalize(), text)


def _korean(entry: ListEntry) -> bool:
    return entry.entity_id.startswith("KP") or any(
        p.startswith("DPRK") or p == "NKSPEA" for p in entry.programs
    )


def _split_person(entry: ListEntry, name: str) -> tuple[str, list[str]] | None:
    """(surname, given names) of a listed person's name, or None for a one-word name.

    OFAC writes "SURNAME, Given Middle"; UN and comma-less names are in natural order, with the
    family name first for Korean names (UN references KPi.*)."""
    if "," in name:
        last, _, first = name.partition(",")
        given = first.split()
        return (last.strip(), given) if last.strip() and given else None
    words = name.split()
    if len(words) < 2:
        return None
    if _korean(entry):
        return words[0], words[1:]
    return words[-1], words[:-1]


def _person_variant(
    entry: ListEntry, name: str, kind: str, rng: random.Random
) -> tuple[str, str] | None:
    """(query, source name) for one person variant kind, or None when it does not apply."""
    if kind == "alias":
        others = [
            n
            for n in entry.aliases
            if _latin(n) and list_key(n) != list_key(entry.name) and _split_person(entry, n)
        ]
        if not others:
            return None
        name = rng.choice(others)
    parts = _split_person(entry, name)
    if parts is None or not _latin(name):
        return None
    surname, given = parts
    natural = f"{' '.join(given)} {surname}"
    if kind == "surname_given":
        return _title(f"{surname}, {' '.join(given)}"), name
    if kind in ("natural", "alias"):
        return _title(natural), name
    if kind == "honorific":
        return f"Dr {_title(natural)}", name
    if kind == "typo":
        form = natural if rng.random() < 0.5 else f"{surname}, {' '.join(given)}"
        out = _typo(form.upper(), rng)
        return (_title(out), name) if out else None
    if kind == "no_middle":
        if _korean(entry) or "," not in name:
            # "KIM, Nam Ung": one given name in two syllables; a name without "SURNAME," has no
            # known middle names (UN and Taliban names are not given-middle-family).
            return None
        keep = 2 if given[0].casefold() in _PARTICLES else 1
        if len(given) <= keep:
            return None
        return _title(f"{' '.join(given[:keep])} {surname}"), name
    if kind == "translit":
        out = _vary(entry, natural, "translit", rng)
        return (_title(out), name) if out else None
    raise ValueError(kind)


# Trailing legal forms bench/eval_set.py's _FORM_WORDS does not know, stripped after it.
_MORE_FORMS = re.compile(
    r"(,? ?\b(KG|C\.A\.|LTDA\.?|S\.R\.L\.|S\.R\.O\.|S\.L\.|DE C\.V\.|DE R\.L\.|S\. DE|Y CIA\.?|"
    r"& CO\.?|GMBH &))$"
)


def _strip_form(name: str) -> str:
    """The name without its trailing legal forms ("X GMBH & CO. KG" -> "X")."""
    upper = " ".join(name.upper().split())
    while True:
        hit = _FORM_WORDS.search(upper) or _MORE_FORMS.search(upper)
        if not hit or not upper[: hit.start()].strip(" ,"):
            return upper
        upper = upper[: hit.start()].rstrip(" ,")


def _business(entry: ListEntry) -> bool:
    return any(
        not _BUSINESS.isdisjoint(re.findall(r"[A-Z]+", n.upper().replace(".", "")))
        for n in entry.all_names()
    )


def _entity_variant(
    entry: ListEntry, name: str, kind: str, rng: random.Random
) -> tuple[str, str] | None:
    """(query, source name) for one organisation variant kind, or None when it does not apply."""
    if kind == "brand":
        longest = max(len(n.split()) for n in entry.all_names())
        shorter = [
            n
            for n in entry.all_names()
            if _latin(n)
            and len(n.split()) <= min(3, longest - 1)
            and len(list_key(n)) >= 4
            and list_key(n) != list_key(name)
        ]
        if not shorter:
            return None
        pick = rng.choice(shorter)
        return _title(pick), pick
    if kind == "form_typo":
        formed = _vary(entry, name, "legal_form", rng)
        out = _typo(formed, rng) if formed else None
        return (out, name) if out else None
    if kind == "abbreviation":
        words = name.upper().split()
        spots = [i for i, w in enumerate(words) if w.strip(".,") in _ABBREVIATIONS]
        if not spots:
            return None
        i = rng.choice(spots)
        words[i] = words[i].replace(words[i].strip(".,"), _ABBREVIATIONS[words[i].strip(".,")])
        return " ".join(words), name
    if kind == "branch":
        if not _business(entry):
            return None  # a branch of a ministry or an armed group is not a register's supplier
        core = _strip_form(name)
        return (_title(core) + rng.choice(_BRANCH), name) if core else None
    if kind == "spacing":
        words = _strip_form(name).split()
        pairs = [
            i
            for i in range(len(words) - 1)
            if words[i].isalpha()
            and words[i + 1].isalpha()
            and len(words[i] + words[i + 1]) <= 16
            and not {words[i], words[i + 1]} & (_BUSINESS | _GENERIC)
        ]
        if not pairs:
            return None
        i = rng.choice(pairs)
        return " ".join([*words[:i], words[i] + words[i + 1], *words[i + 2 :]]), name
    out = _vary(entry, name, kind, rng)
    return (out, name) if out else None


# The kind a list's shortfall in another kind is made up with.
_FALLBACK = {"entity": "legal_form", "person": "natural"}
# Kinds that keep every letter of the source name (a shorter source is still a fair query).
_SAME_LETTERS = frozenset(
    {"case", "punctuation", "legal_form", "reorder", "surname_given", "natural", "honorific"}
)


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z]+", name.casefold()) if w]


def _words_key(name: str) -> str:
    """A person's name as its words in any order: "ALI, Ahmad" and "Ahmad Ali" meet."""
    return " ".join(sorted(_words(name)))


def _ambiguous(
    query: str,
    gold: set[tuple[str, str]],
    person_words: list[tuple[frozenset[str], tuple[str, str]]],
) -> bool:
    """A shortened name that another listed person's name also holds whole names no one."""
    wanted = set(_words(query))
    return any(ref not in gold and wanted <= words for words, ref in person_words)


def build_mixed(entries: list[ListEntry], size: int = 1000, seed: int = 18) -> list[MixedCase]:
    """`size` labelled positives in a supplier register's proportions (`PROPORTIONS`), seeded."""
    rng = random.Random(seed)
    by_key: dict[str, set[tuple[str, str]]] = {}
    by_words: dict[str, set[tuple[str, str]]] = {}  # persons: the same words in any order
    person_words: list[tuple[frozenset[str], tuple[str, str]]] = []
    for e in entries:
        for n in e.all_names():
            by_key.setdefault(list_key(n), set()).add((e.list, e.entity_id))
            if e.schema_ == "person":
                by_words.setdefault(_words_key(n), set()).add((e.list, e.entity_id))
                person_words.append((frozenset(_words(n)), (e.list, e.entity_id)))
    cases: list[MixedCase] = []
    seen: set[str] = set()
    for schema, count in _quotas(size, PROPORTIONS["schema"]).items():
        lists = _quotas(count, PROPORTIONS[f"{schema}_list"])
        for code, on_list in lists.items():
            pool = sorted(
                (e for e in entries if e.list == code and e.schema_ == schema),
                key=lambda e: e.entity_id,
            )
            if not pool:
                continue
            flags = [schema != "entity" or _business(e) for e in pool]
            business = [e for e, b in zip(pool, flags, strict=True) if b]
            other = [e for e, b in zip(pool, flags, strict=True) if not b] or business
            vary = _person_variant if schema == "person" else _entity_variant
            quotas = list(_quotas(on_list, PROPORTIONS[f"{schema}_kind"]).items())
            # A kind that cannot fill its quota on this list (UN names have no "SURNAME," to
            # drop middle names from) passes the rest to the list's most common kind.
            quotas.append((_FALLBACK[schema], 0))
            short_by = 0
            for kind, quota in quotas:
                want = quota + short_by if kind == _FALLBACK[schema] and not quota else quota
                made = tries = 0
                while made < want and tries < want * 200:
                    tries += 1
                    entry = rng.choice(business if rng.random() < _BUSINESS_SHARE else other)
                    name = entry.name if rng.random() < 0.8 else rng.choice(entry.all_names())
                    if not _latin(name):
                        continue
                    got = vary(entry, name, kind, rng)
                    if not got:
                        continue
                    query, source = " ".join(got[0].split()), got[1]
                    if not _latin(query):
                        continue  # a register is typed in Latin letters
                    short = 4 if kind in ("brand", "alias") else 5 if kind in _SAME_LETTERS else 7
                    if len(list_key(source)) < short or list_key(query) in seen:
                        continue
                    gold = (
                        by_key.get(list_key(source), set())
                        | by_key.get(list_key(query), set())
                        | {(entry.list, entry.entity_id)}
                    )
                    if schema == "person":
                        gold |= by_words.get(_words_key(source), set())
                        gold |= by_words.get(_words_key(query), set())
                        if kind == "no_middle" and _ambiguous(query, gold, person_words):
                            continue
                    seen.add(list_key(query))
                    cases.append(
                        MixedCase(
                            query, frozenset(gold), kind, code, schema, source, entry.entity_id
                        )
                    )
                    made += 1
                short_by += want - made
    rng.shuffle(cases)
    return cases
