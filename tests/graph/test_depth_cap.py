"""A built_on chain deeper than the supply-chain cap: the fetch stops at the cap and the answer
says the chain was cut; a report of a cut chain still renders in every format."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.exposure import exposure
from graph.ladybug_store import LadybugStore
from graph.model import Event
from graph.reports import build_report, render
from graph.results import ExposureResult
from graph.scenarios import compose, find_scenario
from graph.settings import Settings
from graph.supply_chain import MAX_DEPTH, fetch_supply_chain
from ingest.build import rebuild
from ingest.inventory import COLUMNS

CUT = f"The supply chain was followed to {MAX_DEPTH + 1} tiers"


def write_chain(path: Path, depth: int) -> Path:
    """An inventory whose products form one built_on chain `depth` long: customer cust-chain runs
    every link (so each product is offered by its vendor), cust-deep uses only the first."""
    rows = []
    for i in reversed(range(depth)):  # deepest first, so each product is declared with its vendor
        rows.append(
            {
                "customer_id": "cust-chain", "customer_name": "Chain Maker Ltd (fictional)",
                "process_id": f"p{i}", "process": f"Link {i}", "product": f"Deep Prod {i}",
                "vendor": f"Deep Vendor {i}",
                "built_on": f"Deep Prod {i + 1}" if i + 1 < depth else "",
            }
        )  # fmt: skip
    rows.append(
        {
            "customer_id": "cust-deep", "customer_name": "Deep Ltd (fictional)",
            "process_id": "p0", "process": "Payroll", "product": "Deep Prod 0",
            "vendor": "Deep Vendor 0", "criticality": "high",
        }
    )  # fmt: skip
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def deep_store(tmp_path_factory: pytest.TempPathFactory) -> LadybugStore:
    from tests.conftest import make_settings

    home = tmp_path_factory.mktemp("deep")
    config: Settings = make_settings(home / "home")
    store = LadybugStore(config.home / "ladybug")
    report = rebuild(store, config, extra_inventories=[write_chain(home / "deep.csv", 40)])
    assert not report.rejections, report.rejections[:3]
    return store


def _what_if(store: LadybugStore, depth: int) -> ExposureResult:
    scenario = compose(
        store,
        vendor_id=f"vendor:deep-vendor-{depth}",
        event=Event("sanctions_designation"),
        effective_date="2026-01-01",
        jurisdiction="GB",
    )
    return exposure(store, "customer:cust-deep", scenario, "2026-06-01")


def test_fetch_stops_at_the_cap(deep_store: LadybugStore) -> None:
    chain = fetch_supply_chain(deep_store, "customer:cust-deep", "2026-06-01")
    assert chain is not None
    products = {n for n in chain.graph if n.startswith("product:deep-prod-")}
    assert products == {f"product:deep-prod-{i}" for i in range(MAX_DEPTH + 1)}
    assert chain.cut_at_tier == MAX_DEPTH + 1


def test_a_cut_chain_is_a_caveat_in_the_answer(deep_store: LadybugStore) -> None:
    near = _what_if(deep_store, 2)
    assert [a.tier for a in near.affected] == [3]
    assert any(c.startswith(CUT) for c in near.caveats)
    far = _what_if(deep_store, 30)
    assert not far.affected
    assert any(c.startswith(CUT) for c in far.caveats)
    report = build_report(far, graph_fingerprint="x")
    assert any(c.text.startswith(CUT) for c in report.caveats)
    for fmt in ("md", "html", "pdf", "json", "csv"):
        assert render(report, fmt)


def test_a_shallow_chain_has_no_such_caveat(built_store: LadybugStore) -> None:
    scenario = find_scenario(built_store, "ico-clearview-2022")
    result = exposure(built_store, "customer:cust-northshire-police", scenario, "2022-06-01")
    assert result.affected and not any(c.startswith(CUT) for c in result.caveats)
