"""Fixtures for the report tests.

Strategy: reports are built from hand-made exposure results (tests/reports/samples.py) shaped as
graph.exposure.engine returns them, so the renderers are tested on the report model alone, without a
store. One fixed generation time and graph fingerprint make every output reproducible; `report`
is parametrised over every sample customer, `hostile_report` carries attack strings as names.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from graph.reports import PortfolioReport, Report, build_portfolio_report, build_report
from graph.results import ExposureResult

from .samples import (
    CLEARVIEW,
    council_result,
    hostile_result,
    police_after_ftt,
    police_result,
    portfolio_rows,
    unaffected_result,
)

GENERATED_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
FINGERPRINT = "3f2a9c51d0e4b7a8c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3"

SAMPLES: dict[str, Callable[[], ExposureResult]] = {
    "police": police_result,
    "police-after-ftt": police_after_ftt,
    "council-what-if": council_result,
    "unaffected": unaffected_result,
}


def make_report(result: ExposureResult) -> Report:
    return build_report(result, graph_fingerprint=FINGERPRINT, generated_at=GENERATED_AT)


@pytest.fixture(params=sorted(SAMPLES))
def sample(request: pytest.FixtureRequest) -> tuple[ExposureResult, Report]:
    """Each sample customer's exposure result and its report."""
    result = SAMPLES[request.param]()
    return result, make_report(result)


@pytest.fixture
def report(sample: tuple[ExposureResult, Report]) -> Report:
    return sample[1]


@pytest.fixture
def police_report() -> Report:
    return make_report(police_result())


@pytest.fixture
def hostile_report() -> Report:
    return make_report(hostile_result())


@pytest.fixture
def portfolio_report() -> PortfolioReport:
    return build_portfolio_report(
        portfolio_rows(),
        CLEARVIEW,
        as_of="2022-06-01",
        graph_fingerprint=FINGERPRINT,
        generated_at=GENERATED_AT,
    )
