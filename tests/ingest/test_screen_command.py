"""`vendorgraph screen`: JSON lines in input order, thresholds, strict mode and user errors."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from graph.settings import BUNDLED_DATA
from ingest.listing import ReaderError
from ingest.problems import UserError
from vendorgraph.screen_command import run_screen

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = f"ofac:{BUNDLED_DATA / 'lists' / 'ofac-ns-cmic'}"
FIXTURES = ROOT / "tests" / "fixtures" / "lists"


def _screen(names: Path, lists: list[str], **kw: object) -> tuple[list[dict[str, object]], str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_screen(
        names, lists, kw.get("threshold"), True, bool(kw.get("strict")), out=out, err=err
    )  # type: ignore[arg-type]
    assert code == 0
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_json_lines_in_input_order(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text(
        "id,name,country\n1,Hikvision,cn\n2,Clearview AI,us\n3,Sense Time Group Ltd,cn\n",
        encoding="utf-8",
    )
    rows, _ = _screen(names, [SAMPLE])
    assert [r["query"] for r in rows] == ["Hikvision", "Clearview AI", "Sense Time Group Ltd"]
    assert rows[1]["matches"] == []
    assert all(r["searched"] == ["entity", "person"] and r["type"] is None for r in rows)
    hit = rows[0]["matches"][0]  # type: ignore[index]
    assert set(hit) == {"list", "entity_id", "name", "score", "explanation", "listing"}
    assert (hit["list"], hit["entity_id"], hit["name"]) == ("ofac-cons", "900001", "HIKVISION")
    assert hit["listing"] == {
        "authority": "US Treasury, Office of Foreign Assets Control (OFAC)",
        "list": "US Treasury OFAC non-SDN lists (incl. NS-CMIC)",
        "programmes": ["CMIC-EO13959"],
        "listed_on": "2021-06-03",
        "list_as_of": None,
        "identifiers": [],
        "measures": [],
        "remarks": "Listing Date (CMIC) 03 Jun 2021.",
    }
    assert rows[2]["matches"][0]["entity_id"] == "900002"  # type: ignore[index]


def test_threshold_and_real_lists(tmp_path: Path, shared_data: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("name\nMegvi Technology\n", encoding="utf-8")
    lists = [
        f"ofac:{shared_data / 'ofac' / 'non-sdn'}",
        f"un:{shared_data / 'un' / 'UN_consolidated.xml'}",
    ]
    rows, _ = _screen(names, lists, threshold=0.8)
    assert rows[0]["matches"][0]["entity_id"] == "33091"  # type: ignore[index]
    scores = [m["score"] for m in rows[0]["matches"]]  # type: ignore[union-attr]
    assert scores == sorted(scores, reverse=True)


def test_strict_writes_nothing_when_rows_are_rejected(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text("name\nHikvision\n\n,\n", encoding="utf-8")
    names.write_text("name,x\nHikvision,1\n,2\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(UserError, match="nothing written"):
        run_screen(names, [SAMPLE], None, True, True, out=out, err=io.StringIO())
    assert out.getvalue() == ""
    rows, err = _screen(names, [SAMPLE])
    assert len(rows) == 1 and "empty name" in err


@pytest.mark.parametrize(
    ("names", "lists", "message"),
    [
        ("names_no_name_column.csv", [SAMPLE], "no 'name' column"),
        ("names_semicolon.csv", [SAMPLE], "does not look comma-separated"),
        ("names_latin1.csv", [SAMPLE], "not UTF-8"),
        ("empty.csv", [SAMPLE], "empty file"),
        ("missing.csv", [SAMPLE], "no such file"),
        ("names_no_name_column.csv", [], "no lists given"),
        ("names_no_name_column.csv", ["sdn:/tmp"], "unknown list kind"),
        ("names_no_name_column.csv", ["ofac:/no/such/dir"], "does not exist"),
    ],
)
def test_user_errors_are_one_line(names: str, lists: list[str], message: str) -> None:
    with pytest.raises(UserError) as caught:
        run_screen(FIXTURES / names, lists, None, True, False, out=io.StringIO(), err=io.StringIO())
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    if isinstance(caught.value, ReaderError) and caught.value.line:
        assert str(caught.value).startswith(f"{FIXTURES / names}:{caught.value.line}:")


def test_type_column_narrows_each_row_and_schema_the_run(tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text(
        "name,type\nHikvision,organisation\nHikvision,person\nHikvision,\nHikvision,robot\n",
        encoding="utf-8",
    )
    rows, err = _screen(names, [SAMPLE])
    assert [(r["type"], r["searched"]) for r in rows] == [
        ("organisation", ["entity"]),
        ("person", ["person"]),
        (None, ["entity", "person"]),
        (None, ["entity", "person"]),  # an unknown type is reported, and the name still screened
    ]
    assert [len(r["matches"]) for r in rows] == [1, 0, 1, 1]  # type: ignore[arg-type]
    assert f"{names}:5: type: unknown type 'robot'" in err
    out = io.StringIO()
    run_screen(names, [SAMPLE], None, False, False, out=out, err=io.StringIO(), schema="entity")
    lines = out.getvalue().splitlines()
    assert lines[1] == "Hikvision\tno match\tsearched: nothing (--schema excludes the type)"
    assert lines[0].endswith("listed 2021-06-03\tsearched: organisations")


def test_csv_output_carries_the_listing_and_keeps_formulas_as_text(tmp_path: Path) -> None:
    import csv

    names = tmp_path / "names.csv"
    names.write_text('name\nHikvision\n"=HYPERLINK(""http://x"")"\n', encoding="utf-8")
    out = io.StringIO()
    code = run_screen(names, [SAMPLE], None, False, False, out=out, err=io.StringIO(), as_csv=True)
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    hit, none = table
    assert hit["name"] == "Hikvision" and hit["listed name"] == "HIKVISION"
    assert hit["authority"] == "US Treasury, Office of Foreign Assets Control (OFAC)"
    assert (hit["programmes"], hit["listed on"]) == ("CMIC-EO13959", "2021-06-03")
    assert hit["searched"] == "organisations, persons"
    assert hit["list entry"] == "US Treasury OFAC non-SDN lists (incl. NS-CMIC), entry 900001"
    assert none["name"] == '\'=HYPERLINK("http://x")' and none["listed name"] == "no match"


def test_unreadable_list_rows_are_one_count_unless_verbose(tmp_path: Path) -> None:
    """An official file may carry rows its own format cannot place (OFAC's 2019 SDN comments name
    ten entries with no primary row): one line says how many were skipped, --verbose lists them."""
    folder = tmp_path / "ofac"
    shutil.copytree(BUNDLED_DATA / "lists" / "ofac-ns-cmic", folder)
    orphans = "".join(f'99999{i},"a comment for no entry"\r\n' for i in range(3))
    (folder / "cons_comments.csv").write_bytes(orphans.encode() + b"\x1a")
    names = tmp_path / "names.csv"
    names.write_text("name\nHikvision\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run_screen(names, [f"ofac:{folder}"], None, False, False, out=out, err=err) == 0
    assert err.getvalue().splitlines() == [
        "The lists had 3 rows that could not be read and were skipped (in cons_comments.csv);"
        " --verbose lists them."
    ]
    assert "US Treasury OFAC non-SDN lists (incl. NS-CMIC), entry 900001" in out.getvalue()
    assert "ofac-cons" not in out.getvalue()
    err = io.StringIO()
    run_screen(names, [f"ofac:{folder}"], None, False, False, out=io.StringIO(), err=err, verbose=True)  # fmt: skip
    lines = err.getvalue().splitlines()
    assert len(lines) == 3 and all(line.startswith("skipped list row: ") for line in lines)
    assert "cons_comments.csv:1: " in lines[0]
