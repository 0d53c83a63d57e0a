"""Screening the graph's vendors against the lists, as MATCHES records with review decisions applied.

Each vendor is screened with its name, aliases, country and identifiers, as a register's row
without a `type` is (graph.screening.kinds): against listed organisations and persons, since a
vendor may be a sole trader; a name whose words say "organisation" meets a person's name only in
full. A match becomes a
`(Vendor)-[:MATCHES]->(ListedEntity)` edge when it scores at or above the threshold, or when an
analyst has reviewed it (a confirmed match below the threshold still counts; a rejected one is
kept, marked rejected, so nobody reviews it twice). Decisions come from the review file, so every
rebuild re-applies them.

Example:
    >>> edges = list(match_records(vendors, matcher, ReviewStore(home).load()))  # doctest: +SKIP
    >>> edges[0].props["review"]
    'unreviewed'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from graph.records import NodeRecord
from graph.screening.index import ScreeningIndex
from graph.screening.matcher import Matcher, Query
from graph.screening.review import Decision, Key, ReviewStore
from ingest.kb import PendingEdge
from ingest.list_records import list_records, list_source, listed_entity_id
from ingest.list_size import max_list_entries, refuse_oversized
from ingest.listing import ListEntry
from ingest.lists import read_lists
from ingest.pipeline import ExtraReader
from ingest.problems import Rejections, UserError

__all__ = ["REVIEW_FLOOR", "lists_hook", "match_records", "max_list_entries", "vendor_query"]

# Reviewed matches are looked for down to this score, so a confirmation made at a lower threshold
# is not lost when the threshold rises.
REVIEW_FLOOR = 0.6


def capped(entries: Iterable[ListEntry], cap: int) -> Iterator[ListEntry]:
    """`entries`, refused in one line as soon as there are more than `cap` of them. The count
    before the build (ingest.list_size) refuses a list that is too large; this is the backstop
    should a reader yield more than that count."""
    for count, entry in enumerate(entries, 1):
        if count > cap:
            raise UserError(
                f"{entry.source_file}: the lists of this build hold more than {cap:,} entities "
                f"(VENDORGRAPH_MAX_LIST_ENTRIES, which keeps an ingest within about 2 GB of "
                f"memory); nothing was written. Use a smaller extract, raise the limit on a "
                f"larger machine, or `vendorgraph unregister` a list registered earlier"
            )
        yield entry


def vendor_query(vendor: NodeRecord) -> Query:
    """What screening knows of a Vendor node (its kind is not known: organisation or sole
    trader)."""
    props = vendor.props
    identifiers = tuple(str(i).partition(":")[2] or str(i) for i in props.get("identifiers") or [])
    country = str(props["country"]).lower() if props.get("country") else None
    return Query(str(props["name"]), tuple(props.get("aliases") or ()), country, identifiers)


def match_records(
    vendors: Iterable[NodeRecord],
    matcher: Matcher,
    decisions: dict[Key, Decision],
    sources: Mapping[tuple[str, str], str] | None = None,
) -> Iterator[PendingEdge]:
    """MATCHES edges for every vendor: above threshold, or reviewed."""
    for vendor in vendors:
        if vendor.label != "Vendor":
            continue
        for match in matcher.screen(
            vendor_query(vendor), threshold=min(REVIEW_FLOOR, matcher.threshold)
        ):
            decision = decisions.get((vendor.id, match.list, match.entity_id))
            if decision is None and match.score < matcher.threshold:
                continue
            props = {
                "score": match.score,
                "explanation": json.dumps(match.explanation, ensure_ascii=False, sort_keys=True),
                "review": decision.decision if decision else "unreviewed",
                "reviewer": decision.reviewer if decision else None,
                "reason": decision.reason if decision else None,
                "note": match.summary(),
                "sources": [sources[(match.list, match.entity_id)]]
                if sources and (match.list, match.entity_id) in sources
                else None,
            }
            target = listed_entity_id(match.list, match.entity_id)
            yield PendingEdge("MATCHES", vendor.id, target, props, "screening", 0)


def lists_hook(specs: list[str], home: Path) -> list[ExtraReader]:
    """For ingest.build: read the list specs once, yield their entities, then screen every vendor
    collected so far (knowledge base and inventories) against them, with review decisions.
    Lists past the cap are refused here, counted before the build reads anything."""
    cap = max_list_entries()
    if specs:
        refuse_oversized(specs, cap)

    def reader(
        rejected: Rejections, known: Mapping[str, NodeRecord]
    ) -> Iterator[NodeRecord | PendingEdge]:
        entries = list(capped(read_lists(specs, rejected), cap))
        yield from list_records(entries, rejected)
        index = ScreeningIndex.build(entries)
        vendors = [r for r in known.values() if r.label == "Vendor"]
        sources: dict[tuple[str, str], str] = {
            (str(e.list), e.entity_id): list_source(e).id for e in entries
        }
        yield from match_records(vendors, Matcher(index), ReviewStore(home).load(), sources)

    return [reader] if specs else []
