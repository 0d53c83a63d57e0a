"""Screening many names at once, on one core or several.

Screening is pure CPU work on a read-only index, so a batch splits cleanly across processes.
Workers are forked, which hands them the index without copying or pickling it; results come
back in input order.

While a batch runs, the objects that exist when it starts (the index, the lists read) are set
aside from Python's cyclic garbage collector (`gc.freeze`) and given back after: the matches a
batch keeps trigger full collections, which would otherwise walk the whole index each time (up
to a sixth of a batch's CPU on the benchmark, bench/screening_bench.py). Nothing is lost:
garbage already there is collected after the batch, and a process that froze objects itself is
left as it was.

Example:
    >>> results = screen_many(matcher, ["Hikvision", "Clearview AI"], workers=2)  # doctest: +SKIP
    >>> [len(r) for r in results]
    [1, 0]
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from graph.screening.matcher import Match, Matcher, Query

__all__ = ["default_workers", "screen_many"]

# Below this many names a pool costs more to start than it saves.
MIN_PARALLEL = 2000
_CHUNK = 250

# The forked workers find the matcher here; set just before the pool forks.
_SHARED: list[Matcher] = []


def default_workers() -> int:
    """Cores this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _chunk(args: tuple[Sequence[Query | str], float | None]) -> list[list[Match]]:
    queries, threshold = args
    matcher = _SHARED[0]
    return [matcher.screen(q, threshold) for q in queries]


def screen_many(
    matcher: Matcher,
    queries: Sequence[Query | str],
    threshold: float | None = None,
    workers: int = 1,
) -> list[list[Match]]:
    """`matcher.screen` for every query, in order, on up to `workers` forked processes."""
    with _set_aside():
        if (
            workers <= 1
            or len(queries) < MIN_PARALLEL
            or "fork" not in multiprocessing.get_all_start_methods()
        ):
            return [matcher.screen(q, threshold) for q in queries]
        chunks = [(queries[i : i + _CHUNK], threshold) for i in range(0, len(queries), _CHUNK)]
        _SHARED[:] = [matcher]
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_chunk, chunks)
        finally:
            _SHARED.clear()
        return [result for part in parts for result in part]


@contextmanager
def _set_aside() -> Iterator[None]:
    """The objects there now, out of the cyclic collector's walks until the block ends (module
    docstring); nothing done when the collector is off or something else froze objects."""
    if not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
