"""Countries a name names: its country and nationality words, and the cities and regions in it.

"National Bank of Kuwait" and "NATIONAL BANK OF IRAN" share every word but the one that says
which bank it is; "Bank of Moscow" names Russia. Words are looked up in rigour's territory
database (MIT; OpenSanctions), which knows country names, nationality adjectives ("Kuwaiti",
"Irish", "Hellenic"), former names ("Burma", "Ceylon") and many cities and regions ("Moscow",
"Dubai", "Bavaria"), each tied to its country, here as a table drawn from it once
(`data/places.tsv`, written by `python -m graph.screening.places`): rigour's own lookup
transliterates its whole table on first use, a second or more in every process. Two- and
three-letter codes are not words ("and" is not Andorra, "can" not Canada), except the few a
name spells out ("UK", "USA").

Example:
    >>> countries(("national", "bank", "of", "kuwait", "international"))
    (('kw', 'kuwait'),)
    >>> countries(("bank", "of", "moscow"))
    (('ru', 'moscow'),)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

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
# Names rigour knows that an English organisation name uses as ordinary words or as another
# place: "Island" (Iceland in German), "Saga", "Shin", Perth and Victoria (Scotland, London too).
_NOT_PLACES = frozenset({"island", "saga", "shin", "perth", "victoria", "cleveland"})


TABLE_FILE = Path(__file__).resolve().parent / "data" / "places.tsv"


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Place name (normalised words) -> ISO country code, from TABLE_FILE."""
    table: dict[str, str] = {}
    for line in TABLE_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, code = line.partition("\t")
            table[name] = code
    return table


@lru_cache(maxsize=1 << 15)
def _country(text: str) -> str | None:
    """The country code of a place written as `text` (normalised words), or None."""
    if text in _SPELLED:
        return _SPELLED[text]
    if text in _CITIES:
        return _CITIES[text]
    if len(text) < 4 or not text.replace(" ", "").isalpha():
        return None  # a code, not a word ("and", "can", "per")
    code = _table().get(text)
    return _PART_OF.get(code, code) if code else None


def write_table(path: Path = TABLE_FILE) -> int:
    """Write TABLE_FILE from rigour's territory database (names, nationality words, former
    names, cities and regions of up to _LONGEST words, in plain ASCII, each with its country);
    the number of rows written. Run again when rigour's data changes."""
    # rigour's own table (the one lookup_territory reads): the names only it knows.
    from rigour.territories.lookup import _get_territory_names

    rows: dict[str, str] = {}
    for name, territory in _get_territory_names().items():
        words = name.split()
        if not name.isascii() or not "".join(words).isalpha() or not 0 < len(words) <= _LONGEST:
            continue
        if len(name) < 4 or name in (territory.code, (territory.alpha3 or "").lower()):
            continue  # a code, not a word
        if name in _NOT_PLACES:
            continue
        code = (territory.ftm_country or "").partition("-")[0]  # "gb-sct": Scotland is in gb
        if len(code) == 2 and code not in ("eu", "zz"):  # a supranational body is no country
            rows[" ".join(words)] = code
    header = f"# place name\tISO country, from rigour {version('rigour')} (MIT; OpenSanctions)\n"
    path.write_text(header + "".join(f"{n}\t{c}\n" for n, c in sorted(rows.items())), "utf-8")
    return len(rows)


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


def conflict(
    query: Sequence[str],
    listed: Sequence[str],
    mine: tuple[tuple[str, str], ...] | None = None,
) -> tuple[str, str] | None:
    """The words of two names that name different countries, when both name one and they share
    none ("kuwait", "iran"); else None. `mine`: `countries(query)`, when already known."""
    mine = countries(query) if mine is None else mine
    if not mine:
        return None
    theirs = countries(listed)
    if not theirs or {c for c, _ in mine} & {c for c, _ in theirs}:
        return None
    return ", ".join(w for _, w in mine), ", ".join(w for _, w in theirs)


def spoken(words: str) -> str:
    """Place words as a reader writes them: "kuwait" -> "Kuwait", "uk" -> "UK"."""
    return " ".join(w.upper() if len(w) <= 3 else w.capitalize() for w in words.split())


if __name__ == "__main__":
    print(f"wrote {write_table()} place names to {TABLE_FILE}")
