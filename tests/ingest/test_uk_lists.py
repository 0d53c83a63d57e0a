"""UK readers: the FCDO UK Sanctions List CSV and OFSI's retired ConList CSV (both layouts)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.conlist import read_conlist
from ingest.listing import ReaderError, Rejections
from ingest.uksl import read_uksl, split_multi

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"


def test_uksl_rows_merge_per_unique_id() -> None:
    rejected = Rejections()
    entries = {e.entity_id: e for e in read_uksl(FIXTURES / "uksl_sample.csv", rejected)}
    assert len(rejected) == 0
    assert set(entries) == {"TST0001", "TST0002", "TST0003", "TST0004"}
    holding = entries["TST0001"]
    assert holding.list_as_of == date(2026, 2, 13)
    assert holding.listed_on == date(2024, 3, 15)
    assert holding.measures == ("Asset freeze", "Trust services sanctions")
    assert "ZZTEST EXAMPLE HLDGS" in holding.aliases
    assert "ЗЗТЕСТ ПРИМЕР ХОЛДИНГС" in holding.aliases  # noqa: RUF001 -- the non-Latin name column
    assert {a.country for a in holding.addresses} == {"ru", "ae"}
    assert [(link.relation, link.target_name) for link in holding.links] == [
        ("owns", "ZZTEST EXAMPLE TRADING LLC"),
        ("owns", "ZZTEST EXAMPLE SHIPPING LLC"),
    ]
    assert entries["TST0002"].kind == "person"
    assert entries["TST0002"].name == "Ivan Testovich SPECIMEN"
    assert entries["TST0002"].listed_on is None  # zero-filled date
    assert entries["TST0003"].links[0].relation == "owned_by"
    assert entries["TST0004"].kind == "vessel"


def test_uksl_bad_rows_are_rejected() -> None:
    rejected = Rejections()
    entries = list(read_uksl(FIXTURES / "uksl_bad_rows.csv", rejected))
    assert [e.entity_id for e in entries] == ["TST0001"]
    assert sorted((r.line, r.field) for r in rejected) == [(4, "(designation)"), (5, "(row)")]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("uksl_renamed_column.csv", "missing unique id"),
        ("uksl_semicolon.csv", "does not look comma-separated"),
        ("empty.csv", "empty file"),
    ],
)
def test_uksl_unreadable(name: str, reason: str) -> None:
    with pytest.raises(ReaderError) as caught:
        list(read_uksl(FIXTURES / name))
    assert reason in str(caught.value)


def test_uksl_real_file_when_present(shared_data: Path) -> None:
    found = sorted((shared_data / "uksl").glob("*.csv")) if (shared_data / "uksl").is_dir() else []
    if not found:
        pytest.skip(f"no real UK Sanctions List CSV under {shared_data / 'uksl'}")
    assert any(True for _ in read_uksl(found[0]))


def test_conlist_2022_groups_by_group_id() -> None:
    rejected = Rejections()
    entries = {e.entity_id: e for e in read_conlist(FIXTURES / "conlist_2022.csv", rejected)}
    assert len(rejected) == 0
    holding, person = entries["99101"], entries["99102"]
    assert holding.list == "ofsi"
    assert holding.list_as_of == date(2026, 1, 13)
    assert holding.aliases == ("ZZTEST EXAMPLE HLDGS",)
    assert ("UK Sanctions List Ref", "TST0001") in {
        (i.scheme, i.value) for i in holding.identifiers
    }
    assert person.name == "Ivan Testovich SPECIMEN"
    assert person.countries == ("ru", "by")  # "(1) Russia (2) Belarus"
    assert person.listed_on is None  # 00/00/2024
    assert ("UN Reference Number", "TSi.001") in {(i.scheme, i.value) for i in person.identifiers}


def test_conlist_pre_2022_layout() -> None:
    entries = list(read_conlist(FIXTURES / "conlist_pre2022.csv"))
    assert [e.entity_id for e in entries] == ["99101"]
    assert entries[0].name == "ZZTEST EXAMPLE HOLDINGS LIMITED"  # "Prime Alias"
    assert entries[0].aliases == ("ZZTEST EXAMPLE HÖLDINGS",)  # read from Windows-1252
    assert entries[0].list_as_of is None


def test_conlist_empty_and_wrong_files() -> None:
    with pytest.raises(ReaderError, match="empty file"):
        list(read_conlist(FIXTURES / "empty.csv"))
    with pytest.raises(ReaderError, match="not a ConList header"):
        list(read_conlist(FIXTURES / "uksl_sample.csv"))


def test_split_multi() -> None:
    assert split_multi("(1) Russia (2) Belarus") == ["Russia", "Belarus"]
    assert split_multi("Asset freeze|Travel Ban") == ["Asset freeze", "Travel Ban"]
    assert split_multi("") == []
