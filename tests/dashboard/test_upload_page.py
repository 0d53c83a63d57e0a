"""Inventory upload: row-by-row validation, an exposure preview computed without writing, and the
confirmed add that registers the file and rebuilds the stored graph."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from ingest.build import rebuild
from ingest.registry import Registry
from tests.dashboard.conftest import open_page, page_text

HEADER = (
    "customer_id,customer_name,sector,turnover_gbp,process_id,process,product,vendor,data_categories,"
    "uk_data_subjects,role,criticality,notice_days,storage_countries,fictional"
)
GOOD = (
    HEADER + "\n"
    "cust-quayside-council,Quayside Borough Council (fictional),local government,90000000,p1,"
    "CCTV facial matching pilot,Clearview AI facial recognition search,Clearview AI,biometric;facial-images,"
    "5000,controller,high,30,US,true\n"
    "cust-quayside-council,Quayside Borough Council (fictional),local government,90000000,p2,"
    "Payroll,Ledgerline Payroll (fictional),Ledgerline Software Ltd (fictional),employee-records,"
    "900,controller,high,90,GB,true\n"
).encode()
BAD = (
    HEADER + "\n"
    "cust-bad,Bad Ltd,retail,1,p1,Payroll,Ledgerline Payroll (fictional),Ledgerline Software Ltd (fictional),"
    "payment,10,controller,extreme,90,GB,true\n"
    "cust-bad,Bad Ltd,retail,1,p2,CCTV,Camera,Camera Co,cctv-footage,10,controller,high,90,Narnia,true\n"
    "cust-bad,Bad Ltd,retail,1,p3,Mind reading,Thing,Thing Co,telepathy,10,controller,high,90,GB,true\n"
).encode()


def _upload(
    name: str, data: bytes, mime: str = "text/csv", params: dict[str, str] | None = None
) -> object:
    at = open_page("screens/upload.py", params)
    at.file_uploader[0].set_value((name, data, mime)).run()
    assert not at.exception, at.exception
    return at


def test_malformed_inventory_lists_errors_row_by_row(dashboard_env: Settings) -> None:
    at = _upload("bad.csv", BAD)
    assert any("problem(s) found" in e.value for e in at.error)
    errors = at.dataframe[0].value
    assert list(errors["line"]) == sorted(errors["line"]) and set(errors["line"]) == {2, 3, 4}
    assert "criticality" in set(errors["field"]) and "storage_countries" in set(errors["field"])
    assert "unknown data category 'telepathy'" in set(errors["problem"])
    assert not any(b.label == "Add and rebuild" for b in at.button)  # nothing to confirm


def test_unreadable_file_is_a_message(dashboard_env: Settings) -> None:
    at = _upload("odd.csv", b"name,colour\nx,y\n")
    assert any("cannot be read" in e.value and "missing columns" in e.value for e in at.error)
    at = _upload(
        "sheet.xlsx",
        b"not a workbook",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert any("not a readable XLSX workbook" in e.value for e in at.error)


def test_valid_upload_is_previewed_without_writing(
    dashboard_env: Settings, built_store: LadybugStore
) -> None:
    version = built_store.version()
    at = _upload(
        "quayside.csv", GOOD, params={"scenario": "ico-clearview-2022", "as_of": "2022-06-01"}
    )
    text = page_text(at)
    assert "every row is valid" in text
    assert "Quayside Borough Council (fictional)" in text
    assert "Affected processes: 1" in text and "Exposure score: 0.0" not in text
    affected = at.dataframe[0].value
    assert list(affected["tier"]) == [1] and "Clearview AI" in affected["path"][0]
    # Nothing reached the stored graph or the registry.
    assert built_store.version() == version
    assert not built_store.read(
        "MATCH (c:Customer {id: 'customer:cust-quayside-council'}) RETURN c"
    )
    assert not Registry.load(dashboard_env.home).inventories


def test_xlsx_upload_is_read_like_csv(dashboard_env: Settings) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for line in GOOD.decode().strip().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    at = _upload(
        "quayside.xlsx",
        buffer.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert "every row is valid" in page_text(at)


def test_confirm_registers_the_file_and_rebuilds(
    empty_home: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = LadybugStore(empty_home.home / "ladybug")
    rebuild(store, empty_home)
    before = store.version()
    monkeypatch.setenv("VENDORGRAPH_HOME", str(empty_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    at = _upload("quayside.csv", GOOD)
    confirm = next(b for b in at.button if b.label == "Add and rebuild")
    assert confirm.disabled  # the checkbox must be ticked first
    next(c for c in at.checkbox if c.label.startswith("I want to add")).check().run()
    next(b for b in at.button if b.label == "Add and rebuild").click().run()
    assert not at.exception, at.exception
    assert any("rebuilt the graph" in s.value for s in at.success)
    # The rebuild said what it was doing, step by step, and ended complete.
    (status,) = at.status
    assert status.label == "Adding the inventory and rebuilding the graph: done"
    assert status.state == "complete"
    steps = [m.value for m in status.markdown]
    assert steps[0] == "Reading and checking the rows: done"
    assert any(
        re.fullmatch(r"Building the graph: [\d,]+ of [\d,]+ records written", t) for t in steps
    )
    assert re.fullmatch(r"Scoring customers for the alerts: (\d+) of \1 scenarios", steps[-1])
    assert store.version() != before
    assert store.read(
        "MATCH (c:Customer {id: 'customer:cust-quayside-council'}) RETURN c.name AS n"
    )[0]["n"]
    registered = Registry.load(empty_home.home).inventory_paths()
    assert [p.name for p in registered] == ["quayside.csv"] and Path(
        registered[0]
    ).read_bytes() == GOOD
    store.close()
