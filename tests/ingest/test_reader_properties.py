"""Property tests: every reader, given arbitrary bytes or structured-but-wrong content, ends in a
clean read (rejections allowed) or one `UserError` line naming the file, never another exception.

The structured strategies build files that pass each format's first checks (the right header,
root element or JSON shape) so the wrong values reach the row-level code, where the risks are.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.inventory_row import COLUMNS
from ingest.problems import Rejections, UserError
from tests.hostile.corpus_csv import CONLIST_HEADER, UKSL_HEADER
from tests.hostile.runner import READERS

SETTINGS = settings(
    max_examples=int(os.environ.get("VG_HYPOTHESIS_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Values that have broken readers before, mixed with arbitrary text.
NASTY = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "-0-",
            "99999999999999999999999",
            "9" * 5000,
            "1e999",
            "nan",
            "-1",
            "31/02/2024",
            "00/00/0000",
            "2024-02-31",
            "Listing Date (CMIC) 31 Feb 2021.",
            "a.k.a. '",
            "(1) (2) (3)",
            "Registration Number " + "1 " * 300,
            "A\x00B",
            "\ud800",
            "=cmd|' /C calc'!A0",
            "x" * 70_000,
            "\r\n\r",
            '"',
        ]
    ),
)


def _check(kind: str, data: bytes, name: str) -> None:
    """Read `data` as file `name` with reader `kind`: a clean end or a one-line UserError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        if kind == "ofac":
            path.mkdir()
            (path / "sdn.csv").write_bytes(data)
        else:
            path.write_bytes(data)
        rejected = Rejections()
        try:
            READERS[kind](path, rejected)
        except UserError as err:
            assert "\n" not in str(err)
            assert str(err).startswith(str(path))
        for rejection in rejected:
            assert "\n" not in str(rejection)
            assert rejection.file.startswith(str(path))


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


@SETTINGS
@given(kind=st.sampled_from(sorted(READERS)), data=st.binary(max_size=2000))
def test_arbitrary_bytes(kind: str, data: bytes) -> None:
    suffix = {"un": ".xml", "eu": ".xml", "ftm": ".json", "kb": ".yaml", "inventory": ".csv"}
    _check(kind, data, "input" + suffix.get(kind, ".csv"))


@SETTINGS
@given(rows=st.lists(st.lists(NASTY, min_size=12, max_size=12), min_size=1, max_size=5))
def test_ofac_rows(rows: list[list[str]]) -> None:
    for row in rows:
        row[0] = row[0] if row[0].strip().isdigit() else "7"
    _check("ofac", _csv(rows), "ofac")


@SETTINGS
@given(
    remarks=st.lists(
        st.tuples(
            st.sampled_from(
                ["", "alt. ", "Linked To: ", "Listing Date (X) ", "Nationality ", "Passport "]
            ),
            NASTY,
        ),
        max_size=6,
    )
)
def test_ofac_remarks(remarks: list[tuple[str, str]]) -> None:
    text = "; ".join(a + b for a, b in remarks)
    _check("ofac", _csv([["1", "ZZ", "-0-", "P", *["-0-"] * 7, text]]), "ofac")


def _header_rows(header: str) -> Callable[[list[list[str]]], bytes]:
    columns = header.split(",")

    def build(rows: list[list[str]]) -> bytes:
        return _csv([columns, *([*r, *r, *r][: len(columns)] for r in rows)])

    return build


_ROWS = st.lists(st.lists(NASTY, min_size=20, max_size=20), min_size=1, max_size=4)


@SETTINGS
@given(rows=_ROWS)
def test_uksl_rows(rows: list[list[str]]) -> None:
    _check("uksl", _header_rows(UKSL_HEADER)(rows), "uksl.csv")


@SETTINGS
@given(rows=_ROWS)
def test_conlist_rows(rows: list[list[str]]) -> None:
    _check("conlist", _header_rows(CONLIST_HEADER)(rows), "conlist.csv")


@SETTINGS
@given(rows=_ROWS)
def test_inventory_rows(rows: list[list[str]]) -> None:
    _check("inventory", _header_rows(",".join(COLUMNS))(rows), "inventory.csv")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | NASTY,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(NASTY, inner, max_size=4),
    max_leaves=12,
)
_FTM_KEYS = st.sampled_from(["id", "schema", "properties", "caption", "target", "last_seen"])
_SCHEMA = st.sampled_from(["Company", "Person", "Sanction", "Ownership", "Address", "Vessel"])


