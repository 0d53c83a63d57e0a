"""Hostile files for the CSV readers: OFAC (SDN and non-SDN), UK Sanctions List, ConList and the
customer inventory (CSV and XLSX)."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable

from ingest.input_files import max_inventory_rows
from ingest.inventory_row import COLUMNS
from tests.hostile.corpus_base import LINE_FATAL, Writer, generic, special_files

BIG = 2 << 20  # a 2 MiB cell: over the field limit, under the line limit
OVER = 70_000  # just over the 64 KiB field limit


def _ofac(ent: str, name: str, remarks: str = "-0- ", kind: str = "-0- ") -> str:
    cells = [ent, f'"{name}"', kind, '"SDGT"', *["-0- "] * 7, f'"{remarks}"']
    return ",".join(cells) + "\r\n"


OFAC_GOOD = _ofac(
    "1", "ZZTEST HOLDINGS", "Registration Number 123 (Russia); Listing Date (CMIC) 03 Jun 2021."
) + _ofac("2", "ZZTEST PERSON", "DOB 1962; a.k.a. 'ZED'.", "individual")
_ADD_GOOD = '1,10,"1 Example Street","Testville","Russia",-0- \r\n'
_ALT_GOOD = '1,20,"aka","ZZTEST HLDGS",-0- \r\n'


def ofac_cases(w: Writer) -> None:
    generic(w, "ofac", OFAC_GOOD.encode(), "", wrap="sdn.csv")
    special_files(w, "ofac", "-sdn")

    def sdn(name: str, prim: str, expect: str | None = None, **side: str) -> None:
        files = {"sdn.csv": prim, **{f"{k}.csv": v for k, v in side.items()}}
        w.folder_case("ofac", name, files, expect)

    def remark(name: str, text: str, expect: str | None = None) -> None:
        sdn(name, OFAC_GOOD + _ofac("3", "ZZTEST REMARK", text), expect)

    # The hang: a long identifier item (under the field limit, over the item limit).
    remark("remarks-100k-identifier", "Registration Number " + "1A" * 30_000 + " (Iran).")
    remark("remarks-identifier-999", "Registration Number " + "1 " * 490 + "x")
    remark("remarks-many-short-items", "; ".join(f"Passport P{i} (Iran)" for i in range(5_000)))
    remark("remarks-alias-quotes", "a.k.a. '" + "'" * 60_000)
    remark("remarks-alias-quotes-999", "a.k.a. '" + "' " * 495)
    remark("remarks-linked-dots", "Linked To: " + ". " * 490)
    remark("remarks-listing-parens", "Listing Date (" + "(" * 990)
    remark("remarks-nationality-spaces", "Nationality " + " x" * 495 + ".")
    remark("remarks-hash-value", "Scheme " + "#1" * 400 + "#")
    remark("remarks-exchange-ws", "ISIN 1" + " \t" * 400 + " US")
    remark("remarks-impossible-date", "Listing Date (CMIC) 31 Feb 2021.", "reject:Remarks")
    remark("remarks-year-zero", "Listing Date (CMIC) 01 Jan 0000.", "reject:Remarks")
    sdn("huge-name", OFAC_GOOD + _ofac("3", "N" * BIG), "reject:SDN_Name")
    sdn("name-70k", OFAC_GOOD + _ofac("3", "N" * OVER), "reject:SDN_Name")
    sdn("nul-in-name", OFAC_GOOD + _ofac("3", "A\x00B"), "reject:SDN_Name")
    sdn("ent-num-text", OFAC_GOOD + _ofac("x1", "ZZ"), "reject:ent_num")
    sdn("ent-num-5000-digits", OFAC_GOOD + _ofac("9" * 5000, "ZZ"))
    sdn("ent-num-unicode-digits", OFAC_GOOD + _ofac("\u0661\u0662\u0663", "ZZ"))
    sdn("unknown-type", OFAC_GOOD + _ofac("3", "ZZ", kind="spaceship"), "reject:SDN_Type")
    sdn("row-too-wide", OFAC_GOOD + "3," * 10_000 + "\r\n", "reject:(row)")
    sdn("first-row-too-wide", "1," * 10_000 + "\r\n" + OFAC_GOOD, "fatal:expected 12")
    sdn("semicolons", OFAC_GOOD.replace(",", ";"), "fatal:delimiter")
    sdn("tabs", OFAC_GOOD.replace(",", "\t"), "fatal:")
    sdn("quote-never-closed", '1,"ZZTEST' + "x," * 1000, "fatal:")
    sdn("formula-injection", OFAC_GOOD + _ofac("3", "=cmd|' /C calc'!A0"))
    sdn("duplicate-ent-num", OFAC_GOOD + _ofac("1", "ZZTEST AGAIN"))
    sdn("ten-thousand-rows", "".join(_ofac(str(i), f"ZZ {i}") for i in range(1, 10_001)))
    sdn(
        "huge-address", OFAC_GOOD, "reject:Address", add='1,10,"' + "s" * BIG + '",-0- ,-0- ,-0- \n'
    )
    sdn("alt-nul", OFAC_GOOD, "reject:alt_name", alt=_ALT_GOOD + '1,21,"aka","A\x00B",-0- \n')
    sdn("alt-orphan", OFAC_GOOD, "reject:ent_num", alt='77,20,"aka","NOBODY",-0- \n', add=_ADD_GOOD)
    sdn("side-files-binary", OFAC_GOOD, "fatal:", add="\x00" * 100, alt=_ALT_GOOD)
    spill = "".join(f'1,"{"r" * 60_000}"\n' for _ in range(3))
    sdn("comments-spill-over-limit", OFAC_GOOD, "reject:Remarks", sdn_comments=spill)
    w.folder_case(
        "ofac",
        "cons-hostile-alt",
        {
            "cons_prim.csv": OFAC_GOOD,
            "cons_alt.csv": '1,20,"aka","' + "A" * BIG + '",-0- \n',
            "cons_add.csv": _ADD_GOOD,
            "cons_comments.csv": "1,\x1a\n",
        },
        "reject:alt_name",
    )
    w.folder_case("ofac", "cons-empty-prim", {"cons_prim.csv": ""}, "fatal:empty")


UKSL_HEADER = (
    "Last Updated,Unique ID,OFSI Group ID,UN Reference Number,Name 6,Name 1,Name 2,Name 3,Name 4,"
    "Name 5,Name type,Alias strength,Title,Name non-latin script,Non-latin script type,"
    "Non-latin script language,Regime Name,Designation Type,Designation source,Sanctions Imposed,"
    "Other Information,UK Statement of Reasons,Address Line 1,Address Line 2,Address Line 3,"
    "Address Line 4,Address Line 5,Address Line 6,Address Postal Code,Address Country,Phone number,"
    "Website,Email address,Date Designated,D.O.B,Nationality(/ies),National Identifier number,"
    "National Identifier additional information,Passport number,Passport additional information,"
    "Position,Gender,Town of birth,Country of birth,Type of entity,Subsidiaries,Parent company,"
    "Business registration number (s),IMO number,Current owner/operator (s),"
    "Previous owner/operator (s),Current believed flag of ship,Previous flags,Type of ship,"
    "Tonnage of ship,Length of ship,Year Built,Hull identification number (HIN)"
)
_UKSL_COLS = UKSL_HEADER.split(",")


def _uksl(**cells: str) -> str:
    values = {"Unique ID": "TST0001", "Name 6": "ZZTEST HOLDINGS", "Name type": "Primary Name"}
    values |= {"Regime Name": "Test", "Designation Type": "Entity", "Date Designated": "15/03/2024"}
    values |= {k.replace("_", " "): v for k, v in cells.items()}
    return ",".join(f'"{values.get(c, "")}"' for c in _UKSL_COLS) + "\n"


UKSL_GOOD = "Report Date: 13-Feb-2026\n" + UKSL_HEADER + "\n" + _uksl()


def uksl_cases(w: Writer) -> None:
    generic(w, "uksl", UKSL_GOOD.encode(), ".csv")
    special_files(w, "uksl", ".csv")

    def put(name: str, text: str, expect: str | None = None) -> None:
        w.file("uksl", f"{name}.csv", text, expect)

    put(
        "impossible-date",
        UKSL_GOOD + _uksl(Unique_ID="X2", Date_Designated="31/02/2024"),
        "reject:",
    )
    put(
        "date-year-99999",
        UKSL_GOOD + _uksl(Unique_ID="X3", Date_Designated="01/01/99999"),
        "reject:",
    )
    put(
        "date-5000-digits",
        UKSL_GOOD + _uksl(Unique_ID="X4", Date_Designated="1/1/" + "9" * 5000),
        "reject:",
    )
    put(
        "huge-other-info",
        UKSL_GOOD + _uksl(Unique_ID="X5", Other_Information="o" * BIG),
        "reject:Other Information",
    )
    put("nul-in-id", UKSL_GOOD + _uksl(Unique_ID="X\x006"), "reject:Unique ID")
    put("numbered-bomb", UKSL_GOOD + _uksl(Unique_ID="X7", Subsidiaries="(1)" * 20_000))
    put("pipes-bomb", UKSL_GOOD + _uksl(Unique_ID="X8", Sanctions_Imposed="|" * 60_000))
    put("banner-bad-date", UKSL_GOOD.replace("13-Feb-2026", "31-Feb-2026"))
    put("banner-huge", "Report Date: " + "9" * 60_000 + "\n" + UKSL_HEADER + "\n" + _uksl())
    put("missing-column", UKSL_GOOD.replace("Unique ID", "Unique"), "fatal:missing unique id")
    put("semicolons", UKSL_GOOD.replace(",", ";"), "fatal:comma-separated")
    put("header-only", UKSL_HEADER + "\n")
    put("short-row", UKSL_GOOD + "X9,ZZ\n", "reject:(row)")
    put("unknown-type", UKSL_GOOD + _uksl(Unique_ID="Y1", Designation_Type="Spaceship"), "reject:")
    put("ten-thousand-columns", UKSL_GOOD.replace("\n" + _uksl(), "," * 10_000 + "\n" + _uksl()))
    put(
        "one-id-many-rows",
        UKSL_GOOD + _uksl(Other_Information="o" * 1000) * 3000,
        "reject:Unique ID",
    )
    put("five-thousand-rows", UKSL_GOOD + "".join(_uksl(Unique_ID=f"R{i}") for i in range(5_000)))


CONLIST_HEADER = (
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,Non-Latin Script Type,"
    "Non-Latin Script Language,DOB,Town of Birth,Country of Birth,Nationality,Passport Number,"
    "Passport Details,National Identification Number,National Identification Details,Position,"
    "Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,Post/Zip Code,Country,"
    "Other Information,Group Type,Alias Type,Alias Quality,Regime,Listed On,"
    "UK Sanctions List Date Designated,Last Updated,Group ID"
)
_CON_COLS = CONLIST_HEADER.split(",")


def _con(**cells: str) -> str:
    values = {"Name 6": "ZZTEST HOLDINGS", "Group Type": "Entity", "Regime": "Test"}
    values |= {"Listed On": "15/03/2024", "Group ID": "99101", "Alias Type": "Primary name"}
    values |= {k.replace("_", " "): v for k, v in cells.items()}
    return ",".join(f'"{values.get(c, "")}"' for c in _CON_COLS) + "\n"


CONLIST_GOOD = "Last Updated,13/01/2026\n" + CONLIST_HEADER + "\n" + _con()


def conlist_cases(w: Writer) -> None:
    generic(w, "conlist", CONLIST_GOOD.encode(), ".csv")
    special_files(w, "conlist", ".csv")

    def put(name: str, text: str, expect: str | None = None) -> None:
        w.file("conlist", f"{name}.csv", text, expect)

    put(
        "impossible-listed-on",
        CONLIST_GOOD + _con(Group_ID="2", Listed_On="30/02/2020"),
        "reject:Listed On",
    )
    put("banner-bad-date", CONLIST_GOOD.replace("13/01/2026", "45/45/2026"), "reject:Last Updated")
    put("un-ref-bomb", CONLIST_GOOD + _con(Group_ID="3", Other_Information="UN Ref " * 9_000))
    put(
        "uksl-ref-bomb",
        CONLIST_GOOD + _con(Group_ID="4", Other_Information="(UK Sanctions List Ref):" * 2_500),
    )
    put("huge-name", CONLIST_GOOD + _con(Group_ID="5", Name_6="N" * BIG), "reject:Name 6")
    put("pre2022-empty-first-column", "," + CONLIST_HEADER + "\n," + _con())
    put("missing-group-id", CONLIST_GOOD.replace("Group ID", "Group"), "fatal:missing group id")
    put("tab-delimited", CONLIST_GOOD.replace(",", "\t"), "fatal:")
    put("one-group-many-rows", CONLIST_GOOD + _con(Name_1="x" * 1000) * 3000, "reject:Group ID")
    put(
        "group-type-unknown",
        CONLIST_GOOD + _con(Group_ID="6", Group_Type="Ghost"),
        "reject:(group)",
    )


INV_HEADER = ",".join(COLUMNS)
INV_ROW = dict.fromkeys(COLUMNS, "") | {
    "customer_id": "c1",
    "customer_name": "ZZTEST Stores (fictional)",
    "process_id": "p1",
    "process": "CCTV",
    "product": "Cam (fictional)",
    "vendor": "CamCo (fictional)",
    "data_categories": "biometric",
    "uk_data_subjects": "10",
    "storage_countries": "GB",
    "since": "2021-01-01",
}


def _inv(**cells: str) -> str:
    row = INV_ROW | cells
    return ",".join('"' + row[c].replace('"', '""') + '"' for c in COLUMNS) + "\n"


INV_GOOD = INV_HEADER + "\n" + _inv()
_INV_FATAL = LINE_FATAL - {"line-over-limit"}


def inventory_cases(w: Writer) -> None:
    generic(w, "inventory", INV_GOOD.encode(), ".csv", fatal=_INV_FATAL)
    special_files(w, "inventory", ".csv")

    def put(name: str, text: str, expect: str | None = None) -> None:
        w.file("inventory", f"{name}.csv", text, expect)

    put(
        "giant-subjects",
        INV_GOOD + _inv(uk_data_subjects="99999999999999999999999"),
        "reject:uk_data_subjects",
    )
    put(
        "subjects-5000-digits",
        INV_GOOD + _inv(uk_data_subjects="9" * 5000),
        "reject:uk_data_subjects",
    )
    put("notice-negative", INV_GOOD + _inv(notice_days="-1"), "reject:notice_days")
    put("turnover-infinite", INV_GOOD + _inv(turnover_gbp="1e999"), "reject:turnover_gbp")
    put("turnover-nan", INV_GOOD + _inv(turnover_gbp="nan"), "reject:turnover_gbp")
    put("since-impossible", INV_GOOD + _inv(since="2024-02-31"), "reject:since")
    put(
        "since-arabic-digits",
        INV_GOOD + _inv(since="\u0662\u0660\u0662\u0664-\u0660\u0661-\u0660\u0661"),
        "reject:since",
    )
    put("huge-cell", INV_GOOD + _inv(purpose="p" * BIG), "reject:purpose")
    put("nul-cell", INV_GOOD + _inv(process="A\x00B"), "reject:process")
    put("id-path-traversal", INV_GOOD + _inv(customer_id="../../etc/passwd"), "reject:customer_id")
    put("dpia-not-bool", INV_GOOD + _inv(dpia="perhaps"), "reject:dpia")
    put("country-not-iso", INV_GOOD + _inv(storage_countries="Narnia"), "reject:storage_countries")
    put("countries-bomb", INV_GOOD + _inv(storage_countries="GB;" * 10_000))
    put("built-on-5000", INV_GOOD + _inv(built_on=";".join(f"Base {i}" for i in range(5000))))
    put("formula-injection", INV_GOOD + _inv(customer_name='=HYPERLINK("http://x")'))
    put("semicolons", INV_GOOD.replace(",", ";"), "fatal:missing columns")
    put("extra-cells", INV_GOOD + _inv().rstrip("\n") + ",x,y\n", "fatal:more cells")
    put("few-cells", INV_GOOD + "c1,Name\n", "reject:")
    put("unknown-column", INV_GOOD.replace("lawful_basis", "lawful_basis,colour"), "fatal:unknown")
    put("quote-never-closed", INV_GOOD + '"c1,' + "x" * 1000)
    put("ten-thousand-rows", INV_GOOD + "".join(_inv(process_id=f"p{i}") for i in range(10_000)))
    too_many = INV_GOOD + "c1,N,,,p,P,,Pr,V" + "," * (len(COLUMNS) - 9) + "\n"
    put(
        "over-row-limit", too_many + "\n".join(["c1,N"] * max_inventory_rows()) + "\n", "fatal:rows"
    )
    _xlsx_cases(w)


def _workbook(rows: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cases(w: Writer) -> None:
    header: list[object] = list(COLUMNS)
    good: list[object] = [INV_ROW[c] for c in COLUMNS]
    big_int = [1e23 if c == "uk_data_subjects" else v for c, v in zip(COLUMNS, good, strict=True)]
    w.file("inventory", "good.xlsx", _workbook([header, good]))
    w.file(
        "inventory", "giant-number.xlsx", _workbook([header, big_int]), "reject:uk_data_subjects"
    )
    # openpyxl cuts a cell at Excel's 32,767 characters on reading, under our field limit.
    w.file("inventory", "huge-cell.xlsx", _workbook([header, [*good[:6], "p" * OVER, *good[7:]]]))
    w.file("inventory", "not-a-zip.xlsx", b"PK\x03\x04 not really", "fatal:XLSX")
    w.file("inventory", "csv-named-xlsx.xlsx", INV_GOOD, "fatal:XLSX")
    whole = _workbook([header, good])
    w.file("inventory", "truncated.xlsx", whole[: len(whole) // 2], "fatal:XLSX")
    w.file("inventory", "empty-sheet.xlsx", _workbook([]), "fatal:")
    # A zip whose directory claims a 4 GB sheet: refused before anything is expanded.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a/>")
    data = bytearray(bomb.getvalue())
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 0xFFFFFFF0)
    w.file("inventory", "zip-bomb.xlsx", bytes(data), "fatal:expands")
    sheet = _workbook([header, good])
    w.file(
        "inventory",
        "sheet-billion-laughs.xlsx",
        _rezip(sheet, lambda x: LAUGHS + x[x.index(b"<worksheet") :]),
        "fatal:",
    )
    w.file(
        "inventory", "sheet-truncated-xml.xlsx", _rezip(sheet, lambda x: x[: len(x) // 2]), "fatal:"
    )


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY a{i} "{("&a" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>"
)


def _rezip(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with its sheet XML changed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                body = change(body)
            target.writestr(info.filename, body)
    return out.getvalue()
