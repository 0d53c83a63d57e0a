"""The executive summary and caveats: plain-English sentences, each citing what supports it.

Written from the report model alone (never from the graph), so the summary can only say what the
report's body shows: the band and score, whether the order binds as of the date, which processes
it reaches, the top drivers with their strongest evidence, and the first action.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from graph.dates import date_text, day_text
from graph.reports.model import Claim, PortfolioEntry, Report, ScenarioInfo
from graph.reports.wording import band_meaning, brief, dimension_label, plural, sentence

__all__ = ["exposure_caveats", "exposure_summary", "portfolio_summary"]

_NOT_FINAL = ("appealed", "overturned", "remitted", "proposed")
_BANDS = ("critical", "high", "medium", "low")
_MOST_LISTED = 5


def _union(groups: Iterable[Sequence[int]]) -> list[int]:
    out: list[int] = []
    for group in groups:
        out += [n for n in group if n not in out]
    return sorted(out)


def _status(report: Report, words: str | None) -> Claim:
    s = report.scenario
    if s.what_if:
        if s.effective_date > report.as_of:
            return Claim(
                text=f"This is a what-if plan, not a real order: if this takes effect on "
                f"{day_text(s.effective_date)}, it is assessed at full force."
            )
        return Claim(
            text="This is a what-if scenario, not a real order: it is assessed at full force."
        )
    cites = _union([s.cites, *(c.cites for c in report.status_history)])
    if report.action_status is None:
        text = f"The {s.event_label} had not been made public as of {report.as_of}, so it carries no force."
        return Claim(text=text, cites=cites)
    return Claim(
        text=f"As of {report.as_of} the {s.event_label} against {s.vendor} stood "
        f"'{words or report.action_status}', so what it requires (operational and data "
        f"remediation) counts at {report.force:.0%} of full force; the customer's own duties "
        f"count in full.",
        cites=cites,
    )


def _reach(report: Report) -> Claim:
    vendor = report.scenario.vendor
    if not report.affected:
        return Claim(
            text=f"No process of {report.customer} depends on {vendor} as of {report.as_of}, "
            "so the score is 0."
        )
    listed = [f"{p.process} through {p.product} (tier {p.tier})" for p in report.affected]
    if len(listed) > _MOST_LISTED:
        listed = [*listed[:_MOST_LISTED], f"and {len(listed) - _MOST_LISTED} more"]
    direct = sum(1 for p in report.affected if p.tier == 1)
    verb = "depends" if len(report.affected) == 1 else "depend"
    return Claim(
        text=f"{plural(len(report.affected), 'process')} of {report.customer} {verb} on {vendor} "
        f"({direct} directly, {len(report.affected) - direct} through other suppliers): "
        + "; ".join(listed)
        + ".",
        cites=_union(p.cites for p in report.affected),
    )


def _drivers(report: Report) -> list[Claim]:
    ranked = sorted(
        (d for d in report.dimensions if d.contribution > 0),
        key=lambda d: (-d.contribution, d.name),
    )
    out = []
    for d in ranked[:3]:
        head = (
            f"{d.label} exposure scores {d.score:.1f}/100 (weight {d.weight:.2f}) and adds "
            f"{d.contribution:.1f} points"
        )
        if not d.evidence:
            out.append(Claim(text=head + "."))
            continue
        top = max(d.evidence, key=lambda e: e.points)  # the first of equals, as max keeps it
        cites = top.cites or _union(e.cites for e in d.evidence)
        out.append(Claim(text=f"{head}: {sentence(brief(top.claim))}", cites=cites))
    return out


def exposure_summary(report: Report, status_words: str | None = None) -> list[Claim]:
    """The executive summary of an exposure report, most important sentence first."""
    s = report.scenario
    headline = (
        f"{report.customer}'s exposure to {s.name} is {report.band.upper()} "
        f"({report.score:.1f} out of 100) as of {report.as_of}."
    )
    meaning = band_meaning(report.band, s.effective_date, report.as_of)
    if meaning:
        headline += f" {report.band.capitalize()} means: {meaning}."
    out = [Claim(text=headline, cites=s.cites)]
    out.append(_status(report, status_words))
    # A foreign, narrow or findings-only action: say how far it reaches this customer.
    out += [c for c in report.caveats if c.text.startswith("Scope of the ")][:1]
    out += [_reach(report), *_drivers(report)]
    if report.actions:
        first = report.actions[0]
        critical = sum(1 for a in report.actions if a.priority == "critical")
        out.append(
            Claim(
                text=f"{plural(len(report.actions), 'action')} follow, {critical} of them "
                f"critical. First: {first.title} ({first.owner}, due {first.due}).",
                cites=first.cites,
            )
        )
    return out


def exposure_caveats(
    report: Report, engine_caveats: Sequence[str], status_words: str | None = None
) -> list[Claim]:
    """The engine's caveats (the one on a non-final status, quoted in its kind's words, cites the
    status history) and the report's own: fictional customer, uncited evidence, source dates."""
    status_cites = _union(c.cites for c in report.status_history)
    out = []
    for text in engine_caveats:
        said = status_words or report.action_status
        quoted = report.action_status in _NOT_FINAL and f"'{said}'" in text
        out.append(Claim(text=text, cites=status_cites if quoted else []))
    s = report.scenario
    if s.effective_date > report.as_of:
        out.append(
            Claim(
                text=f"The effective date {day_text(s.effective_date)} is after the as-of date "
                f"{report.as_of}: the assessment is a plan for if it takes effect.",
                cites=s.cites,
            )
        )
    if report.customer_fictional:
        out.append(
            Claim(
                text=f"{report.customer} is a fictional sample organisation; the vendor, "
                "enforcement and legal facts are real and cited."
            )
        )
    uncited = sum(1 for d in report.dimensions for e in d.evidence if not e.cites)
    if uncited:
        out.append(
            Claim(
                text=f"{plural(uncited, 'evidence item')} "
                f"{'cites' if uncited == 1 else 'cite'} no source in the graph: "
                "they rest on the customer's own inventory."
            )
        )
    lists = _union(e.cites for d in report.dimensions if d.name == "sanctions" for e in d.evidence)
    if lists:
        by_number = {c.n: c for c in report.sources}
        dates = "; ".join(
            f"{by_number[n].title or by_number[n].id} ({date_text(by_number[n].date)})"
            for n in lists
        )
        out.append(
            Claim(
                text=f"Restricted-list facts are as of their sources' dates: {dates}. "
                "Re-check the live lists before acting.",
                cites=lists,
            )
        )
    dated = sorted((c for c in report.sources if c.date), key=lambda c: (c.date or "", c.n))
    if dated:
        oldest, newest = dated[0], dated[-1]
        out.append(
            Claim(
                text=f"The cited sources are dated {date_text(oldest.date)} to {date_text(newest.date)}; facts are as "
                f"they record them, and later events are not reflected.",
                cites=sorted({oldest.n, newest.n}),
            )
        )
    return out


