"""The customer's own duties a UK DPO checks for every affected process, whatever the order's status.

These do not depend on whether the vendor's order stands (a DPIA is owed for biometric processing
whether or not the order was overturned): UK GDPR Art 28 sub-processor authorisation, Art 35/36
DPIA and prior consultation, the Art 9 / Art 10 conditions with DPA 2018 Schedule 1 and an
appropriate policy document, restricted transfers (IDTA or Addendum plus a transfer risk
assessment), breach assessment (Art 33/34) and the record of processing (Art 30).

A competent authority's law-enforcement processing is in DPA 2018 Part 3's own terms (uk-law.md):
processors s.59, logging s.62, DPIA s.64, prior consultation s.65, breach s.67-68, sensitive
processing s.35 with Sch 8 and s.42, transfers Part 3 Chapter 5 (ss.72-78; s.77 for a private
recipient abroad). UK GDPR instruments (Art 28, IDTA, Addendum) only for its other processing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from graph.dates import earliest
from graph.exposure.jurisdictions import country_name, part3_transfer, transfer_status
from graph.model import Event
from graph.results import Action, AffectedProcess, Scenario

__all__ = ["due", "duty_actions", "record_of_processing", "vendor_of"]

_DATA_EVENTS = {
    Event.STOP_PROCESSING,
    Event.DELETION,
    Event.STOP_COLLECTION,
    Event.ADEQUACY_WITHDRAWN,
}


def due(base: date | str, days: int, floor: date) -> str:
    """A deadline `days` after `base`, never before `floor` (the as-of date)."""
    start = earliest(base) if isinstance(base, str) else base
    return max(start + timedelta(days=days), floor).isoformat()


def _act(
    title: str, detail: str, owner: str, when: str, priority: str, p: AffectedProcess
) -> Action:
    return Action(title=title, detail=detail, owner=owner, due=when, priority=priority,
                  process_id=p.process_id)  # fmt: skip


def vendor_of(p: AffectedProcess, scenario: Scenario) -> str:
    """The scenario vendor this process reaches (the last vendor on its path)."""
    vendors = [n.name for n in p.path if n.label == "Vendor" and n.id in scenario.targets]
    return vendors[-1] if vendors else scenario.vendor


def _authorisation(p: AffectedProcess, vendor: str, as_of: date) -> list[Action]:
    if p.tier < 2:
        return []
    supplier = p.supplier or "your supplier"
    law = (
        "DPA 2018 s.59: processing by a processor must be under a written contract, and a processor "
        "engages another processor only with the controller's written authorisation"
        if p.law_enforcement
        else "UK GDPR Art 28(2): a processor engages another processor only with the controller's "
        "prior specific or general written authorisation; Art 28(4): the same data protection "
        "obligations must flow down by contract"
    )
    return [_act(
        f"Confirm whether {supplier} was authorised to engage {vendor} for {p.process}",
        f"{law}. Ask for the sub-processor list and the authorisation on file.",
        "DPO with Procurement", due(as_of, 7, as_of), "high", p,
    )]  # fmt: skip


def _logging(p: AffectedProcess, as_of: date) -> list[Action]:
    if not p.law_enforcement:
        return []
    return [_act(
        f"Check the logs kept of {p.process}",
        "DPA 2018 s.62: logs of collection, alteration, consultation, disclosure, combination and "
        "erasure in automated processing systems; confirm the processor keeps them and you can obtain "
        "them; check the provision.",
        "DPO", due(as_of, 14, as_of), "medium", p,
    )]  # fmt: skip


def _dpia(p: AffectedProcess, as_of: date) -> list[Action]:
    if not (p.special_category or p.criminal_offence_data or p.law_enforcement):
        return []
    law = "DPA 2018 s.64" if p.law_enforcement else "UK GDPR Art 35"
    consult = "consult the ICO before continuing if high risk remains (" + (
        "prior consultation, DPA 2018 s.65)" if p.law_enforcement else "Art 36 prior consultation)"
    )
    if p.dpia:
        title, detail = (
            f"Review the DPIA for {p.process}",
            f"A DPIA is recorded; review it for this scenario ({law}); {consult}.",
        )
    else:
        title, detail = (
            f"Carry out a DPIA for {p.process}",
            f"No DPIA is recorded for high-risk processing ({law}); {consult}.",
        )
    return [_act(title, detail, "DPO", due(as_of, 14, as_of), "high", p)]


def _conditions(p: AffectedProcess, as_of: date) -> list[Action]:
    out = []
    if p.law_enforcement and (p.special_category or p.criminal_offence_data):
        out.append(_act(
            f"Check the DPA 2018 Part 3 basis for sensitive processing in {p.process}",
            "Law-enforcement processing by a competent authority falls under DPA 2018 Part 3: "
            "sensitive processing needs s.35(3)-(5) or (8) with a Schedule 8 condition, and an "
            "appropriate policy document (s.42).",
            "DPO", due(as_of, 14, as_of), "high", p,
        ))  # fmt: skip
        return out
    if p.special_category:
        out.append(_act(
            f"Check the Art 9 condition for {p.process}",
            f"Special-category (biometric) data: confirm the UK GDPR Art 9 condition and the DPA 2018 "
            f"Schedule 1 condition relied on, and the appropriate policy document (lawful basis "
            f"recorded: {p.lawful_basis or 'none'}).",
            "DPO", due(as_of, 14, as_of), "high", p,
        ))  # fmt: skip
    if p.criminal_offence_data:
        out.append(_act(
            f"Check the Art 10 condition for criminal-offence data in {p.process}",
            "UK GDPR Art 10: criminal-offence data needs official authority or a DPA 2018 Schedule 1 "
            "condition, with an appropriate policy document where Schedule 1 requires one.",
            "DPO", due(as_of, 14, as_of), "high", p,
        ))  # fmt: skip
    return out


def _transfers(
    p: AffectedProcess, adequacy: dict[str, dict[str, Any]], as_of: date
) -> list[Action]:
    out = []
    for code in p.storage:
        status, words, _ = transfer_status(adequacy.get(code), code, as_of)
        if p.law_enforcement and status in ("none", "partial"):
            out.append(_act(
                f"Check the Part 3 transfer conditions for {p.process} data in {country_name(code)}",
                f"{part3_transfer(code)}. Record the transfer and its basis.",
                "DPO with Legal", due(as_of, 30, as_of), "high", p,
            ))  # fmt: skip
            continue
        if status == "none":
            out.append(_act(
                f"Put an IDTA or the UK Addendum in place for {p.process} data in {country_name(code)}",
                f"{words}. Complete and keep a transfer risk assessment.",
                "DPO with Legal", due(as_of, 30, as_of), "high", p,
            ))  # fmt: skip
        elif status == "partial":
            out.append(_act(
                f"Confirm the recipient in {country_name(code)} is covered for {p.process}",
                f"{words}. If the recipient is not covered, it is a restricted transfer: an IDTA or "
                "the UK Addendum plus a transfer risk assessment.",
                "DPO", due(as_of, 30, as_of), "medium", p,
            ))  # fmt: skip
    return out


def _breach(p: AffectedProcess, scenario: Scenario, binding: bool, as_of: date) -> list[Action]:
    if scenario.event not in _DATA_EVENTS or not (binding or p.tier >= 2):
        return []
    regime = "DPA 2018 s.67 and s.68" if p.law_enforcement else "UK GDPR Art 33/34"
    return [_act(
        f"Assess whether a personal data breach occurred in {p.process}",
        f"If data reached the vendor unlawfully or without authorisation, decide whether it is a "
        f"personal data breach ({regime}): report to the ICO within 72 hours of becoming aware where "
        f"it is likely to result in a risk, and decide whether to inform data subjects.",
        "DPO", due(as_of, 3, as_of), "high", p,
    )]  # fmt: skip


def duty_actions(
    scenario: Scenario,
    p: AffectedProcess,
    adequacy: dict[str, dict[str, Any]],
    binding: bool,
    as_of: date,
) -> list[Action]:
    """The customer's own duties for one affected process (not scaled by the order's status)."""
    vendor = vendor_of(p, scenario)
    return [
        *_authorisation(p, vendor, as_of),
        *_logging(p, as_of),
        *_dpia(p, as_of),
        *_conditions(p, as_of),
        *_transfers(p, adequacy, as_of),
        *_breach(p, scenario, binding, as_of),
    ]


def record_of_processing(affected: list[AffectedProcess], as_of: date) -> Action:
    """One action: record the assessment and decisions in the record of processing."""
    law = (
        "UK GDPR Art 30; DPA 2018 Part 3 records for law-enforcement processing"
        if any(p.law_enforcement for p in affected)
        else "UK GDPR Art 30"
    )
    return Action(
        title="Update the record of processing and the DPIA record",
        detail=f"Record the affected processes, the decisions taken and this report with its sources ({law}).",
        owner="DPO",
        due=due(as_of, 30, as_of),
        priority="medium",
    )
