"""Scoring a query name against indexed names, with a per-feature explanation and a threshold.

The score is the name similarity (similarity.py: rarity-weighted, with the rules that keep
ordinary company names from matching) adjusted by what else is known:
- schema: a vendor is an organisation, so by default only organisations ("entity": companies,
  organisations, legal entities, OFAC entries without a type, UN entities) are searched; persons,
  vessels and aircraft only when asked (`schemas=`). A person matched by an organisation query
  needs the whole name both ways, and is marked down;
- identifier: one both sides give (ISIN, USCC, LEI, ...) settles identity;
- country: agreeing nudges up, conflicting lowers;
- legal form: conflicting forms lower the score ("LLC" vs "OJSC").
Equal scores are ordered by legal form (agrees > similar > absent > differs), then country, then
schema, then name similarity: never by list order. Every feature is in the explanation.

Example:
    >>> matcher = Matcher(index)  # doctest: +SKIP
    >>> [(m.entity_id, m.score) for m in matcher.screen("Hikvision Digital Technology")]  # doctest: +SKIP
    [('30946', 1.0)]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rapidfuzz import fuzz, process

from graph.screening.index import ORGANISATION, SCHEMAS, IndexedEntry, ScreeningIndex
from graph.screening.index import identifier_key as identifier_key
from graph.screening.legal_forms import FORM_EFFECTS, form_relation
from graph.screening.normalise import NormalName, normalise
from graph.screening.similarity import COMPACT_MIN, SHORT_LEN, NameComparison, compare

__all__ = ["DEFAULT_THRESHOLD", "ORGANISATION", "SCHEMAS", "Match", "Matcher", "Query"]

# Chosen on the labelled benchmark (bench/screening_bench.py).
DEFAULT_THRESHOLD = 0.89
# The prefilter's token-set ratio cutoff: 80 at the default threshold (checked on the benchmark:
# recall is the same as with 70), lower for lower thresholds.
PREFILTER = 80.0
PREFILTER_MARGIN = 10.0
PREFILTER_FLOOR = 50.0
COUNTRY_AGREES = 0.02
COUNTRY_DIFFERS = -0.05
PERSON_FOR_ORGANISATION = -0.08
# An organisation query meets a person's name only if both names are covered this well.
PERSON_COVERAGE = 0.95
IDENTIFIER_AGREES = 0.99
# A registered name ("Future plc") near but not equal to a listed name that gives no legal form
# ("FUTURE BANK"), or a short name with a legal form meeting a bare listed acronym ("ISS A/S" /
# "ISS"), is weak evidence: the other words or the form would say who it is, and they do not.
UNFORMED_LIST = -0.05
SHORT_UNFORMED = 0.85


@dataclass(frozen=True)
class Query:
    """A name to screen, with what else is known about its owner (all optional).

    `legal_forms` adds forms known apart from the name ("llc"); forms written in the name are
    found anyway. `kind` is "organisation" (vendors, inventory names: a person's name must then
    match in full), "person", or None when unknown.
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
        explanation["schema"]["list"])."""
        return {
            "list": self.list,
            "entity_id": self.entity_id,
            "name": self.name,
            "score": self.score,
            "explanation": self.explanation,
        }

    def summary(self) -> str:
        """One line for a report or a graph property."""
        return str(self.explanation["summary"])


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
    """Validated schema names; None means organisations only."""
    if schemas is None:
        return ORGANISATION
    chosen = frozenset(s.strip().lower() for s in schemas if s.strip())
    unknown = chosen - set(SCHEMAS)
    if unknown:
        raise ValueError(f"unknown schema {sorted(unknown)}: expected some of {list(SCHEMAS)}")
    return chosen or ORGANISATION


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

    def _score(
        self,
        query: Query,
        qname: str,
        qnorm: NormalName,
        name_no: int,
        limit: float,
        searched: frozenset[str] | None = None,
    ) -> Match | None:
        """The match of one query name with one indexed name, or None below `limit`."""
        index = self.index
        searched = self.schemas if searched is None else searched
        entry = index.entries[index.name_entry[name_no]]
        listed_tokens = index.norm_texts[name_no].split()
        name = compare(qnorm.tokens, listed_tokens, index.weight)
        similarity = name.score
        person_effect = 0.0
        if entry.schema == "person" and query.kind == "organisation":
            # "Shell plc" is not "DONNA SHELL": an organisation meets a person only in full.
            both = min(
                sum(s for _, _, s in name.forward) / max(1, len(name.forward)),
                sum(s for _, _, s in name.backward) / max(1, len(name.backward)),
            )
            similarity = min(similarity, both if both >= PERSON_COVERAGE else 0.0)
            person_effect = PERSON_FOR_ORGANISATION
        query_forms = tuple(dict.fromkeys((*qnorm.legal_forms, *_given_forms(query))))
        listed_forms = index.form_sets[index.name_forms[name_no]]
        relation = form_relation(query_forms, listed_forms)
        form_effect, form_rank = FORM_EFFECTS[relation]
        unformed = ""
        if query_forms and not listed_forms:
            if name.method != "exact" and not (_is_short(qnorm.tokens) or _is_short(listed_tokens)):
                form_effect, unformed = UNFORMED_LIST, "near a listed name without legal form"
            elif _is_short(qnorm.tokens) or _is_short(listed_tokens):
                similarity = min(similarity, SHORT_UNFORMED)
                unformed = "short name with a legal form vs a bare listed name"
        shared_ids = (
            sorted({identifier_key(i) for i in query.identifiers} & entry.identifiers)
            if query.identifiers
            else []
        )
        score = max(similarity, IDENTIFIER_AGREES) if shared_ids else similarity
        country_effect, country_rank = 0.0, 1
        if query.country and entry.countries:
            agrees = query.country in entry.countries
            country_effect = COUNTRY_AGREES if agrees else COUNTRY_DIFFERS
            country_rank = 2 if agrees else 0
        raw = score + country_effect + person_effect + form_effect
        score = round(min(1.0, max(0.0, raw)), 3)
        if score < limit:
            return None  # the explanation is built only for what will be shown

        def explain() -> dict[str, Any]:
            name_detail = name.detail()
            notes = [f"name {name.score:.2f} ({name.method})", f"{entry.schema}"]
            if shared_ids:
                notes.append(f"identifier agrees ({', '.join(shared_ids)})")
            if country_effect:
                verb = "agrees" if country_effect > 0 else "differs"
                notes.append(f"country {verb} ({query.country} vs {','.join(entry.countries)})")
            if relation in ("agrees", "similar", "differs"):
                notes.append(
                    f"legal form {relation} ({'/'.join(query_forms)} vs {'/'.join(listed_forms)})"
                )
            if unformed:
                notes.append(unformed)
            if person_effect:
                notes.append("listed entry is a person")
            return {
                "name": name_detail,
                "identifier": {
                    "agrees": shared_ids,
                    "effect": round(max(similarity, IDENTIFIER_AGREES) - similarity, 3)
                    if shared_ids
                    else 0.0,
                },
                "country": {
                    "query": query.country,
                    "list": list(entry.countries),
                    "effect": country_effect,
                },
                "schema": {
                    "query": query.kind,
                    "list": entry.schema,
                    "searched": sorted(searched),
                    "effect": person_effect,
                },
                "legal_form": {
                    "query": list(query_forms),
                    "list": list(listed_forms),
                    "relation": relation,
                    "effect": form_effect,
                    "note": unformed or None,
                },
                "threshold": limit,
                "summary": "; ".join(notes),
            }

        schema_rank = 1 if entry.schema == "entity" else 0
        rank = (-score, -form_rank, -country_rank, -schema_rank, -name.score)
        return Match(
            entry.list,
            entry.entity_id,
            index.names[name_no],
            score,
            explain,
            entry,
            qname,
            rank,
        )

    def score_one(self, query: Query, name_no: int, threshold: float = 0.0) -> Match | None:
        """The query's name against one indexed name (by number), or None below `threshold`."""
        qnorm = normalise(query.name, organisation=query.kind != "person")
        return self._score(query, query.name, qnorm, name_no, threshold)

    def _prefilter(self, qnorm: NormalName, candidates: list[int], limit: float) -> list[int]:
        # Most candidates share only a word or two with the query; rapidfuzz's token-set ratio,
        # computed in C for all of them at once, drops those before the per-token scoring.
        # PREFILTER is set well below any threshold so no would-be match is lost.
        if len(candidates) <= 2:
            return candidates
        texts = [self.index.norm_texts[i] for i in candidates]
        # Never above what the threshold needs: reviewed matches are looked for lower down.
        cutoff = min(PREFILTER, max(PREFILTER_FLOOR, limit * 100 - PREFILTER_MARGIN))
        keep = {
            i
            for _, _, i in process.extract(
                qnorm.text, texts, scorer=fuzz.token_set_ratio, score_cutoff=cutoff, limit=None
            )
        }
        # The run-together view is not bounded by the token-set ratio ("hik vision" / "hikvision").
        compact = [t.replace(" ", "") for t in texts]
        keep.update(
            i
            for _, _, i in process.extract(
                qnorm.compact,
                compact,
                scorer=fuzz.ratio,
                score_cutoff=COMPACT_MIN * 100,
                limit=None,
            )
        )
        return [candidates[i] for i in sorted(keep)]

    def screen(
        self,
        query: Query | str,
        threshold: float | None = None,
        schemas: Iterable[str] | None = None,
    ) -> list[Match]:
        """Indexed entities matching the query (name or any alias) at or above the threshold,
        best first; only entities of `schemas` (default: the matcher's, organisations)."""
        if isinstance(query, str):
            query = Query(query)
        limit = self.threshold if threshold is None else threshold
        wanted = self.schemas if schemas is None else schema_set(schemas)
        allowed = bytes(1 if s in wanted else 0 for s in SCHEMAS)
        organisation = query.kind != "person"
        name_schema = self.index.name_schema
        best: dict[tuple[str, str], Match] = {}
        for qname in dict.fromkeys((query.name, *query.aliases)):
            qnorm = normalise(qname, organisation=organisation)
            if not qnorm.tokens:
                continue
            found = [i for i in self.index.candidates(qnorm) if allowed[name_schema[i]]]
            for name_no in self._prefilter(qnorm, found, limit):
                match = self._score(query, qname, qnorm, name_no, limit, wanted)
                if match is None:
                    continue
                key = (match.list, match.entity_id)
                if key not in best or match.rank < best[key].rank:
                    best[key] = match
        return sorted(best.values(), key=_sort_key)
