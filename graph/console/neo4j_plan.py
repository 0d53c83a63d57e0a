"""Neo4j's console door: the server plans the query (EXPLAIN) and the plan must be made of reads.

READ access mode stops writes, not `LOAD CSV` (files, URLs), procedures (`dbms.listConfig()`) or
`SHOW` commands. So before a console query runs, `EXPLAIN` asks the server for its plan (nothing is
executed), and the query is allowed only when the server calls it a read (`query_type == 'r'`)
and every operator in the plan tree is in `READ_OPERATORS`: scans, seeks, expands, filters,
projections, sorts, aggregations, joins, unions, the Apply family and the like. `LoadCSV`,
`ProcedureCall`, `AdministrationCommand`, the `Show*`/`*Command` operators and every writing
operator (`Create`, `Merge`, `SetProperty`, `Delete`, `Foreach`, `TransactionApply`, ...) are
simply not in the list; an operator a newer server introduces is refused until it is added.
The names are Neo4j 5.26's (checked by tests/security on the saved queries and common reads).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.store.protocol import ReadOnlyViolation

__all__ = ["READ_OPERATORS", "check_plan", "plan_operators"]

READ_OPERATORS = frozenset(
    {
        # leaves: scans and seeks
        "AllNodesScan", "NodeByLabelScan", "NodeByIdSeek", "NodeByElementIdSeek",
        "NodeIndexSeek", "NodeUniqueIndexSeek", "NodeIndexSeekByRange",
        "NodeUniqueIndexSeekByRange", "NodeIndexScan", "NodeIndexContainsScan",
        "NodeIndexEndsWithScan", "MultiNodeIndexSeek", "IntersectionNodeByLabelsScan",
        "UnionNodeByLabelsScan", "SubtractionNodeByLabelsScan", "DirectedRelationshipTypeScan",
        "UndirectedRelationshipTypeScan", "DirectedAllRelationshipsScan",
        "UndirectedAllRelationshipsScan", "DirectedRelationshipIndexSeek",
        "UndirectedRelationshipIndexSeek", "DirectedRelationshipUniqueIndexSeek",
        "UndirectedRelationshipUniqueIndexSeek", "DirectedRelationshipIndexScan",
        "UndirectedRelationshipIndexScan", "DirectedRelationshipIndexSeekByRange",
        "UndirectedRelationshipIndexSeekByRange", "DirectedRelationshipIndexContainsScan",
        "UndirectedRelationshipIndexContainsScan", "DirectedRelationshipIndexEndsWithScan",
        "UndirectedRelationshipIndexEndsWithScan", "DirectedRelationshipByIdSeek",
        "UndirectedRelationshipByIdSeek", "DirectedRelationshipByElementIdSeek",
        "UndirectedRelationshipByElementIdSeek", "DirectedUnionRelationshipTypesScan",
        "UndirectedUnionRelationshipTypesScan", "NodeCountFromCountStore",
        "RelationshipCountFromCountStore", "Argument", "ArgumentTracker",
        # traversal
        "Expand(All)", "Expand(Into)", "OptionalExpand(All)", "OptionalExpand(Into)",
        "VarLengthExpand(All)", "VarLengthExpand(Into)", "VarLengthExpand(Pruning)",
        "VarLengthExpand(Pruning,BFS)", "BFSPruningVarLengthExpand", "ShortestPath",
        "StatefulShortestPath(All)", "StatefulShortestPath(Into)", "Repeat(Trail)",
        "Repeat(Walk)", "NullifyMetadata", "ProjectEndpoints", "TriadicSelection",
        "TriadicBuild", "TriadicFilter",
        # row operators
        "Filter", "Projection", "Sort", "PartialSort", "Top", "PartialTop", "Limit",
        "ExhaustiveLimit", "Skip", "Aggregation", "EagerAggregation", "OrderedAggregation",
        "Distinct", "OrderedDistinct", "Optional", "Unwind", "CacheProperties", "Eager",
        "EmptyResult", "ProduceResults", "AssertSameNode", "AssertSameRelationship",
        # combining
        "Apply", "SemiApply", "AntiSemiApply", "LetSemiApply", "LetAntiSemiApply",
        "SelectOrSemiApply", "SelectOrAntiSemiApply", "LetSelectOrSemiApply",
        "LetSelectOrAntiSemiApply", "RollUpApply", "ConditionalApply", "AntiConditionalApply",
        "Anti", "CartesianProduct", "NodeHashJoin", "ValueHashJoin", "NodeLeftOuterHashJoin",
        "NodeRightOuterHashJoin", "Union", "OrderedUnion",
    }
)  # fmt: skip


def _name(operator: str) -> str:
    # The server appends the database name: "NodeByLabelScan@neo4j".
    return operator.rsplit("@", 1)[0]


def plan_operators(plan: Mapping[str, Any]) -> list[str]:
    """Every operator name in an EXPLAIN plan tree (ResultSummary.plan), depth first."""
    names, stack = [], [plan]
    while stack:
        node = stack.pop()
        names.append(_name(str(node.get("operatorType", ""))))
        stack.extend(node.get("children", []))
    return names


def check_plan(query_type: str | None, plan: Mapping[str, Any] | None) -> None:
    """Raise ReadOnlyViolation unless the server planned a read made only of read operators."""
    if plan is None:
        raise ReadOnlyViolation("refused: the console is read-only; the server gave no plan")
    for name in plan_operators(plan):
        if name not in READ_OPERATORS:
            raise ReadOnlyViolation(
                f"refused: the console is read-only; the plan has a {name or 'nameless'} step"
            )
    if query_type != "r":
        raise ReadOnlyViolation(
            f"refused: the console is read-only; the server classes the query as {query_type!r}"
        )
