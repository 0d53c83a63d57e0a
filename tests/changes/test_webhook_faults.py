"""A webhook that cannot hurt the build: hostile endpoints on real local sockets (a drip, a hang,
a garbage status line, too many headers, redirects, an endpoint that is down), the outbox's caps,
secrets kept out of every message, and a real `vendorgraph ingest` whose webhook fails.

Every endpoint is a real TCP server on 127.0.0.1 in a thread, writing the bytes a broken or
hostile server would; nothing is mocked."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graph.changes.outbox import Outbox
from graph.changes.webhook import deliver, redacted, webhook_url
from tests.changes.helpers import extra_inventory
from tests.changes.test_webhook import Receiver
from vendorgraph.main import app

SECRETS = ("TOKEN-abc123", "SECRET-xyz", "s3cr3t")
Answer = Callable[[socket.socket, threading.Event], None]


class RawEndpoint:
    """A TCP server that reads each request and answers with whatever `answer` writes."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.stop = threading.Event()
        self.requests = 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        port = self.sock.getsockname()[1]
        self.url = f"http://user:s3cr3t@127.0.0.1:{port}/hook/TOKEN-abc123?key=SECRET-xyz"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(2)
            data = b""
            try:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, body = data.partition(b"\r\n\r\n")
                length = next(
                    (int(line.split(b":")[1]) for line in head.split(b"\r\n")
                     if line.lower().startswith(b"content-length")),
                    0,
                )  # fmt: skip
                while len(body) < length:
                    body += conn.recv(65536)
                self.requests += 1
                self.answer(conn, self.stop)
            except OSError:
                return

    def __enter__(self) -> RawEndpoint:
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.sock.close()


def drip(conn: socket.socket, stop: threading.Event) -> None:
    """A status line and then a header, one byte every 0.1 s, for ever."""
    text = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000
    for byte in text:
        if stop.is_set():
            return
        conn.sendall(bytes([byte]))
        time.sleep(0.1)


