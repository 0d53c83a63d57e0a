"""Knowledge packs, read and checked without a store: the bundle keeps the same rules as a user's
pack; each broken rule is refused in one line naming file, line, field and reason; the template
and the CSV form pass `vendorgraph knowledge check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.settings import BUNDLED_DATA
from ingest.kb import read_kb
from ingest.knowledge_pack import check_pack_file
from ingest.knowledge_rules import Known, PackRecords, PendingEdge, check_pack
from ingest.knowledge_template import CSV_TEMPLATE, TEMPLATE
from ingest.problems import Rejections
from vendorgraph.main import app

KB = BUNDLED_DATA / "kb"
runner = CliRunner()


def pack(tmp_path: Path, text: str, name: str = "lumen.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str, name: str = "lumen.yaml", **kw: bool) -> list[str]:
    return check_pack_file(KB, pack(tmp_path, text, name), **kw).problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_bundle_keeps_the_rules_of_a_pack() -> None:
    rejections = Rejections()
    records = list(read_kb(KB, rejections))
    assert not rejections.items
    nodes = [r for r in records if not isinstance(r, PendingEdge)]
    where = {r.id: ("kb", 1) for r in nodes}
    # Checked again as one pack joining an empty graph: nothing to say.
    again = Rejections()
    check_pack(PackRecords(records, where), Known(), again)
    assert not again.items, [str(r) for r in again][:5]


def test_the_template_is_a_valid_pack_and_says_it_is_fictional(tmp_path: Path) -> None:
    assert "FICTIONAL" in TEMPLATE and "(fictional)" in CSV_TEMPLATE
    result = runner.invoke(app, ["knowledge", "template"])
    assert result.exit_code == 0
    path = pack(tmp_path, result.output)
    check = runner.invoke(app, ["knowledge", "check", str(path)])
    assert check.exit_code == 0, check.output
    assert "valid knowledge pack" in check.output and "1 enforcement action" in check.output
    csv = runner.invoke(app, ["knowledge", "template", "--csv"])
    found = check_pack_file(KB, pack(tmp_path, csv.output, "lumen.csv"))
    assert found.problems == [] and found.adds["EnforcementAction"] == 1


def test_an_undated_source_is_refused_in_one_line(tmp_path: Path) -> None:
    text = TEMPLATE.replace('    date: "2026-06"', "")
    found = problems(tmp_path, text)
    assert found, "an undated source was accepted"
    assert found[0].startswith(f"{tmp_path / 'lumen.yaml'}:{line_of(text, 'id: LUMEN-2')}: date:")
    assert "LUMEN-2" in found[0] and "\n" not in found[0]


def test_a_source_that_cannot_be_found_again_is_refused(tmp_path: Path) -> None:
    text = TEMPLATE.replace(
        '    publisher: "Lumen Analytics Ltd (fictional)"\n', ""
    )  # LUMEN-2: no url, title only
    found = problems(tmp_path, text)
    assert len(found) == 1 and ": url: source 'LUMEN-2' cannot be found again" in found[0]


def test_a_clash_with_the_bundle_names_file_line_and_owner(tmp_path: Path) -> None:
    text = TEMPLATE.replace("vendor:lumen-analytics", "vendor:clearview-ai")
    found = problems(tmp_path, text)
    line = line_of(text, "id: vendor:clearview-ai") - 1  # the entry starts at "- label: Vendor"
    assert found == [
        f"{tmp_path / 'lumen.yaml'}:{line}: id: 'vendor:clearview-ai' is already defined by the "
        "bundled knowledge base; use another id, or --replace to replace that record"
    ]
    # With --replace the same pack is accepted, and says what it replaces.
    check = check_pack_file(KB, tmp_path / "lumen.yaml", replace=True)
    assert check.problems == []
    assert any("bundled knowledge base's record replaced" in r for r in check.replaced)


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        ("id: vendor:lumen-analytics", "id: lumen-analytics", "id", "is not a Vendor id"),
        (
            "kinds: [order]",
            "kinds: [decree]",
            "kinds.0",
            "'decree' is not allowed: Input should be",
        ),
        ("status: issued,", "status: sorted,", "status", "'sorted' is not allowed"),
        ("to: law:uk-gdpr", "to: law:no-such-law", "to", "unknown node 'law:no-such-law'"),
        ("sources: [LUMEN-2]}", "sources: [LUMEN-9]}", "sources", "unknown source 'LUMEN-9'"),
        (
            'label: Product\n    id: product:lumen-footfall\n    name: "Lumen Footfall (fictional)"\n'
            '    category: "footfall analytics"\n    fictional: true',
            "label: Process\n    id: process:x\n    name: x\n    customer_id: customer:x",
            "id",
            "cannot define Process nodes",
        ),
        ("type: UNDER,", "type: OFFERS,", "type", "OFFERS cannot join EnforcementAction to Law"),
        ("    sources: [LUMEN-1]\n  - label: Product", "  - label: Product", "sources", "cites"),
        ('date: "2026-03-02"         #', 'date: "2 March 2026" #', "date", "ISO date"),
    ],
)
def test_each_broken_rule_is_one_line(
    tmp_path: Path, old: str, new: str, field: str, reason: str
) -> None:
    assert old in TEMPLATE
    found = problems(tmp_path, TEMPLATE.replace(old, new, 1))
    assert found, f"{new!r} was accepted"
    head = found[0]
    assert head.startswith(str(tmp_path / "lumen.yaml") + ":") and "\n" not in head
    assert f": {field}: " in head and reason in head, head


def test_rules_are_the_bundles_own(tmp_path: Path) -> None:
    found = problems(tmp_path, TEMPLATE + "rules:\n  fine_cap_higher_gbp: {value: 1}\n")
    assert found == [
        f"{tmp_path / 'lumen.yaml'}:1: rules: a knowledge pack cannot change the bundled rules"
    ]


def test_an_id_defined_twice_in_a_pack_is_refused(tmp_path: Path) -> None:
    text = TEMPLATE.replace("id: product:lumen-footfall", "id: vendor:lumen-analytics")
    found = problems(tmp_path, text)
    first = line_of(text, "id: vendor:lumen-analytics")
    assert any(f"'vendor:lumen-analytics' is defined twice (first at {tmp_path / 'lumen.yaml'}:{first - 1})" in p for p in found), found  # fmt: skip


CSV_HEAD = "vendor,regulator,date,kind,status,ordered,source url,source date\n"


def test_the_csv_form_resolves_known_names_and_refuses_bad_rows(tmp_path: Path) -> None:
    rows = (
        "Clearview AI,Information Commissioner's Office (ICO),2026-02-01,order,issued,Stop,"
        "https://example.org/a,2026-02-01\n"
        "Clearview AI,regulator:ico,2026-03-01,decree,issued,Stop,https://example.org/b,2026-03-01\n"
        "Clearview AI,regulator:ico,2026-04-01,order,issued,Stop,https://example.org/c,\n"
    )
    found = problems(tmp_path, CSV_HEAD + rows, "actions.csv")
    file = tmp_path / "actions.csv"
    assert found[0].startswith(f"{file}:3: kinds.0: ") and "decree" in found[0]
    assert found[1] == f"{file}:4: source_date: required"
    good = check_pack_file(KB, pack(tmp_path, CSV_HEAD + rows.splitlines()[0] + "\n", "one.csv"))
    # "Clearview AI" is the bundled vendor (a known name), the ICO the bundled regulator: no new nodes.
    assert good.problems == [] and set(good.adds) == {"EnforcementAction", "Source", "StatusEvent"}


def test_a_csv_without_the_columns_is_one_line(tmp_path: Path) -> None:
    found = problems(tmp_path, "vendor,date\nx,2026-01-01\n", "actions.csv")
    assert found == [
        f"{tmp_path / 'actions.csv'}:1: missing column(s): regulator, kind, status, ordered, "
        "source_url, source_date; needs vendor, regulator, date, kind, status, ordered, "
        "source_url, source_date"
    ]


def test_knowledge_check_exits_non_zero_and_lists_every_problem(tmp_path: Path) -> None:
    path = pack(tmp_path, TEMPLATE.replace("kinds: [order]", "kinds: [decree]"))
    result = runner.invoke(app, ["knowledge", "check", str(path), "--json"])
    assert result.exit_code == 1
    assert '"ok": false' in result.output and "decree" in result.output
