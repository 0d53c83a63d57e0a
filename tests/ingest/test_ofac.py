"""OFAC legacy CSV reader: real SDN and non-SDN files, the project's NS-CMIC sample, bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.settings import BUNDLED_DATA
from ingest.listing import MAX_LINE_BYTES, ReaderError, Rejections
from ingest.ofac import parse_remarks, read_ofac

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "lists"
SAMPLE = BUNDLED_DATA / "lists" / "ofac-ns-cmic"


def test_real_non_sdn_has_the_ns_cmic_vendors(shared_data: Path) -> None:
    rejected = Rejections()
    entries = {e.entity_id: e for e in read_ofac(shared_data / "ofac" / "non-sdn", rejected)}
    assert len(entries) == 442
    assert len(rejected) == 0
    hik = entries["30946"]
    assert hik.list == "ofac-cons"
    assert hik.name == "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."
    assert hik.programs == ("CMIC-EO13959",)
    assert hik.listed_on == date(2021, 6, 3)
    assert "HIKVISION" in hik.aliases
    assert ("ISIN", "CNE100000PM8") in {(i.scheme, i.value) for i in hik.identifiers}
    assert hik.countries == ("cn",)
    # An alias only in Remarks ("a.k.a. 'CLOUDWALK'") is picked up too.
    assert "CLOUDWALK" in entries["33112"].aliases


def test_real_sdn_2019_reads_whole(shared_data: Path) -> None:
    rejected = Rejections()
    entries = list(read_ofac(shared_data / "ofac" / "sdn-2019" / "sdn.csv", rejected))
    assert len(entries) == 7379
    assert {e.list for e in entries} == {"ofac-sdn"}
    kinds = {e.kind for e in entries}
    assert kinds == {"entity", "person", "vessel", "aircraft"}
    assert sum(len(e.aliases) for e in entries) > 9000
    # The 2019 comments file holds spill-over for entries no longer in sdn.csv: reported, not fatal.
    assert all(r.field == "ent_num" for r in rejected)


def test_real_sample_multi_program_and_linked_to(shared_data: Path) -> None:
    entries = {e.entity_id: e for e in read_ofac(shared_data / "ofac" / "sample")}
    iran = entries["11195"]
    assert iran.programs == ("NPWMD", "IFSR", "IRAN-CON-ARMS-EO")
    assert {link.target_name for link in iran.links} >= {"ISLAMIC REVOLUTIONARY GUARD CORPS"}
    assert entries["10278"].kind == "person"


def test_project_sample_is_the_facts_sheet() -> None:
    rejected = Rejections()
    entries = list(read_ofac(SAMPLE, rejected))
    assert len(rejected) == 0
    assert [(e.entity_id, e.listed_on) for e in entries] == [
        ("900001", date(2021, 6, 3)),
        ("900002", date(2021, 12, 10)),
        ("900003", date(2021, 12, 16)),
        ("900004", date(2021, 12, 16)),
        ("900005", date(2021, 12, 16)),
    ]
    assert all(e.programs == ("CMIC-EO13959",) and e.list == "ofac-cons" for e in entries)
    assert entries[0].aliases == ("HIKVISION",)
    assert all(e.addresses == () for e in entries)  # the -0- address rows are nulls


def test_bad_rows_are_rejected_with_file_and_line() -> None:
    rejected = Rejections()
    entries = list(read_ofac(FIXTURES / "ofac_bad_rows", rejected))
    assert [e.entity_id for e in entries] == ["990001", "990004"]
    assert entries[1].name == "ZZTEST SP\u00c9CIMEN"  # a Windows-1252 byte is read, not refused
    where = {(Path(r.file).name, r.line, r.field) for r in rejected}
    assert where == {
        ("sdn.csv", 2, "(row)"),
        ("sdn.csv", 3, "ent_num"),
        ("sdn.csv", 4, "SDN_Name"),
        ("alt.csv", 2, "ent_num"),
    }


def test_remarks_parsing() -> None:
    facts = parse_remarks(
        "DOB 1962; a.k.a. 'HESA'; Registration Number 26740 (Iran); Linked To: SOME BANK.; "
        "Listing Date (CMIC) 16 Dec 2021; Nationality Iran"
    )
    assert facts.aliases == ["HESA"]
    assert [(i.scheme, i.value, i.country) for i in facts.identifiers] == [
        ("Registration Number", "26740", "ir")
    ]
    assert facts.links[0].target_name == "SOME BANK"
    assert facts.listed_on == date(2021, 12, 16)


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("ofac_semicolon", "delimiter looks like ';'"),
        ("ofac_utf16.csv", "UTF-16"),
        ("empty.csv", "empty file"),
    ],
)
def test_unreadable_files_stop_with_a_clear_error(target: str, reason: str) -> None:
    with pytest.raises(ReaderError) as caught:
        list(read_ofac(FIXTURES / target))
    assert reason in str(caught.value)
    assert target.split(".")[0] in caught.value.file


def test_a_huge_single_line_is_refused_quickly(tmp_path: Path) -> None:
    big = tmp_path / "sdn.csv"
    with big.open("wb") as handle:
        handle.write(b'1,"' + b"A" * (100 * 1024 * 1024) + b'"')
    with pytest.raises(ReaderError) as caught:
        list(read_ofac(big))
    assert caught.value.line == 1
    assert str(MAX_LINE_BYTES) in caught.value.reason


def test_missing_directory_is_a_reader_error(tmp_path: Path) -> None:
    with pytest.raises(ReaderError):
        list(read_ofac(tmp_path))
