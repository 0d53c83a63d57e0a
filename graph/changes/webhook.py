"""Post new alerts as JSON to VENDORGRAPH_WEBHOOK_URL: bounded, and never in a build's way.

Alerts are queued in the outbox first (graph.changes.outbox: synced, capped by count and bytes),
then everything waiting is POSTed as `{"alerts": [...]}`; only a 2xx answer empties the outbox.
A failed post is retried with backoff (VENDORGRAPH_WEBHOOK_ATTEMPTS, default 3; first pause
0.5 s, doubling), and the whole delivery, every attempt and pause included, has one deadline
(VENDORGRAPH_WEBHOOK_DEADLINE, default 10 s): connecting (the name look-up too), sending, and
reading the answer's status line, however slowly an endpoint drips it. Each attempt runs in a
helper thread that the deadline abandons after shutting its socket.

Only the status line is read, by the standard library's HTTP client: 2xx is delivered; another
status, a redirect (never followed, to any host or scheme), a garbage status line, too many or
malformed headers, a reset or a refused connection are each one line in `Delivery.error`.
Nothing raises out of `deliver`: the build has committed before it runs (ingest.build), and a
webhook can neither stop it nor lose its registration. The URL is treated as a secret (hooks
carry tokens in the path, the query or a user:password): messages name only its scheme and host.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import ssl
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

from graph.changes.outbox import Outbox

__all__ = ["Delivery", "Outbox", "deliver", "redacted", "webhook_url"]

_DEFAULT_DEADLINE = 10.0
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,15}")
_HOST = re.compile(r"[A-Za-z0-9.\-\[\]:]{1,255}")


def redacted(url: str) -> str:
    """What a message may say of a webhook URL: scheme and host, never path, query or user."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return "(the URL in VENDORGRAPH_WEBHOOK_URL)"
    scheme = parts.scheme if _SCHEME.fullmatch(parts.scheme or "") else ""
    if not scheme or not _HOST.fullmatch(host):
        return "(the URL in VENDORGRAPH_WEBHOOK_URL)"
    return f"{scheme}://{host}/…"


def _checked(url: str) -> SplitResult:
    """The URL's parts, or ValueError with a message that shows no secret."""
    shown = redacted(url)
    try:
        parts = urlsplit(url)
        port = parts.port  # ValueError for a port that is not a number
    except ValueError:
        raise ValueError(f"VENDORGRAPH_WEBHOOK_URL {shown}: not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"VENDORGRAPH_WEBHOOK_URL {shown}: expected an http:// or https:// URL with a host"
        )
    if port == 0:
        raise ValueError(f"VENDORGRAPH_WEBHOOK_URL {shown}: port 0")
    return parts


def webhook_url() -> str | None:
    """The configured webhook (http or https), or None when unset; ValueError (no secret in
    it) when it is not a usable URL."""
    url = os.environ.get("VENDORGRAPH_WEBHOOK_URL", "").strip()
    if not url:
        return None
    _checked(url)
    return url


def deadline_seconds() -> float:
    raw = os.environ.get("VENDORGRAPH_WEBHOOK_DEADLINE", str(_DEFAULT_DEADLINE))
    try:
        return min(max(0.1, float(raw)), 300.0)
    except ValueError:
        return _DEFAULT_DEADLINE


@dataclass
class Delivery:
    """What a delivery run did."""

    sent: int
    pending: int
    attempts: int
    error: str | None = None
    dropped: int = 0  # old alerts the outbox's caps dropped while queueing these


def _describe(exc: BaseException) -> str:
    """One line about a failed attempt, from the exception's kind: never its text, which may
    quote the URL or the endpoint's bytes."""
    if isinstance(exc, http.client.RemoteDisconnected):
        return "the endpoint closed the connection without answering"
    if isinstance(exc, http.client.BadStatusLine):
        return "the answer is not HTTP (bad status line)"
    if isinstance(exc, http.client.LineTooLong):
        return "the answer is not usable HTTP (a line too long)"
    if isinstance(exc, http.client.HTTPException):
        if str(exc).startswith("got more than"):  # the standard library's header cap (100)
            return "the answer is not usable HTTP (too many headers)"
        return f"the answer is not usable HTTP ({type(exc).__name__})"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({exc.reason or type(exc).__name__})"
    if isinstance(exc, socket.gaierror):
        return "the host name does not resolve"
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return type(exc).__name__


