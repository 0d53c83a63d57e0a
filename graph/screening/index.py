"""Token blocking: find the few listed names worth scoring against a query, out of millions.

Every listed name (primary names and aliases) is normalised and filed under its tokens and under
each pair of adjacent tokens run together ("hik vision" is also filed as "hikvision", so the
query "Hikvision" meets it and vice versa). A query looks up its own tokens the same way, plus
near spellings of tokens the lists never use (typos), rarest first, and stops once it has
enough candidates: common words ("trading", "al") are consulted only when nothing rarer is.

Example:
    >>> index = ScreeningIndex.build(entries)  # doctest: +SKIP
    >>> [index.names[i] for i in index.candidates(normalise("Hikvison"))]  # doctest: +SKIP
    ['HIKVISION']
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from graph.listing import ListEntry
from graph.screening.listing import Listing
from graph.screening.normalise import NormalName, normalise
from graph.screening.spellings import sound
from graph.screening.weights import MIN_LIST_NAMES, rarity, reference_rarity

__all__ = [
    "ORGANISATION",
    "SCHEMAS",
    "IndexedEntry",
    "ScreeningIndex",
    "Side",
    "blocking_keys",
    "identifier_key",
    "middle_names",
]

# List schemas, as the readers map them: OFAC sdn_type blank, UN entities, FtM Company /
# Organization / LegalEntity all arrive as "entity".
SCHEMAS = ("entity", "person", "vessel", "aircraft")
ORGANISATION = frozenset({"entity"})

# A query stops gathering once it has this many candidates (after its rarest key, always whole).
MAX_CANDIDATES = 64
# Keys filed under more names than this are too common to block on unless nothing rarer matched.
MAX_KEY_NAMES = 5000
SHORT_WORD = 6
# Below this many names a query word's near spellings are looked up as well.
RARE_KEY = 4
# Tokens shorter than this are not expanded to near spellings: "co" ~ "ci" is noise, not a typo.
MIN_FUZZY_LEN = 4
# Name particles that start a given name without being it ("Abu Sufian", "Abd Al-Razziq").
_PARTICLES = frozenset({"abd", "abu", "al", "el", "bin", "ibn", "bint", "umm", "ould"})


# A listed name as the prefilter reads it (bounds.side): its words, their weights (middle names
# lighter), the weights' total, whether the short-name rule may decide on its side, its middle
# names, and its length run together.
Side = tuple[tuple[str, ...], tuple[float, ...], float, bool, frozenset[str], int]


@dataclass(frozen=True, slots=True)
class IndexedEntry:
    """What screening needs of a listed entity, without the rest of its record."""

    list: str
    entity_id: str
    name: str
    schema: str
    countries: tuple[str, ...]
    identifiers: frozenset[str]
    programs: tuple[str, ...]
    listing: Listing | None = None


def identifier_key(value: str) -> str:
    """An identifier reduced to upper-case letters and digits, so spacing and dashes do not count."""
    return "".join(c for c in value.upper() if c.isalnum())


def middle_names(name: str) -> frozenset[str]:
    """The middle names of a person's name written "SURNAME, Given Middle ...": the words after
    the first given name (two when it starts with a particle) that the surname and the first
    given name do not also use. A register often leaves them out ("Sergey Polozov")."""
    surname, comma, given = name.partition(",")
    if not comma:
        return frozenset()
    given_tokens = normalise(given, organisation=False).tokens
    keep = 2 if given_tokens and given_tokens[0] in _PARTICLES else 1
    if len(given_tokens) <= keep:
        return frozenset()
    kept = {*normalise(surname, organisation=False).tokens, *given_tokens[:keep]}
    return frozenset(given_tokens[keep:]) - kept


def blocking_keys(norm: NormalName) -> list[str]:
    """The tokens of a name (romanisation variants folded: `normalise.sound`), each adjacent pair
    run together, and for longer names all of it run together ("NovatekUstLuga")."""
    toks = [sound(t) for t in norm.tokens]
    keys = list(toks)
    for i in range(len(toks) - 1):
        keys.append(toks[i] + toks[i + 1])
    if len(toks) > 2:
        keys.append("".join(toks))
    return keys


class _Weights(dict[str, float]):
    """Token -> weight, each worked out once by `rarity` (up to a million kept)."""

    def __init__(self, rarity: Callable[[str], float]) -> None:
        super().__init__()
        self.rarity = rarity

    def __missing__(self, token: str) -> float:
        value = self.rarity(token)
        if len(self) < 1_000_000:
            self[token] = value
        return value


def _max_typos(token: str) -> int:
    return 1 if len(token) < 8 else 2


class ScreeningIndex:
    """An in-memory blocking index over the names of a set of listed entities."""

    def __init__(self) -> None:
        self.entries: list[IndexedEntry] = []
        self.names: list[str] = []  # as the list writes them
        self.norm_texts: list[str] = []  # normalised, tokens joined by spaces
        self.name_entry = array("i")
        self.name_schema = bytearray()  # SCHEMAS index of each name's entity, for filtering
        self.name_forms = array("I")  # each name's legal forms, as a number into `form_sets`
        self.form_sets: list[tuple[str, ...]] = [()]
        self._form_numbers: dict[tuple[str, ...], int] = {(): 0}
        self.postings: dict[str, array[int]] = {}
        self.by_text: dict[str, int] = {}
        self._same_text = array("i")
        self._by_prefix: dict[tuple[str, int], list[str]] = {}
        self._by_suffix: dict[tuple[str, int], list[str]] = {}
        # A typo in the middle of a short word ("sviaz" / "svyaz") touches both its first and
        # last three letters; its first and last two stay.
        self._by_ends: dict[tuple[str, int], list[str]] = {}
        # Token -> weight, worked out on a token's first use: `weight` is then a lookup in C, as
        # the prefilter and the score ask for the same few thousand words millions of times.
        self._weights = _Weights(self._rarity)
        self.weight: Callable[[str], float] = self._weights.__getitem__
        # Name number -> middle names, for listed persons written "SURNAME, Given Middle".
        self.middle: dict[int, frozenset[str]] = {}
        self._sorted: dict[int, str] = {}
        # The prefilter's reading of each name it meets (bounds.py), kept until the next
        # `finish`, since it holds word weights.
        self.sides: dict[int, Side] = {}
        self._near: dict[tuple[str, bool], tuple[str, ...]] = {}

    @classmethod
    def build(cls, entries: Iterable[ListEntry]) -> ScreeningIndex:
        """Index every name of every entry (streaming: entries are not kept whole)."""
        index = cls()
        for entry in entries:
            index.add(entry)
        index.finish()
        return index

    def add(self, entry: ListEntry) -> None:
        """Index one listed entity under all its names."""
        self.add_names(
            IndexedEntry(
                entry.list,
                entry.entity_id,
                entry.name,
                entry.schema_,
                entry.countries,
                frozenset(identifier_key(i.value) for i in entry.identifiers),
                entry.programs,
                Listing.of(entry),
            ),
            entry.all_names(),
        )

    def add_names(self, entry: IndexedEntry, names: Iterable[str]) -> None:
        """Index an entity given as its screening summary and its names (the fast path)."""
        entry_no = len(self.entries)
        organisation = entry.schema != "person"
        schema_no = SCHEMAS.index(entry.schema) if entry.schema in SCHEMAS else 0
        self.entries.append(entry)
        postings = self.postings
        for name in names:
            norm = normalise(name, organisation=organisation)
            if not norm.tokens:
                continue
            name_no = len(self.names)
            text = norm.text
            if not organisation and (middle := middle_names(name)):
                self.middle[name_no] = middle
            self.names.append(name)
            self.norm_texts.append(text)
            self.name_entry.append(entry_no)
            self.name_schema.append(schema_no)
            forms_no = self._form_numbers.get(norm.legal_forms)
            if forms_no is None:
                forms_no = self._form_numbers[norm.legal_forms] = len(self.form_sets)
                self.form_sets.append(norm.legal_forms)
            self.name_forms.append(forms_no)
            # Names with the same text are chained through `_same_text` (-1 ends a chain): one
            # int per name instead of one array per distinct text.
            self._same_text.append(self.by_text.get(text, -1))
            self.by_text[text] = name_no
            for key in set(blocking_keys(norm)):
                bucket = postings.get(key)
                if bucket is None:
                    bucket = postings[key] = array("i")
                bucket.append(name_no)

    def sorted_text(self, name_no: int) -> str:
        """A name's normalised words in sorted order, joined by spaces (cached as asked for)."""
        found = self._sorted.get(name_no)
        if found is None:
            found = " ".join(sorted(self.norm_texts[name_no].split()))
            if len(self._sorted) < 1_000_000:
                self._sorted[name_no] = found
        return found

    def same_text(self, text: str) -> list[int]:
        """Names whose normalised text is exactly `text`."""
        found = []
        name_no = self.by_text.get(text, -1)
        while name_no >= 0:
            found.append(name_no)
            name_no = self._same_text[name_no]
        return found

    def finish(self) -> None:
        """Build the near-spelling lookup; call once after the last `add`."""
        self._by_prefix.clear()
        self._by_suffix.clear()
        self._by_ends.clear()
        for key in self.postings:
            if len(key) >= MIN_FUZZY_LEN:
                # Filed by length too: a typo changes length by at most two, and in a big list
                # a bare three-letter prefix is shared by thousands of words.
                self._by_prefix.setdefault((key[:3], len(key)), []).append(key)
                self._by_suffix.setdefault((key[-3:], len(key)), []).append(key)
                if len(key) <= SHORT_WORD:
                    self._by_ends.setdefault((key[:2] + key[-2:], len(key)), []).append(key)
        self._weights.clear()
        self.sides.clear()
        self._near.clear()

    max_weight = 1.0  # the weight of a token no listed or ordinary name uses

    def __len__(self) -> int:
        return len(self.names)

    def _rarity(self, token: str) -> float:
        """0..1: how rare the token is, both in the indexed names and in ordinary company names
        (see weights.py); rare tokens say more about identity than common ones. Asked through
        `weight`, which keeps it."""
        value = reference_rarity(token)
        if len(self.names) >= MIN_LIST_NAMES:
            bucket = self.postings.get(sound(token))
            value = min(value, rarity(len(bucket) if bucket is not None else 0, len(self.names)))
        return value

    def near_keys(self, token: str, *, ends: bool = True) -> tuple[str, ...]:
        """Indexed keys within one or two edits (a swap of neighbours counts as one) of a token
        (kept: a register repeats its words; up to 100,000 kept until the next `finish`)."""
        found = self._near.get((token, ends))
        if found is None:
            found = self._near_keys(token, ends)
            if len(self._near) < 100_000:
                self._near[token, ends] = found
        return found

    def _near_keys(self, token: str, ends: bool) -> tuple[str, ...]:
        if len(token) < MIN_FUZZY_LEN:
            return ()
        limit = _max_typos(token)
        pool: list[str] = []
        middle_typo = token[:2] + token[-2:]
        for size in range(len(token) - limit, len(token) + limit + 1):
            pool += self._by_prefix.get((token[:3], size), [])
            pool += self._by_suffix.get((token[-3:], size), [])
            if ends and size <= SHORT_WORD:
                pool += self._by_ends.get((middle_typo, size), [])
        if not pool:
            return ()
        hits = process.extract(token, pool, scorer=OSA.distance, score_cutoff=limit, limit=None)
        return tuple(dict.fromkeys(hit[0] for hit in hits))

    def _keys(self, norm: NormalName) -> Iterator[tuple[int, str]]:
        sounds = {sound(t) for t in norm.tokens}
        for key in dict.fromkeys(blocking_keys(norm)):
            bucket = self.postings.get(key)
            if bucket is not None:
                yield len(bucket), key
            # A word the lists use only a few times may be a misspelling of one they use more
            # ("sviaz" twice, "svyaz" more): its near spellings are looked up too.
            if (bucket is None or len(bucket) < RARE_KEY) and key in sounds:
                # Known words look only at their first or last three letters: the cheap lookups.
                for near in self.near_keys(key, ends=bucket is None):
                    if near != key:
                        yield len(self.postings[near]), near

    def candidates(self, norm: NormalName, limit: int = MAX_CANDIDATES) -> list[int]:
        """Name numbers sharing keys (or near spellings of them) with the query, rarest keys first.

        The rarest key's names are always taken; further keys only while they fit in `limit`.
        When even the rarest key is common ("Global Trading"), only names holding both of the
        two rarest keys are taken, and names equal to the query: a listed name sharing only one
        common word with the query cannot score high enough to matter.
        """
        keys = sorted(self._keys(norm))
        if not keys:
            return []
        first = self.postings[keys[0][1]]
        if len(first) > limit:
            found = dict.fromkeys(self.same_text(norm.text))
            if len(keys) > 1 and len(first) <= MAX_KEY_NAMES * 4:
                shared = set(first).intersection(self.postings[keys[1][1]])
                found.update(dict.fromkeys(sorted(shared)[: limit * 4]))
            return list(found)
        found = dict.fromkeys(first)
        for size, key in keys[1:]:
            if len(found) + size > limit:
                break
            found.update(dict.fromkeys(self.postings[key]))
        return list(found)
