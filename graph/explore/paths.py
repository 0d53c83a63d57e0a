"""The graph explorer's answer: a customer's paths to a vendor, drawn left to right, small enough to
read (about 15 nodes), with the neighbours a user asked for and a count of what is left out.

A path runs customer -> process -> product -> ... -> vendor, each edge in the direction it is read
("uses", "is built on", "is offered by"), so a left-to-right layout puts the customer first and
the vendor last. The nearest paths (lowest tier) are drawn first; the paths that would push the
drawing past its budget are counted and listed in the table, never silently dropped.

Example:
    >>> answer = answer_paths(store, "customer:cust-larkspur-stores", "vendor:clearview-ai", "2022-06-01")  # doctest: +SKIP
    >>> len(answer.subgraph.nodes) <= 15, answer.hidden_paths  # doctest: +SKIP
    (True, 0)
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from graph import vocabulary
from graph.explore.explorer import exposed_processes
from graph.explore.models import ExposedCustomer, GraphEdge, GraphNode, Subgraph
from graph.explore.views import subgraph_elements
from graph.results import PathNode
from graph.store.protocol import Store

__all__ = ["NODE_BUDGET", "AnswerPaths", "answer_elements", "answer_paths", "layer_shape", "trim"]

NODE_BUDGET = 15  # nodes an answer draws before further paths go to the table only


class AnswerPaths(BaseModel):
    """The paths drawn, one row per path (drawn or not), and how many were not drawn."""

    model_config = ConfigDict(extra="forbid")

    subgraph: Subgraph = Field(default_factory=Subgraph)
    rows: list[dict[str, Any]] = Field(default_factory=list)
    hidden_paths: int = 0


def _path_graph(customer_id: str, exposed: ExposedCustomer) -> Subgraph:
    steps = list(exposed.path)
    if steps and steps[0].id != customer_id:  # the supply chain starts at the customer; say so
        steps.insert(
            0, PathNode(id=customer_id, label="Customer", name=exposed.customer, rel="RUNS")
        )
    nodes = [GraphNode(id=n.id, label=n.label, name=n.name) for n in steps]
    edges = []
    for a, b in pairwise(steps):
        rel = a.rel or "LINKED"
        edges.append(GraphEdge(id=f"{a.id}|{rel}|{b.id}", type=rel, source=a.id, target=b.id))
    return Subgraph(nodes=nodes, edges=edges)


def answer_paths(
    store: Store, customer_id: str, vendor_id: str, as_of: str, budget: int = NODE_BUDGET
) -> AnswerPaths:
    """The customer's paths to the vendor as of the date, nearest first, drawn up to `budget`
    nodes (the first path always)."""
    exposed = sorted(
        exposed_processes(store, customer_id, vendor_id, as_of), key=lambda e: (e.tier, e.process)
    )
    drawn = Subgraph()
    rows, hidden = [], 0
    for each in exposed:
        path = _path_graph(customer_id, each)
        merged = drawn.merge(path)
        fits = not drawn.nodes or len(merged.nodes) <= budget
        if fits:
            drawn = merged
        else:
            hidden += 1
        rows.append({
            "tier": each.tier, "process": each.process, "product": each.product,
            "path": vocabulary.path_sentence([(n.name, n.rel) for n in each.path]),
            "drawn": "yes" if fits else "no (see the table)",
        })  # fmt: skip
    return AnswerPaths(subgraph=drawn, rows=rows, hidden_paths=hidden)


def trim(extra: Subgraph, keep: set[str], per_node: int) -> tuple[Subgraph, int]:
    """`extra` (neighbours asked for) cut to `per_node` new nodes around each expanded node, with
    the count of neighbours left out (the store's own count of those past its limit included)."""
    new = [n for n in extra.nodes if n.id not in keep]
    shown = {n.id for n in new[:per_node]} | keep
    left_out = max(0, len(new) - per_node) + sum(extra.more.values())
    nodes = [n for n in extra.nodes if n.id in shown]
    edges = [e for e in extra.edges if e.source in shown and e.target in shown]
    return Subgraph(nodes=nodes, edges=edges), left_out


def answer_elements(
    paths: Subgraph, extra: Subgraph | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape elements for the answer: the paths marked `path`, the neighbours added plain. A
    stored link between two nodes a path already joins is not drawn twice (OFFERS is the path's
    "is offered by" read the other way)."""
    joined = {frozenset((e.source, e.target)) for e in paths.edges}
    others = Subgraph()
    if extra is not None:
        edges = [e for e in extra.edges if frozenset((e.source, e.target)) not in joined]
        others = Subgraph(nodes=extra.nodes, edges=edges)
    return subgraph_elements(others, paths)


def layer_shape(elements: dict[str, list[dict[str, Any]]]) -> tuple[int, int]:
    """(columns, tallest column) a left-to-right layered drawing of the elements takes."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(n["data"]["id"] for n in elements["nodes"])
    graph.add_edges_from((e["data"]["source"], e["data"]["target"]) for e in elements["edges"])
    if not graph:
        return 0, 0
    if not nx.is_directed_acyclic_graph(graph):
        graph = nx.DiGraph(nx.bfs_tree(graph.to_undirected(), next(iter(graph))))
    layers = [len(g) for g in nx.topological_generations(graph)]
    return len(layers), max(layers)
