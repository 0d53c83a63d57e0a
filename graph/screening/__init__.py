"""Screening names against sanctions lists, and matching names against any candidate set.

normalise (legal_forms, weights) -> index (blocking) -> bounds (prefilter) -> similarity ->
matcher (kinds, places, legal form, country, identifier evidence; explanation; listing) ->
review, ownership. A supplier register holds organisations and sole traders: by default listed
organisations and persons are searched; a name's kind narrows it, vessels and aircraft when
asked.

Example:
    >>> from graph.screening import Matcher, ScreeningIndex
    >>> from ingest.lists import read_lists
    >>> matcher = Matcher(ScreeningIndex.build(read_lists(["ofac:graph/data/lists/ofac-ns-cmic"])))  # doctest: +SKIP
    >>> [m.entity_id for m in matcher.screen("Hikvision")]  # doctest: +SKIP
    ['900001']
    >>> resolver = name_matcher([Candidate("vendor:facewatch", ("Facewatch",), "gb")])  # doctest: +SKIP
    >>> resolver.screen(Query("Facewatch Ltd", kind="organisation"))[0].score  # doctest: +SKIP
    1.0

May use: nothing else in graph/ beyond its top-level modules.
"""

from graph.screening.batch import screen_many
from graph.screening.candidates import Candidate, candidate_index, name_matcher, score_names
from graph.screening.index import IndexedEntry, ScreeningIndex
from graph.screening.matcher import DEFAULT_THRESHOLD, ORGANISATION, SCHEMAS, Match, Matcher, Query
from graph.screening.normalise import NormalName, normalise
from graph.screening.ownership import OwnershipEdge, Propagated, applies_to, propagate
from graph.screening.review import Decision, EffectiveMatch, ReviewStore, effective_matches

__all__ = [
    "DEFAULT_THRESHOLD",
    "ORGANISATION",
    "SCHEMAS",
    "Candidate",
    "Decision",
    "EffectiveMatch",
    "IndexedEntry",
    "Match",
    "Matcher",
    "NormalName",
    "OwnershipEdge",
    "Propagated",
    "Query",
    "ReviewStore",
    "ScreeningIndex",
    "applies_to",
    "candidate_index",
    "effective_matches",
    "name_matcher",
    "normalise",
    "propagate",
    "score_names",
    "screen_many",
]
