"""The five exposure dimensions, each a 0-100 score whose every point is backed by evidence.

Pure functions over facts already fetched (graph.exposure.engine gathers them), so the arithmetic is easy
to test and identical on both engines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph import listing, vocabulary
from graph.dates import date_text, day_text, earliest, known_by
from graph.exposure.jurisdictions import part3_transfer, transfer_status
from graph.exposure.scope import latest, precedent_factor, precedent_words
from graph.exposure.weights import (
    CRITICALITY,
    NOT_STANDING,
    SCALE_FORMULA,
    SENSITIVITY,
    Weights,
    scale_factor,
)
from graph.model import Event
from graph.results import (
    AffectedProcess,
    DimensionScore,
    Evidence,
    PathNode,
    Scenario,
    SourceRef,
    unique_refs,
)

__all__ = ["UK_FOUND", "Facts", "precedent_words", "score_dimensions"]

# How the sanctions dimension opens the sentence that a UK designation was found.
UK_FOUND = "A UK designation (UK Sanctions List / OFSI asset freeze) was found"

# A what-if designation's list, by the scenario's jurisdiction (GB: the UK Sanctions List).
_WHAT_IF_LIST = {"GB": "uksl", "US": "ofac-sdn", "UN": "un", "EU": "eu"}
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
    scenario: Scenario | None = None


def _refs(facts: Facts, *ids: str) -> list[SourceRef]:
    return unique_refs(ref for node_id in ids for ref in facts.sources.get(node_id, []))


def _days_between(a: str, b: str) -> int:
    return (earliest(b) - earliest(a)).days


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
    formula = (
        "customer's own duties, not scaled by the action's status: per process, sensitivity x scale; "
        + SCALE_FORMULA
        + "; + precedents 10 x factor each (own jurisdiction 1, foreign 0.5, closed x0.5) up to 20; "
        "max over processes, max 100"
    )
    best, evidence = 0.0, []
    for p in facts.affected:
        points, parts = (
            SENSITIVITY["personal_data"],
            [f"personal data {SENSITIVITY['personal_data']:.0f}"],
        )
        if p.special_category:
            points += SENSITIVITY["special_category"]
            parts.append(
                f"sensitive processing (DPA 2018 Part 3, s.35) +{SENSITIVITY['special_category']:.0f}"
                if p.law_enforcement
                else f"special-category data (UK GDPR Art 9) +{SENSITIVITY['special_category']:.0f}"
            )
        if p.criminal_offence_data:
            points += SENSITIVITY["criminal_offence"]
            parts.append(
                f"criminal-offence data {'(Part 3 law-enforcement data) ' if p.law_enforcement else '(UK GDPR Art 10) '}"
                f"+{SENSITIVITY['criminal_offence']:.0f}"
            )
        for group in p.vulnerable:
            points += SENSITIVITY["vulnerable"]
            parts.append(f"data of vulnerable people ({group}) +{SENSITIVITY['vulnerable']:.0f}")
        if p.role in ("controller", "joint_controller"):
            points += SENSITIVITY["controller"]
            parts.append(f"customer is {p.role.replace('_', ' ')} +{SENSITIVITY['controller']:.0f}")
        if (p.special_category or p.criminal_offence_data) and not p.dpia:
            points += SENSITIVITY["no_dpia"]
            parts.append(f"no DPIA recorded for high-risk processing +{SENSITIVITY['no_dpia']:.0f}")
        factor, words = scale_factor(p.uk_data_subjects)
        points = points * factor
        parts.append(words)
        evidence.append(
            Evidence(
                claim=f"{p.process}: " + "; ".join(parts) + f" = {points:.1f}",
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
    formula = "for data events: personal data at the vendor 50 + special category 25 + storage without UK adequacy in force on the date (a restricted transfer under UK GDPR Chapter V, or a transfer under DPA 2018 Part 3 Chapter 5 for law-enforcement processing) 25 (partial adequacy 10); max over processes"
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
            if p.law_enforcement and status in ("none", "partial"):
                words = part3_transfer(code)  # DPA 2018 Part 3 Chapter 5, not UK GDPR instruments
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
    formula = (
        "vendors on affected paths, listings dated on or before the as-of date, by what the list's "
        "authority means for a UK buyer: a UK designation (UK Sanctions List / OFSI asset freeze, "
        "or a UN listing given effect in the UK) 100; EU or US OFAC SDN listing 40 (a risk signal, "
        "no UK prohibition); US export, procurement and investment lists (BIS Entity List, FCC "
        "Covered List, NS-CMIC, DoD 1260H) 15 (supply-chain, security and reputational risk; no "
        "effect on payments); a what-if designation counts as its list; confirmed or curated "
        "matches in full, unreviewed above-threshold at half, rejected not at all; undated "
        "listings shown at 0"
    )
    best, evidence, uk_found = 0.0, [], False
    as_of = date.fromisoformat(facts.as_of)
    for m in facts.matches:
        match, entity, designation = m["match"], m["entity"], m["designation"]
        review = match.get("review") or "unreviewed"
        if review == "rejected" or (
            review == "unreviewed" and (match.get("score") or 0) < facts.threshold
        ):
            continue
        lst = str((designation or entity).get("list") or entity.get("list"))
        auth = listing.authority(lst)
        points = auth.points if review in ("confirmed", "curated") else auth.points / 2
        program = (designation or {}).get("program") or ""
        listed_on = (designation or {}).get("listed_on")
        held = known_by(listed_on, as_of)
        refs = _refs(facts, *(x for x in ((designation or {}).get("id"), entity["id"]) if x))
        if held is False or (held is None and not refs):
            continue  # listed after the as-of date, or no source of it published yet: not known
        listed = f"listed {date_text(listed_on)}"
        if held is None:
            points = 0.0  # undated: shown, never counted as current
            listed = "listing date not recorded: not counted"
        uk_found = uk_found or (auth.uk_designation and points > 0)
        evidence.append(
            Evidence(
                claim=f"{m['vendor_name']} is on the {vocabulary.list_name(lst)} {program} ({auth.name}; "
                f"{listed}): {auth.effect}; match {review}, score {match.get('score')}",
                date=listed_on,
                path=[
                    PathNode(id=m["vendor"], label="Vendor", name=m["vendor_name"], rel="MATCHES"),
                    PathNode(id=entity["id"], label="ListedEntity", name=entity["name"]),
                ],
                sources=refs,
                points=points,
            )
        )
        best = max(best, points)
    scenario = facts.scenario
    designation_what_if = (
        scenario is not None
        and scenario.what_if
        and scenario.event is Event.SANCTIONS_DESIGNATION
        and bool(facts.affected)
    )
    if scenario is not None and designation_what_if:
        lst = _WHAT_IF_LIST.get(scenario.jurisdiction or "GB", "unknown")
        auth = listing.authority(lst)
        when = day_text(scenario.effective_date)
        lead = (
            f"What-if (hypothetical): if {scenario.vendor} is designated on the {vocabulary.list_name(lst)} "
            f"and this takes effect on {when}"
            if scenario.effective_date > facts.as_of
            else f"What-if (hypothetical): {scenario.vendor} assumed designated on the "
            f"{vocabulary.list_name(lst)} from {when}"
        )
        evidence.append(Evidence(claim=f"{lead}: {auth.effect}", points=auth.points))
        best = max(best, auth.points)
    if evidence or (scenario is not None and scenario.event is Event.SANCTIONS_DESIGNATION):
        vendors = scenario.vendor_names if scenario is not None else "the vendors"
        evidence.append(
            Evidence(
                claim=(
                    f"{UK_FOUND} for a vendor on the affected paths as of {facts.as_of}"
                    if uk_found
                    else f"No UK designation (UK Sanctions List / OFSI asset freeze) was found for {vendors} as of {facts.as_of}"
                    + (
                        "; the what-if designation is an assumption, not a listing"
                        if designation_what_if
                        else ": the listings above do not make paying the vendor unlawful for a UK organisation"
                        if evidence
                        else ""
                    )
                ),
                points=0.0,
            )
        )
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
                + "; ".join(
                    f"{a['name']} ({date_text(a['date'])}, {a.get('status_words') or a['status']})"
                    for a in standing
                ),
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
                    f"{a['name']} ({a.get('status_words') or a['status']} {date_text(a.get('status_date'))})"
                    for a in ended
                ),
                sources=_refs(facts, *(a["id"] for a in ended)),
                points=0.0,
                date=latest([a.get("status_date") for a in ended]),
            )
        )
    # Only a fine is a fine: a settlement's amount is fees or terms (uk-law.md kinds).
    fined = [a for a in standing if a.get("amount") and "fine" in (a.get("kinds") or ["fine"])]
    if fined:
        points += 20
        evidence.append(
            Evidence(
                claim="Fines: "
                + "; ".join(
                    f"{a['currency']} {a['amount']:,.0f} ({a['name']}, {a.get('status_words') or a['status']})"
                    for a in fined
                ),
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
