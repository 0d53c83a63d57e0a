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

from collections.abc import Sequence

__all__ = [
    "DIMENSIONS",
    "EVENTS",
    "LABELS",
    "LISTS",
    "RELATIONS",
    "STATUSES",
    "counted",
    "dimension",
    "event",
    "label",
    "list_name",
    "path_sentence",
    "relation",
    "status",
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
