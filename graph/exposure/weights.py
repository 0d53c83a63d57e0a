"""Exposure weights, bands and factors: configuration, shown beside every score.

Override the dimension weights with VENDORGRAPH_WEIGHTS, a JSON object such as
`{"regulatory": 0.4, "operational": 0.2}`; the rest keep their defaults and the total is
renormalised when scores are combined.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field

from graph.model import ActionKind
from graph.vocabulary import ACTION_KINDS

__all__ = [
    "BANDS",
    "BAND_COLOURS",
    "FORCE",
    "NOT_STANDING",
    "ORDER_DIMENSIONS",
    "PRECEDENT_FACTOR",
    "REACH",
    "SCALE_FORMULA",
    "SCOPE_WORDS",
    "SENSITIVITY",
    "VULNERABLE",
    "Weights",
    "band",
    "reach",
    "scale_factor",
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
# The one band palette: the dashboard, HTML and PDF all draw a band in these colours (white text on
# each passes WCAG AA), and always write the band's name beside the colour.
BAND_COLOURS = {"critical": "#8b0000", "high": "#c2410c", "medium": "#a16207", "low": "#2b7a3b"}

# How far an order binds as of a date, by its status: derived from the one declaration of the kinds
# of action (graph.vocabulary.ACTION_KINDS; an overturned order keeps some weight, since it can be
# restored on appeal as the ICO's Clearview penalty was). The engine uses each action's own kinds.
FORCE: dict[str | None, float] = {None: 0.0}
for _status, _force in ACTION_KINDS[ActionKind.ORDER].force.items():
    FORCE[_status] = _force

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

# Scale and sensitivity of a process (issue 17 point 5): the regulatory dimension of each process is
# sensitivity x scale, so a 900-person check and a 45,000-person watchlist with the same data land
# apart, and special-category, criminal-offence and vulnerable people's data weigh more.
SENSITIVITY = {
    "personal_data": 20.0,
    "special_category": 25.0,  # UK GDPR Art 9; DPA 2018 Part 3 sensitive processing
    "criminal_offence": 15.0,  # UK GDPR Art 10; law-enforcement data under Part 3
    "vulnerable": 10.0,  # per vulnerable group: children, patients
    "controller": 10.0,
    "no_dpia": 15.0,  # high-risk processing with no DPIA recorded
}
# Data categories that are about vulnerable people, and who they are.
VULNERABLE = {"datacategory:children": "children", "datacategory:health": "patients"}
_SCALE_FLOOR, _SCALE_PER_DECADE, _SCALE_UNKNOWN = 0.4, 0.1, 0.7
SCALE_FORMULA = (
    "sensitivity = personal data 20 + special category or Part 3 sensitive processing 25 + "
    "criminal-offence data 15 + 10 per vulnerable group (children, patients) + controller 10 + no "
    "DPIA for high-risk processing 15; scale = 0.4 + 0.1 x log10(UK data subjects), between 0.4 "
    "and 1.0 (0.7 when the number is not recorded): 900 people x0.70, 45,000 x0.87, 1,000,000 x1.0"
)


def scale_factor(data_subjects: int | None) -> tuple[float, str]:
    """The declared scale factor for a number of UK data subjects (log-scaled), and its words."""
    if not data_subjects:
        return _SCALE_UNKNOWN, f"number of data subjects not recorded: scale x{_SCALE_UNKNOWN:.2f}"
    factor = _SCALE_FLOOR + _SCALE_PER_DECADE * math.log10(max(1, data_subjects))
    factor = min(1.0, max(_SCALE_FLOOR, factor))
    return factor, (
        f"{data_subjects:,} UK data subjects: scale x{factor:.2f} (0.4 + 0.1 x log10 of the number)"
    )


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
