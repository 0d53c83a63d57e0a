"""Plain-English wording shared by the report builder and every renderer, so all formats read alike.

>>> plural(1, "process")
'1 process'
>>> plural(3, "process")
'3 processes'
>>> path_text([Step(id="a", label="Process", name="Custody search", rel="USES"),
...            Step(id="b", label="Product", name="Clearview app")])
'Custody search uses Clearview app'
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote, urlsplit

from graph import vocabulary
from graph.dates import date_text
from graph.reports.model import ActionItem, Citation, ProcessItem, Step

__all__ = [
    "BAND_MEANING",
    "DIMENSION_LABELS",
    "REVIEWED_INTRO",
    "band_meaning",
    "brief",
    "citation_text",
    "dimension_label",
    "due_text",
    "link_target",
    "path_text",
    "plural",
    "process_facts",
    "sentence",
    "yes_no",
]

DIMENSION_LABELS = vocabulary.DIMENSIONS
# Above the names a reviewer rejected: settled, so they are neither caveats nor open names.
REVIEWED_INTRO = (
    "A reviewer found that these inventory names are not the organisation they resemble; "
    "they are kept as separate suppliers and do not change this answer."
)

BAND_MEANING = {
    "critical": "act now, since processes stop or a regulator can act against you",
    "high": "act before the effective date",  # while it is ahead; see band_meaning
    "medium": "plan a response and monitor the case",
    "low": "record the assessment and monitor",
}

_IRREGULAR = {"process": "processes", "is": "are", "depends": "depend", "match": "matches"}


def band_meaning(band: str, effective_date: str, as_of: str) -> str | None:
    """What a band asks of the reader, in time words that fit the date: "act before the effective
    date" only while that date is ahead."""
    if band == "high" and effective_date <= as_of:
        return "act now: the effective date has passed"
    return BAND_MEANING.get(band)


def plural(count: int, word: str) -> str:
    """`count word`, the word made plural when the count is not one."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {_IRREGULAR.get(word, word + 's')}"


def dimension_label(name: str) -> str:
    """A dimension's display name."""
    return vocabulary.dimension(name)


def path_text(steps: Sequence[Step]) -> str:
    """A graph path written out in words, each relationship between its two nodes."""
    return vocabulary.path_sentence([(step.name, step.rel) for step in steps])


def yes_no(value: bool | None) -> str:
    """'yes', 'no' or 'not recorded'."""
    if value is None:
        return "not recorded"
    return "yes" if value else "no"


def process_facts(item: ProcessItem) -> list[tuple[str, str]]:
    """The facts recorded about an affected process, as label/value pairs for display."""
    facts = [
        ("Supplier", item.supplier or "not recorded"),
        ("Criticality", item.criticality or "not recorded"),
        ("Customer's role", (item.role or "not recorded").replace("_", " ")),
        ("Data", ", ".join(item.data_categories) or "not recorded"),
        # Art 9 for UK GDPR processing; sensitive processing under DPA 2018 Part 3 for law enforcement.
        ("Special category or sensitive data", yes_no(item.special_category)),
        (
            "UK data subjects",
            f"{item.uk_data_subjects:,}" if item.uk_data_subjects else "not recorded",
        ),
        (
            "Notice period",
            f"{item.notice_days} days" if item.notice_days is not None else "not recorded",
        ),
        ("DPIA", yes_no(item.dpia)),
        ("Alternatives", ", ".join(item.alternatives) or "none recorded"),
        ("Data stored in", ", ".join(item.storage) or "not recorded"),
    ]
    if item.annual_spend is not None:
        facts.append(("Annual spend", f"£{item.annual_spend:,.0f}"))
    if item.links:
        facts.append(("How the path was made", "; ".join(item.links)))
    return facts


def due_text(action: ActionItem) -> str:
    """The deadline with its distance from the as-of date, e.g. '2022-06-22 (in 21 days)', or
    who marked it done and when (graph.reports.progress)."""
    if action.done_by:
        return f"{action.due}: done, marked by {action.done_by} on {(action.done_at or '')[:10]}"
    days = action.days_from_as_of
    if days == 0:
        return f"{action.due} (now)"
    if days < 0:
        return f"{action.due} (overdue by {plural(-days, 'day')})"
    return f"{action.due} (in {plural(days, 'day')})"


def citation_text(source: Citation) -> str:
    """A source's title, publisher and date, without its URL."""
    parts = [source.title or source.id]
    if source.publisher:
        parts.append(source.publisher)
    parts.append(date_text(source.date))
    return ", ".join(parts)


def link_target(url: str | None) -> str | None:
    """The URL if it is safe to link to (http or https, no spaces or control characters), with
    characters that could break out of a Markdown or HTML link percent-encoded; else None."""
    if not url:
        return None
    url = url.strip()
    if urlsplit(url).scheme.lower() not in ("http", "https") or any(
        ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url
    ):
        return None
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def sentence(text: str) -> str:
    """The text ending with a full stop (or the ! or ? it has)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def brief(text: str, limit: int = 240) -> str:
    """The text cut at a clause boundary to about `limit` characters, for the summary.

    >>> brief("a; b; c", limit=4)
    'a; ... (in full below)'
    """
    if len(text) <= limit:
        return text
    cut = text.rfind("; ", 0, limit)
    head = text[:cut] if cut > 0 else text[:limit].rsplit(" ", 1)[0]
    return head.rstrip(" ;,") + "; ... (in full below)"
