"""Bounds on the parameters a user gives a console or saved query (`--param`, the console's JSON).

Parameters travel to the engine (and to the console's worker process) through encoders that
recurse on nesting, so 900 levels of JSON ended in a RecursionError traceback (issue 22). A value
may nest at most `MAX_DEPTH` levels and all values together hold at most `MAX_ITEMS` characters
and elements; beyond either the query is refused with one line naming the parameter. The walk is
iterative, so the check itself never recurses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.store.protocol import QueryError

__all__ = ["MAX_DEPTH", "MAX_ITEMS", "check_parameters"]

MAX_DEPTH = 32
MAX_ITEMS = 1_000_000


def check_parameters(params: Mapping[str, Any]) -> None:
    """Raise QueryError (one line) when a parameter nests too deep or the values are too large."""
    items = 0
    for name, value in params.items():
        stack: list[tuple[Any, int]] = [(value, 1)]
        while stack:
            current, depth = stack.pop()
            container = isinstance(current, Mapping | list | tuple)
            if container and depth > MAX_DEPTH:
                raise QueryError(
                    f"the parameter ${name} is nested more than {MAX_DEPTH} levels deep; "
                    "the console takes flatter values"
                )
            if isinstance(current, Mapping):
                items += len(current)
                stack.extend((v, depth + 1) for v in current.values())
            elif isinstance(current, list | tuple):
                items += len(current)
                stack.extend((v, depth + 1) for v in current)
            else:
                items += len(current) if isinstance(current, str | bytes) else 1
            if items > MAX_ITEMS:
                raise QueryError(
                    f"the parameters hold more than {MAX_ITEMS:,} characters and elements; "
                    "the console takes smaller values"
                )
