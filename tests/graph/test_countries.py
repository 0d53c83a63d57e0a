"""Every ISO 3166-1 country is accepted; a country without UK adequacy is a restricted transfer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from graph.exposure.engine import exposure
from graph.exposure.jurisdictions import country_name, is_country
from graph.exposure.scenarios import compose
from graph.model import Event
from graph.queries import ALL_VENDORS, JURISDICTIONS
from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from ingest.build import rebuild
from tests.conftest import make_settings

HEADER = (
    "customer_id,customer_name,sector,turnover_gbp,process_id,process,purpose,product,vendor,"
    "data_categories,uk_data_subjects,role,criticality,since,notice_days,annual_spend_gbp,"
    "storage_countries,built_on,subprocessors,alternatives,dpia,lawful_basis,fictional"
)
BANK = (
    "cust-wherry-bank,Wherry Bank plc (fictional),banking,900000000,p1,Customer contact centre,"
    "Answer customer calls,Lotus Voice Desk (fictional),Lotus Contact Services Pvt Ltd (fictional),"
    "customer-contact;payment,1200000,controller,critical,2021-01-01,180,2000000,IN,,,,true,Contract,true"
)
BANK_ID = "customer:cust-wherry-bank"


@pytest.fixture(scope="module")
def bank_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LadybugStore, Settings]]:
    home = tmp_path_factory.mktemp("bank")
    inventory = home / "wherry_bank.csv"
    inventory.write_text(f"{HEADER}\n{BANK}\n", encoding="utf-8")
    config = make_settings(home / "home")
    store = LadybugStore(home / "ladybug")
    report = rebuild(store, config, extra_inventories=[inventory])
    assert not report.rejections, report.rejections[:3]
    yield store, config
    store.close()


def test_iso_codes_come_from_pycountry() -> None:
    assert is_country("IN") and is_country("GB") and not is_country("XX") and not is_country("in")
    assert country_name("IN") == "India"


def test_every_country_has_a_jurisdiction_node(built_store: LadybugStore) -> None:
    nodes = {r["j"]["id"]: r["j"] for r in built_store.read(JURISDICTIONS)}
    assert len(nodes) == 249  # every ISO 3166-1 alpha-2 country
    assert nodes["jurisdiction:IN"]["name"] == "India"
    assert nodes["jurisdiction:IN"]["uk_adequacy"] == "none"
    assert nodes["jurisdiction:FR"]["uk_adequacy"] == "adequate"  # curated list untouched


def test_offshore_processing_in_india_is_kept_and_flagged(
    bank_store: tuple[LadybugStore, Settings],
) -> None:
    store, _ = bank_store
    vendor = next(r["id"] for r in store.read(ALL_VENDORS) if r["name"].startswith("Lotus"))
    scenario = compose(store, vendor_id=vendor, event=Event.STOP_PROCESSING,
                       effective_date="2026-12-01")  # fmt: skip
    result = exposure(store, BANK_ID, scenario, date(2026, 12, 1))
    [process] = result.affected
    assert process.storage == ["IN"]
    data = next(d for d in result.dimensions if d.name == "data_remediation")
    [claim] = [e.claim for e in data.evidence]
    assert "no UK adequacy decision" in claim and "IDTA or the UK Addendum" in claim
    assert "transfer risk assessment" in claim
    assert data.score == 50 + 25  # personal data at the vendor, restricted transfer
    idta = [a for a in result.actions if "IDTA" in a.title]
    assert idta and "India" in idta[0].title and "transfer risk assessment" in idta[0].detail


def test_a_non_code_is_still_rejected_with_its_reason(tmp_path: Path) -> None:
    inventory = tmp_path / "bad.csv"
    inventory.write_text(f"{HEADER}\n{BANK.replace(',IN,', ',XX,')}\n", encoding="utf-8")
    store = LadybugStore(tmp_path / "ladybug")
    try:
        report = rebuild(store, make_settings(tmp_path / "home"), extra_inventories=[inventory])
    finally:
        store.close()
    [rejection] = report.rejections
    assert "'XX' is not an ISO 3166-1 alpha-2 code" in str(rejection)
