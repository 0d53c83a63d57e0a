"""User words in the command line (issue 20, point 6): what `demo`, `ingest` and every command's
default output print has no relationship type, label name, variable or key name, environment
variable, list code, internal id, Python literal or file name of the project.

The expected words were written down before the code changed: the build summary counts in words
("34 enforcement actions, 28 vendors, ..."), the order's status in words ("stood issued", "a what-if,
not a real order"), dimensions by name ("Data remediation"), yes/no for fictional customers and list
names instead of list codes. `--json` is the machine format and keeps its keys; `query` prints what
the Cypher a user wrote returns, so it is not checked here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from graph.model import EDGE_TYPES
from graph.settings import BUNDLED_DATA
from graph.store.protocol import Store, counts
from vendorgraph.main import app

runner = CliRunner()
UNIVERSITY = Path(__file__).resolve().parent / "eval" / "inventories" / "university.csv"

_LEAKS = re.compile(
    # relationship types, e.g. the RUNS / CITES count table `ingest` used to print
    r"\b(?:" + "|".join(sorted({*EDGE_TYPES, "OFFERED_BY"}, key=len, reverse=True)) + r")\b"
    # the model's label names where they are not English words
    r"|\b(?:EnforcementAction|ListedEntity|DataCategory|DataSource|StatusEvent)\b"
    # variable, key and status names: data_remediation, what_if, action_status
    r"|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"
    r"|\b(?:None|True|False)\b"
    r"|\b(?:VENDORGRAPH|NEO4J)_[A-Z_]+"
    r"|\b(?:bis-entity|fcc-covered|dod-1260h|ofac-cons|ofac-sdn)\b"
    # ids of nodes a user never types (a customer, vendor or scenario id is a handle they copy)
    r"|\b(?:source|listed|designation|process|mention|status|datacategory|datasource):[\w-]"
    # the project's own files
    r"|\b[\w-]+\.(?:py|md|yaml|yml|toml|jsonl?)\b|§"
)


def leaks(text: str) -> list[str]:
    """What in `text` is not a user's word, each with some context."""
    # Commands to type (`vendorgraph resolve list`) and file-system paths are not prose.
    prose = re.sub(r"`[^`]*`|\S*/\S*", " ", text)
    return sorted({prose[max(0, m.start() - 40) : m.end() + 20] for m in _LEAKS.finditer(prose)})


def test_the_check_finds_what_the_issue_saw() -> None:
    seen = """
    Score 23.5 (medium); order status what_if, force 1.0, reach 1.0
      data_remediation  100.0  x 0.2
    │ RUNS              │    22 │
    │ EnforcementAction │    34 │
    (source: source:inventory:cust-extra)   fictional  False   see data/README.md
    Hikvision  1.000  ofac-cons:30946  HIKVISION   set VENDORGRAPH_HOME   facts.md
    """
    found = " ".join(leaks(seen))
    for word in ("what_if", "data_remediation", "RUNS", "EnforcementAction", "source:inventory",
                 "False", "ofac-cons", "VENDORGRAPH_HOME", "facts.md"):  # fmt: skip
        assert word in found, word
    assert leaks("Run `vendorgraph resolve list`; the graph is in /tmp/x_y/home.") == []


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("words") / "home"


