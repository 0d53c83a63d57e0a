"""Scoring a query name against indexed names, with a per-feature explanation and a threshold.

The score is the name similarity (similarity.py: rarity-weighted, with the rules that keep
ordinary company names from matching) adjusted by what else is known:
- kind: a name is screened against listed organisations and persons unless its kind narrows it
  (kinds.py). A person's name matched by an organisation's, an organisation's by a person's, or
  a vessel's or aircraft's by anything but a vessel's or aircraft's needs the whole name both
  ways ("Shell plc" is not DONNA SHELL, "Oriental Trading Ltd" not the vessel ORIENTAL), and is
  marked down. A listed person's middle names count for little: registers leave them out;
- places: names that name different countries, by country or nationality words, cities or
  regions ("National Bank of Kuwait" / NATIONAL BANK OF IRAN, "Bank of Moscow"), are marked
  down, with the words in the explanation (places.py);
- identifier: one both sides give (ISIN, USCC, LEI, ...) settles identity;
- country: agreeing nudges up, conflicting lowers;
- legal form: conflicting forms lower the score ("LLC" vs "OJSC").
The score of a pair never depends on the threshold: the prefilter is the same at any threshold,
so screening at a threshold gives exactly the matches of screening at 0 that reach it.
Equal scores are ordered by legal form (agrees > similar > absent > differs), then country, then
schema, then name similarity: never by list order. Every feature is in the explanation, and
every match carries its listing (authority, list, programmes, date, identifiers, remarks).

Example:
    >>> matcher = Matcher(index)  # doctest: +SKIP
    >>> [(m.entity_id, m.score) for m in matcher.screen("Hikvision Digital Technology")]  # doctest: +SKIP
    [('30946', 1.0)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from graph.screening.bounds import lighter, reachable
from graph.screening.evidence import IDENTIFIER_AGREES, Evidence
from graph.screening.index import ORGANISATION, SCHEMAS, IndexedEntry, ScreeningIndex
from graph.screening.index import identifier_key as identifier_key
from graph.screening.kinds import DEFAULT_SCHEMAS, both_ways, effective_kind, needs_whole
from graph.screening.kinds import searched as kind_schemas
from graph.screening.legal_forms import FORM_EFFECTS, form_relation
from graph.screening.listing import Listing
from graph.screening.normalise import NormalName, normalise
from graph.screening.places import HOME_WORDS, conflict, countries
from graph.screening.similarity import SHORT_LEN, NameComparison, compare

__all__ = [
    "DEFAULT_SCHEMAS",
    "DEFAULT_THRESHOLD",
    "ORGANISATION",
    "SCHEMAS",
    "Match",
    "Matcher",
    "Query",
]

# Chosen on the labelled benchmark (bench/screening_bench.py).
DEFAULT_THRESHOLD = 0.89
COUNTRY_AGREES = 0.02
COUNTRY_DIFFERS = -0.05
# A name of one kind meeting a listed name of another (organisation / person / vessel).
KIND_DIFFERS = -0.08
# ... and only when both names are covered this well, word by word, both ways.
WHOLE_NAME = 0.95
# Names that name different countries ("of Kuwait" / "of Iran"): enough to take the closest
# pair of names (0.97 on the name) below the default threshold, so it is reviewed, not alerted.
PLACES_DIFFER = -0.15
# A registered name ("Future plc") near but not equal to a listed name that gives no legal form
# ("FUTURE BANK"), or a short name with a legal form meeting a bare listed acronym ("ISS A/S" /
# "ISS"), is weak evidence: the other words or the form would say who it is, and they do not.
UNFORMED_LIST = -0.05
SHORT_UNFORMED = 0.85
# Legal forms of UK registration: a UK branch or subsidiary of a foreign company carries one
# whatever the parent's form ("Urantia Services (Europe) Limited" / URANTIA SERVICES S.A.).
UK_FORMS = frozenset({"ltd", "plc", "llp", "lp", "cic"})


@dataclass(frozen=True)
class Query:
    """A name to screen, with what else is known about its owner (all optional).

    `legal_forms` adds forms known apart from the name ("llc"); forms written in the name are
    found anyway. `kind` is "organisation", "person", "vessel" or "aircraft" (kinds.KINDS): the
    name is then screened against listed parties of that kind only; None (unknown, the default)
    screens it against every kind the matcher searches.
    """

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    identifiers: tuple[str, ...] = ()
    kind: str | None = None
    legal_forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """An indexed entity matched at or above the threshold, with why."""

    list: str
    entity_id: str
    name: str
    score: float
    explain: Callable[[], dict[str, Any]] = field(repr=False, compare=False)
    entry: IndexedEntry = field(repr=False, compare=False)
    query_name: str = ""
    rank: tuple[float, ...] = field(default=(), repr=False, compare=False)

    @property
    def listing(self) -> Listing | None:
        """What the list says about the listing (None for candidates that are not listed)."""
        return self.entry.listing

    @cached_property
    def explanation(self) -> dict[str, Any]:
        """Each feature with its effect, and a one-line summary (built on first use: most
        scored names are never shown)."""
        return self.explain()

    def __getstate__(self) -> dict[str, Any]:
        # Worker processes send matches back pickled: the explanation travels built, not as
        # the closure that would build it.
        state = dict(self.__dict__)
        state["explanation"] = self.explanation
        state["explain"] = _explained
        return state

    def to_json(self) -> dict[str, Any]:
        """The CLI's shape: list, entity_id, name, score, explanation (the listed schema is in
        explanation["schema"]["list"]) and the listing (authority, list, programmes, dates,
        identifiers, measures, remarks; None when not listed)."""
        return {
            "list": self.list,
            "entity_id": self.entity_id,
            "name": self.name,
            "score": self.score,
            "explanation": self.explanation,
            "listing": self.listing.to_json() if self.listing else None,
        }

    def summary(self) -> str:
        """One line for a report or a graph property."""
        return str(self.explanation["summary"])


_NO_MIDDLE: frozenset[str] = frozenset()


@dataclass(slots=True)
class _Asked:
    """One query name, with what is worked out once for all its candidates."""

    query: Query
    name: str
    norm: NormalName
    kind: str | None  # as read (kinds.effective_kind)
    forms: tuple[str, ...]  # written in the name or given
    uk_forms: bool  # all of them UK forms
    home: bool  # a word a UK branch adds ("UK", "London")
    short: bool
    ids: set[str]
    searched: frozenset[str]
    countries: tuple[tuple[str, str], ...]  # the countries its words name (places.countries)


@lru_cache(maxsize=64)
def _allowed(schemas: frozenset[str]) -> bytes:
    """1 for each of SCHEMAS searched, else 0: a name's schema number looks it up."""
    return bytes(1 if s in schemas else 0 for s in SCHEMAS)


