"""The report model: everything an exported risk summary says, in the order it says it.

Built once from an exposure result (graph.reports.build); every renderer reads only this model, so
Markdown, HTML, PDF, JSON and CSV say the same thing. Every claim carries `cites`: numbers into the
report's own numbered source list, so each output can print "[1]" beside the claim and the source
(title, publisher, date, URL) at the end. The JSON export is this model, validated by the shipped
schema `schema/report-v1.json`; bump SCHEMA_VERSION and ship a new file on any breaking change.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "SCHEMA_VERSION",
    "ActionItem",
    "AnyReport",
    "Citation",
    "Claim",
    "DimensionSection",
    "EvidenceItem",
    "PortfolioEntry",
    "PortfolioReport",
    "ProcessItem",
    "Provenance",
    "Report",
    "ScenarioInfo",
    "Step",
]

SCHEMA_VERSION: Literal[1] = 1


class _Strict(BaseModel):
    # Every field is always written, so the schema marks every field required in exports.
    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_serialization_defaults_required=True
    )


class Citation(_Strict):
    """One numbered entry of the report's source list."""

    n: int = Field(ge=1, description="The number claims cite, printed as [n].")
    id: str = Field(description="The source's id in the graph.")
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: str | None = None


class Claim(_Strict):
    """A sentence the report asserts, and the sources that support it."""

    text: str
    cites: list[int] = Field(default_factory=list)


class Step(_Strict):
    """One node of a graph path, and the relationship to the next one."""

    id: str
    label: str
    name: str
    rel: str | None = None


class EvidenceItem(_Strict):
    """A claim behind a dimension's score: the points it adds, its graph path and sources."""

    claim: str
    points: float
    path: list[Step] = Field(default_factory=list)
    path_text: str = Field(
        "",
        description="The path written out, e.g. 'Northshire Constabulary runs Custody search, which uses FaceFind'.",
    )
    cites: list[int] = Field(default_factory=list)
    listing: list[str] = Field(
        default_factory=list,
        description="For a sanctions match: what the list says about the listing, one fact a line (authority and list, programmes or regimes, listing date, measures, identifiers, remarks).",
    )


class DimensionSection(_Strict):
    """One dimension of exposure and how much it adds to the overall score."""

    name: str
    label: str
    score: float
    weight: float
    contribution: float = Field(description="Points of the overall score from this dimension.")
    formula: str
    evidence: list[EvidenceItem] = Field(default_factory=list)


class ProcessItem(_Strict):
    """A customer process the scenario reaches, with the path from it to the vendor."""

    process_id: str
    process: str
    product_id: str
    product: str
    supplier: str | None = Field(None, description="The vendor the customer contracts with.")
    tier: int
    path: list[Step]
    path_text: str
    criticality: str | None = None
    role: str | None = None
    data_categories: list[str] = Field(default_factory=list)
    special_category: bool = False
    uk_data_subjects: int | None = None
    notice_days: int | None = None
    annual_spend: float | None = None
    alternatives: list[str] = Field(default_factory=list)
    dpia: bool | None = None
    storage: list[str] = Field(default_factory=list)
    links: list[str] = Field(
        default_factory=list,
        description="How the path was made: names resolved, organisations identified, whose inventory states a claim.",
    )
    cites: list[int] = Field(default_factory=list)


class ActionItem(_Strict):
    """Something the customer must do, who owns it and by when."""

    priority: str
    title: str
    detail: str
    owner: str
    due: str
    days_from_as_of: int = Field(description="Days from the as-of date to the deadline.")
    process_id: str | None = None
    cites: list[int] = Field(default_factory=list)
    done_by: str | None = Field(default=None, description="Who marked the action done, if anyone.")
    done_at: str | None = Field(
        default=None, description="When it was marked done (UTC, ISO 8601)."
    )


class ScenarioInfo(_Strict):
    """The event assessed: what happens to which vendor, where and from when."""

    id: str
    name: str
    event: str
    event_label: str
    vendor_id: str
    vendor: str
    product_id: str | None = None
    jurisdiction: str | None = None
    effective_date: str
    action_id: str | None = None
    description: str = ""
    what_if: bool = False
    cites: list[int] = Field(default_factory=list)


class Provenance(_Strict):
    """What produced the report, from which graph, and when."""

    tool: Literal["vendorgraph"] = "vendorgraph"
    tool_version: str
    generated_at: str = Field(description="UTC, ISO 8601, seconds.")
    graph_fingerprint: str = Field(
        description="Content hash of the graph the report was built from."
    )


class Report(_Strict):
    """A customer's exposure to one scenario as of a date, every claim cited."""

    kind: Literal["exposure"] = "exposure"
    schema_version: Literal[1] = SCHEMA_VERSION
    title: str
    provenance: Provenance
    customer_id: str
    customer: str
    customer_fictional: bool | None = None
    scenario: ScenarioInfo
    as_of: str
    action_status: str | None = None
    force: float
    score: float
    band: str
    formula: str
    summary: list[Claim] = Field(description="The executive summary, in plain English.")
    status_history: list[Claim] = Field(default_factory=list)
    affected: list[ProcessItem] = Field(default_factory=list)
    dimensions: list[DimensionSection] = Field(default_factory=list)
    actions: list[ActionItem] = Field(default_factory=list)
    caveats: list[Claim] = Field(default_factory=list)
    sources: list[Citation] = Field(default_factory=list)
    unresolved_names: list[str] = Field(
        default_factory=list,
        description="Supplier names not resolved to the knowledge base, or awaiting review, which could change the answer.",
    )
    reviewed_names: list[str] = Field(
        default_factory=list,
        description="Supplier names a reviewer rejected as the organisation they resemble, each once, with who rejected it and when; they do not change the answer.",
    )


class PortfolioEntry(_Strict):
    """One customer's line in the portfolio ranking."""

    rank: int
    customer_id: str
    customer: str
    score: float
    band: str
    affected: int
    top_tier: int | None = None
    drivers: list[str] = Field(default_factory=list)
    unresolved_names: list[str] = Field(default_factory=list)


class PortfolioReport(_Strict):
    """Every assessed customer ranked by exposure to one scenario as of a date."""

    kind: Literal["portfolio"] = "portfolio"
    schema_version: Literal[1] = SCHEMA_VERSION
    title: str
    provenance: Provenance
    scenario: ScenarioInfo
    as_of: str
    summary: list[Claim]
    rows: list[PortfolioEntry] = Field(default_factory=list)
    caveats: list[Claim] = Field(default_factory=list)
    sources: list[Citation] = Field(default_factory=list)


AnyReport = Annotated[Report | PortfolioReport, Field(discriminator="kind")]
