"""What the explorer and the vendor profile return: strict pydantic models the dashboard draws."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from graph.results import PathNode, SourceRef

__all__ = [
    "ExposedCustomer",
    "GraphEdge",
    "GraphNode",
    "NeighbourCount",
    "NodeDetails",
    "SanctionsMatch",
    "Subgraph",
    "VendorAction",
    "VendorProfile",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GraphNode(_Strict):
    """A node as the explorer shows it: label, display name and every declared property."""

    id: str
    label: str
    name: str
    props: dict[str, Any] = Field(default_factory=dict)


class GraphEdge(_Strict):
    """A relationship in its stored direction."""

    id: str
    type: str
    source: str
    target: str
    props: dict[str, Any] = Field(default_factory=dict)


class Subgraph(_Strict):
    """Nodes and relationships to draw; `more` counts neighbours left out by the limit, per node."""

    nodes: list[GraphNode] = Field(default_factory=list)
    edges: list[GraphEdge] = Field(default_factory=list)
    more: dict[str, int] = Field(default_factory=dict)

    def merge(self, other: Subgraph) -> Subgraph:
        nodes = {n.id: n for n in [*self.nodes, *other.nodes]}
        edges = {e.id: e for e in [*self.edges, *other.edges]}
        return Subgraph(
            nodes=list(nodes.values()), edges=list(edges.values()), more={**self.more, **other.more}
        )


class NeighbourCount(_Strict):
    """How many neighbours of one label a node has through one relationship type and direction."""

    rel: str
    direction: str  # "out" or "in"
    label: str
    count: int


class NodeDetails(_Strict):
    """What the details panel shows for one node."""

    node: GraphNode
    sources: list[SourceRef] = Field(default_factory=list)
    neighbours: list[NeighbourCount] = Field(default_factory=list)


class VendorAction(_Strict):
    """An enforcement action in a vendor's record, with its status as of the date and its history."""

    id: str
    name: str
    date: str
    relation: (
        str  # against (the vendor), appeal (of an action against it), concerns (a customer's use)
    )
    regulators: list[str] = Field(default_factory=list)
    jurisdiction: str | None = None
    against: str | None = None
    kinds: list[str] = Field(default_factory=list)
    orders: list[str] = Field(default_factory=list)
    ordered: str | None = None
    amount: float | None = None
    currency: str | None = None
    reference: str | None = None
    status: str | None = None
    history: list[dict[str, Any]] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)


class SanctionsMatch(_Strict):
    """A screening match of the vendor against a listed entity, with its designations: who
    listed it (authority), under which programmes or regimes, since when, with which
    identifiers, measures and remarks, as the list gives them."""

    listed_id: str
    listed_name: str
    list_code: str
    entity_id: str | None = None
    entity_type: str | None = None
    authority: str | None = None
    programs: list[str] = Field(default_factory=list)
    listed_on: list[str] = Field(default_factory=list)
    list_as_of: str | None = None
    identifiers: list[str] = Field(default_factory=list)
    measures: list[str] = Field(default_factory=list)
    remarks: str | None = None
    score: float | None = None
    review: str = "unreviewed"
    explanation: str | None = None
    reviewer: str | None = None
    reason: str | None = None
    sources: list[SourceRef] = Field(default_factory=list)


class ExposedCustomer(_Strict):
    """A customer process that reaches the vendor, at some tier, as of the date."""

    customer_id: str
    customer: str
    process: str
    product: str
    tier: int
    path: list[PathNode]


class VendorProfile(_Strict):
    """Everything the vendor profile page shows, as of a date."""

    vendor: GraphNode
    as_of: str
    sources: list[SourceRef] = Field(default_factory=list)
    links: list[GraphEdge] = Field(
        default_factory=list
    )  # products, jurisdictions, data sources, owners
    names: dict[str, str] = Field(default_factory=dict)  # node id -> name for `links`
    actions: list[VendorAction] = Field(default_factory=list)
    matches: list[SanctionsMatch] = Field(default_factory=list)
    customers: list[ExposedCustomer] = Field(default_factory=list)
