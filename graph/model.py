"""The one declaration of vendorgraph's graph: every node label, relationship type and property.

Everything else is derived from this module: the LadybugDB DDL, the Neo4j constraints, the
generated upsert Cypher, the validation of curated records and the documentation table.
Property types are kept to the few both engines store the same way (strings, integers, floats,
booleans and string lists); dates are ISO-8601 strings so that they compare lexically in Cypher on
both engines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

__all__ = [
    "EDGE_TYPES",
    "NODE_TYPES",
    "SCOPES",
    "ActionKind",
    "EdgeType",
    "NodeType",
    "Prop",
    "PropKind",
    "edge_type",
    "node_type",
]

PropKind = Literal["STRING", "INT64", "DOUBLE", "BOOLEAN", "STRING[]"]


@dataclass(frozen=True)
class Prop:
    """One property of a node or relationship."""

    name: str
    kind: PropKind = "STRING"
    doc: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class NodeType:
    """A node label: its key is always the string property `id`."""

    label: str
    doc: str
    props: tuple[Prop, ...]

    @property
    def all_props(self) -> tuple[Prop, ...]:
        return (*_NODE_COMMON, *self.props)

    def prop(self, name: str) -> Prop:
        for p in self.all_props:
            if p.name == name:
                return p
        raise KeyError(f"{self.label} has no property {name!r}")


@dataclass(frozen=True)
class EdgeType:
    """A relationship type and the (from, to) label pairs it may join."""

    type: str
    doc: str
    ends: tuple[tuple[str, str], ...]
    props: tuple[Prop, ...] = field(default=())

    @property
    def all_props(self) -> tuple[Prop, ...]:
        return (*_EDGE_COMMON, *self.props)


class Event(StrEnum):
    """What a scenario says happens to a vendor (site_restriction: no new use at a class of sites)."""

    STOP_PROCESSING = "stop_processing"
    DELETION = "deletion"
    STOP_COLLECTION = "stop_collection"
    FINE = "fine"
    SANCTIONS_DESIGNATION = "sanctions_designation"
    ADEQUACY_WITHDRAWN = "adequacy_withdrawn"
    VENDOR_EXIT = "vendor_exit"
    SITE_RESTRICTION = "site_restriction"


class ActionKind(StrEnum):
    """Kinds of regulatory action (uk-law.md): graph.vocabulary.ACTION_KINDS gives their words."""

    ORDER = "order"
    FINE = "fine"
    NOTICE_OF_INTENT = "notice_of_intent"
    FINDINGS = "findings"
    STATEMENT = "statement"
    RULING = "ruling"
    SETTLEMENT = "settlement"
    CLOSURE = "closure"


class Status(StrEnum):
    """Steps in an enforcement action's life."""

    PROPOSED = "proposed"
    ISSUED = "issued"
    APPEALED = "appealed"
    OVERTURNED = "overturned"
    REMITTED = "remitted"
    UPHELD = "upheld"
    PAID = "paid"
    UNPAID = "unpaid"
    COMPLIED = "complied"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"
    FINAL = "final"
    IN_FORCE = "in_force"
    CLOSED = "closed"


# An action's legal scope: all residents of its jurisdiction, named complainants only, a class of
# sectors or sites, findings or guidance without an order, or not stated by the source.
SCOPES = (
    "all_residents",
    "named_complainants",
    "sector_or_site_class",
    "findings_or_guidance",
    "not_stated",
)


# Every node has a name and the ids of its Source nodes (also CITES edges: a property and a path).
_NODE_COMMON = (
    Prop("id", required=True, doc="stable id, unique within the label"),
    Prop("name", required=True, doc="display name"),
    Prop("sources", "STRING[]", doc="ids of Source nodes supporting this fact"),
    Prop("note", doc="free-text remark"),
)

# Every relationship can be dated, so that any question can be asked as of a date.
_EDGE_COMMON = (
    Prop("sources", "STRING[]", doc="ids of Source nodes supporting this link"),
    Prop("since", doc="ISO date the link began, if known"),
    Prop("until", doc="ISO date the link ended, if it has"),
    Prop("note", doc="free-text remark"),
)

_FICTIONAL = Prop("fictional", "BOOLEAN", doc="true for invented sample organisations")
# A supply-chain link an inventory states holds for the customer who stated it; curated links
# (no asserted_by) hold for everyone.
_ASSERTED = Prop(
    "asserted_by",
    "STRING[]",
    doc="ids of the customers whose inventories state this link; null if curated",
)
_COUNTRY = Prop("country", doc="ISO 3166-1 alpha-2 code")
_LINKED = ("exact", "auto", "confirmed")  # Mention statuses that link the name to a node

