"""The user's words for the model's names: one place that reports, dashboard, CLI and explorer use.

Internal names (relationship types such as BUILT_ON, dimension keys such as data_remediation, list
codes such as bis-entity) stay in the graph and in ids a user copies; everything a person reads
goes through here. A name missing from a table falls back to a readable form of itself, and
`tests/test_vocabulary.py` checks every name the model declares has words.

>>> relation("BUILT_ON")
'is built on'
>>> path_sentence([("Custody search", "USES"), ("FaceFind", "BUILT_ON"),
...                ("Clearview app", "OFFERED_BY"), ("Clearview AI", None)])
'Custody search uses FaceFind, which is built on Clearview app, which is offered by Clearview AI'
>>> list_name("bis-entity")
'US Commerce Entity List'
>>> counted("EnforcementAction", 34), counted("Jurisdiction", 1)
('34 enforcement actions', '1 country')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from graph.model import ActionKind, Event

__all__ = [
    "ACTION_KINDS",
    "DIMENSIONS",
    "EVENTS",
    "LABELS",
    "LISTS",
    "NOT_PUBLIC",
    "RELATIONS",
    "STATUSES",
    "KindWords",
    "counted",
    "dimension",
    "event",
    "kind_event_label",
    "kind_events",
    "kind_force",
    "kind_label",
    "label",
    "list_name",
    "path_sentence",
    "relation",
    "status",
    "status_words",
]

# Read as "<from> <words> <to>". OFFERED_BY is the supply chain walking OFFERS backwards.
RELATIONS: dict[str, str] = {
    "RUNS": "runs",
    "USES": "uses",
    "PROCESSES": "processes",
    "OFFERS": "offers",
    "OFFERED_BY": "is offered by",
    "BUILT_ON": "is built on",
    "SUBPROCESSOR": "engages as sub-processor",
    "SUBPROCESSOR_OF": "is a sub-processor of",
    "OWNED_BY": "is owned or controlled by",
    "BASED_IN": "is based in",
    "STORES_DATA_IN": "stores data in",
    "COLLECTS_FROM": "collects data from",
    "OVERSEES": "oversees",
    "ISSUED": "issued",
    "AGAINST": "is against",
    "UNDER": "applies",
    "APPEAL_OF": "reviews",
    "CONCERNS": "concerns",
    "HAS_STATUS": "has the status",
    "DESIGNATES": "lists",
    "MATCHES": "may be the same as",
    "CITES": "cites",
    "RESOLVES_TO": "was resolved to",
}

LABELS: dict[str, str] = {
    "Customer": "customer",
    "Vendor": "vendor",
    "Product": "product",
    "Process": "process",
    "DataCategory": "data category",
    "DataSource": "data source",
    "Jurisdiction": "country",
    "Regulator": "regulator",
    "Law": "law",
    "EnforcementAction": "enforcement action",
    "StatusEvent": "status change",
    "Designation": "list designation",
    "ListedEntity": "listed entity",
    "Source": "source",
    "Mention": "supplier name as written",
}

DIMENSIONS: dict[str, str] = {
    "operational": "Operational",
    "regulatory": "Regulatory",
    "data_remediation": "Data remediation",
    "sanctions": "Sanctions",
    "reputational": "Reputational",
}

EVENTS: dict[str, str] = {
    "stop_processing": "order to stop processing",
    "deletion": "order to delete data",
    "stop_collection": "order to stop collecting data",
    "fine": "fine",
    "sanctions_designation": "sanctions designation",
    "adequacy_withdrawn": "UK adequacy withdrawn",
    "vendor_exit": "vendor leaves the market",
    "site_restriction": "no new deployment at a class of sites",
}

STATUSES: dict[str, str] = {
    "proposed": "proposed",
    "issued": "issued",
    "appealed": "under appeal",
    "overturned": "overturned",
    "remitted": "remitted for a new hearing",
    "upheld": "upheld",
    "paid": "paid",
    "unpaid": "unpaid",
    "complied": "complied with",
    "superseded": "superseded",
    "withdrawn": "withdrawn",
    "final": "final",
    "in_force": "in force",
    "closed": "closed",
}

LISTS: dict[str, str] = {
    "ofac-sdn": "US Treasury OFAC SDN list",
    "ofac-cons": "US Treasury OFAC non-SDN lists (incl. NS-CMIC)",
    "uksl": "UK Sanctions List",
    "ofsi": "UK OFSI Consolidated List",
    "un": "UN Security Council Consolidated List",
    "eu": "EU Financial Sanctions list",
    "opensanctions": "OpenSanctions",
    "bis-entity": "US Commerce Entity List",
    "fcc-covered": "US FCC Covered List",
    "dod-1260h": "US DoD 1260H list (Chinese military companies)",
}


# Plurals the rule "add an s" gets wrong.
_PLURALS: dict[str, str] = {
    "Process": "processes",
    "Jurisdiction": "countries",
    "StatusEvent": "status changes",
    "Designation": "list designations",
    "ListedEntity": "listed entities",
    "DataCategory": "data categories",
    "Mention": "supplier names as written",
}


def _readable(name: str) -> str:
    return name.replace("_", " ").replace("-", " ").lower()


def relation(rel_type: str) -> str:
    """The words for a relationship type, read from its start node to its end node."""
    return RELATIONS.get(rel_type, _readable(rel_type))


def label(node_label: str) -> str:
    """The words for a node label (lower case, singular)."""
    return LABELS.get(node_label, _readable(node_label))


def counted(node_label: str, n: int) -> str:
    """A count of nodes in words: "34 enforcement actions", "1 country"."""
    if n == 1:
        return f"1 {label(node_label)}"
    return f"{n:,} {_PLURALS.get(node_label) or label(node_label) + 's'}"


def dimension(key: str) -> str:
    """A dimension's display name."""
    return DIMENSIONS.get(key, _readable(key).capitalize())


