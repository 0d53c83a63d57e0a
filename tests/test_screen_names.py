"""The names file `vendorgraph screen` reads: a name split by an unquoted comma is neither
screened as its first half in silence nor lost."""

from __future__ import annotations

from pathlib import Path

from ingest.listing import Rejections
from vendorgraph.screen_command import read_names


def test_an_unquoted_comma_in_a_last_column_name_is_put_back_and_reported(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text(
        "type,name\norganisation,Hikvision Digital Technology Co., Ltd\n", encoding="utf-8"
    )
    rejected = Rejections()
    rows = list(read_names(names, rejected))
    assert [r.name for r in rows] == ["Hikvision Digital Technology Co., Ltd"]
    (problem,) = list(rejected)
    assert problem.line == 2 and problem.field == "name" and "quote" in problem.reason


def test_an_unquoted_comma_before_the_last_column_is_reported(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("name,type\nAcme, Ltd,organisation\n", encoding="utf-8")
    rejected = Rejections()
    assert [r.name for r in read_names(names, rejected)] == ["Acme"]
    # The type column now holds " Ltd": that is reported too.
    assert {(p.line, p.field) for p in rejected} == {(2, "name"), (2, "type")}