@SETTINGS
@given(
    objects=st.lists(
        st.dictionaries(_FTM_KEYS, JSON | _SCHEMA, max_size=6)
        | st.fixed_dictionaries(
            {"id": NASTY, "schema": _SCHEMA, "target": st.booleans()},
            optional={
                "properties": st.dictionaries(
                    st.sampled_from(
                        ["name", "entity", "owner", "asset", "percentage", "startDate"]
                    ),
                    JSON,
                )
            },
        ),
        min_size=1,
        max_size=6,
    )
)
def test_ftm_lines(objects: list[object]) -> None:
    lines = [json.dumps(o, allow_nan=True) for o in objects]
    _check("ftm", "\n".join(lines).encode("utf-8", "surrogatepass"), "entities.ftm.json")


_UN_TAGS = st.sampled_from(
    [
        "FIRST_NAME",
        "REFERENCE_NUMBER",
        "DATAID",
        "LISTED_ON",
        "NATIONALITY",
        "INDIVIDUAL_ALIAS",
        "ALIAS_NAME",
        "INDIVIDUAL_DOCUMENT",
        "NUMBER",
        "COMMENTS1",
        "UN_LIST_TYPE",
    ]
)
_EU_TAGS = st.sampled_from(
    ["subjectType", "nameAlias", "regulation", "address", "identification", "citizenship", "remark"]
)
_EU_ATTRS = st.sampled_from(
    [
        "code",
        "wholeName",
        "programme",
        "entryIntoForceDate",
        "number",
        "countryIso2Code",
        "countryDescription",
        "euReferenceNumber",
        "designationDate",
    ]
)


def _xml_text(value: str) -> str:
    return escape("".join(c for c in value if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF))


@SETTINGS
@given(records=st.lists(st.lists(st.tuples(_UN_TAGS, NASTY), max_size=8), min_size=1, max_size=4))
def test_un_records(records: list[list[tuple[str, str]]]) -> None:
    body = "".join(
        "<INDIVIDUAL>" + "".join(f"<{t}>{_xml_text(v)}</{t}>" for t, v in r) + "</INDIVIDUAL>"
        for r in records
    )
    xml = f'<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS>{body}</INDIVIDUALS></CONSOLIDATED_LIST>'
    _check("un", xml.encode(), "un.xml")


@SETTINGS
@given(
    records=st.lists(
        st.tuples(
            st.dictionaries(_EU_ATTRS, NASTY, max_size=3),
            st.lists(
                st.tuples(_EU_TAGS, st.dictionaries(_EU_ATTRS, NASTY, max_size=3)), max_size=6
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_eu_records(records: list[tuple[dict[str, str], list[tuple[str, dict[str, str]]]]]) -> None:
    def attrs(values: dict[str, str]) -> str:
        return " ".join(f"{k}={quoteattr(_xml_text(v))}" for k, v in values.items())

    body = "".join(
        f"<sanctionEntity {attrs(a)}>"
        + "".join(f"<{t} {attrs(c)}/>" for t, c in children)
        + "</sanctionEntity>"
        for a, children in records
    )
    _check("eu", f'<export generationDate="2026-01-01">{body}</export>'.encode(), "eu.xml")


@SETTINGS
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "sources": JSON,
            "nodes": st.lists(
                st.dictionaries(
                    st.sampled_from(["label", "id", "name", "sources", "status_history", "kinds"]),
                    JSON | st.sampled_from(["Vendor", "EnforcementAction", "Source"]),
                )
            )
            | JSON,
            "edges": st.lists(
                st.dictionaries(st.sampled_from(["type", "from", "to", "sources"]), JSON)
            )
            | JSON,
        },
    )
)
def test_kb_files(data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    _check("kb", text.encode("utf-8", "surrogatepass"), "kb.yaml")


_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),
)


@settings(
    max_examples=int(os.environ.get("VG_HYPOTHESIS_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(rows=st.lists(st.lists(_CELL, min_size=len(COLUMNS), max_size=len(COLUMNS)), max_size=4))
def test_inventory_workbooks(rows: list[list[object]]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    _check("inventory", out.getvalue(), "inventory.xlsx")
