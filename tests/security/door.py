"""Checks shared by the console-door tests on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.console.door import console_read
from graph.console.engines import engine_read
from graph.store.protocol import QueryError, Store
from tests.security.bypasses import PASSWD_MARKERS

LEAK = Path("/tmp/vendorgraph-leak.csv")  # noqa: S108 (the path the COPY TO attacks name)


def refused_without_leak(store: Store, cypher: str) -> None:
    """Through the whole door: refused, with one line that leaks nothing."""
    with pytest.raises(QueryError) as caught:
        console_read(store, cypher, {}, limit=50)
    message = str(caught.value)
    assert "\n" not in message and not any(m in message for m in PASSWD_MARKERS)


def engine_refuses(store: Store, cypher: str) -> str:
    """Skip the text check: the engine's plan check alone must refuse."""
    with pytest.raises(QueryError) as caught:
        rows = engine_read(store, cypher, {}, limit=50, max_bytes=2**20)
        pytest.fail(f"ran: {rows!r}"[:300])
    message = str(caught.value)
    assert "\n" not in message and not any(m in message for m in PASSWD_MARKERS), message
    return message


def no_leak_when_run(store: Store, cypher: str) -> None:
    """Whatever the engine layer does with a variant, no file content and no write come out."""
    try:
        answer = engine_read(store, cypher, {}, limit=50, max_bytes=2**20)
    except QueryError as exc:
        assert "\n" not in str(exc) and not any(m in str(exc) for m in PASSWD_MARKERS)
        return
    assert not any(m in repr(answer.rows) for m in PASSWD_MARKERS)
