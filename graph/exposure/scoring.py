"""The five exposure dimensions, each a 0-100 score whose every point is backed by evidence.

Pure functions over facts already fetched (graph.exposure.engine gathers them), so the arithmetic is easy
to test and identical on both engines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph import vocabulary
from graph.dates import dated, known_by
from graph.exposure.jurisdictions import transfer_status
from graph.exposure.scope import latest, precedent_factor, precedent_words
from graph.exposure.weights import CRITICALITY, NOT_STANDING, Weights
from graph.model import Event
from graph.results import AffectedProcess, DimensionScore, Evidence, PathNode, SourceRef

__all__ = ["Facts", "precedent_words", "score_dimensions"]

_INVESTMENT_LISTS = {"ofac-cons"}
_EXPORT_LISTS = {"bis-entity", "fcc-covered", "dod-1260h"}
_DATA_EVENTS = {
    Event.STOP_PROCESSING,
    Event.DELETION,
    Event.STOP_COLLECTION,
    Event.ADEQUACY_WITHDRAWN,
}


@dataclass
class Facts:
    """What scoring needs, fetched once per exposure."""

    event: Event
    affected: list[AffectedProcess]
    effective_date: str
    as_of: str
    actions: list[dict[str, Any]] = field(default_factory=list)  # vendor's actions as of date
    precedents: list[dict[str, Any]] = field(default_factory=list)
    matches: list[dict[str, Any]] = field(default_factory=list)
    adequacy: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, list[SourceRef]] = field(default_factory=dict)  # node id -> refs
    turnover_gbp: float | None = None
    fine_cap: dict[str, Any] | None = None
    threshold: float = 0.85
    home_country: str = "GB"


def _refs(facts: Facts, *ids: str) -> list[SourceRef]:
    out: list[SourceRef] = []
    for node_id in ids:
        for ref in facts.sources.get(node_id, []):
            if ref not in out:
                out.append(ref)
    return out


def _days_between(a: str, b: str) -> int:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days


def operational(facts: Facts) -> tuple[float, list[Evidence], str]:
    formula = "max over processes: criticality x substitutability (0.6 with an alternative) x notice (1.0 if notice outlasts the time to the effective date, else 0.8)"
    best, evidence = 0.0, []
    for p in facts.affected:
        base = CRITICALITY.get(p.criticality or "medium", 50.0)
        subst = 0.6 if p.alternatives else 1.0
        remaining = max(0, _days_between(facts.as_of, facts.effective_date))
        notice = 1.0 if p.notice_days is None or p.notice_days > remaining else 0.8
        points = base * subst * notice
        why = [f"criticality {p.criticality or 'unknown (medium assumed)'} = {base:.0f}"]
        why.append(
            "alternatives: " + ", ".join(p.alternatives)
            if p.alternatives
            else "no alternative recorded"
        )
        why.append(
            f"notice period {p.notice_days} days vs {remaining} days to the effective date"
            if p.notice_days is not None
            else "notice period unknown"
        )
        evidence.append(
            Evidence(
                claim=f"{p.process} depends on {p.product} (tier {p.tier}): " + "; ".join(why),
                path=p.path,
                sources=_refs(facts, p.process_id),
                points=round(points, 1),
            )
        )
        best = max(best, points)
    return best, evidence, formula


def regulatory(facts: Facts) -> tuple[float, list[Evidence], str]:
    formula = "customer's own duties, not scaled by the order's status: special-category data (UK GDPR Art 9; DPA 2018 Part 3 sensitive processing for law enforcement) 40 + UK data subjects up to 20 (5 x log10 n) + controller 15 (processor 5) + no DPIA 15; + precedents 10 x factor each (own jurisdiction 1, foreign 0.5, closed x0.5) up to 20; max 100"
    best, evidence = 0.0, []
    for p in facts.affected:
        points, parts = 0.0, []
        if p.special_category:
            points += 40
            parts.append(
                "sensitive processing of biometric data (DPA 2018 Part 3, law enforcement) +40"
                if p.law_enforcement
                else "special-category data (UK GDPR Art 9) +40"
            )
        if p.uk_data_subjects:
            add = min(20.0, 5 * math.log10(max(1, p.uk_data_subjects)))
            points += add
            parts.append(f"{p.uk_data_subjects:,} UK data subjects +{add:.0f}")
        if p.role in ("controller", "joint_controller"):
            points += 15
            parts.append(f"customer is {p.role.replace('_', ' ')} +15")
        elif p.role == "processor":
            points += 5
            parts.append("customer is processor +5")
        if p.special_category and not p.dpia:
            points += 15
            parts.append("no DPIA recorded for special-category processing +15")
        evidence.append(
            Evidence(
                claim=f"{p.process}: " + ("; ".join(parts) or "no regulatory aggravating factor"),
                path=p.path,
                sources=_refs(
                    facts, p.process_id, "datacategory:biometric" if p.special_category else ""
                ),
                points=round(points, 1),
            )
        )
        best = max(best, points)
    if facts.affected and facts.precedents:
        add = min(
            20.0, sum(10.0 * precedent_factor(r, facts.home_country) for r in facts.precedents)
        )
        evidence.append(
            Evidence(
                claim="Regulators' and courts' cases about customers' use of this vendor: "
                + "; ".join(precedent_words(r) for r in facts.precedents),
                sources=_refs(facts, *(r["action"]["id"] for r in facts.precedents)),
                points=round(add, 1),
                date=latest(
                    [
                        r["action"].get("status_date") or r["action"]["date"]
                        for r in facts.precedents
                    ]
                ),
            )
        )
        best += add
    if facts.affected and facts.fine_cap:
        cap = float(facts.fine_cap["value"])
        pct = float(facts.fine_cap.get("pct_turnover", 0.0))
        amount = max(cap, pct * (facts.turnover_gbp or 0.0))
        evidence.append(
            Evidence(
                claim=f"UK GDPR higher-tier fine cap for this customer: GBP {amount:,.0f} (GBP {cap:,.0f} or {pct:.0%} of worldwide turnover, whichever is higher)",
                sources=facts.fine_cap.get("refs", []),
                points=0.0,
            )
        )
    return min(100.0, best), evidence, formula


def data_remediation(facts: Facts) -> tuple[float, list[Evidence], str]:
    formula = "for data events: personal data at the vendor 50 + special category 25 + storage without UK adequacy in force on the date (a restricted transfer: IDTA or Addendum plus a transfer risk assessment) 25 (partial adequacy 10); max over processes"
    if facts.event not in _DATA_EVENTS:
        return 0.0, [], formula + " (not a data event: 0)"
    best, evidence = 0.0, []
    as_of = date.fromisoformat(facts.as_of)
    for p in facts.affected:
        points, parts = 50.0, ["personal data held by the vendor chain"]
        if p.special_category:
            points += 25
            parts.append("special category +25")
        worst, since = 0.0, []
        for code in p.storage:
            status, words, in_force = transfer_status(facts.adequacy.get(code), code, as_of)
            if status == "none":
                worst = max(worst, 25.0)
                parts.append(f"stored in {words} +25")
            elif status == "partial":
                worst = max(worst, 10.0)
                parts.append(f"stored in {words} +10")
            since.append(in_force)
        points += worst
        refs = _refs(facts, p.process_id, *(f"jurisdiction:{c}" for c in p.storage))
        evidence.append(
            Evidence(
                claim=f"{p.process}: " + "; ".join(parts), path=p.path, sources=refs, points=points,
                date=latest(since),
            )
        )  # fmt: skip
        best = max(best, points)
    return min(100.0, best), evidence, formula


def sanctions(facts: Facts) -> tuple[float, list[Evidence], str]:
    formula = "vendors on affected paths, listings dated on or before the as-of date: asset-freeze list 100, investment ban 40, export/procurement restriction 30; confirmed or curated matches count in full, unreviewed above-threshold at half, rejected not at all; undated listings shown at 0"
    best, evidence = 0.0, []
    for m in facts.matches:
        match, entity, designation = m["match"], m["entity"], m["designation"]
        review = match.get("review") or "unreviewed"
        if review == "rejected" or (
            review == "unreviewed" and (match.get("score") or 0) < facts.threshold
        ):
            continue
        lst = (designation or entity).get("list") or entity.get("list")
        base = 40.0 if lst in _INVESTMENT_LISTS else 30.0 if lst in _EXPORT_LISTS else 100.0
        points = base if review in ("confirmed", "curated") else base / 2
        program = (designation or {}).get("program") or ""
        listed_on = (designation or {}).get("listed_on")
        held = known_by(listed_on, date.fromisoformat(facts.as_of))
        if held is False:
            continue  # listed after the as-of date: not known then
        if held is None:
            points = 0.0  # undated: shown, never counted as current
        listed = (
            f"listed {listed_on}"
            if listed_on
            else f"listing date not stated ({dated(None)}): not counted as of {facts.as_of}"
        )
        evidence.append(
            Evidence(
                claim=f"{m['vendor_name']} matches {entity['name']} on the {vocabulary.list_name(str(lst))} {program} ({listed}); match {review}, score {match.get('score')}",
                date=listed_on,
                path=[
                    PathNode(id=m["vendor"], label="Vendor", name=m["vendor_name"], rel="MATCHES"),
                    PathNode(id=entity["id"], label="ListedEntity", name=entity["name"]),
                ],
                sources=_refs(
                    facts, *(x for x in ((designation or {}).get("id"), entity["id"]) if x)
                ),
                points=points,
            )
        )
        best = max(best, points)
    return best, evidence, formula


def reputational(facts: Facts) -> tuple[float, list[Evidence], str]:
    formula = "vendor's enforcement record as of the date: 10 per standing action (max 60; closed, overturned, superseded or withdrawn actions do not stand) + 20 if any standing fine + 20 if customers were actioned (not merely investigated and closed) for using it; max 100"
    points, evidence = 0.0, []
    if not facts.affected:
        return 0.0, [], formula + " (no affected process: 0)"
    standing = [a for a in facts.actions if a["status"] not in NOT_STANDING]
    ended = [a for a in facts.actions if a["status"] in NOT_STANDING]
    if standing:
        points += min(60.0, 10.0 * len(standing))
        evidence.append(
            Evidence(
                claim=f"{len(standing)} enforcement action(s) standing as of {facts.as_of}: "
                + "; ".join(f"{a['name']} ({a['date']}, {a['status']})" for a in standing),
                sources=_refs(facts, *(a["id"] for a in standing)),
                points=min(60.0, 10.0 * len(standing)),
                date=latest([a.get("status_date") for a in standing]),
            )
        )
    if ended:
        evidence.append(
            Evidence(
                claim=f"{len(ended)} action(s) not standing as of {facts.as_of}: "
                + "; ".join(
                    f"{a['name']} ({a['status']} {a.get('status_date') or ''})".replace(" )", ")")
                    for a in ended
                ),
                sources=_refs(facts, *(a["id"] for a in ended)),
                points=0.0,
                date=latest([a.get("status_date") for a in ended]),
            )
        )
    fined = [a for a in standing if a.get("amount")]
    if fined:
        points += 20
        evidence.append(
            Evidence(
                claim="Fines: "
                + "; ".join(f"{a['currency']} {a['amount']:,.0f} ({a['name']})" for a in fined),
                sources=_refs(facts, *(a["id"] for a in fined)),
                points=20.0,
                date=latest([a["date"] for a in fined]),
            )
        )
    actioned = [r for r in facts.precedents if (r["action"].get("status") or "") != "closed"]
    if actioned:
        points += 20
        evidence.append(
            Evidence(
                claim=f"{len(actioned)} customer(s) actioned by a regulator or court over their use of the vendor",
                sources=_refs(facts, *(r["action"]["id"] for r in actioned)),
                points=20.0,
                date=latest([r["action"]["date"] for r in actioned]),
            )
        )
    return min(100.0, points), evidence, formula


def score_dimensions(facts: Facts, weights: Weights) -> list[DimensionScore]:
    """Every dimension, scored, with its weight and evidence."""
    out = []
    for name, fn in (
        ("operational", operational),
        ("regulatory", regulatory),
        ("data_remediation", data_remediation),
        ("sanctions", sanctions),
        ("reputational", reputational),
    ):
        score, evidence, formula = fn(facts)
        out.append(
            DimensionScore(
                name=name,
                score=round(score, 1),
                weight=weights.of(name),
                formula=formula,
                evidence=evidence,
            )
        )
    return out
