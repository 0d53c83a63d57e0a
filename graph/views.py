"""Plain data the dashboard shows, built from graph answers (pages call these, never Cypher)."""

from __future__ import annotations

from typing import Any

from graph.results import ExposureResult

__all__ = ["BAND_COLOURS", "LABEL_COLOURS", "exposure_elements"]

BAND_COLOURS = {"critical": "#8b0000", "high": "#d9480f", "medium": "#e0a800", "low": "#2b8a3e"}

LABEL_COLOURS = {
    "Customer": "#1c7ed6",
    "Process": "#4dabf7",
    "Product": "#9775fa",
    "Vendor": "#e8590c",
    "ListedEntity": "#c92a2a",
    "Designation": "#862e9c",
    "EnforcementAction": "#495057",
    "Regulator": "#868e96",
    "Jurisdiction": "#2f9e44",
    "DataCategory": "#f08c00",
    "DataSource": "#a61e4d",
    "Source": "#adb5bd",
    "Law": "#5c940d",
    "StatusEvent": "#ced4da",
}


def exposure_elements(result: ExposureResult) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape elements (st-link-analysis format) for the paths from customer to vendor."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}
    for affected in result.affected:
        path = affected.path
        for step in path:
            nodes.setdefault(step.id, {"data": {"id": step.id, "label": step.label, "name": step.name}})
        for a, b in zip(path, path[1:], strict=False):
            rel = a.rel or ""
            # OFFERED_BY is the engine's reading of OFFERS walked backwards; show the stored direction.
            src, dst, label = (b.id, a.id, "OFFERS") if rel == "OFFERED_BY" else (a.id, b.id, rel)
            key = f"{src}|{label}|{dst}"
            edges.setdefault(key, {"data": {"id": key, "label": label, "source": src, "target": dst}})
    for dim in result.dimensions:
        if dim.name != "sanctions":
            continue
        for ev in dim.evidence:
            for a, b in zip(ev.path, ev.path[1:], strict=False):
                for step in (a, b):
                    nodes.setdefault(step.id, {"data": {"id": step.id, "label": step.label, "name": step.name}})
                key = f"{a.id}|MATCHES|{b.id}"
                edges.setdefault(key, {"data": {"id": key, "label": "MATCHES", "source": a.id, "target": b.id}})
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}