def _run(home: Path, *args: str) -> Result:
    env = {"VENDORGRAPH_HOME": str(home), "VENDORGRAPH_STORE": "ladybug", "COLUMNS": "80"}
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def outputs(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The default output of the commands a person reads, on the bundled graph plus one user
    inventory with a name awaiting review and a rejected row."""
    folder = tmp_path_factory.mktemp("inventories")
    rows = UNIVERSITY.read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    bad = rows[1].split(",")
    bad[header.index("criticality")] = "extreme"
    mine = folder / "university.csv"
    mine.write_text("\n".join([*rows, ",".join(bad)]) + "\n", encoding="utf-8")
    said: dict[str, str] = {}
    said["demo"] = _run(home, "demo", "--no-serve").output
    said["ingest"] = _run(home, "ingest", "--inventory", str(mine)).output
    said["ingest again"] = _run(home, "ingest").output
    for args in (
        ("customers",),
        ("scenarios",),
        ("portfolio",),
        ("portfolio", "--scenario", "cabinet-office-hikvision-dahua-2022", "--as-of", "2023-01-01"),
        ("sources",),
        ("info",),
        ("changes",),
        ("resolve", "list"),
        ("resolve", "list", "--all"),
        (
            "screen",
            str(_names(folder)),
            "--list",
            f"ofac:{BUNDLED_DATA / 'lists' / 'ofac-ns-cmic'}",
        ),
    ):
        said[" ".join(args)] = _run(home, *args).output
    customers = ["cust-northshire-police", "cust-larkspur-stores", "cust-harbourside-grocers",
                 "cust-riverside-leisure", "cust-oakfield-academy", "cust-fernhill-accountants",
                 "cust-eval-university"]  # fmt: skip
    for customer in customers:
        for scenario, day in (("ico-clearview-2022", "2022-06-01"), ("ico-clearview-2022", "2021-01-01"),
                              ("ico-clearview-2022", "2024-06-01"),
                              ("cabinet-office-hikvision-dahua-2022", "2023-01-01")):  # fmt: skip
            args = ("exposure", "--customer", customer, "--scenario", scenario, "--as-of", day)
            said[" ".join(args)] = _run(home, *args).output
        for event in ("sanctions_designation", "vendor_exit"):
            args = ("exposure", "--customer", customer, "--vendor", "hikvision", "--event", event,
                    "--effective", "2026-01-01", "--as-of", "2026-02-01")  # fmt: skip
            said[" ".join(args)] = _run(home, *args).output
    yield said


def _names(folder: Path) -> Path:
    names = folder / "names.csv"
    names.write_text("name\nHikvision\nSense Time Group Ltd\nAcme Widgets Ltd\n", encoding="utf-8")
    return names


def test_no_internal_name_in_the_default_output(outputs: dict[str, str]) -> None:
    found = {command: leaks(text) for command, text in outputs.items() if leaks(text)}
    assert found == {}


def test_demo_and_ingest_count_in_words(outputs: dict[str, str], built_store: Store) -> None:
    nodes = counts(built_store)  # the bundled graph, as the demo builds it
    demo = " ".join(outputs["demo"].split())
    for words in (
        f"{nodes['EnforcementAction']} enforcement actions",
        f"{nodes['Vendor']} vendors",
        f"{nodes['Regulator']} regulators",
        f"{nodes['StatusEvent']} status changes",
        f"{nodes['Jurisdiction']} countries",
    ):
        assert words in demo, words
    assert "links between them" in demo and "Exposure to:" in demo
    ingest = " ".join(outputs["ingest"].split())
    assert f"{nodes['Customer'] + 1} customers" in ingest  # the bundled ones and the university
    assert "1 row was rejected and left out" in ingest
    assert "university.csv:" in ingest and "criticality" in ingest  # file, line, field, reason


def test_exposure_says_the_order_in_words(outputs: dict[str, str]) -> None:
    police = outputs[
        "exposure --customer cust-northshire-police --scenario ico-clearview-2022 --as-of 2022-06-01"
    ]
    assert "the order and fine: in force (order); imposed (fine)" in " ".join(police.split())
    assert "Data remediation" in police and "weight 0.2" in police
    before = outputs[
        "exposure --customer cust-northshire-police --scenario ico-clearview-2022 --as-of 2021-01-01"
    ]
    assert "As of 2021-01-01, the order and fine: not yet made public" in " ".join(before.split())
    what_if = outputs[
        "exposure --customer cust-harbourside-grocers --vendor hikvision --event "
        "sanctions_designation --effective 2026-01-01 --as-of 2026-02-01"
    ]
    assert "A what-if, not a real action" in " ".join(what_if.split())
    customers = outputs["customers"]
    assert re.search(r"fictional\s+yes", customers) and re.search(r"fictional\s+no", customers)


def test_screen_names_the_list_in_words(outputs: dict[str, str]) -> None:
    screen = next(text for command, text in outputs.items() if command.startswith("screen "))
    assert "US Treasury OFAC non-SDN lists (incl. NS-CMIC), entry 900001" in screen
