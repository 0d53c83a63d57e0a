"""Post new alerts as JSON to the URL in VENDORGRAPH_WEBHOOK_URL; never lose one.

Alerts go into `<home>/changes/outbox.jsonl` first (flushed and fsynced), then the whole outbox is
POSTed as `{"alerts": [...]}`; only a 2xx answer empties it. A failed post is retried with
exponential backoff (VENDORGRAPH_WEBHOOK_ATTEMPTS, default 3; first pause 0.5 s, doubling); alerts
still unsent stay in the outbox and go with the next run's post. A killed process loses nothing
either: the outbox is written before the first attempt.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Delivery", "Outbox", "deliver", "webhook_url"]


def webhook_url() -> str | None:
    """The configured webhook (http or https), or None when unset."""
    url = os.environ.get("VENDORGRAPH_WEBHOOK_URL", "").strip()
    if not url:
        return None
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"VENDORGRAPH_WEBHOOK_URL={url!r}: expected an http:// or https:// URL")
    return url


class Outbox:
    """Alerts not yet delivered, one JSON object a line."""

    def __init__(self, home: Path) -> None:
        self.path = Path(home) / "changes" / "outbox.jsonl"

    def pending(self) -> list[dict[str, Any]]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a line torn by a killed process
        return out

    def add(self, alerts: list[dict[str, Any]]) -> None:
        if not alerts:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            for alert in alerts:
                handle.write(json.dumps(alert, sort_keys=True, default=str) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def clear(self, sent: int) -> None:
        """Drop the first `sent` alerts (those just delivered); keep any added meanwhile."""
        rest = self.pending()[sent:]
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps(a, sort_keys=True) + "\n" for a in rest))
        os.replace(tmp, self.path)


@dataclass
class Delivery:
    """What a delivery run did."""

    sent: int
    pending: int
    attempts: int
    error: str | None = None


def _post(url: str, body: bytes, timeout: float) -> None:
    request = urllib.request.Request(  # noqa: S310 (the URL is the operator's own setting)
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        if not 200 <= response.status < 300:
            raise urllib.error.HTTPError(url, response.status, "not 2xx", response.headers, None)


def deliver(
    home: Path,
    alerts: list[dict[str, Any]],
    *,
    url: str | None = None,
    attempts: int | None = None,
    backoff: float = 0.5,
    timeout: float = 10.0,
) -> Delivery | None:
    """Queue `alerts` and post everything queued; None when no webhook is configured."""
    url = url or webhook_url()
    if url is None:
        return None
    attempts = attempts or int(os.environ.get("VENDORGRAPH_WEBHOOK_ATTEMPTS", "3"))
    outbox = Outbox(home)
    outbox.add(alerts)
    pending = outbox.pending()
    if not pending:
        return Delivery(0, 0, 0)
    body = json.dumps({"alerts": pending}, sort_keys=True, default=str).encode()
    error = None
    for attempt in range(1, attempts + 1):
        try:
            _post(url, body, timeout)
        except (OSError, urllib.error.URLError) as exc:
            error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if attempt < attempts:
                time.sleep(backoff * 2 ** (attempt - 1))
            continue
        outbox.clear(len(pending))
        return Delivery(len(pending), len(outbox.pending()), attempt)
    return Delivery(0, len(pending), attempts, error)
