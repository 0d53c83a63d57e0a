"""Mechanical checks of tests/eval/expected_evidence.yaml over one exposure answer (issue 17).

Each key of a case (see the file's header) is one function here, reading the exposure result and
its Markdown report exactly as the header says; tests/eval/test_evidence.py runs them on both
engines.
"""

from __future__ import annotations

import re
from typing import Any

from graph.reports import build_report, render
from graph.results import ExposureResult

# Source ids of the knowledge base: facts.md's S1-S54 (with the parts S9b, S46c, ...) and VG1.
_KB_SOURCE = re.compile(r"^(S\d+[a-z]?|VG1)$")
_CITES = [
    (re.compile(r"\b(?:section|s\.?)\s?(\d+)", re.I), r"s.\1"),
    (re.compile(r"\b(?:Article|Art\.?)\s?(\d+)", re.I), r"Art \1"),
]


def kb(source_id: str) -> bool:
    return bool(_KB_SOURCE.match(source_id))


def same_source(cited: str, wanted: str) -> bool:
    """A cited id is the wanted facts.md source or one of its parts (S19b is part of S19)."""
    return cited == wanted or (cited[: len(wanted)] == wanted and cited[len(wanted) :].isalpha())


def markdown(result: ExposureResult) -> str:
    return render(build_report(result, graph_fingerprint="eval"), "md").decode()


def _without_sources(md: str) -> str:
    return md.split("\n## Sources", 1)[0]


def _no_formula(md: str) -> str:
    out, skip = [], False
    for line in md.splitlines():
        if line.startswith("## How this score is built"):
            skip = True
            continue
        if skip and line.startswith("|"):
            skip = False
        if skip or line.startswith("Formula:"):
            continue
        out.append(line)
    return "\n".join(out)


def answer_text(result: ExposureResult) -> str:
    parts = [result.scenario.name, result.scenario.description, result.reach_reason]
    parts += result.caveats
    parts += [e.claim for d in result.dimensions for e in d.evidence]
    parts += [e.claim for e in result.action_status_evidence]
    parts += [f"{a.title}. {a.detail}" for a in result.actions]
    parts += result.unresolved + [n.evidence for n in result.names]
    parts.append(_no_formula(_without_sources(markdown(result))))
    return "\n".join(parts)


def actions_text(result: ExposureResult) -> str:
    return "\n".join(f"{a.title}. {a.detail}" for a in result.actions)


def context(rx: str, text: str, before: int = 60, after: int = 60) -> str | None:
    """The text around the first match of `rx` (leading inline flags kept), or None."""
    flags = 0
    while rx.startswith("(?i)"):
        rx, flags = rx[4:], re.I
    found = re.search(rf".{{0,{before}}}(?:{rx}).{{0,{after}}}", text, flags)
    return found.group(0) if found else None


def says(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.I) is not None


def clauses(text: str) -> list[str]:
    return [c for c in re.split(r";|\. |\||\n", text) if c.strip()]


def cited_sources(result: ExposureResult) -> list[Any]:
    refs = list(result.scenario.sources) + list(result.sources)
    refs += [s for e in result.action_status_evidence for s in e.sources]
    refs += [s for d in result.dimensions for e in d.evidence for s in e.sources]
    refs += [s for a in result.actions for s in a.sources]
    return refs


def check_sources(result: ExposureResult, spec: dict[str, Any], as_of: str) -> None:
    refs = [r for r in cited_sources(result) if kb(r.id)]
    report = build_report(result, graph_fingerprint="eval")
    refs += [r for r in report.sources if kb(r.id)]
    ids = sorted({r.id for r in refs})
    if spec.get("no_source_after_as_of"):
        late = sorted({(r.id, r.date) for r in refs if r.date and r.date > as_of})
        assert not late, f"sources dated after {as_of}: {late}"
    if spec.get("kb_sources_dated"):
        assert all(r.date for r in refs), [r.id for r in refs if not r.date]
    if spec.get("no_fact_after_as_of"):
        items = [e for d in result.dimensions for e in d.evidence] + result.action_status_evidence
        late_facts = [(e.date, e.claim[:80]) for e in items if e.date and e.date > as_of]
        assert not late_facts, late_facts
    for wanted in spec.get("must_include", []):
        assert any(same_source(i, wanted) for i in ids), (wanted, ids)
    for banned in spec.get("must_not_include", []):
        assert not any(same_source(i, banned) for i in ids), (banned, ids)


