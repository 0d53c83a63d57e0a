"""Exposure weights, bands and factors: configuration, shown beside every score.

Override the dimension weights with VENDORGRAPH_WEIGHTS, a JSON object such as
`{"regulatory": 0.4, "operational": 0.2}`; the rest keep their defaults and the total is
renormalised when scores are combined.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

__all__ = ["BANDS", "FORCE", "Weights", "band", "weights"]

DEFAULT_WEIGHTS = {
    "operational": 0.25,
    "regulatory": 0.30,
    "data_remediation": 0.20,
    "sanctions": 0.10,
    "reputational": 0.15,
}

# Lower bound of each band, highest first.
BANDS = (("critical", 70.0), ("high", 45.0), ("medium", 20.0), ("low", 0.0))

# How far an order binds as of a date, by the action's latest status. An overturned order can be
# restored on appeal (the ICO's Clearview penalty was), so it keeps some weight.
FORCE = {
    None: 0.0,  # not yet issued as of the date
    "proposed": 0.5,
    "issued": 1.0,
    "in_force": 1.0,
    "final": 1.0,
    "upheld": 1.0,
    "unpaid": 1.0,
    "paid": 1.0,
    "complied": 0.8,
    "appealed": 0.8,
    "remitted": 0.6,
    "overturned": 0.3,
    "superseded": 0.0,
    "withdrawn": 0.0,
    "closed": 0.2,
}

CRITICALITY = {"low": 25.0, "medium": 50.0, "high": 75.0, "critical": 100.0}


@dataclass(frozen=True)
class Weights:
    """Dimension weights as configured."""

    values: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def of(self, dimension: str) -> float:
        return self.values.get(dimension, 0.0)


def weights() -> Weights:
    """The weights in force: defaults, overridden by VENDORGRAPH_WEIGHTS."""
    values = dict(DEFAULT_WEIGHTS)
    raw = os.environ.get("VENDORGRAPH_WEIGHTS")
    if raw:
        try:
            override = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ValueError(f"VENDORGRAPH_WEIGHTS is not JSON: {exc.msg}") from None
        for key, value in override.items():
            if key not in DEFAULT_WEIGHTS or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"VENDORGRAPH_WEIGHTS: bad entry {key!r}: {value!r}")
            values[key] = float(value)
    return Weights(values)


def band(score: float) -> str:
    """The band name for a 0-100 score."""
    for name, floor in BANDS:
        if score >= floor:
            return name
    return "low"
