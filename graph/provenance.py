"""Looking up cited sources and dated status histories: the provenance every answer carries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph import queries
from graph.results import SourceRef
from graph.store.protocol import Store

__all__ = ["active", "source_refs", "status_as_of"]


def source_refs(store: Store, ids: Iterable[str]) -> list[SourceRef]:
    """SourceRefs for source ids, in the order given, unknown ids kept with their id only."""
    wanted = list(dict.fromkeys(i for i in ids if i))
    if not wanted:
        return []
    found = {row["s"]["id"]: row["s"] for row in store.read(queries.SOURCES_BY_ID, {"ids": wanted})}
    refs = []
    for sid in wanted:
        s = found.get(sid, {})
        # A user's own source says so wherever a publisher is shown: "..., from your knowledge
        # pack lumen.yaml, registered 2026-12-06".
        pack = s.get("pack")
        publisher = ", from ".join(x for x in (s.get("publisher"), pack) if x) or None
        refs.append(
            SourceRef(
                id=sid,
                title=s.get("title") or s.get("name"),
                url=s.get("url"),
                publisher=f"from {publisher}" if pack and publisher == pack else publisher,
                date=s.get("date"),
                pack=pack,
            )
        )
    return refs


def status_as_of(history: list[dict[str, Any]], as_of: str) -> dict[str, Any] | None:
    """The last status step on or before `as_of` (history sorted by date), or None."""
    current = None
    for step in history:
        if step["date"] <= as_of:
            current = step
    return current


def active(props: dict[str, Any], as_of: str) -> bool:
    """Whether a dated node or link holds on `as_of` (since <= as_of < until)."""
    since, until = props.get("since"), props.get("until")
    return (since is None or since <= as_of) and (until is None or as_of < until)
