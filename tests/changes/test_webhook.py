"""The webhook: POSTs alerts as JSON to a local server, retries with backoff, and keeps what it
could not deliver in the outbox for the next run (never lost)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from graph.changes.webhook import Outbox, deliver


class Receiver:
    """A local HTTP server on 127.0.0.1 that fails the first `failures` posts with 503."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.bodies: list[dict[str, Any]] = []
        self.calls = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                receiver.calls += 1
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.failures > 0:
                    receiver.failures -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                receiver.bodies.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def __enter__(self) -> Receiver:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def alerts() -> list[dict[str, Any]]:
    return [{"customer_id": "customer:a", "delta": 40.0}, {"customer_id": "customer:b"}]


def test_posts_the_alerts_as_json(tmp_path: Path, alerts: list[dict[str, Any]]) -> None:
    with Receiver() as server:
        result = deliver(tmp_path, alerts, url=server.url, backoff=0.01)
    assert result is not None and (result.sent, result.pending) == (2, 0)
    assert server.bodies == [{"alerts": alerts}]
    assert Outbox(tmp_path).pending() == []


def test_retries_with_backoff_until_the_server_answers(
    tmp_path: Path, alerts: list[dict[str, Any]]
) -> None:
    with Receiver(failures=2) as server:
        result = deliver(tmp_path, alerts, url=server.url, attempts=3, backoff=0.01)
    assert result is not None and result.attempts == 3 and result.sent == 2
    assert server.calls == 3 and server.bodies == [{"alerts": alerts}]


def test_a_failed_post_keeps_the_alerts_for_the_next_run(
    tmp_path: Path, alerts: list[dict[str, Any]]
) -> None:
    with Receiver(failures=10) as server:
        failed = deliver(tmp_path, alerts[:1], url=server.url, attempts=2, backoff=0.01)
    assert failed is not None and failed.sent == 0 and failed.error
    assert Outbox(tmp_path).pending() == alerts[:1]
    # The next run (a new server, the same home) sends the old alert with the new one.
    with Receiver() as server:
        result = deliver(tmp_path, alerts[1:], url=server.url, backoff=0.01)
    assert result is not None and result.sent == 2
    assert server.bodies == [{"alerts": alerts}]
    assert Outbox(tmp_path).pending() == []


def test_an_unreachable_url_loses_nothing(tmp_path: Path, alerts: list[dict[str, Any]]) -> None:
    with Receiver() as server:
        url = server.url  # the server is gone once the block ends: the port refuses
    result = deliver(tmp_path, alerts, url=url, attempts=2, backoff=0.01, timeout=2)
    assert result is not None and result.pending == 2
    assert Outbox(tmp_path).pending() == alerts


def test_no_url_means_no_webhook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VENDORGRAPH_WEBHOOK_URL", raising=False)
    assert deliver(tmp_path, [{"x": 1}]) is None
    assert Outbox(tmp_path).pending() == []


def test_a_url_that_is_not_http_is_a_failed_delivery_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VENDORGRAPH_WEBHOOK_URL", "file:///etc/passwd")
    result = deliver(tmp_path, [{"x": 1}])
    assert result is not None and result.sent == 0 and result.pending == 1
    assert result.error is not None and "http" in result.error and "passwd" not in result.error
    assert Outbox(tmp_path).pending() == [{"x": 1}]
