"""Waiting for Streamlit to settle, and saving screenshots for people to look at."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import SCREENSHOTS, VIEWPORT

__all__ = ["idle", "settle", "shoot"]

# True while Streamlit runs the script or a component is still loading.
_BUSY = """() => {
  const running = document.querySelector('[data-testid="stStatusWidget"]');
  const skeleton = document.querySelector('[data-testid="stSkeleton"]');
  return !running && !skeleton;
}"""


def settle(page: Any, heading: str, timeout: float = 30_000) -> None:
    """Wait for the page's title heading and for the script run to finish."""
    page.get_by_role("heading", name=heading, level=1).wait_for(timeout=timeout)
    page.wait_for_function(_BUSY, timeout=timeout)
    page.wait_for_timeout(400)  # let charts and components paint
    page.wait_for_function(_BUSY, timeout=timeout)


def idle(page: Any, timeout: float = 30_000) -> None:
    """Wait for a rerun that a click may have started to finish."""
    page.wait_for_timeout(300)
    page.wait_for_function(_BUSY, timeout=timeout)


def shoot(page: Any, name: str) -> None:
    """Save what a 1366x768 screen shows (`name-fold.png`) and the whole page (`name.png`)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-fold.png"))
    # Streamlit scrolls inside its main section, not the document: grow the viewport to fit it.
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]'); return m ? m.scrollHeight : 768; }"
    )
    page.set_viewport_size(
        {"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], int(height))}
    )
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(VIEWPORT)
