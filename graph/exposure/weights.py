"""Exposure weights, bands and factors: configuration, shown beside every score.

Override the dimension weights with VENDORGRAPH_WEIGHTS, a JSON object such as
`{"regulatory": 0.4, "operational": 0.2}`; the rest keep their defaults and the total is
renormalised when scores are combined.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

__all__ = [
    "BANDS",
    "FORCE",
    "NOT_STANDING",
    "ORDER_DIMENSIONS",
    "PRECEDENT_FACTOR",
    "REACH",
    "SCOPE_WORDS",
    "Weights",
    "band",
    "reach",
    "weights",
]

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

# Statuses in which an action no longer stands: it does not count in the vendor's standing record.
# "closed" (an investigation or case ended, e.g. with no further action) is not "standing".
NOT_STANDING = frozenset({"overturned", "superseded", "withdrawn", "closed"})

# The legal reach of an order for the customer, by whether the order protects the customer's own
# jurisdiction (home: a UK order for a UK customer) and by its scope. A home order protecting all
# residents binds the customer's processing at the force of its status; everything else reaches it
# as precedent and reputational risk only, at these declared, lower factors. The whole score of a
# scenario is multiplied by its reach (graph.exposure.engine.FORMULA): an Italian ban on Clearview is a
# warning to a UK police force, not an order it must obey.
REACH: dict[tuple[bool, str], float] = {
    (True, "all_residents"): 1.0,
    (True, "sector_or_site_class"): 0.5,  # binding only where the customer is in the class
    (True, "named_complainants"): 0.3,
    (True, "findings_or_guidance"): 0.4,
    (True, "not_stated"): 0.5,
    (False, "all_residents"): 0.35,  # persuasive, not binding on UK processing
    (False, "sector_or_site_class"): 0.2,
    (False, "named_complainants"): 0.15,
    (False, "findings_or_guidance"): 0.2,
    (False, "not_stated"): 0.2,
}

# How the scope reads in an answer, e.g. "an order protecting all residents of France".
SCOPE_WORDS = {
    "all_residents": "protecting all residents",
    "sector_or_site_class": "limited to a class of sectors or sites",
    "named_complainants": "limited to named complainants",
    "findings_or_guidance": "findings or guidance without an order",
    "not_stated": "scope not stated",
}

# Dimensions that follow the order itself (what it makes stop or delete): scaled by force x reach.
# The others are the customer's own duties and the vendor's record as of the date, which do not
# depend on this order's status (a DPIA is owed whether or not the vendor's order was overturned).
ORDER_DIMENSIONS = frozenset({"operational", "data_remediation"})

# A precedent (a customer actioned for using the vendor) counts 10 points times this factor: full
# from a regulator of the customer's own jurisdiction, half from abroad; a case closed with no
# further action counts half again.
PRECEDENT_FACTOR = {"home": 1.0, "foreign": 0.5, "closed": 0.5}

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


def reach(home: bool, scope: str | None) -> float:
    """The declared reach factor of an order for a customer (see REACH)."""
    return REACH.get((home, scope or "not_stated"), REACH[(home, "not_stated")])


def band(score: float) -> str:
    """The band name for a 0-100 score."""
    for name, floor in BANDS:
        if score >= floor:
            return name
    return "low"