def event(key: str) -> str:
    """A scenario event in words."""
    return EVENTS.get(key, _readable(key))


def status(key: str) -> str:
    """An enforcement action's status in words."""
    return STATUSES.get(key, _readable(key))


def list_name(code: str) -> str:
    """A restricted or sanctions list's name."""
    return LISTS.get(code, code)


def path_sentence(steps: Sequence[tuple[str, str | None]]) -> str:
    """A path of (name, relationship to the next) pairs as one readable clause chain."""
    out = ""
    for i, (name, _) in enumerate(steps):
        if i == 0:
            out = name
            continue
        rel = steps[i - 1][1]
        words = relation(rel) if rel else "then"
        out += f" {words} {name}" if i == 1 else f", which {words} {name}"
    return out


NOT_PUBLIC = "not yet made public"  # an action's status before its first known step


@dataclass(frozen=True)
class KindWords:
    """One kind of regulatory action (uk-law.md): its words by status, its force in the score by
    status, and the scenario events it can carry. Declared once here for graph.model.ActionKind."""

    label: str
    words: dict[str, str]  # status -> the kind's own words for it
    default: str  # words for a status the kind does not name
    force: dict[str, float]  # status -> force of what it requires (operational, data remediation)
    events: frozenset[Event] = field(default_factory=frozenset)
    event_label: str = "{event}"  # how a scenario names it: {event} is the event in words


_ORDER_FORCE = {
    "proposed": 0.5, "issued": 1.0, "in_force": 1.0, "final": 1.0, "upheld": 1.0, "unpaid": 1.0,
    "paid": 1.0, "complied": 0.8, "appealed": 0.8, "remitted": 0.6, "overturned": 0.3,
    "superseded": 0.0, "withdrawn": 0.0, "closed": 0.2,
}  # fmt: skip
_DATA_ORDERS = frozenset({Event.STOP_PROCESSING, Event.DELETION, Event.STOP_COLLECTION})