NODE_TYPES: dict[str, NodeType] = {
    n.label: n
    for n in (
        NodeType(
            "Customer",
            "The organisation being assessed.",
            (
                Prop("sector"),
                _COUNTRY,
                _FICTIONAL,
                Prop("description"),
                Prop("turnover_gbp", "DOUBLE", doc="worldwide annual turnover, for fine caps"),
                Prop("inventory", doc="file the customer's inventory came from"),
            ),
        ),
        NodeType(
            "Vendor",
            "A supplier at any tier.",
            (
                Prop("aliases", "STRING[]"),
                _COUNTRY,
                Prop("identifiers", "STRING[]", doc="scheme:value, e.g. lei:..."),
                Prop("website"),
                Prop("description"),
                _FICTIONAL,
            ),
        ),
        NodeType(
            "Product",
            "A product or service a vendor offers.",
            (Prop("category"), Prop("description"), _FICTIONAL),
        ),
        NodeType(
            "Process",
            "A customer's processing activity (one row of its inventory).",
            (
                Prop("customer_id", required=True),
                Prop("purpose"),
                Prop(
                    "criticality",
                    choices=("low", "medium", "high", "critical"),
                    doc="how much the customer depends on it",
                ),
                Prop("uk_data_subjects", "INT64", doc="number of UK data subjects"),
                Prop("role", choices=("controller", "joint_controller", "processor")),
                Prop("dpia", "BOOLEAN", doc="a DPIA covers this process"),
                Prop("lawful_basis"),
                Prop("alternatives", "STRING[]", doc="substitute products or processes"),
            ),
        ),
        NodeType(
            "DataCategory",
            "A category of personal data.",
            (
                Prop("special_category", "BOOLEAN", doc="UK GDPR Art 9 special category"),
                Prop("description"),
            ),
        ),
        NodeType(
            "DataSource",
            "Where a vendor collects data from.",
            (Prop("kind", doc="e.g. social_media, news, mugshots"), Prop("url")),
        ),
        NodeType(
            "Jurisdiction",
            "A country or territory (ISO 3166) and its UK adequacy status.",
            (
                Prop(
                    "uk_adequacy",
                    choices=("uk", "adequate", "partial", "none"),
                    doc="status of transfers from the UK",
                ),
                Prop("adequacy_basis"),
                Prop("adequacy_since"),
            ),
        ),
        NodeType(
            "Regulator",
            "A data protection authority, court or tribunal, or sanctions authority.",
            (
                Prop("kind", choices=("dpa", "court", "sanctions", "government", "claimants")),
                _COUNTRY,
            ),
        ),
        NodeType("Law", "A statute, regulation or instrument.", (Prop("citation"), _COUNTRY)),
        NodeType(
            "EnforcementAction",
            "A regulatory or judicial action against a vendor or a customer.",
            (
                Prop("kinds", "STRING[]", choices=tuple(k.value for k in ActionKind)),
                Prop("outcome", choices=("allowed", "dismissed", "remitted", "approved")),
                Prop("date", required=True, doc="ISO date issued or decided"),
                Prop("announced"),
                Prop("amount", "DOUBLE"),
                Prop("currency"),
                Prop("orders", "STRING[]", doc="Event values the action orders"),
                Prop("ordered", doc="what was ordered, in the source's words"),
                Prop("reference"),
                Prop(
                    "jurisdiction", doc="ISO code of the jurisdiction whose residents it protects"
                ),
                Prop(
                    "scope",
                    choices=SCOPES,
                    doc="whom it protects or reaches; not_stated where the source does not say",
                ),
                Prop("scope_note", doc="the scope in the source's words, e.g. the class of sites"),
            ),
        ),
        NodeType(
            "StatusEvent",
            "One dated step in an enforcement action's status history.",
            (
                Prop("action_id", required=True),
                Prop("date", required=True),
                Prop("status", required=True, choices=tuple(s.value for s in Status)),
            ),
        ),
        NodeType(
            "Designation",
            "A listing on a sanctions or restricted list.",
            (
                Prop("list", required=True, doc="list code, e.g. ofac-cons, uksl, bis-entity"),
                Prop("authority", doc="who publishes the list, e.g. OFAC, UN Security Council"),
                Prop("program", doc="programmes or regimes, '; '-separated"),
                Prop("listed_on"),
                Prop("list_as_of", doc="date of the list extract"),
                Prop("measures", "STRING[]", doc="asset freeze, investment ban, ..."),
                Prop("remarks", doc="the list's remarks or other information, as written"),
            ),
        ),
        NodeType(
            "ListedEntity",
            "An entity as a list publishes it.",
            (
                Prop("list", required=True),
                Prop("entity_id", required=True, doc="the list's own id, e.g. OFAC ent_num"),
                Prop("entity_type", doc="entity, person, vessel, aircraft"),
                Prop("aliases", "STRING[]"),
                Prop("identifiers", "STRING[]"),
                Prop("countries", "STRING[]"),
                Prop("addresses", "STRING[]"),
            ),
        ),
        NodeType(
            "Mention",
            "A supplier name as an inventory writes it, and what it resolved to (graph.resolution).",
            (
                Prop(
                    "customer_id", required=True, doc="the customer whose inventory gives the name"
                ),
                Prop("field", doc="inventory column: vendor, product, built_on or subprocessors"),
                Prop(
                    "kind",
                    choices=("vendor", "product"),
                    doc="vendor (vendor, subprocessors columns) or product (product, built_on)",
                ),
                Prop(
                    "status",
                    required=True,
                    choices=(*_LINKED, "pending", "new", "fictional", "rejected"),
                    doc="linked, awaiting review, kept as new, or reviewed and rejected",
                ),
                Prop("target", doc="id of the node the name resolved to"),
                Prop(
                    "candidate", doc="id of the node a pending name may be, a rejected one is not"
                ),
                Prop("score", "DOUBLE", doc="the screening engine's name score"),
                Prop("evidence", doc="how the name was resolved, in words"),
            ),
        ),
        NodeType(
            "Source",
            "A cited document.",
            (Prop("url"), Prop("title"), Prop("publisher"), Prop("date"), Prop("pack")),
        ),
    )
}

