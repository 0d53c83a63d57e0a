"""OpenSanctions FollowTheMoney reader: the real yente fixtures and the project's own sample."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.ftm import read_ftm
from ingest.listing import ReaderError, Rejections

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"


def test_real_zala_targets_and_ownership(shared_data: Path) -> None:
    rejected = Rejections()
    entries = {
        e.entity_id: e
        for e in read_ftm(shared_data / "opensanctions" / "zala.entities.ftm.json", rejected)
    }
    assert len(rejected) == 0
    cst = entries["NK-abdzbEBkqyT29GyREbiURZ"]
    assert cst.list == "opensanctions"
    assert "GB-RUS" in cst.programs
    owners = {(link.target_name, link.share) for link in cst.links if link.relation == "owned_by"}
    assert ("Alexander Vyacheslavovich ZAKHAROV", 0.51) in owners
    assert all(e.list_as_of is not None for e in entries.values())


def test_real_t1_multilingual_names(shared_data: Path) -> None:
    entries = list(read_ftm(shared_data / "opensanctions" / "t1.entities.ftm.json"))
    assert len(entries) == 6
    tobacco = next(e for e in entries if e.entity_id == "NK-2GdmHtZTeNXjNVrBGEXZNj")
    assert "Общество с ограниченной ответственностью “Интер Тобако”" in tobacco.aliases  # noqa: RUF001 -- Cyrillic on purpose


def test_sample_links_sanctions_addresses_and_skips_bad_lines() -> None:
    rejected = Rejections()
    entries = {e.entity_id: e for e in read_ftm(FIXTURES / "ftm_sample.json", rejected)}
    assert set(entries) == {"test-co-1", "test-person-1"}  # non-targets are link ends only
    company = entries["test-co-1"]
    assert company.programs == ("TEST-PROG",)
    assert company.listed_on == date(2024, 3, 15)
    assert company.addresses[0].text == "1 Example Street, Testville"
    assert [(link.relation, link.target_id, link.share) for link in company.links] == [
        ("owns", "test-co-2", 0.6)
    ]
    assert sorted(r.line for r in rejected) == [7, 8]


def test_not_json_and_empty() -> None:
    with pytest.raises(ReaderError, match="not JSON lines"):
        list(read_ftm(FIXTURES / "ftm_not_json.json"))
    with pytest.raises(ReaderError, match="empty file"):
        list(read_ftm(FIXTURES / "empty.csv"))
