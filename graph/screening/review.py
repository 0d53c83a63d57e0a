"""Review decisions on screening matches, stored outside the graph and re-applied on every rebuild.

The graph is derived and rebuilt often; an analyst's "this is not them" must survive that. Each
decision is one JSON line appended to `<home>/screening_reviews.jsonl`, keyed by vendor id, list
and the list's entity id; the latest line for a key wins, so a decision can be reversed and the
file keeps the history. Only confirmed or above-threshold, unrejected matches feed exposure, and
`effective_matches` says which rule let each one in.

Example:
    >>> store = ReviewStore(Path("~/.vendorgraph").expanduser())  # doctest: +SKIP
    >>> store.decide("vendor:hikvision", "ofac-cons", "30946", "confirmed", "a.analyst", "same USCC")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from graph import decision_log

__all__ = ["REVIEW_FILE", "Decision", "EffectiveMatch", "ReviewStore", "effective_matches"]

REVIEW_FILE = "screening_reviews.jsonl"
Verdict = Literal["confirmed", "rejected"]
Key = tuple[str, str, str]


@dataclass(frozen=True)
class Decision:
    """An analyst's verdict on one vendor-to-listed-entity match."""

    vendor_id: str
    list: str
    entity_id: str
    decision: Verdict
    reviewer: str
    reason: str
    at: str  # ISO timestamp, UTC

    @property
    def key(self) -> Key:
        return (self.vendor_id, self.list, self.entity_id)


class ReviewStore:
    """Append-only JSON-lines file of decisions under a home directory."""

    def __init__(self, home: Path) -> None:
        self.path = home / REVIEW_FILE

    def load(self) -> dict[Key, Decision]:
        """The latest decision per key; a damaged line stops with the file and line named."""
        return decision_log.latest(
            self.path, lambda row: Decision(**row), lambda d: d.key, "review decision"
        )

    def decide(
        self,
        vendor_id: str,
        list_code: str,
        entity_id: str,
        decision: str,
        reviewer: str,
        reason: str,
    ) -> Decision:
        """Record a decision (appended; the file is the history)."""
        who, why = decision_log.checked_review(decision, reviewer, reason, "review decision")
        record = Decision(
            vendor_id,
            list_code,
            entity_id,
            decision,  # type: ignore[arg-type]  # checked against the two verdicts above
            who,
            why,
            decision_log.now(),
        )
        decision_log.append(self.path, record)
        return record


@dataclass(frozen=True)
class EffectiveMatch:
    """A match that counts for exposure, and why it counts."""

    vendor_id: str
    list: str
    entity_id: str
    score: float
    basis: Literal["confirmed", "above_threshold"]
    decision: Decision | None


def effective_matches(
    matches: Iterable[tuple[str, str, str, float]], decisions: dict[Key, Decision], threshold: float
) -> list[EffectiveMatch]:
    """Matches (vendor_id, list, entity_id, score) that feed exposure: confirmed ones whatever their
    score, and unreviewed ones at or above the threshold; rejected ones never."""
    out = []
    for vendor_id, list_code, entity_id, score in matches:
        decision = decisions.get((vendor_id, list_code, entity_id))
        if decision is not None and decision.decision == "rejected":
            continue
        if decision is not None:
            out.append(
                EffectiveMatch(vendor_id, list_code, entity_id, score, "confirmed", decision)
            )
        elif score >= threshold:
            out.append(
                EffectiveMatch(vendor_id, list_code, entity_id, score, "above_threshold", None)
            )
    return out
