"""How many entities a list holds, counted before a build reads it.

A build holds every listed entity in memory several times over (graph.changes: the records, the
screening index, the desired graph and the change set), so the lists a build may take are capped
(`max_list_entries`). The count comes first, in one streaming pass that keeps no entity: a list
over the cap is refused before the build reads it for real, with memory bounded by the count's
own small working set (one row or record at a time, and for the formats that group rows by id,
the set of ids). The count matches what the format's reader yields, bar rows it rejects.

Example:
    >>> count_entities(parse_list_spec("ofac:graph/data/lists/ofac-ns-cmic"))  # doctest: +SKIP
    24
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ingest.listing import Rejections, csv_records, open_text_lines
from ingest.lists import ListSpec, parse_list_spec
from ingest.problems import UserError

__all__ = ["DEFAULT_MAX_LIST_ENTRIES", "count_entities", "max_list_entries", "refuse_oversized"]

# Measured by bench/large_list.py on the embedded store: the bundled graph's build peaks near
# 0.7 GB and every listed entity adds about 17 KB at the peak (a first registration: 30,000
# entities peak at 1.2 GB, 75,000 at 2.0 GB). 75,000 keeps an ingest within about 2 GB and takes
# the official lists a UK buyer screens against all at once (OFAC SDN about 18,000 entities, the
# UK list and the EU list about 5,000 each, the UN list about 1,000) two and a half times over.
DEFAULT_MAX_LIST_ENTRIES = 75_000


def max_list_entries() -> int:
    """Most list entities one build takes (VENDORGRAPH_MAX_LIST_ENTRIES)."""
    raw = os.environ.get("VENDORGRAPH_MAX_LIST_ENTRIES", str(DEFAULT_MAX_LIST_ENTRIES))
    try:
        return max(1, int(raw.replace(",", "").replace("_", "")))
    except ValueError:
        raise UserError(f"VENDORGRAPH_MAX_LIST_ENTRIES={raw!r} is not a whole number") from None


def _csv_rows(file: Path, fallback: str | None = None) -> Iterable[list[str]]:
    for _, row in csv_records(file, fallback=fallback, rejected=Rejections()):
        yield row


def _ofac(path: Path) -> int:
    from ingest.ofac import find_ofac_files

    # One primary row per entity; a header row some re-exports add is not one.
    rows = _csv_rows(find_ofac_files(path).prim, fallback="cp1252")
    return sum(1 for row in rows if row and row[0].strip().lower() not in ("ent_num", "ent num"))


def _grouped(path: Path, column: str, fallback: str | None) -> int:
    """Distinct values of `column` (the UK list's Unique ID, ConList's Group ID): one designation
    spans several rows, one a name."""
    ids: set[str] = set()
    at: int | None = None
    for row in _csv_rows(path, fallback):
        cells = [cell.strip().lower() for cell in row]
        if at is None:
            if column in cells:  # the header (a banner line may come first)
                at = cells.index(column)
            continue
        if at < len(cells) and cells[at]:
            ids.add(cells[at])
    return len(ids)


def _xml(path: Path, tags: frozenset[str]) -> int:
    from ingest.xml_records import XmlRecords

    return sum(1 for _ in XmlRecords(path, tags))


def _ftm(path: Path) -> int:
    """Targets of the listed kinds, and entities of those kinds that a Sanction names."""
    from ingest.ftm import LISTED_SCHEMAS, FtmEntity

    targets = 0
    others: set[str] = set()
    sanctioned: set[str] = set()
    for _, text in open_text_lines(path):
        if not text.strip():
            continue
        try:
            obj = FtmEntity.model_validate_json(text)
        except ValueError:
            continue  # the reader rejects it, or refuses the file, in its own words
        if obj.schema_ in LISTED_SCHEMAS:
            if obj.target:
                targets += 1
            else:
                others.add(obj.id)
        elif obj.schema_ == "Sanction":
            sanctioned.update(obj.properties.get("entity", []))
    return targets + len(others & sanctioned)


def count_entities(spec: ListSpec | str) -> int:
    """Entities the list holds, in one streaming pass that keeps none of them."""
    spec = parse_list_spec(spec) if isinstance(spec, str) else spec
    if spec.kind == "ofac":
        return _ofac(spec.path)
    if spec.kind == "uksl":
        return _grouped(spec.path, "unique id", None)
    if spec.kind in ("ofsi", "conlist"):
        return _grouped(spec.path, "group id", "cp1252")
    if spec.kind == "un":
        return _xml(spec.path, frozenset({"INDIVIDUAL", "ENTITY"}))
    if spec.kind == "eu":
        return _xml(spec.path, frozenset({"sanctionEntity"}))
    return _ftm(spec.path)


def refuse_oversized(specs: Iterable[ListSpec | str], cap: int | None = None) -> int:
    """Count the lists of a build; past the cap, refuse in one line naming the list that passes
    it, before the build reads anything for real. Returns the total."""
    cap = max_list_entries() if cap is None else cap
    total = 0
    for raw in specs:
        spec = parse_list_spec(raw) if isinstance(raw, str) else raw
        count = count_entities(spec)
        total += count
        if total > cap:
            others = f" ({total:,} with the other lists of this build)" if total > count else ""
            raise UserError(
                f"{spec.path}: this list holds {count:,} entities{others}, more than the "
                f"{cap:,} one build can take (VENDORGRAPH_MAX_LIST_ENTRIES: a build holds every "
                f"listed entity in memory, about 17 KB each, and {DEFAULT_MAX_LIST_ENTRIES:,} "
                f"keeps an ingest within about 2 GB); nothing was read further or written. Use a "
                f"smaller extract (the sanctioned targets only), raise the limit on a machine "
                f"with more memory, or `vendorgraph unregister` a list registered earlier"
            )
    return total
