"""The previous build's scores, `<home>/changes/scores.json`: a cache, checked when read.

Monitor keeps each build's scores (scenario key -> the scenario and, per customer, name, score and
band) with the graph version and as-of date they were taken on, so the next build need not
score the old graph again. It is derived: a file of the wrong shape (edited, truncated, written
by something else) is ignored, the old graph is scored afresh, and the next save replaces it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from graph.store.files import write_atomic

__all__ = ["SCORES_FILE", "load_scores", "save_scores"]

SCORES_FILE = "scores.json"


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer: str
    score: float
    band: str


class _Scored(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scenario: dict[str, Any]
    rows: dict[str, _Row]


class _Saved(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str
    as_of: str
    scores: dict[str, _Scored]


def load_scores(home: Path) -> dict[str, Any]:
    """The saved scores as plain dicts, or {} when absent or of the wrong shape."""
    try:
        raw = (Path(home) / "changes" / SCORES_FILE).read_bytes()
        return _Saved.model_validate_json(raw).model_dump()
    except (OSError, ValidationError, ValueError):
        return {}


def save_scores(home: Path, scores: dict[str, Any]) -> None:
    """Keep `scores` ({"version", "as_of", "scores"}) for the next build (atomically)."""
    text = _Saved.model_validate(scores).model_dump_json()
    write_atomic(Path(home) / "changes" / SCORES_FILE, text, sync=False)