# The table of uk-law.md "Kinds of regulatory action". Force: an order or fine in force binds in full;
# a notice of intent is the regulator's provisional view (half); findings, a statement or a
# settlement have no order of their own (declared lower); a closure is no sanction.
ACTION_KINDS: dict[ActionKind, KindWords] = {
    ActionKind.ORDER: KindWords(
        "order",
        {
            "issued": "in force",
            "in_force": "in force",
            "final": "in force",
            "unpaid": "in force",
            "paid": "in force",
            "upheld": "in force (upheld on appeal)",
            "appealed": "appealed",
            "remitted": "remitted",
            "overturned": "overturned",
            "superseded": "superseded",
            "withdrawn": "withdrawn",
            "complied": "complied with",
            "closed": "closed",
            "proposed": "proposed",
        },
        "in force",
        _ORDER_FORCE,
        _DATA_ORDERS,
        "{event}",
    ),
    ActionKind.FINE: KindWords(
        "fine",
        {
            "issued": "imposed",
            "in_force": "imposed",
            "final": "imposed",
            "upheld": "imposed (upheld on appeal)",
            "appealed": "appealed",
            "remitted": "remitted",
            "overturned": "set aside",
            "paid": "paid",
            "unpaid": "unpaid",
            "superseded": "superseded",
            "withdrawn": "withdrawn",
            "closed": "closed",
            "proposed": "proposed",
        },
        "imposed",
        _ORDER_FORCE,
        frozenset({Event.FINE}),
        "fine",
    ),
    ActionKind.NOTICE_OF_INTENT: KindWords(
        "notice of intent",
        {"superseded": "superseded", "withdrawn": "withdrawn"},
        "proposed",
        {"proposed": 0.5, "issued": 0.5, "superseded": 0.0, "withdrawn": 0.0},
        _DATA_ORDERS | {Event.FINE},
        "notice of intent (a proposed {event})",
    ),
    ActionKind.FINDINGS: KindWords(
        "findings",
        {
            "overturned": "overturned",
            "withdrawn": "withdrawn",
            "upheld": "published (upheld on appeal)",
        },
        "published",
        {"issued": 0.4, "upheld": 0.4, "overturned": 0.1, "withdrawn": 0.0},
        _DATA_ORDERS,
        "report of findings (no order of its own)",
    ),
    ActionKind.STATEMENT: KindWords(
        "statement",
        {"withdrawn": "withdrawn"},
        "made",
        {"issued": 0.5, "in_force": 0.5, "withdrawn": 0.0},
        frozenset({Event.SITE_RESTRICTION}),
        "written statement ({event})",
    ),
    ActionKind.RULING: KindWords(
        "ruling",
        {
            "overturned": "set aside on appeal",
            "appealed": "under appeal",
            "withdrawn": "withdrawn by the appellant",
            "allowed": "allowed",
            "dismissed": "dismissed",
            "remitted": "allowed and remitted",
        },
        "decided",
        {"issued": 0.5},
    ),
    ActionKind.SETTLEMENT: KindWords(
        "settlement",
        {"approved": "approved", "appealed": "approved; under appeal", "in_force": "in force"},
        "agreed",
        {"issued": 0.3, "in_force": 0.3},
    ),
    ActionKind.CLOSURE: KindWords(
        "closure", {}, "closed with no further action", {"closed": 0.2, "issued": 0.2}
    ),
}


def _kinds(kinds: Iterable[str] | None) -> list[KindWords]:
    known = [ACTION_KINDS[ActionKind(k)] for k in kinds or [] if k in ActionKind._value2member_map_]
    return known or [ACTION_KINDS[ActionKind.ORDER]]


def kind_label(kinds: Iterable[str] | None) -> str:
    """The kinds of an action in words: "order and fine", "findings"."""
    return _label(tuple(kinds or ()))


@lru_cache(maxsize=256)  # few kinds, named in every alert fact and answer row
def _label(kinds: tuple[str, ...]) -> str:
    return " and ".join(dict.fromkeys(k.label for k in _kinds(kinds)))


def status_words(
    kinds: Iterable[str] | None, status: str | None, outcome: str | None = None
) -> str:
    """An action's status in its kind's own words: an order "in force", a fine "imposed", a ruling
    "allowed", a statement "made"; for an order and fine, both ("in force (order); imposed (fine)")."""
    if status is None:
        return NOT_PUBLIC
    said: dict[str, list[str]] = {}
    for kind in _kinds(kinds):
        key = outcome if outcome and status == "issued" and outcome in kind.words else status
        said.setdefault(kind.words.get(key, kind.default), []).append(kind.label)
    if len(said) == 1:
        return next(iter(said))
    return "; ".join(f"{words} ({' and '.join(labels)})" for words, labels in said.items())


def kind_force(kinds: Iterable[str] | None, status: str | None) -> float:
    """How far what the action requires binds, as of its status: the strongest of its kinds."""
    if status is None:
        return 0.0
    return max(kind.force.get(status, 0.0) for kind in _kinds(kinds))


def kind_events(kinds: Iterable[str] | None) -> frozenset[Event]:
    """The scenario events an action of these kinds can carry."""
    return frozenset().union(*(k.events for k in _kinds(kinds)))


def kind_event_label(kinds: Iterable[str] | None, event_value: str) -> str:
    """A scenario's event named as its action's kind has it ("report of findings (no order of its
    own)", "written statement (no new deployment at a class of sites)")."""
    words = event(event_value)
    for kind in _kinds(kinds):
        if Event(event_value) in kind.events:
            return kind.event_label.format(event=words)
    return words
