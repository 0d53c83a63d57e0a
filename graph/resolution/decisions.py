"""Review decisions on name resolution, kept outside the graph and re-applied on every rebuild.

Like screening reviews (graph/screening/review.py), each decision is one JSON line appended to
`<home>/resolution_reviews.jsonl`, keyed by the kind of name (vendor or product), the name as
written (folded, so "Facewatch LTD" and "Facewatch Ltd" share a decision) and the candidate's node
id. The latest line for a key wins; the file is the history. A decision holds for every inventory
that writes the name, so one review clears the name for all customers.

Example:
    >>> store = ResolutionReviews(home)  # doctest: +SKIP
    >>> store.decide("vendor", "Hikvision Digital Cloud", "vendor:hikvision", "confirmed", "dpo", "same group")  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from graph import decision_log
from graph.errors import UserError
from graph.screening.normalise import fold

__all__ = ["REVIEW_FILE", "NameDecision", "ResolutionReviews", "name_key"]

REVIEW_FILE = "resolution_reviews.jsonl"
Kind = Literal["vendor", "product"]
Verdict = Literal["confirmed", "rejected"]
Key = tuple[str, str, str]


def name_key(name: str) -> str:
    """How a written name is keyed: folded case, accents and punctuation."""
    return fold(name)


@dataclass(frozen=True)
class NameDecision:
    """A reviewer's verdict: the written name is (or is not) the knowledge-base node `target`."""

    kind: Kind
    name: str
    target: str
    decision: Verdict
    reviewer: str
    reason: str
    at: str

    @property
    def key(self) -> Key:
        return (self.kind, name_key(self.name), self.target)


class ResolutionReviews:
    """Append-only JSON-lines file of name decisions under a home directory."""

    def __init__(self, home: Path) -> None:
        self.path = home / REVIEW_FILE

    def load(self) -> dict[Key, NameDecision]:
        """The latest decision per key; a damaged line stops with the file and line named."""
        return decision_log.latest(self.path, _parse, lambda d: d.key, "resolution decision")

    def decide(
        self, kind: str, name: str, target: str, decision: str, reviewer: str, reason: str
    ) -> NameDecision:
        """Record a decision (appended; the file is the history)."""
        who, why = decision_log.checked_review(decision, reviewer, reason, "resolution decision")
        if kind not in ("vendor", "product"):
            raise UserError(f"kind must be 'vendor' or 'product', not {kind!r}")
        if not name.strip() or not target.strip():
            raise UserError("a resolution decision needs the name and the node it is about")
        record = NameDecision(
            kind,  # type: ignore[arg-type]  # checked above
            name.strip(),
            target.strip(),
            decision,  # type: ignore[arg-type]  # checked above
            who,
            why,
            decision_log.now(),
        )
        decision_log.append(self.path, record)
        return record


def _parse(row: dict[str, Any]) -> NameDecision:
    decision = NameDecision(**row)
    if decision.kind not in ("vendor", "product"):
        raise ValueError(f"kind must be vendor or product, not {decision.kind!r}")
    return decision