def check_words(text: str, actions: str, spec: dict[str, Any]) -> None:
    for phrase in spec.get("must_say", []):
        assert says(text, phrase), f"does not say {phrase!r}"
    if spec.get("must_say_any"):
        assert any(says(text, p) for p in spec["must_say_any"]), spec["must_say_any"]
    for phrase in spec.get("must_not_say", []):
        found = re.search(rf".{{0,80}}(?<!\w){re.escape(phrase)}(?!\w).{{0,80}}", text, re.I)
        assert found is None, f"says {phrase!r}: ...{found.group(0) if found else ''}..."
    for rx in spec.get("must_match", []):
        assert re.search(rx, text), f"no match for {rx!r}"
    for rx in spec.get("must_not_match", []):
        found = context(rx, text)
        assert found is None, f"matches {rx!r}: {found}"
    for rx in spec.get("must_match_in_actions", []):
        assert re.search(rx, actions), f"no action matches {rx!r}"
    for rx in spec.get("actions_must_match", []):
        assert re.search(rx, actions), f"no action matches {rx!r}"
    for rx in spec.get("actions_must_not_match", []):
        found = context(rx, actions)
        assert found is None, f"an action matches {rx!r}: {found}"


def check_kind_words(
    result: ExposureResult, action_id: str, spec: dict[str, Any], names: dict[str, str]
) -> None:
    text = answer_text(result)
    match = spec.get("match") or names.get(action_id, action_id)
    naming = [c for c in clauses(text) if match.casefold() in c.casefold()]
    scope = spec.get("scope", "clauses")
    if scope == "whole_answer":
        # The customer's own words (its inventory's alternatives) are not the product's words.
        for own in {alt for a in result.affected for alt in a.alternatives}:
            text = text.replace(own, "")
        check_words(text, "", spec)
        return
    if scope == "status_text":
        status = [result.scenario.name, result.scenario.description, result.reach_reason]
        if result.action_status_evidence:
            status.append(result.action_status_evidence[-1].claim)
        positive = {k: v for k, v in spec.items() if k in ("must_say", "must_say_any")}
        check_words(text, "", positive)
        negative = {k: v for k, v in spec.items() if k in ("must_not_say", "must_not_match")}
        check_words("\n".join(status + naming), "", negative)
        return
    if spec.get("must_appear", True):
        assert naming, f"no clause names {match!r}"
    together = "\n".join(naming)
    check_words(together, "", {k: v for k, v in spec.items() if k in ("must_say", "must_say_any")})
    for clause in naming:
        check_words(
            clause, "", {k: v for k, v in spec.items() if k in ("must_not_say", "must_not_match")}
        )


def check_fines(result: ExposureResult, fragments: list[str]) -> None:
    md = markdown(result)
    pieces = [e.claim for d in result.dimensions for e in d.evidence] + md.splitlines()
    for piece in pieces:
        head = re.sub(r"^[\s\-*+0-9.]*", "", piece)
        fine_line = head.startswith(("Fine", "Fines"))
        for clause in clauses(piece) if not fine_line else [piece]:
            if fine_line or re.search(r"\bfines?\b", clause, re.I):
                for frag in fragments:
                    assert frag.casefold() not in clause.casefold(), (frag, clause[:160])


def normalise_citations(text: str) -> str:
    for rx, to in _CITES:
        text = rx.sub(to, text)
    return text


def check_citations(result: ExposureResult, spec: dict[str, Any]) -> None:
    for pid, rules in spec.items():
        process = next(a for a in result.affected if a.process_id.endswith("/" + pid))
        pieces = [
            f"{a.title}. {a.detail}" for a in result.actions if a.process_id == process.process_id
        ]
        pieces += [
            e.claim
            for d in result.dimensions
            for e in d.evidence
            if e.claim.startswith(process.process)
        ]
        text = normalise_citations("\n".join(pieces))
        for cite in rules.get("must_include", []):
            assert re.search(rf"{re.escape(cite)}(?!\d)", text), (pid, cite)
        for cite in rules.get("must_not_include", []):
            found = re.search(rf".{{0,60}}{re.escape(cite)}(?!\d).{{0,40}}", text)
            assert found is None, (pid, cite, found.group(0) if found else "")


def check_report_md(result: ExposureResult, spec: dict[str, Any]) -> None:
    md = markdown(result)
    for fragment, n in spec.get("count", {}).items():
        assert md.count(fragment) == n, (fragment, md.count(fragment))
    rules = spec.get("line_must_not_match", {})
    for fragment, rx in rules.items():
        others = [f for f in rules if f != fragment]
        for line in md.splitlines():
            if fragment in line and not any(o in line for o in others):
                assert re.search(rx, line) is None, (fragment, line[:200])