def _attempt(parts: SplitResult, body: bytes, seconds: float) -> str | None:
    """One POST within `seconds`; None when answered 2xx, else one line."""
    host = parts.hostname or ""
    timeout = max(0.05, seconds)
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        context = ssl.create_default_context()
        conn = http.client.HTTPSConnection(host, parts.port, timeout=timeout, context=context)
    else:
        conn = http.client.HTTPConnection(host, parts.port, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    outcome: dict[str, Any] = {}

    def post() -> None:
        try:
            conn.request(
                "POST",
                path,
                body=body,
                headers={"Content-Type": "application/json", "User-Agent": "vendorgraph"},
            )
            response = conn.getresponse()  # reads the status line and headers, nothing more
            outcome["status"] = response.status
        except BaseException as exc:  # every failure becomes one line
            outcome["error"] = _describe(exc)

    worker = threading.Thread(target=post, name="vendorgraph-webhook", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():  # a drip or a hang: shut the socket so the thread ends
        sock = conn.sock
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        with suppress(Exception):
            conn.close()
        worker.join(1.0)
        return f"no complete answer within {seconds:.1f} s"
    with suppress(Exception):
        conn.close()
    if outcome.get("error") == _describe(TimeoutError()):
        # The socket's own timeout is the same deadline; on a loaded machine it can fire
        # before the join above returns. Either way the endpoint did not answer in time.
        return f"no complete answer within {seconds:.1f} s"
    if "error" in outcome:
        return str(outcome["error"])
    status = int(outcome.get("status", 0))
    if 200 <= status < 300:
        return None
    if 300 <= status < 400:
        return f"answered {status}: a redirect, which is not followed"
    return f"answered {status}"


def deliver(
    home: Path,
    alerts: list[dict[str, Any]],
    *,
    url: str | None = None,
    attempts: int | None = None,
    backoff: float = 0.5,
    timeout: float | None = None,
) -> Delivery | None:
    """Queue `alerts` and post everything queued; None when no webhook is configured. Never
    raises: a failure is in the result. `timeout`: the delivery's deadline in seconds."""
    outbox = Outbox(home)
    try:
        url = url or webhook_url()
    except ValueError as exc:
        dropped = outbox.add(alerts)
        waiting = len(outbox.pending())
        outbox.record(error=str(exc), sent=0)
        return Delivery(0, waiting, 0, str(exc), dropped)
    if url is None:
        return None
    deadline = time.monotonic() + (timeout if timeout is not None else deadline_seconds())
    try:
        attempts = attempts or int(os.environ.get("VENDORGRAPH_WEBHOOK_ATTEMPTS", "3"))
    except ValueError:
        attempts = 3
    attempts = min(max(1, attempts), 10)
    dropped = outbox.add(alerts)
    pending = outbox.pending()
    if not pending:
        return Delivery(0, 0, 0, dropped=dropped)
    try:
        parts = _checked(url)
    except ValueError as exc:
        outbox.record(error=str(exc), sent=0)
        return Delivery(0, len(pending), 0, str(exc), dropped)
    body = json.dumps({"alerts": pending}, sort_keys=True, default=str).encode()
    error: str | None = None
    tried = 0
    for attempt in range(1, attempts + 1):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        tried = attempt
        error = _attempt(parts, body, left)
        if error is None:
            outbox.clear(len(pending))
            outbox.record(error=None, sent=len(pending))
            return Delivery(len(pending), len(outbox.pending()), attempt, dropped=dropped)
        pause = min(backoff * 2 ** (attempt - 1), deadline - time.monotonic())
        if attempt < attempts and pause > 0:
            time.sleep(pause)
    error = error or "no time left to try"
    outbox.record(error=f"{redacted(url)}: {error}", sent=0)
    return Delivery(0, len(pending), tried, f"{redacted(url)}: {error}", dropped)
