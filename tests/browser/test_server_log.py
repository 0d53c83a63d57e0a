"""A normal visit leaves the server log quiet: no warnings, no tracebacks (issue 11, item 7).

Runs after the journeys (file order), then visits every page once more itself, so the log it reads
covers the journeys' clicks, downloads and refused queries as well as plain page loads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import settle

pytestmark = pytest.mark.browser

PAGES = [
    ("/", "Portfolio"),
    ("/exposure?customer=customer:cust-northshire-constabulary", "Customer exposure"),
    ("/scenarios", "Scenario builder"),
    ("/explorer?node=vendor:clearview-ai", "Graph explorer"),
    ("/vendor?vendor=vendor:clearview-ai", "Vendor profile"),
    ("/upload", "Inventory upload"),
    ("/console", "Cypher console"),
]

_NOISE = re.compile(r"WARNING|Traceback|Exception|DeprecationWarning|FutureWarning", re.IGNORECASE)


def test_server_log_has_no_warnings_after_every_page(page: Any, dashboard_log: Path) -> None:
    for path, heading in PAGES:
        page.goto(path)
        settle(page, heading)
    lines = dashboard_log.read_text(errors="replace").splitlines()
    noisy = [line for line in lines if _NOISE.search(line)]
    assert noisy == [], "\n".join(noisy[:20])
