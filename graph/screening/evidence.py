"""What a match's score rests on, kept as plain values and spoken as an explanation on demand.

The matcher scores tens of candidates per name and shows few: it keeps each shown match's
features in one small object (not a closure over the scoring's locals) and writes the
explanation (each feature with its effect, and a one-line summary) only when someone reads it.

Example:
    >>> match.explanation["summary"]  # doctest: +SKIP
    'name 1.00 (exact); entity; legal form agrees (ltd vs ltd)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.screening.places import spoken
from graph.screening.similarity import NameComparison

__all__ = ["IDENTIFIER_AGREES", "Evidence"]

IDENTIFIER_AGREES = 0.99


@dataclass(slots=True)
class Evidence:
    """The features of one scored pair (see matcher.py for what each does to the score)."""

    name: NameComparison
    schema: str  # the listed party's
    countries: tuple[str, ...]  # the listed party's
    query_country: str | None
    query_kind: str | None
    read_as: str | None  # the query's kind as the matcher read it
    searched: frozenset[str]
    shared_ids: list[str]
    similarity: float
    country_effect: float
    places: tuple[str, str] | None
    places_effect: float
    kind_rule: str
    kind_effect: float
    relation: str
    query_forms: tuple[str, ...]
    listed_forms: tuple[str, ...]
    form_effect: float
    unformed: str
    middle: frozenset[str]
    threshold: float

    def explain(self) -> dict[str, Any]:
        """Each feature with its effect, and a one-line summary."""
        name_detail = self.name.detail()
        notes = [f"name {self.name.score:.2f} ({self.name.method})", f"{self.schema}"]
        if self.shared_ids:
            notes.append(f"identifier agrees ({', '.join(self.shared_ids)})")
        if self.country_effect:
            verb = "agrees" if self.country_effect > 0 else "differs"
            notes.append(f"country {verb} ({self.query_country} vs {','.join(self.countries)})")
        if self.places:
            notes.append(
                f"country words differ: {spoken(self.places[0])} / {spoken(self.places[1])}"
            )
        if self.relation in ("agrees", "similar", "differs"):
            notes.append(
                f"legal form {self.relation} "
                f"({'/'.join(self.query_forms)} vs {'/'.join(self.listed_forms)})"
            )
        if self.unformed:
            notes.append(self.unformed)
        if self.kind_rule:
            notes.append(
                f"{self.read_as or 'name of unknown kind'} vs listed {self.schema}: "
                f"{self.kind_rule}"
            )
        if self.middle:
            name_detail["middle_names"] = sorted(self.middle)
        return {
            "name": name_detail,
            "identifier": {
                "agrees": self.shared_ids,
                "effect": round(max(self.similarity, IDENTIFIER_AGREES) - self.similarity, 3)
                if self.shared_ids
                else 0.0,
            },
            "country": {
                "query": self.query_country,
                "list": list(self.countries),
                "effect": self.country_effect,
            },
            "places": {
                "query": self.places[0] if self.places else None,
                "list": self.places[1] if self.places else None,
                "effect": self.places_effect,
            },
            "schema": {
                "query": self.query_kind,
                "read_as": self.read_as,
                "list": self.schema,
                "searched": sorted(self.searched),
                "rule": self.kind_rule or None,
                "effect": self.kind_effect,
            },
            "legal_form": {
                "query": list(self.query_forms),
                "list": list(self.listed_forms),
                "relation": self.relation,
                "effect": self.form_effect,
                "note": self.unformed or None,
            },
            "threshold": self.threshold,
            "summary": "; ".join(notes),
        }
