"""What each list says about the listings a report's sanctions evidence matches.

A reviewer reading "Hikvision matches HIKVISION on the OFAC non-SDN list" needs the listing as
much as the match: who listed it, under which programmes or regimes, since when, with which
identifiers, measures and remarks. The exposure engine names the listed entity on each piece of
sanctions evidence (its path ends at it); this reads the rest from the graph's Designation and
ListedEntity, for `build_report(..., listings=...)`.

>>> listing_lines(store, result)  # doctest: +SKIP
{'listed:ofac-cons:900001': ['US Treasury, Office of Foreign Assets Control (OFAC): ...', ...]}
"""

from __future__ import annotations

from typing import Any

from graph import listing, vocabulary
from graph.results import ExposureResult
from graph.store.protocol import Store

__all__ = ["REMARKS_SHOWN", "listing_lines"]

# Remarks past this many characters are cut in a report (the list's own file has them whole).
REMARKS_SHOWN = 300
_LISTINGS = (
    "UNWIND $ids AS i MATCH (l:ListedEntity {id: i}) "
    "OPTIONAL MATCH (d:Designation)-[:DESIGNATES]->(l) "
    "RETURN l AS entity, d AS designation ORDER BY l.id, d.id"
)


def _lines(entity: dict[str, Any], designation: dict[str, Any]) -> list[str]:
    code = str(entity.get("list") or designation.get("list") or "")
    head = f"{designation.get('authority') or listing.authority(code).name}: {vocabulary.list_name(code)}"
    if designation.get("list_as_of"):
        head += f" (extract as of {designation['list_as_of']})"
    lines = [head]
    if designation.get("program"):
        lines.append(f"programmes or regimes: {designation['program']}")
    listed = designation.get("listed_on")
    lines.append(f"listed on {listed}" if listed else "listing date not given")
    if designation.get("measures"):
        lines.append("measures: " + "; ".join(designation["measures"]))
    if entity.get("identifiers"):
        lines.append("identifiers: " + "; ".join(entity["identifiers"]))
    remarks = " ".join(str(designation.get("remarks") or "").split())
    if remarks:
        cut = remarks if len(remarks) <= REMARKS_SHOWN else remarks[:REMARKS_SHOWN] + " …"
        lines.append(f"remarks: {cut}")
    return lines


def listing_lines(store: Store, result: ExposureResult) -> dict[str, list[str]]:
    """Listed entity id -> its listing's lines, for every listed entity the result's evidence
    reaches."""
    ids = sorted(
        {
            node.id
            for dimension in result.dimensions
            for item in dimension.evidence
            for node in item.path
            if node.label == "ListedEntity"
        }
    )
    if not ids:
        return {}
    out: dict[str, list[str]] = {}
    for row in store.read(_LISTINGS, {"ids": ids}):
        entity = row["entity"]
        out.setdefault(entity["id"], _lines(entity, row.get("designation") or {}))
    return out
