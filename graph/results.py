"""The pydantic models an exposure answer is made of: what the CLI prints, the dashboard shows and
the reports render. Strict (`extra="forbid"`) because they leave the program."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from graph import vocabulary
from graph.dates import day_text
from graph.model import Event

__all__ = [
    "Action",
    "AffectedProcess",
    "DimensionScore",
    "Evidence",
    "ExposureResult",
    "NameNote",
    "PathNode",
    "PortfolioRow",
    "Scenario",
    "SourceRef",
    "unique_refs",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRef(_Strict):
    """A cited source, as shown beside a claim."""

    id: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    pack: str | None = None  # the user's knowledge pack it came from, in words


def unique_refs(refs: Iterable[SourceRef]) -> list[SourceRef]:
    """`refs` without repeats, first seen first. Keyed by their fields, not compared one by one:
    a customer with thousands of affected processes cites the same few sources thousands of
    times, and a list scan with model equality made that quadratic."""
    seen: dict[tuple[str | None, ...], SourceRef] = {}
    for ref in refs:
        seen.setdefault((ref.id, ref.title, ref.url, ref.publisher, ref.date, ref.pack), ref)
    return list(seen.values())


class PathNode(_Strict):
    """One step of a graph path: the node, and the relationship that leads to the next one."""

    id: str
    label: str
    name: str
    rel: str | None = None


class Evidence(_Strict):
    """A claim, the graph path that shows it, and the sources that support it."""

    claim: str
    path: list[PathNode] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    points: float = 0.0
    date: str | None = Field(
        default=None, description="date of the fact the claim rests on; None when undated"
    )


class DimensionScore(_Strict):
    """One dimension of exposure: its 0-100 score, weight and the evidence for every point."""

    name: str
    score: float
    weight: float
    formula: str
    evidence: list[Evidence] = Field(default_factory=list)


class NameNote(_Strict):
    """A supplier name the customer's inventory gives, and what it resolved to (graph.resolution)."""

    name: str
    field: str = Field(description="inventory column: vendor, product, built_on or subprocessors")
    status: str = Field(
        description="exact, auto, confirmed, pending, new, fictional or rejected (reviewed: not"
        " the candidate a reviewer rejected)"
    )
    target: str | None = None
    candidate: str | None = None
    score: float | None = None
    evidence: str


class AffectedProcess(_Strict):
    """A customer process that the scenario reaches, and how."""

    process_id: str
    process: str
    product_id: str
    product: str
    tier: int
    path: list[PathNode]
    supplier: str | None = Field(default=None, description="the vendor the customer contracts with")
    criticality: str | None = None
    role: str | None = None
    data_categories: list[str] = Field(default_factory=list)
    special_category: bool = False
    criminal_offence_data: bool = Field(default=False, description="UK GDPR Art 10 data")
    law_enforcement: bool = Field(
        default=False,
        description="law-enforcement processing by a competent authority (DPA 2018 Part 3)",
    )
    lawful_basis: str | None = None
    uk_data_subjects: int | None = None
    vulnerable: list[str] = Field(
        default_factory=list,
        description="vulnerable groups whose data it processes (children, patients)",
    )
    score: float | None = Field(
        default=None,
        description="this process's own exposure score (the overall formula over its evidence)",
    )
    notice_days: int | None = None
    annual_spend: float | None = None
    alternatives: list[str] = Field(default_factory=list)
    dpia: bool | None = None
    storage: list[str] = Field(default_factory=list)
    links: list[str] = Field(
        default_factory=list,
        description="how the path was made: names resolved, organisations identified, claims and whose inventory states them",
    )


class Action(_Strict):
    """Something the customer must do, by whom and by when."""

    title: str
    detail: str
    owner: str
    due: str
    priority: str
    process_id: str | None = None
    sources: list[SourceRef] = Field(default_factory=list)


class Scenario(_Strict):
    """An event that happens to a vendor (or one product) in a jurisdiction from a date."""

    id: str
    name: str
    event: Event
    vendor_id: str
    vendor: str
    product_id: str | None = None
    jurisdiction: str | None = None
    effective_date: str
    action_id: str | None = None
    description: str = ""
    sources: list[SourceRef] = Field(default_factory=list)
    what_if: bool = False
    vendor_ids: list[str] = Field(
        default_factory=list, description="every vendor the scenario concerns (vendor_id first)"
    )
    vendors: list[str] = Field(default_factory=list, description="their names, same order")
    scope: str | None = Field(default=None, description="the order's legal scope (graph.model)")
    scope_note: str | None = None
    kinds: list[str] = Field(
        default_factory=list,
        description="kinds of the action (graph.model.ActionKind); [] for a what-if",
    )

    @property
    def event_label(self) -> str:
        """The event as the action's kind names it: "order to stop processing", "report of
        findings (no order of its own)", "written statement (no new deployment ...)"."""
        if not self.kinds:
            return vocabulary.event(self.event.value)
        return vocabulary.kind_event_label(self.kinds, self.event.value)

    @property
    def event_kinds(self) -> list[str]:
        """The kinds of the action that carry its event: for the ICO's order and fine, the order
        to stop processing is the order (its status "overturned", the fine's "set aside")."""
        carrying = [k for k in self.kinds if self.event in vocabulary.kind_events([k])]
        return carrying or self.kinds

    def status_text(self, status: str | None, as_of: str) -> str:
        """The action's status as of a date in its kind's own words ("in force", "made",
        "published"); a what-if is assumed from its effective date, and a plan before it."""
        if self.action_id is None:
            when = day_text(self.effective_date)
            if self.effective_date > as_of:
                return f"a plan: if it takes effect on {when}"
            return f"assumed from {when}"
        return vocabulary.status_words(self.kinds, status)

    @property
    def kind_label(self) -> str:
        """The kind of the scenario's action in words ("order and fine"), or "what-if"."""
        return vocabulary.kind_label(self.kinds) if self.kinds else "what-if"

    @property
    def targets(self) -> list[str]:
        """The vendor ids the scenario concerns (one for a what-if)."""
        return self.vendor_ids or [self.vendor_id]

    @property
    def vendor_names(self) -> str:
        """The vendors it concerns, as one phrase: "Hikvision and Dahua"."""
        names = self.vendors or [self.vendor]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class ExposureResult(_Strict):
    """A customer's exposure to a scenario as of a date."""

    customer_id: str
    customer: str
    customer_fictional: bool | None = None
    scenario: Scenario
    as_of: str
    action_status: str | None = None
    action_status_evidence: list[Evidence] = Field(default_factory=list)
    force: float
    reach: float = Field(
        default=1.0, description="declared reach of the order's scope (weights.REACH)"
    )
    reach_reason: str = ""
    score: float
    band: str
    formula: str
    dimensions: list[DimensionScore]
    affected: list[AffectedProcess]
    actions: list[Action]
    caveats: list[str] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    graph_version: str = ""
    names: list[NameNote] = Field(
        default_factory=list,
        description="the customer's supplier names that were not an exact match",
    )
    unresolved: list[str] = Field(
        default_factory=list,
        description="names not resolved or awaiting review, which could change the answer",
    )


class PortfolioRow(_Strict):
    """One customer's line in a portfolio ranking."""

    rank: int
    customer_id: str
    customer: str
    score: float
    band: str
    affected: int
    top_tier: int | None
    drivers: list[str]
    unresolved: list[str] = Field(default_factory=list)
