"""Entity resolution: every supplier name an inventory gives, linked to the knowledge base or listed.

Names are scored by the screening engine (one matching code path) through `matching`; `resolver`
decides link / review / new; `decisions` keeps reviewers' verdicts across rebuilds; `answers`
reads a customer's resolutions back from the graph for exposure answers and reports.

May use: graph.store, graph.screening
"""

from graph.resolution.decisions import NameDecision, ResolutionReviews
from graph.resolution.resolver import AUTO_LINK, REVIEW, Resolution, Resolver

__all__ = ["AUTO_LINK", "REVIEW", "NameDecision", "Resolution", "ResolutionReviews", "Resolver"]
