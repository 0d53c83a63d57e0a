"""What a rebuild is doing, shown while it runs: an `st.status` box that lists each step (reading
and checking the rows, building the graph, scoring customers for the alerts) as it ends, with what
it counted, and a bar for the current one.

The build reports through ingest's Progress callback `(what, done since the last call, total)`:
`what` is a record kind or relationship type while the graph is written (internal names: the
page says "records" instead), "staged" on Neo4j, and "re-scoring customers" (one call per
scenario) or "scoring customers" (customers) while the alerts are worked out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import streamlit as st

from ingest.pipeline import Progress

__all__ = ["build_status", "step_words"]

_SCORING = {"re-scoring customers": "scenarios", "scoring customers": "customers"}
_FIRST_STEP = "Reading and checking the rows"


def step_words(what: str) -> tuple[str, str]:
    """The step a progress report belongs to and what it counts, in a user's words."""
    if what in _SCORING:
        # Before a change, the pairs it can move are scored on the graph as it was; after, on
        # the new one: the same words for both, each listed as it happens.
        return "Scoring customers for the alerts", _SCORING[what]
    return "Building the graph", "records written"


@dataclass
class _Steps:
    """The status box's lines and bar, told of each progress report."""

    box: Any
    log: Any
    bar: Any
    step: str = _FIRST_STEP
    unit: str = ""
    total: int = 0
    done: int = 0
    shown: float = -1.0

    def close(self) -> None:
        """Say the current step is over, with what it counted."""
        counted = f"{self.done:,} of {self.total:,} {self.unit}" if self.total else "done"
        self.log.write(f"{self.step}: {counted}")

    def __call__(self, what: str, n: int, total: int) -> None:
        step, unit = step_words(what)
        # A new step, or the same kind of step run again once it had counted to its total.
        if step != self.step or total != self.total or self.done >= total:
            self.close()
            self.box.update(label=f"{step}…")
            self.step, self.unit, self.total, self.done, self.shown = step, unit, total, 0, -1.0
        self.done += n
        fraction = min(1.0, self.done / total) if total else 0.0
        if fraction - self.shown >= 0.01 or self.done >= total:  # about 100 updates a step
            self.shown = fraction
            self.bar.progress(fraction, text=f"{step}: {self.done:,} of {total:,} {unit}")


@contextmanager
def build_status(title: str) -> Iterator[Progress]:
    """An expanded status box titled `title` while the body runs; the body passes the yielded
    callback as the build's `progress`. The box ends complete (or in error, if the build fails),
    with every step it went through listed."""
    with st.status(title, expanded=True) as box:
        log = st.container()  # the steps done, above the current step's bar
        steps = _Steps(box, log, st.progress(0.0, text=f"{_FIRST_STEP}…"))
        try:
            yield steps
        except Exception:
            box.update(label=f"{title}: stopped at “{steps.step.lower()}”", state="error")
            raise
        steps.close()
        steps.bar.empty()
        box.update(label=f"{title}: done", state="complete", expanded=False)
