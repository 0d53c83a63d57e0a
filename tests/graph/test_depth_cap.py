"""A built_on chain deeper than the supply-chain cap: the fetch stops at the cap, and an answer
says the chain was cut when links towards the scenario's vendor go on past it; a report of a cut
chain still renders in every format."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest

from graph.exposure.engine import exposure
from graph.exposure.scenarios import compose, find_scenario
from graph.exposure.supply_chain import MAX_DEPTH, fetch_supply_chain
from graph.model import Event
from graph.reports import build_report, render
from graph.results import ExposureResult
from graph.settings import BUNDLED_DATA, Settings
from graph.store.ladybug import LadybugStore
from ingest.build import rebuild
from ingest.inventory_row import COLUMNS

CUT = f"The supply chain was followed to {MAX_DEPTH + 1} tiers"


def write_chain(folder: Path, depth: int) -> tuple[Path, Path]:
    """A data folder (the bundled one plus a test-only knowledge-base file) in which products
    Deep Prod 0..depth-1 form one curated built_on chain, and an inventory in which customer
    cust-deep uses only the first. (The chain is curated, not claimed by an inventory: what one
    customer's inventory asserts shapes only that customer's answer.)  Returns (data, inventory)."""
    data = folder / "data"
    shutil.copytree(BUNDLED_DATA, data)
    lines = [
        "# Test fixture only: a fictional chain deeper than the supply-chain cap.",
        "sources:",
        "  - {id: VGTEST, name: 'depth-cap test fixture', publisher: vendorgraph tests, date: '2026-01-01'}",
        "nodes:",
    ]
    for i in range(depth):
        lines.append(
            f"  - {{label: Vendor, id: 'vendor:deep-vendor-{i}', name: 'Deep Vendor {i}', fictional: true, sources: [VGTEST]}}"
        )
        lines.append(
            f"  - {{label: Product, id: 'product:deep-prod-{i}', name: 'Deep Prod {i}', fictional: true, sources: [VGTEST]}}"
        )
    lines.append("edges:")
    for i in range(depth):
        lines.append(
            f"  - {{type: OFFERS, from: 'vendor:deep-vendor-{i}', to: 'product:deep-prod-{i}', sources: [VGTEST]}}"
        )
        if i + 1 < depth:
            lines.append(
                f"  - {{type: BUILT_ON, from: 'product:deep-prod-{i}', to: 'product:deep-prod-{i + 1}', sources: [VGTEST]}}"
            )
    (data / "kb" / "zz_deep_chain.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    inventory = folder / "deep.csv"
    with inventory.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, restval="")
        writer.writeheader()
        writer.writerow(
            {
                "customer_id": "cust-deep", "customer_name": "Deep Ltd (fictional)",
                "process_id": "p0", "process": "Payroll", "product": "Deep Prod 0",
                "vendor": "Deep Vendor 0", "criticality": "high",
            }
        )  # fmt: skip
    return data, inventory


@pytest.fixture(scope="module")
def deep_store(tmp_path_factory: pytest.TempPathFactory) -> LadybugStore:
    from tests.conftest import make_settings

    folder = tmp_path_factory.mktemp("deep")
    data, inventory = write_chain(folder, 40)
    config: Settings = make_settings(folder / "home", data=data)
    store = LadybugStore(config.home / "ladybug")
    report = rebuild(store, config, extra_inventories=[inventory])
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
    return exposure(store, "customer:cust-deep", scenario, date(2026, 6, 1))


def test_fetch_stops_at_the_cap(deep_store: LadybugStore) -> None:
    chain = fetch_supply_chain(deep_store, "customer:cust-deep", "2026-06-01")
    assert chain is not None
    products = {n for n in chain.graph if n.startswith("product:deep-prod-")}
    assert products == {f"product:deep-prod-{i}" for i in range(MAX_DEPTH + 1)}
    assert chain.cut_at_tier == MAX_DEPTH + 1


def test_a_cut_chain_is_a_caveat_in_the_answer(deep_store: LadybugStore) -> None:
    # Every path to Deep Vendor 2 lies within the cap (nothing is built on Deep Prod 0): nothing
    # was left unexamined, so no caveat. Deep Vendor 30's product has 30 products built on it in
    # a chain: the search stopped at the cap with links going on, and the answer says so.
    near = _what_if(deep_store, 2)
    assert [a.tier for a in near.affected] == [3]
    assert not any(c.startswith(CUT) for c in near.caveats)
    edge = _what_if(deep_store, MAX_DEPTH)
    assert [a.tier for a in edge.affected] == [MAX_DEPTH + 1]
    assert not any(c.startswith(CUT) for c in edge.caveats)
    past = _what_if(deep_store, MAX_DEPTH + 1)
    assert not past.affected and any(c.startswith(CUT) for c in past.caveats)
    far = _what_if(deep_store, 30)
    assert not far.affected
    assert any(c.startswith(CUT) for c in far.caveats)
    report = build_report(far, graph_fingerprint="x")
    assert any(c.text.startswith(CUT) for c in report.caveats)
    for fmt in ("md", "html", "pdf", "json", "csv"):
        assert render(report, fmt)


def test_a_shallow_chain_has_no_such_caveat(built_store: LadybugStore) -> None:
    scenario = find_scenario(built_store, "ico-clearview-2022")
    result = exposure(built_store, "customer:cust-northshire-police", scenario, date(2022, 6, 1))
    assert result.affected and not any(c.startswith(CUT) for c in result.caveats)
