"""Bad inventories and knowledge-base files: clear errors with file, line, field and reason."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.resolution import Resolver
from graph.settings import BUNDLED_DATA
from graph.store.ladybug import LadybugStore
from graph.store.protocol import content_hash
from ingest.inventory import read_inventory
from ingest.inventory_row import COLUMNS
from ingest.kb import read_kb_file
from ingest.pipeline import Sources, StrictAbort, build_graph
from ingest.problems import InputError, Rejections

HEADER = ",".join(COLUMNS)
GOOD = "c1,Acme (fictional),retail,1000000,p1,CCTV,security,Cam,CamCo,biometric,10,controller,high,2021-01-01,90,100,GB,,,,false,consent"


def _catalogue() -> Resolver:
    return Resolver.build(
        vendors=[], products=[], ids=["datacategory:biometric", "jurisdiction:GB"]
    )


def _read(
    tmp_path: Path, text: str | bytes, name: str = "inv.csv"
) -> tuple[list[object], Rejections]:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    rejections = Rejections()
    return list(read_inventory(path, _catalogue(), rejections)), rejections


def test_good_row_builds_the_chain(tmp_path: Path) -> None:
    records, rejections = _read(tmp_path, f"{HEADER}\n{GOOD}\n")
    assert not rejections
    kinds = {getattr(r, "label", None) or getattr(r, "type", None) for r in records}
    assert {
        "Customer",
        "Process",
        "Product",
        "Vendor",
        "RUNS",
        "USES",
        "OFFERS",
        "PROCESSES",
    } <= kinds


def test_bad_cells_are_rejected_with_line_and_field(tmp_path: Path) -> None:
    bad = GOOD.replace("high", "extreme").replace("2021-01-01", "01/01/2021")
    unknown = GOOD.replace("biometric", "tea-preferences").replace("p1", "p2")
    _, rejections = _read(tmp_path, f"{HEADER}\n{GOOD}\n{bad}\n{unknown}\n")
    found = {(r.line, r.field) for r in rejections}
    assert (3, "criticality") in found and (3, "since") in found
    assert (4, "data_categories") in found
    assert all(r.file.endswith("inv.csv") for r in rejections)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "empty file"),
        ("customer_id,process\n", "missing columns"),
        (HEADER + ",colour\n", "unknown columns"),
        (HEADER.replace(",", ";") + "\n", "missing columns"),
        (f"{HEADER}\n{GOOD},extra\n", "wrong delimiter"),
        (f"{HEADER}\n{GOOD}\n".encode("utf-16"), "not UTF-8"),
    ],
)
def test_unreadable_files_stop_with_a_clear_error(
    tmp_path: Path, content: str | bytes, reason: str
) -> None:
    with pytest.raises(InputError, match=reason) as info:
        _read(tmp_path, content)
    assert "inv.csv" in str(info.value)


def test_kb_errors_name_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(
        "sources:\n  - {id: S1, name: Src, url: 'https://example.org', date: '2022-05-23'}\n"
        "nodes:\n"
        "  - {label: Vendor, id: vendor:a, name: A, sources: [S1]}\n"
        "  - {label: Vendr, id: vendor:b, name: B}\n"
        "  - {label: EnforcementAction, id: action:x, name: X, date: 'May 2022'}\n"
    )
    rejections = Rejections()
    records = list(read_kb_file(path, rejections))
    assert len(records) == 2
    assert [(r.line, r.field) for r in rejections] == [(5, "label"), (6, "date")]


def test_invalid_yaml_is_fatal_with_line(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text("nodes:\n  - {label: Vendor, id: [\n")
    with pytest.raises(InputError, match=r"kb.yaml:\d+: invalid YAML"):
        list(read_kb_file(path, Rejections()))


def test_strict_aborts_with_nothing_written(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    kb.mkdir()
    # Every fact cites a dated source: the bundle keeps a knowledge pack's rules (issue 19).
    (kb / "a.yaml").write_text(
        "sources:\n  - {id: S1, name: S, url: 'https://example.org', date: '2026-01-01'}\n"
        "nodes:\n  - {label: Vendor, id: vendor:a, name: A, sources: [S1]}\n"
    )
    store = LadybugStore(tmp_path / "store")
    build_graph(store, Sources(kb_dir=kb))
    before = content_hash(store)
    (kb / "b.yaml").write_text(
        "nodes:\n  - {label: Vendor, id: vendor:b, name: B, colour: red, sources: [S1]}\n"
    )
    with pytest.raises(StrictAbort, match=r"b\.yaml:2"):
        build_graph(store, Sources(kb_dir=kb), strict=True)
    assert content_hash(store) == before
    report = build_graph(store, Sources(kb_dir=kb))  # without --strict the good rows land
    assert report.nodes == {"Source": 1, "Vendor": 1} and len(report.rejections) == 1


def test_rejections_name_the_users_file_and_the_allowed_values(tmp_path: Path) -> None:
    """Issue 11: an impossible date is refused, and a bad choice lists the allowed values (never
    the regular expression behind them); the message names the file the user gave."""
    from graph.settings import settings
    from ingest.build import check_inventory

    source = BUNDLED_DATA / "customers" / "oakfield_academy.csv"
    rows = source.read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    first = next(csv.reader([rows[1]]))
    first[header.index("customer_id")] = "cust-eval-bad"
    first[header.index("since")] = "2020-31-01"
    first[header.index("criticality")] = "extreme"
    bad = tmp_path / "my inventory.csv"
    with bad.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(first)
    found = {r.field: r for r in check_inventory(settings(), bad)}
    assert "not a calendar date" in found["since"].reason
    assert found["criticality"].reason == (
        "'extreme' is not allowed; use one of: low, medium, high, critical"
    )
    assert all(r.file == str(bad) for r in found.values())