_CITING = tuple(label for label in NODE_TYPES if label != "Source")

EDGE_TYPES: dict[str, EdgeType] = {
    e.type: e
    for e in (
        EdgeType("RUNS", "A customer runs a process.", (("Customer", "Process"),)),
        EdgeType(
            "USES",
            "A process uses a product.",
            (("Process", "Product"),),
            (
                Prop("role", doc="the product's part in the process"),
                Prop("notice_days", "INT64", doc="contract notice period"),
                Prop("annual_spend", "DOUBLE", doc="GBP a year"),
            ),
        ),
        EdgeType("PROCESSES", "A process handles a data category.", (("Process", "DataCategory"),)),
        EdgeType("OFFERS", "A vendor offers a product.", (("Vendor", "Product"),), (_ASSERTED,)),
        EdgeType(
            "BUILT_ON",
            "A product is built on another (a fourth party).",
            (("Product", "Product"),),
            (_ASSERTED,),
        ),
        EdgeType(
            "SUBPROCESSOR",
            "A vendor engages a subprocessor.",
            (("Vendor", "Vendor"),),
            (_ASSERTED,),
        ),
        EdgeType(
            "OWNED_BY",
            "Ownership or control.",
            (("Vendor", "Vendor"), ("ListedEntity", "ListedEntity")),
            (Prop("share", "DOUBLE", doc="fraction 0..1"), Prop("control", "BOOLEAN")),
        ),
        EdgeType(
            "BASED_IN",
            "Where an organisation is established.",
            (("Vendor", "Jurisdiction"), ("Customer", "Jurisdiction")),
        ),
        EdgeType(
            "STORES_DATA_IN",
            "Where a product stores data.",
            (("Product", "Jurisdiction"),),
            (_ASSERTED,),
        ),
        EdgeType(
            "RESOLVES_TO",
            "An inventory's name linked to a known vendor or product.",
            (("Mention", "Vendor"), ("Mention", "Product")),
        ),
        EdgeType(
            "COLLECTS_FROM", "A vendor collects data from a source.", (("Vendor", "DataSource"),)
        ),
        EdgeType("OVERSEES", "A regulator's territory.", (("Regulator", "Jurisdiction"),)),
        EdgeType(
            "ISSUED",
            "A regulator issued an action or a list designation.",
            (("Regulator", "EnforcementAction"), ("Regulator", "Designation")),
        ),
        EdgeType(
            "AGAINST",
            "Whom an action is against.",
            (("EnforcementAction", "Vendor"), ("EnforcementAction", "Customer")),
        ),
        EdgeType("UNDER", "The law an action applies.", (("EnforcementAction", "Law"),)),
        EdgeType(
            "APPEAL_OF",
            "A later action reviews an earlier one.",
            (("EnforcementAction", "EnforcementAction"),),
        ),
        EdgeType(
            "CONCERNS",
            "An action against a customer concerns its use of a vendor.",
            (("EnforcementAction", "Vendor"),),
        ),
        EdgeType(
            "HAS_STATUS", "A step in an action's history.", (("EnforcementAction", "StatusEvent"),)
        ),
        EdgeType(
            "DESIGNATES", "A designation lists an entity.", (("Designation", "ListedEntity"),)
        ),
        EdgeType(
            "MATCHES",
            "A screening match between a vendor and a listed entity.",
            (("Vendor", "ListedEntity"),),
            (
                Prop("score", "DOUBLE"),
                Prop("explanation"),
                Prop("review", choices=("unreviewed", "confirmed", "rejected", "curated")),
                Prop("reviewer"),
                Prop("reason"),
            ),
        ),
        EdgeType("CITES", "A fact's source.", tuple((label, "Source") for label in _CITING)),
    )
}


def node_type(label: str) -> NodeType:
    """The declared node type for a label, or a KeyError naming the known ones."""
    if label not in NODE_TYPES:
        raise KeyError(f"unknown node label {label!r}; known: {', '.join(NODE_TYPES)}")
    return NODE_TYPES[label]


def edge_type(rel_type: str) -> EdgeType:
    """The declared relationship type, or a KeyError naming the known ones."""
    if rel_type not in EDGE_TYPES:
        known = ", ".join(EDGE_TYPES)
        raise KeyError(f"unknown relationship type {rel_type!r}; known: {known}")
    return EDGE_TYPES[rel_type]
