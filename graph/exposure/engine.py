"""The exposure engine's two questions: one customer's exposure, and every customer ranked.

Both are answered by the batch engine (graph.exposure.batch): the scenario's cone is found from its
vendors' side in one pass (graph.exposure.reach) and each customer with a path is scored with
evidence (graph.exposure.answer; the formula is FORMULA). A single exposure is a batch of one, so
the portfolio, reports, re-scoring and pages all give the same answer for the same customer.

>>> result = exposure(store, "customer:cust-northshire-police", find_scenario(store, "ico-clearview-2022"), date(2022, 6, 1))
>>> result.band
'critical'
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.exposure import batch, vendor_record
from graph.exposure.answer import FORMULA
from graph.exposure.batch import Progress, UnknownCustomer, assess
from graph.resolution import answers
from graph.results import ExposureResult, PortfolioRow, Scenario
from graph.store.protocol import Store

__all__ = ["FORMULA", "UnknownCustomer", "exposure", "forget_cached_reads", "portfolio"]


def exposure(
    store: Store,
    customer_id: str,
    scenario: Scenario,
    as_of: date | None = None,
    **kwargs: Any,
) -> ExposureResult:
    """A customer's exposure to a scenario as of a date (today if not given); keyword arguments
    as for graph.exposure.batch.assess (rules, config, threshold)."""
    return assess(store, scenario, as_of, [customer_id], **kwargs).results[customer_id]


def portfolio(
    store: Store,
    scenario: Scenario,
    as_of: date | None = None,
    *,
    progress: Progress | None = None,
    **kwargs: Any,
) -> list[PortfolioRow]:
    """Every assessed customer (those that run processes), ranked by exposure to one scenario."""
    return assess(store, scenario, as_of, progress=progress, **kwargs).rows()


def forget_cached_reads() -> None:
    """Drop what this process keeps per graph version (the book, the vendors' records, the
    jurisdictions, screening's same-organisation answers): the next answer reads the graph as a
    new process would. For benchmarks that measure a new client against a server that has run."""
    batch._BOOK_CACHE.clear()
    batch._NAMES_CACHE.clear()
    vendor_record.CONTEXT_CACHE.clear()
    vendor_record._ADEQUACY_CACHE.clear()
    answers._SAME_CACHE.clear()