def portfolio_summary(
    scenario: ScenarioInfo, rows: Sequence[PortfolioEntry], as_of: str
) -> tuple[list[Claim], list[Claim]]:
    """The summary and caveats of a portfolio report."""
    counts = {band: sum(1 for r in rows if r.band == band) for band in _BANDS}
    by_band = ", ".join(f"{n} {band}" for band, n in counts.items() if n) or "none"
    summary = [
        Claim(
            text=f"{plural(len(rows), 'customer')} assessed against {scenario.name} as of {as_of}: "
            f"{by_band}.",
            cites=scenario.cites,
        )
    ]
    if rows and rows[0].affected:
        top = rows[0]
        labels = [dimension_label(d).lower() for d in top.drivers]
        drivers = f", driven by {' and '.join(labels)}" if labels else ""
        summary.append(
            Claim(
                text=f"Most exposed: {top.customer}, {top.band.upper()} ({top.score:.1f} out of "
                f"100), {plural(top.affected, 'process')} affected{drivers}.",
                cites=scenario.cites,
            )
        )
    untouched = sum(1 for r in rows if not r.affected)
    if untouched:
        summary.append(
            Claim(
                text=f"{plural(untouched, 'customer')} {'runs' if untouched == 1 else 'run'} "
                + sentence(f"no process that depends on {scenario.vendor}")
            )
        )
    caveats = [
        Claim(
            text="Each score is explained point by point, with its sources, in that customer's "
            "own exposure report."
        )
    ]
    open_names = [r for r in rows if r.unresolved_names]
    if open_names:
        who = "; ".join(f"{r.customer}: {', '.join(r.unresolved_names)}" for r in open_names)
        caveats.append(
            Claim(
                text=f"{plural(len(open_names), 'customer')} {'has' if len(open_names) == 1 else 'have'} "
                f"supplier names not resolved to the knowledge base, which could change the ranking: {who}."
            )
        )
    if scenario.what_if:
        caveats.append(Claim(text="This is a hypothetical scenario, not a real order."))
    return summary, caveats
