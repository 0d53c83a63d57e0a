"""As-of dates: one parser for the edges (CLI, dashboard) and the rules for dated facts.

The analysis API takes `datetime.date`; strings are parsed once, here, by the callers that receive
them from a person. Facts in the graph keep ISO strings (both engines compare them lexically), so a
fact holds as of a day when its date string is on or before the day's ISO form. A fact without a
date is *undated*: shown as such and never presented as current.

>>> parse_as_of("2022-06-01")
datetime.date(2022, 6, 1)
>>> known_by("2023-10-12", date(2022, 6, 1)), known_by(None, date(2022, 6, 1))
(False, None)
"""

from __future__ import annotations

from datetime import date

__all__ = ["UNDATED", "dated", "known_by", "parse_as_of", "resolve_as_of"]

UNDATED = "undated"


def parse_as_of(text: str) -> date:
    """An ISO date (YYYY-MM-DD) from a person, or a ValueError that says what was wrong."""
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ValueError(f"as-of date {text!r} is not a date (YYYY-MM-DD)") from None


def resolve_as_of(as_of: date | None) -> date:
    """The as-of date given, or today."""
    return as_of if as_of is not None else date.today()


def known_by(fact_date: str | None, as_of: date) -> bool | None:
    """True when a dated fact holds by `as_of`, False when it is later, None when it is undated."""
    if not fact_date:
        return None
    return fact_date <= as_of.isoformat()


def dated(fact_date: str | None) -> str:
    """A fact's date for display: the ISO date, or "undated"."""
    return fact_date or UNDATED
