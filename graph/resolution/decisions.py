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

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from graph.errors import InputError, UserError
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
        latest: dict[Key, NameDecision] = {}
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return latest
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                decision = NameDecision(**json.loads(line))
            except (json.JSONDecodeError, TypeError) as err:
                raise InputError(self.path, number, f"not a resolution decision: {err}") from None
            if decision.decision not in ("confirmed", "rejected"):
                raise InputError(
                    self.path,
                    number,
                    f"decision must be confirmed or rejected, not {decision.decision!r}",
                )
            if decision.kind not in ("vendor", "product"):
                raise InputError(
                    self.path, number, f"kind must be vendor or product, not {decision.kind!r}"
                )
            latest[decision.key] = decision
        return latest

    def decide(
        self, kind: str, name: str, target: str, decision: str, reviewer: str, reason: str
    ) -> NameDecision:
        """Record a decision (appended; the file is the history)."""
        if decision not in ("confirmed", "rejected"):
            raise UserError(f"decision must be 'confirmed' or 'rejected', not {decision!r}")
        if kind not in ("vendor", "product"):
            raise UserError(f"kind must be 'vendor' or 'product', not {kind!r}")
        if not name.strip() or not target.strip():
            raise UserError("a resolution decision needs the name and the node it is about")
        if not reviewer.strip() or not reason.strip():
            raise UserError("a resolution decision needs a reviewer and a reason")
        record = NameDecision(
            kind,  # type: ignore[arg-type]  # checked above
            name.strip(),
            target.strip(),
            decision,  # type: ignore[arg-type]  # checked above
            reviewer.strip(),
            reason.strip(),
            datetime.now(UTC).isoformat(timespec="seconds"),
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        return record
