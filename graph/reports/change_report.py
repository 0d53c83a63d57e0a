"""The change report: the builds in a period, what each changed in plain words, and who moved.

Built from change-log entries (graph.changes.log), cited like the exposure reports: every changed
fact and every alert cites the numbered sources of the facts behind it (`[n]`, resolved to title,
publisher, date and URL from the graph when a store is given). Rendered as Markdown and HTML
(graph.reports.change_render) and as JSON that validates against the shipped schema
`graph/reports/schema/changes-v1.json` (regenerate with `python -m graph.reports.change_report`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.changes.words import baseline, describe, describe_alert, listed, raised, summary
from graph.provenance import source_refs
from graph.reports.build import Citations
from graph.reports.model import Citation
from graph.results import SourceRef
from graph.store.protocol import Store

__all__ = [
    "CHANGE_SCHEMA_FILE",
    "ChangeReport",
    "build_change_report",
    "change_schema",
    "render_change_json",
]

CHANGE_SCHEMA_VERSION = 1
CHANGE_SCHEMA_FILE = f"changes-v{CHANGE_SCHEMA_VERSION}.json"
MAX_LINES = 200  # changes listed per build; the counts are always complete


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ChangeLine(_Strict):
    """One changed fact in plain words, with the sources it cites."""

    text: str
    entity: Literal["node", "edge"]
    kind: Literal["added", "removed", "changed"]
    id: str = Field(description="node id, or 'TYPE from -> to' for a relationship")
    cites: list[int] = Field(default_factory=list)


class ChangeAlert(_Strict):
    """A customer whose exposure moved with a build, and the changed facts that concern it."""

    text: str
    customer_id: str
    customer: str
    scenario_id: str
    scenario: str
    what_if: bool
    before_score: float | None
    before_band: str | None
    after_score: float
    after_band: str
    reason: str
    facts: list[ChangeLine]
    cites: list[int] = Field(default_factory=list)


class ChangeBuild(_Strict):
    """One build: its version, the one it replaced, when, how, and what it changed."""

    version: str
    previous: str
    built_at: str
    backend: str
    mode: str
    summary: str
    counts: dict[str, int]
    changes: list[ChangeLine]
    not_listed: int = Field(description="changes counted but not listed here")
    alerts: list[ChangeAlert]


class ChangeReport(_Strict):
    """What changed in the graph over a period, and who is newly exposed."""

    kind: Literal["changes"] = "changes"
    schema_version: int = CHANGE_SCHEMA_VERSION
    generated_at: str
    since: str | None
    builds: list[ChangeBuild]
    sources: list[Citation]


def _line(change: Mapping[str, Any], cite: Citations, names: dict[str, SourceRef]) -> ChangeLine:
    refs = [names.get(s, SourceRef(id=s)) for s in change.get("sources") or []]
    key = (
        change["id"]
        if change.get("entity") == "node"
        else f"{change['type']} {change['from_id']} -> {change['to_id']}"
    )
    return ChangeLine(
        text=describe({**change, "sources": []}),
        entity=change.get("entity", "node"),
        kind=change["kind"],
        id=key,
        cites=cite.cite(refs),
    )


def _alert(alert: Mapping[str, Any], cite: Citations, names: dict[str, SourceRef]) -> ChangeAlert:
    facts = [_line(f, cite, names) for f in listed(alert.get("facts") or [])]
    before = alert.get("before") or {}
    return ChangeAlert(
        text=describe_alert(alert, customer=False),
        customer_id=alert["customer_id"],
        customer=alert["customer"],
        scenario_id=alert["scenario_id"],
        scenario=alert["scenario"],
        what_if=bool(alert.get("what_if")),
        before_score=before.get("score"),
        before_band=before.get("band"),
        after_score=alert["after"]["score"],
        after_band=alert["after"]["band"],
        reason=alert["reason"],
        facts=facts,
        cites=sorted({n for f in facts for n in f.cites}),
    )


def build_change_report(
    entries: Iterable[Mapping[str, Any]],
    store: Store | None = None,
    since: str | None = None,
    generated_at: str | None = None,
) -> ChangeReport:
    """The report for these change-log entries (newest first); sources resolved via `store`."""
    builds = list(reversed(list(entries)))
    ids: list[str] = []
    for b in builds:
        for c in [*b.get("changes", [])[:MAX_LINES], *(f for a in b.get("alerts", []) for f in a.get("facts", []))]:  # fmt: skip
            ids += c.get("sources") or []
    names = {r.id: r for r in (source_refs(store, ids) if store is not None else [])}
    cite = Citations()
    out = []
    for b in builds:
        # By severity, none raised by a rejected name; a first build is a baseline, not a list.
        alerts = [_alert(a, cite, names) for a in raised(b)]
        changes = [] if baseline(b) else listed(b.get("changes", []))
        lines = [_line(c, cite, names) for c in changes[:MAX_LINES]]
        counts = {k: int(v) for k, v in b.get("counts", {}).items()}
        out.append(
            ChangeBuild(
                version=b["version"],
                previous=b.get("previous") or "",
                built_at=b.get("built_at", ""),
                backend=b.get("backend", ""),
                mode=b.get("mode", ""),
                summary=summary(counts),
                counts=counts,
                changes=lines,
                not_listed=sum(counts.values()) - len(lines),
                alerts=alerts,
            )
        )
    stamp = generated_at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return ChangeReport(generated_at=stamp, since=since, builds=out, sources=cite.all())


def render_change_json(report: ChangeReport) -> bytes:
    return (report.model_dump_json(indent=2) + "\n").encode()


def change_schema() -> dict[str, Any]:
    """The JSON Schema of an exported change report, generated from the model."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:vendorgraph:changes:v{CHANGE_SCHEMA_VERSION}",
        "title": f"vendorgraph change report, schema version {CHANGE_SCHEMA_VERSION}",
        **ChangeReport.model_json_schema(mode="serialization"),
    }


def change_schema_text() -> str:
    return json.dumps(change_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def shipped_change_schema() -> dict[str, Any]:
    text = resources.files("graph.reports.schema").joinpath(CHANGE_SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


if __name__ == "__main__":
    target = Path(__file__).parent / "schema" / CHANGE_SCHEMA_FILE
    target.write_text(change_schema_text(), encoding="utf-8", newline="\n")
    print(f"wrote {target}")
