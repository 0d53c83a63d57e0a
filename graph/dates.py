"""As-of dates: one parser for the edges (CLI, dashboard) and the rules for dated facts.

The analysis API takes `datetime.date`; strings are parsed once, here, by the callers that receive
them from a person. Facts in the graph keep ISO strings (both engines compare them lexically), so a
fact holds as of a day when its date string is on or before the day's ISO form. A fact without a
date is *undated*: shown as such and never presented as current.

A date is stored at the precision its source gives: a day ("2022-05-23"), a month ("2021-12") or a
year ("2019"). Compared lexically, a month or a year counts from its first day (the earliest it can
have been), and it is printed at its own precision ("December 2021", "2019"), never as a first of
the month that no source states.

>>> parse_as_of("2022-06-01")
datetime.date(2022, 6, 1)
>>> known_by("2023-10-12", date(2022, 6, 1)), known_by(None, date(2022, 6, 1))
(False, None)
>>> known_by("2021-12", date(2021, 12, 1)), known_by("2023-11", date(2023, 10, 31))
(True, False)
>>> date_text("2021-12"), date_text("2019"), date_text("2022-05-23")
('December 2021', '2019', '2022-05-23')
>>> day_text("2026-01-01")
'1 January 2026'
"""

from __future__ import annotations

import re
from datetime import date

__all__ = [
    "UNDATED",
    "date_text",
    "dated",
    "day_text",
    "earliest",
    "is_partial_date",
    "known_by",
    "parse_as_of",
    "precision",
    "resolve_as_of",
]

UNDATED = "undated"

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def parse_as_of(text: str) -> date:
    """An ISO date (YYYY-MM-DD) from a person, or a ValueError that says what was wrong."""
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ValueError(f"as-of date {text!r} is not a date (YYYY-MM-DD)") from None


def resolve_as_of(as_of: date | None) -> date:
    """The as-of date given, or today."""
    return as_of if as_of is not None else date.today()


def is_partial_date(text: object) -> bool:
    """Whether `text` is a real ISO date at day, month or year precision (2022-05-23, 2021-12, 2019)."""
    if not isinstance(text, str):
        return False
    m = _PARTIAL.match(text)
    if m is None:
        return False
    try:
        date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return False
    return True


def precision(text: str) -> str:
    """ "day", "month" or "year": how precisely a stored date is known."""
    return {10: "day", 7: "month"}.get(len(text), "year")


def earliest(text: str) -> date:
    """The first day a stored date can stand for (a month's or a year's first day), for arithmetic."""
    m = _PARTIAL.match(text)
    if m is None:
        raise ValueError(f"{text!r} is not an ISO date at day, month or year precision")
    return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))


def known_by(fact_date: str | None, as_of: date) -> bool | None:
    """True when a dated fact holds by `as_of`, False when it is later, None when it is undated."""
    if not fact_date:
        return None
    return fact_date <= as_of.isoformat()


def date_text(fact_date: str | None) -> str:
    """A stored date for display at its own precision: "2022-05-23", "December 2021", "2019"."""
    if not fact_date:
        return UNDATED
    if precision(fact_date) == "month":
        return f"{_MONTHS[int(fact_date[5:7]) - 1]} {fact_date[:4]}"
    return fact_date


def day_text(fact_date: str) -> str:
    """A date in words for a sentence: "1 January 2026" ("December 2021" at month precision)."""
    if precision(fact_date) != "day":
        return date_text(fact_date)
    day = earliest(fact_date)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def dated(fact_date: str | None) -> str:
    """A fact's date for display: at its own precision, or "undated"."""
    return date_text(fact_date)
