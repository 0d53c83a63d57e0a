"""The state a Neo4j build made visible, kept beside the change log to skip a full scan next time.

Reading a 1M-node graph back over Bolt takes minutes (it is the whole graph through one Python
client); the state this process wrote is the same content. So after each Neo4j build the desired
state is pickled to `<home>/changes/neo4j-state.pickle` with the version the build stamped, and the
next build uses it as "the current graph" only when the database still shows that very version;
otherwise (another client built since, a first build, a missing or unreadable file) it scans the
graph. The embedded store always scans: its Arrow read of a 1M-node graph takes seconds.
"""

from __future__ import annotations

import gc
import os
import pickle
from pathlib import Path

from graph.changes.change_set import GraphState, current_state
from graph.store.protocol import Store, StoreUnavailable

__all__ = ["current_for", "save_snapshot"]


def current_for(store: Store, snapshot: Path | None) -> GraphState:
    """The store's current state: from the snapshot when it matches the visible version."""
    if snapshot is None or store.backend != "neo4j":
        return current_state(store)
    try:
        version = store.version()
    except StoreUnavailable:
        version = ""
    if version:
        gc.disable()
        try:
            with snapshot.open("rb") as handle:
                # Written by this program into the user's own home directory (never downloaded).
                saved_version, state = pickle.load(handle)  # noqa: S301
            if saved_version == version and isinstance(state, GraphState):
                return state
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError):
            pass  # no usable snapshot: scan the graph instead
        finally:
            gc.enable()
    return current_state(store)


def save_snapshot(snapshot: Path, version: str, state: GraphState) -> None:
    """Keep `state` as the content of `version` (atomically: temporary file, then rename)."""
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    tmp = snapshot.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump((version, state), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, snapshot)
