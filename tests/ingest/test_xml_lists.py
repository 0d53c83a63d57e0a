"""XML readers: the UN consolidated list and the EU Financial Sanctions File."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.eu import read_eu
from ingest.listing import ReaderError, Rejections
from ingest.un import read_un

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"


def test_un_real_file(shared_data: Path) -> None:
    rejected = Rejections()
    entries = list(read_un(shared_data / "un" / "UN_consolidated.xml", rejected))
    assert len(entries) == 1003
    assert len(rejected) == 0
    assert sum(e.kind == "person" for e in entries) == 730
    first = entries[0]
    assert (first.entity_id, first.name, first.listed_on) == (
        "CDi.001",
        "ERIC BADEGE",
        date(2012, 12, 31),
    )
    assert first.list_as_of == date(2026, 2, 27)
    cagl = next(e for e in entries if e.entity_id == "CDe.003")
    assert cagl.name == "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)"
    assert "GREAT LAKES BUSINESS COMPANY (GLBC)" in cagl.aliases  # " ; " splits one cell
    assert cagl.source_line > 40000


def test_un_sample_and_placeholders() -> None:
    rejected = Rejections()
    entries = list(read_un(FIXTURES / "un_sample.xml", rejected))
    assert [e.entity_id for e in entries] == ["TSi.001", "TSe.001"]
    assert entries[0].name == "IVAN SPECIMEN"  # padded names trimmed
    assert entries[0].aliases == ("Ivan T. Specimen",)  # the empty <ALIAS_NAME/> is ignored
    assert entries[0].identifiers[0].value == "TP000001"
    assert [(r.line, r.field) for r in rejected] == [(28, "ENTITY")]


@pytest.mark.parametrize(
    ("reader", "name", "reason"),
    [
        (read_un, "un_truncated.xml", "XML ends early"),
        (read_un, "un_wrong_root.xml", "expected <CONSOLIDATED_LIST>"),
        (read_un, "empty.csv", "empty file"),
        (read_eu, "eu_truncated.xml", "XML ends early"),
        (read_eu, "un_sample.xml", "expected <export>"),
        (read_eu, "uksl_sample.csv", "not well-formed XML"),
    ],
)
def test_broken_xml(reader: object, name: str, reason: str) -> None:
    with pytest.raises(ReaderError) as caught:
        list(reader(FIXTURES / name))  # type: ignore[operator]
    assert reason in str(caught.value)
    assert caught.value.file.endswith(name)


def test_eu_sample_with_namespace() -> None:
    rejected = Rejections()
    entries = list(read_eu(FIXTURES / "eu_sample.xml", rejected))
    assert [e.entity_id for e in entries] == ["EU.TEST.1", "EU.TEST.2"]
    company, person = entries
    assert company.list_as_of == date(2026, 2, 10)
    assert company.listed_on == date(2024, 3, 15)
    assert company.programs == ("TEST",)
    assert company.countries == ("ru",)
    assert company.identifiers[0].value == "1234567890123"
    assert person.kind == "person"
    assert ("UN Reference Number", "TSi.001") in {(i.scheme, i.value) for i in person.identifiers}
    assert [(r.line, r.field) for r in rejected] == [(18, "sanctionEntity")]


def test_eu_real_file_when_present(shared_data: Path) -> None:
    found = sorted((shared_data / "eu").glob("*.xml")) if (shared_data / "eu").is_dir() else []
    if not found:
        pytest.skip(f"no real EU FSF XML under {shared_data / 'eu'}")
    assert any(True for _ in read_eu(found[0]))
