"""The readers' defences, one promise each: bounded work, row rejections, one-line fatal errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.screening.countries import country_code
from ingest.ftm import read_ftm
from ingest.inventory import read_inventory
from ingest.inventory_records import resolver_from_records
from ingest.inventory_row import COLUMNS
from ingest.kb import read_kb_file
from ingest.limits import MAX_FIELD_CHARS, MAX_REJECTIONS
from ingest.listing import ReaderError
from ingest.ofac import _identifier, parse_remarks, read_ofac
from ingest.problems import InputError, Rejections
from ingest.uksl import read_uksl
from ingest.un import read_un

# The identifier regex the OFAC reader used before: right on short input, cubic on long input.
OLD_ITEM = re.compile(
    r"^(?P<scheme>[A-Za-z][^:]*?)\s+(?P<value>[A-Za-z0-9./#-]*\d[A-Za-z0-9./-]*)"
    r"(?:\s+(?:\((?P<country>[^)]+)\)|(?P<exchange>[A-Z]{2})))?\.?$"
)
PIECES = ["A", "b", "1", " ", ".", "(", ")", "#", ":", "-", "UK", "US", "\t", "Iran"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_identifier_split_matches_the_old_regex(item: str) -> None:
    item = item.strip()
    old, new = OLD_ITEM.match(item), _identifier(item)
    if old is None:
        assert new is None
    else:
        country = country_code(old["country"]) if old["country"] else None
        assert new is not None
        assert (new.scheme, new.value, new.country) == (
            old["scheme"].strip(),
            old["value"],
            country,
        )


def test_identifier_split_is_linear_on_a_100_kb_item() -> None:
    # The old regex backtracked for minutes here; the hand split reads each character a few times.
    item = "Registration Number " + "1A " * 33_000 + "#"
    assert _identifier(item) is None
    assert _identifier("Registration Number " + "1" * 100_000 + " (Iran)") is not None
    # Many candidate `(country)` splits, each refused by the colon in the scheme.
    assert _identifier("Scheme: " + "1 (" * 33_000 + ")") is None


def test_impossible_listing_date_is_reported_and_the_entity_kept(tmp_path: Path) -> None:
    facts = parse_remarks("Listing Date (CMIC) 31 Feb 2021.; Registration Number 26740 (Iran)")
    assert facts.listed_on is None and facts.problems == [
        ("Remarks", "impossible listing date '31 Feb 2021'")
    ]
    (tmp_path / "sdn.csv").write_text(
        '1,"ZZTEST",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Listing Date (X) 31 Feb 2021."\n'
    )
    rejected = Rejections()
    entries = list(read_ofac(tmp_path, rejected))
    assert [e.name for e in entries] == ["ZZTEST"]
    assert [str(r) for r in rejected] == [
        f"{tmp_path / 'sdn.csv'}:1: Remarks: impossible listing date '31 Feb 2021'"
    ]


def test_an_over_long_cell_rejects_its_row_only(tmp_path: Path) -> None:
    row = '{},"{}",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    (tmp_path / "sdn.csv").write_text(
        row.format(1, "OK ONE") + row.format(2, "N" * (2 << 20)) + row.format(3, "OK TWO")
    )
    rejected = Rejections()
    assert [e.entity_id for e in read_ofac(tmp_path, rejected)] == ["1", "3"]
    (only,) = rejected
    assert (only.line, only.field) == (2, "SDN_Name")
    assert str(MAX_FIELD_CHARS) in only.reason


def test_a_uksl_cell_rejection_names_the_header_column(tmp_path: Path) -> None:
    header = "Unique ID,Name 6,Name type,Regime Name,Designation Type,Other Information"
    path = tmp_path / "uksl.csv"
    path.write_text(f"{header}\nX1,ZZ,Primary Name,R,Entity,{'o' * 70_000}\nX2,ZZ,,R,Entity,\n")
    rejected = Rejections()
    assert [e.entity_id for e in read_uksl(path, rejected)] == ["X2"]
    assert [(r.line, r.field) for r in rejected] == [(2, "Other Information")]


UN = '<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS>{}</INDIVIDUALS></CONSOLIDATED_LIST>'
PERSON = (
    "<INDIVIDUAL><REFERENCE_NUMBER>{}</REFERENCE_NUMBER><FIRST_NAME>{}</FIRST_NAME></INDIVIDUAL>"
)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
        '<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE CONSOLIDATED_LIST SYSTEM "http://127.0.0.1:9/list.dtd">',
    ],
)
def test_xml_with_a_doctype_is_refused(tmp_path: Path, doctype: str) -> None:
    path = tmp_path / "un.xml"
    path.write_text(
        '<?xml version="1.0"?>\n' + doctype + "\n" + UN.format(PERSON.format("A.1", "X"))
    )
    with pytest.raises(ReaderError) as caught:
        list(read_un(path))
    assert caught.value.line == 2 and "DOCTYPE" in caught.value.reason
    assert "\n" not in str(caught.value)


def test_a_name_of_millions_of_character_references_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    records = PERSON.format("A.1", "A" + "&#10;" * 1_000_000) + PERSON.format("A.2", "B&#10;C")
    path.write_text(UN.format(records))
    rejected = Rejections()
    entries = list(read_un(path, rejected))
    assert [(e.entity_id, e.name) for e in entries] == [("A.2", "B C")]
    assert [r.field for r in rejected] == ["FIRST_NAME"]


@pytest.mark.parametrize(
    ("entity", "field"),
    [
        ({"id": ["a", "b"], "schema": "Company"}, "id"),
        ({"id": "a", "schema": {"name": "Company"}}, "schema"),
        ({"id": "a", "schema": "Company", "properties": {"name": "ZZ"}}, "properties.name"),
        (
            {"id": "a", "schema": "Ownership", "properties": {"percentage": [50]}},
            "properties.percentage.0",
        ),
        ({"id": "a", "schema": "Company", "target": "yes"}, "target"),
    ],
)
def test_ftm_wrong_types_are_rejections(
    tmp_path: Path, entity: dict[str, object], field: str
) -> None:
    good = {"id": "g", "schema": "Company", "target": True, "properties": {"name": ["GOOD"]}}
    path = tmp_path / "e.json"
    path.write_text(json.dumps(good) + "\n" + json.dumps(entity) + "\n")
    rejected = Rejections()
    assert [e.entity_id for e in read_ftm(path, rejected)] == ["g"]
    assert [(r.line, r.field) for r in rejected] == [(2, field)]


def test_ftm_deep_nesting_is_a_rejection(tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    good = json.dumps({"id": "g", "schema": "Person", "target": True, "caption": "G"})
    path.write_text(
        good + '\n{"id": "d", "schema": "Person", "x": ' + "[" * 50_000 + "]" * 50_000 + "}\n"
    )
    rejected = Rejections()
    assert len(list(read_ftm(path, rejected))) == 1
    assert [(r.line, r.field) for r in rejected] == [(2, "(line)")]


def test_inventory_integer_beyond_64_bits_is_a_rejection(tmp_path: Path) -> None:
    row = dict.fromkeys(COLUMNS, "") | {
        "customer_id": "c1",
        "customer_name": "ZZ (fictional)",
        "process_id": "p1",
        "process": "CCTV",
        "product": "Cam",
        "vendor": "CamCo",
        "uk_data_subjects": "99999999999999999999999",
    }
    path = tmp_path / "inv.csv"
    path.write_text(",".join(COLUMNS) + "\n" + ",".join(row[c] for c in COLUMNS) + "\n")
    rejected = Rejections()
    assert list(read_inventory(path, resolver_from_records([]), rejected)) == []
    assert [(r.line, r.field) for r in rejected] == [(2, "uk_data_subjects")]


def test_yaml_aliases_of_collections_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text("rules:\n  a: &a {x: [1, 2]}\n  b: *a\n")
    with pytest.raises(InputError, match="aliases"):
        list(read_kb_file(path, Rejections()))


def test_messages_stay_on_one_line() -> None:
    err = ReaderError("f.csv", 3, "bad\nvalue\r" + "x" * 1000)
    assert "\n" not in str(err) and "\r" not in str(err) and len(str(err)) < 400
    rejected = Rejections()
    rejected.add("f.csv", 1, "col\numn", "why\nnot")
    assert str(next(iter(rejected))) == "f.csv:1: col\\numn: why\\nnot"


def test_rejections_past_the_cap_are_counted_not_kept() -> None:
    rejected = Rejections()
    for line in range(MAX_REJECTIONS + 500):
        rejected.add("f.csv", line, "x", "bad")
    assert len(rejected.items) == MAX_REJECTIONS + 1
    assert rejected.items[-1].field == "(file)" and str(MAX_REJECTIONS) in rejected.items[-1].reason
    assert rejected.dropped == 499