def _explained() -> dict[str, Any]:
    return {}  # stands in for `Match.explain` once the explanation is built


def _given_forms(query: Query) -> tuple[str, ...]:
    """`Query.legal_forms` as codes ("Limited" -> "ltd"), read the way names are."""
    if not query.legal_forms:
        return ()
    return tuple(f for form in query.legal_forms for f in normalise(f"x {form}").legal_forms)


def _is_short(tokens: tuple[str, ...] | list[str]) -> bool:
    return len(tokens) == 1 and len(tokens[0]) <= SHORT_LEN


def _sort_key(m: Match) -> tuple[Any, ...]:
    return (*m.rank, m.list, m.entity_id)


def schema_set(schemas: Iterable[str] | None) -> frozenset[str]:
    """Validated schema names; None (or none given) means organisations and persons."""
    if schemas is None:
        return DEFAULT_SCHEMAS
    chosen = frozenset(s.strip().lower() for s in schemas if s.strip())
    unknown = chosen - set(SCHEMAS)
    if unknown:
        raise ValueError(f"unknown schema {sorted(unknown)}: expected some of {list(SCHEMAS)}")
    return chosen or DEFAULT_SCHEMAS


class Matcher:
    """Screens names against a `ScreeningIndex` (sanctions lists, or any set of candidate names)."""

    def __init__(
        self,
        index: ScreeningIndex,
        threshold: float = DEFAULT_THRESHOLD,
        schemas: Iterable[str] | None = None,
    ) -> None:
        self.index = index
        self.threshold = threshold
        self.schemas = schema_set(schemas)

    def name_similarity(self, query: NormalName, listed: list[str]) -> NameComparison:
        """Similarity of two normalised names and the features behind it."""
        return compare(query.tokens, listed, self.index.weight)

    def _asked(
        self, query: Query, qname: str, qnorm: NormalName, searched: frozenset[str]
    ) -> _Asked:
        forms = tuple(dict.fromkeys((*qnorm.legal_forms, *_given_forms(query))))
        return _Asked(
            query,
            qname,
            qnorm,
            effective_kind(query.kind, qnorm),
            forms,
            set(forms) <= UK_FORMS,
            not HOME_WORDS.isdisjoint(qnorm.tokens),
            _is_short(qnorm.tokens),
            {identifier_key(i) for i in query.identifiers},
            searched,
            countries(qnorm.tokens),
        )

    def _score(self, asked: _Asked, name_no: int, limit: float) -> Match | None:
        """The match of one query name with one indexed name, or None below `limit`."""
        index = self.index
        query, qnorm, kind, query_forms = asked.query, asked.norm, asked.kind, asked.forms
        entry = index.entries[index.name_entry[name_no]]
        listed_tokens = index.norm_texts[name_no].split()
        middle = index.middle.get(name_no, _NO_MIDDLE) if index.middle else _NO_MIDDLE
        # A listed person's middle names count for little (bounds.MIDDLE_NAME_SHARE).
        name = compare(qnorm.tokens, listed_tokens, lighter(index.weight, middle))
        similarity = name.score
        kind_effect, kind_rule = 0.0, ""
        if needs_whole(kind, entry.schema):
            # "Shell plc" is not DONNA SHELL, "Oriental Trading Ltd" not the vessel ORIENTAL:
            # names of different kinds meet only in full.
            whole = both_ways(name.forward, name.backward)
            similarity = min(similarity, whole if whole >= WHOLE_NAME else 0.0)
            kind_effect = KIND_DIFFERS
            kind_rule = "whole name" if whole >= WHOLE_NAME else "not the whole name"
        listed_forms = index.form_sets[index.name_forms[name_no]]
        relation = form_relation(query_forms, listed_forms)
        form_effect, form_rank = FORM_EFFECTS[relation]
        unformed = ""
        if (
            relation == "differs"
            and asked.uk_forms
            and UK_FORMS.isdisjoint(listed_forms)
            and asked.home
            and HOME_WORDS.isdisjoint(listed_tokens)
        ):
            form_effect, unformed = 0.0, "a UK branch or subsidiary's own legal form"
        if query_forms and not listed_forms:
            if name.method != "exact" and not (asked.short or _is_short(listed_tokens)):
                form_effect, unformed = UNFORMED_LIST, "near a listed name without legal form"
            elif asked.short or _is_short(listed_tokens):
                similarity = min(similarity, SHORT_UNFORMED)
                unformed = "short name with a legal form vs a bare listed name"
        shared_ids = sorted(asked.ids & entry.identifiers) if asked.ids else []
        score = max(similarity, IDENTIFIER_AGREES) if shared_ids else similarity
        country_effect, country_rank = 0.0, 1
        if query.country and entry.countries:
            agrees = query.country in entry.countries
            country_effect = COUNTRY_AGREES if agrees else COUNTRY_DIFFERS
            country_rank = 2 if agrees else 0
        raw = score + country_effect + kind_effect + form_effect
        places, places_effect = None, 0.0
        if raw >= limit and kind != "person" and entry.schema != "person":
            # Looked up only where it can matter: it only ever lowers the score.
            places = conflict(qnorm.tokens, listed_tokens, asked.countries)
            places_effect = PLACES_DIFFER if places else 0.0
        score = round(min(1.0, max(0.0, raw + places_effect)), 3)
        if score < limit:
            return None  # the evidence is kept only for what will be shown
        evidence = Evidence(
            name,
            entry.schema,
            entry.countries,
            query.country,
            query.kind,
            kind,
            asked.searched,
            shared_ids,
            similarity,
            country_effect,
            places,
            places_effect,
            kind_rule,
            kind_effect,
            relation,
            query_forms,
            listed_forms,
            form_effect,
            unformed,
            middle,
            limit,
        )
        schema_rank = 1 if entry.schema == "entity" else 0
        rank = (-score, -form_rank, -country_rank, -schema_rank, -name.score)
        return Match(
            entry.list,
            entry.entity_id,
            index.names[name_no],
            score,
            evidence.explain,
            entry,
            asked.name,
            rank,
        )

    def score_one(self, query: Query, name_no: int, threshold: float = 0.0) -> Match | None:
        """The query's name against one indexed name (by number), or None below `threshold`."""
        qnorm = self.normalised(query)
        return self._score(self._asked(query, query.name, qnorm, self.schemas), name_no, threshold)

    def normalised(self, query: Query, name: str | None = None) -> NormalName:
        """The query's name (or one of its aliases) as the matcher compares it."""
        return normalise(query.name if name is None else name, organisation=query.kind != "person")

    def prefiltered(
        self, query: Query, qnorm: NormalName, candidates: list[int], limit: float
    ) -> list[int]:
        """The candidates that can score `limit` or more: a candidate is dropped only when an
        upper bound of its score is below it (bounds.py), so no would-be match is lost and a
        pair scores the same at any threshold."""
        if limit <= 0.0 or len(candidates) <= 1:
            return candidates
        index = self.index
        gain = COUNTRY_AGREES if query.country else 0.0
        reach = reachable(qnorm.tokens, candidates, index, gain, limit)
        ids = {identifier_key(i) for i in query.identifiers}
        return [
            name_no
            for name_no, may in zip(candidates, reach, strict=True)
            if may
            or (ids and not ids.isdisjoint(index.entries[index.name_entry[name_no]].identifiers))
        ]

    def searched(self, query: Query | str) -> frozenset[str]:
        """The listed kinds (schemas) this query is screened against."""
        return kind_schemas(query.kind if isinstance(query, Query) else None, self.schemas)

    def screen(
        self,
        query: Query | str,
        threshold: float | None = None,
        schemas: Iterable[str] | None = None,
    ) -> list[Match]:
        """Indexed entities matching the query (name or any alias) at or above the threshold,
        best first; only listed kinds of `schemas` (default: the matcher's, organisations and
        persons), narrowed to the query's kind when it has one."""
        if isinstance(query, str):
            query = Query(query)
        limit = self.threshold if threshold is None else threshold
        wanted = kind_schemas(query.kind, self.schemas if schemas is None else schema_set(schemas))
        allowed = _allowed(wanted)
        name_schema = self.index.name_schema
        best: dict[tuple[str, str], Match] = {}
        for qname in dict.fromkeys((query.name, *query.aliases)):
            qnorm = self.normalised(query, qname)
            if not qnorm.tokens:
                continue
            found = [i for i in self.index.candidates(qnorm) if allowed[name_schema[i]]]
            asked = self._asked(query, qname, qnorm, wanted)
            for name_no in self.prefiltered(query, qnorm, found, limit):
                match = self._score(asked, name_no, limit)
                if match is None:
                    continue
                key = (match.list, match.entity_id)
                if key not in best or match.rank < best[key].rank:
                    best[key] = match
        return sorted(best.values(), key=_sort_key)
