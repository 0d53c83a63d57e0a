"""The portfolio page at 2,000 customers (issue 21, point 5), in real headless Chromium.

Builds a book (bench/book.py: 2,000 customers x 10 processes), registers it with
`vendorgraph ingest --inventory` into a temporary home (unless --home names one already built),
serves `vendorgraph dashboard`, and drives Debian's /usr/bin/chromium through Playwright. After
the server has loaded the graph once (its first page: the portfolio as of today), it prints:
  cold     navigation to the portfolio page as of 2022-06-01 until the table and the chart are
           on screen and the script run is over, the first time (the scenario is scored for
           that date), in a fresh browser;
  second   the same in a fresh browser (the ranking comes from the cache), then once more in
           that browser (its scripts cached: what a returning user sees), and in that browser
           for another date, not scored yet (cold again, without Streamlit's start in a new
           browser);
  band     a click that leaves out one band, until the page has settled on the new rows;
  sector   removing one sector from the sector filter, likewise;
with the machine's load average. The target is at most 3 s after the graph is loaded. Never fails
on timing.

Usage: python bench/portfolio_page.py [--customers 2000] [--processes 10] [--home DIR] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.book import write_book  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
VENDORGRAPH = Path(sys.executable).parent / "vendorgraph"
PAGE = "/?scenario=ico-clearview-2022&as_of=2022-06-01"
# True once the script run is over and no element is still loading.
IDLE = """() => !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]')"""
# The table (a canvas grid) and the chart (a Vega view) have painted.
PAINTED = """() => {
  const grid = document.querySelector('[data-testid="stDataFrame"] canvas');
  const chart = document.querySelector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg');
  return !!grid && !!chart && grid.getBoundingClientRect().height > 0
    && chart.getBoundingClientRect().height > 0;
}"""
SHOWN = '[data-testid="stCaptionContainer"]:has-text("customers shown")'


def register(home: Path, customers: int, processes: int) -> float:
    """Write the book and register it into `home`; the seconds it took."""
    book = home.parent / f"book-{customers}x{processes}.csv"
    write_book(book, customers=customers, processes=processes)
    env = {**os.environ, "VENDORGRAPH_HOME": str(home), "VENDORGRAPH_STORE": "ladybug",
           "VENDORGRAPH_MAX_INVENTORY_ROWS": "200000"}  # fmt: skip
    started = time.perf_counter()
    subprocess.run(
        [str(VENDORGRAPH), "ingest", "--inventory", str(book)], env=env, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(home: Path, log: Path) -> Iterator[str]:
    """`vendorgraph dashboard` over `home` in its own process group, stopped on exit."""
    port = _free_port()
    env = {**os.environ, "VENDORGRAPH_HOME": str(home), "VENDORGRAPH_STORE": "ladybug"}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(VENDORGRAPH), "dashboard", "--port", str(port)], env=env, stdout=out,
            stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response,  # noqa: S310
            ):
                if response.status == 200:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the dashboard did not start; log:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def ready(page: Any, timeout: float = 300_000) -> None:
    page.wait_for_function(PAINTED, timeout=timeout)
    page.wait_for_function(IDLE, timeout=timeout)


def load(browser: Any, url: str) -> tuple[float, Any, Any]:
    """Seconds from navigation to the page ready, in a fresh browser context."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=url)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(PAGE)
    ready(page)
    return time.perf_counter() - started, context, page


def settled_after(page: Any, act: Any) -> float:
    """Seconds from `act()` until the rows-shown caption changed and the run is over."""
    before = page.locator(SHOWN).first.inner_text()
    started = time.perf_counter()
    act()
    page.wait_for_function(
        """(before) => { const c = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
             .find(e => e.innerText.includes('customers shown'));
           return c && c.innerText !== before; }""",
        arg=before,
        timeout=120_000,
    )
    ready(page)
    return time.perf_counter() - started


def pick_sector(page: Any, sector: str) -> None:
    """Choose one sector in the sector filter, as a user does: open it, type, press Enter."""
    page.locator('[data-testid="stMultiSelect"] input').first.click()
    page.keyboard.type(sector)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def measure(url: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        # The server loads the graph, and its code, once: the first user's first page, the
        # portfolio as of today. The page measured next asks for another date, not yet scored.
        context = browser.new_context(base_url=url)
        warm = context.new_page()
        started = time.perf_counter()
        warm.goto("/")
        ready(warm)
        figures["first page of the server (portfolio, today)"] = time.perf_counter() - started
        context.close()
        figures["cold"], first, _ = load(browser, url)
        first.close()
        figures["second"], context, page = load(browser, url)
        started = time.perf_counter()
        page.goto(PAGE)  # the same browser again: Streamlit's scripts come from its cache
        ready(page)
        figures["same browser again"] = time.perf_counter() - started
        started = time.perf_counter()
        page.goto(PAGE.replace("2022-06-01", "2022-07-01"))  # a date not scored yet
        ready(page)
        figures["same browser, another date (cold)"] = time.perf_counter() - started
        page.goto(PAGE)
        ready(page)
        figures["rows shown"] = page.locator(SHOWN).first.inner_text()
        # Leave out the low band (most of the book), then keep only one sector.
        band = page.get_by_role("button", name="LOW", exact=True)
        figures["band"] = settled_after(page, band.click)
        figures["after band filter"] = page.locator(SHOWN).first.inner_text()
        figures["sector"] = settled_after(page, lambda: pick_sector(page, "retail"))
        figures["after sector filter"] = page.locator(SHOWN).first.inner_text()
        context.close()
        browser.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--processes", type=int, default=10)
    parser.add_argument("--home", type=Path, help="a home already holding the book (reused)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary home")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} not found: apt-get install chromium")
    folder = Path(tempfile.mkdtemp(prefix="vendorgraph-page-bench-"))
    home = args.home or folder / "home"
    try:
        if args.home is None:
            seconds = register(home, args.customers, args.processes)
            print(f"registered {args.customers:,} customers x {args.processes} in {seconds:.1f} s")
        with serve(home, folder / "dashboard.log") as url:
            figures = measure(url)
        load1, load5, _ = os.getloadavg()
        for key, value in figures.items():
            print(f"{key:45} {value:.2f} s" if isinstance(value, float) else f"{key:45} {value}")
        print(f"load average (1 min, 5 min): {load1:.1f}, {load5:.1f}")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