def hang(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait(30)


def reply(data: bytes) -> Answer:
    def answer(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(data)

    return answer


MANY_HEADERS = b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(150)) + b"\r\n"
HOSTILE = {
    "garbage status line": reply(b"FOO\r\n\r\n"),
    "more than 100 headers": reply(MANY_HEADERS),
    "a status line of 70,000 bytes": reply(b"HTTP/1.1 200 " + b"A" * 70_000 + b"\r\n\r\n"),
    "binary noise": reply(bytes(range(256)) * 8),
    "closed without a word": reply(b""),
    "HTTP/0.9 style body": reply(b"<html>hello</html>"),
    "status 999": reply(b"HTTP/1.1 999 What\r\nContent-Length: 0\r\n\r\n"),
    "negative content length": reply(b"HTTP/1.1 500 No\r\nContent-Length: -5\r\n\r\n"),
}


@pytest.fixture
def alerts() -> list[dict[str, Any]]:
    return [{"customer_id": "customer:a", "delta": 40.0}, {"customer_id": "customer:b"}]


def _no_secret(text: str | None) -> None:
    assert text is not None
    for secret in SECRETS:
        assert secret not in text, text


@pytest.mark.parametrize("answer", [drip, hang], ids=["drip", "hang"])
def test_a_slow_endpoint_is_bounded_by_one_deadline(
    tmp_path: Path, alerts: list[dict[str, Any]], answer: Answer
) -> None:
    with RawEndpoint(answer) as endpoint:
        started = time.monotonic()
        result = deliver(tmp_path, alerts, url=endpoint.url, attempts=3, backoff=0.2, timeout=1.5)
        took = time.monotonic() - started
    assert took < 1.5 + 1.5, took  # the deadline, plus at most the helper thread's grace
    assert result is not None and result.sent == 0 and result.pending == 2
    assert result.error is not None and "no complete answer" in result.error
    _no_secret(result.error)
    assert Outbox(tmp_path).pending() == alerts


@pytest.mark.parametrize("what", sorted(HOSTILE))
def test_any_answer_is_one_line_never_a_traceback(
    tmp_path: Path, alerts: list[dict[str, Any]], what: str
) -> None:
    with RawEndpoint(HOSTILE[what]) as endpoint:
        result = deliver(tmp_path, alerts, url=endpoint.url, attempts=2, backoff=0.01, timeout=5)
    assert result is not None and result.sent == 0, what
    assert result.error and "\n" not in result.error, (what, result.error)
    _no_secret(result.error)
    assert Outbox(tmp_path).pending() == alerts  # nothing lost


def test_redirects_are_never_followed(tmp_path: Path, alerts: list[dict[str, Any]]) -> None:
    with Receiver() as elsewhere:
        targets = [elsewhere.url, "ftp://127.0.0.1/x", "file:///etc/passwd"]
        for target in targets:
            answer = reply(
                f"HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\n\r\n".encode()
            )
            with RawEndpoint(answer) as endpoint:
                result = deliver(tmp_path, alerts, url=endpoint.url, attempts=1, timeout=5)
            assert result is not None and result.sent == 0
            assert result.error and "redirect" in result.error and "302" in result.error
        assert elsewhere.calls == 0  # the other host never heard from us


def test_the_outbox_is_capped_by_count_and_bytes_oldest_dropped_and_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VENDORGRAPH_OUTBOX_MAX_ALERTS", "100")
    monkeypatch.setenv("VENDORGRAPH_OUTBOX_MAX_BYTES", str(64 * 1024))
    with Receiver() as server:
        down = server.url  # gone when the block ends: connections are refused
    sent = 0
    for build in range(12):  # 12 builds of 13 alerts of about 800 bytes, the endpoint down
        batch = [{"build": build, "n": i, "note": "x" * 800} for i in range(13)]
        sent += len(batch)
        result = deliver(tmp_path, batch, url=down, attempts=1, timeout=2)
        assert result is not None and result.sent == 0 and result.error
    box = Outbox(tmp_path)
    kept = box.pending()
    assert 0 < len(kept) <= 100 and box.size() <= 64 * 1024
    assert box.state().dropped == sent - len(kept)
    last = [(a["build"], a["n"]) for a in kept]
    assert last == sorted(last) and last[-1] == (11, 12)  # the newest are the ones kept
    # The next delivery to a live endpoint empties it, and posts the newest first-in order.
    with Receiver() as server:
        result = deliver(tmp_path, [], url=server.url, attempts=1, timeout=5)
        assert result is not None and result.sent == len(kept)
        assert server.bodies == [{"alerts": kept}]
    assert box.pending() == [] and box.state().last_error is None


def test_a_torn_or_edited_outbox_line_is_dropped_and_counted(tmp_path: Path) -> None:
    box = Outbox(tmp_path)
    box.add([{"n": 1}])
    with box.path.open("a") as handle:
        handle.write('[1, 2]\n{"n": 2')  # not an alert; then a line cut by a kill
    assert box.pending() == [{"n": 1}]
    box.add([{"n": 3}])
    assert box.pending() == [{"n": 1}, {"n": 3}] and box.state().dropped == 2


@pytest.mark.parametrize(
    "url",
    [
        "htps://user:s3cr3t@hooks.example/TOKEN-abc123",
        "http://hooks.example:SECRET-xyz/TOKEN-abc123",
        "http:///TOKEN-abc123?key=SECRET-xyz",
        "http://[::1/TOKEN-abc123",
        "hooks.example/TOKEN-abc123",
        "http://user:s3cr3t@/TOKEN-abc123",
    ],
)
def test_a_mistyped_url_never_prints_the_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("VENDORGRAPH_WEBHOOK_URL", url)
    with pytest.raises(ValueError) as raised:
        webhook_url()
    _no_secret(str(raised.value))
    result = deliver(tmp_path, [{"x": 1}])
    assert result is not None and result.sent == 0 and result.pending == 1
    _no_secret(result.error)
    _no_secret(redacted(url))


def test_an_unresolvable_host_is_one_line(tmp_path: Path) -> None:
    url = "http://no-such-host.invalid/TOKEN-abc123"
    result = deliver(tmp_path, [{"x": 1}], url=url, attempts=1, timeout=5)
    assert result is not None and result.sent == 0 and result.error
    assert "no-such-host.invalid" in result.error  # the host may be named; the path may not
    _no_secret(result.error)


# -- through a real build ----------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "home"
    result = runner.invoke(app, ["ingest", "--json"], env=_env(home, None))
    assert result.exit_code == 0, result.output
    yield home


def _env(home: Path, url: str | None) -> dict[str, str | None]:
    return {
        "VENDORGRAPH_HOME": str(home),
        "VENDORGRAPH_STORE": "ladybug",
        "VENDORGRAPH_WEBHOOK_URL": url,
        "VENDORGRAPH_WEBHOOK_DEADLINE": "2",
        "VENDORGRAPH_WEBHOOK_ATTEMPTS": "2",
    }


@pytest.mark.parametrize("what", ["garbage status line", "more than 100 headers", "drip"])
def test_a_failing_webhook_never_loses_the_registration(
    home: Path, tmp_path: Path, what: str
) -> None:
    answer = drip if what == "drip" else HOSTILE[what]
    inventory = extra_inventory(tmp_path / "inbox")
    with RawEndpoint(answer) as endpoint:
        started = time.monotonic()
        result = runner.invoke(
            app,
            ["ingest", "--inventory", str(inventory), "--replace"],
            env=_env(home, endpoint.url),
        )
        took = time.monotonic() - started
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "webhook delivery failed" in warnings[0], result.stderr
    _no_secret(result.stderr)
    assert endpoint.requests >= 1
    assert took < 60, took
    sources = runner.invoke(app, ["sources", "--json"], env=_env(home, None))
    assert [e["name"] for e in json.loads(sources.stdout)] == ["fernhill_extra.csv"]
    # What waits is there to see, and goes with the next build's delivery.
    shown = runner.invoke(app, ["changes", "--outbox", "--json"], env=_env(home, None))
    waiting = json.loads(shown.stdout)
    assert waiting["waiting"] >= 1 and waiting["last_error"]
    _no_secret(shown.stdout)
    text = runner.invoke(app, ["changes", "--outbox"], env=_env(home, None))
    assert text.exit_code == 0 and "wait for the webhook" in text.stdout


def test_without_a_webhook_a_build_prints_no_warning(home: Path, tmp_path: Path) -> None:
    inventory = extra_inventory(tmp_path / "inbox")
    env = {**_env(home, None)}
    result = runner.invoke(app, ["ingest", "--inventory", str(inventory), "--replace"], env=env)
    assert result.exit_code == 0 and "warning:" not in result.stderr
    assert os.environ.get("VENDORGRAPH_WEBHOOK_URL") is None
