"""Terminal tables keep every word and id whole (issue 20, point 9): never "Austral|ian" or
"Hikvis|ion", whatever the terminal's width and the number of columns."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from graph.settings import Settings
from vendorgraph.main import app
from vendorgraph.tables import Hanging, WordTable

# Real words of the bundled graph; none is part of another, so a cut word cannot hide in a longer.
WORDS = ["Australian", "Federal", "Police", "Hikvision", "Digital", "Technology",
         "Datenschutzbehörde", "Persoonsgegevens", "Constabulary", "(fictional)", "order",
         "processing", "(precedent)", "Chartered", "Accountants", "LLP", "Zhejiang", "Dahua",
         "surveillance", "equipment", "sensitive", "sites", "Oakfield", "Academy"]  # fmt: skip
IDS = ["customer:cust-fernhill-accountants", "cabinet-office-hikvision-dahua-2022", "vendor:hik"]


def _render(renderable: object, width: int) -> list[str]:
    console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text().splitlines()


@st.composite
def tables(draw: st.DrawFn) -> tuple[WordTable, list[list[str]], set[str]]:
    n_columns = draw(st.integers(1, 7))
    columns = [f"column {i}" for i in range(n_columns)]
    ids = set(draw(st.lists(st.sampled_from(columns), max_size=2)))
    cell = st.lists(st.sampled_from(WORDS), min_size=0, max_size=9).map(" ".join)
    rows = draw(st.lists(st.lists(cell, min_size=n_columns, max_size=n_columns), max_size=6))
    for row in rows:
        for i, name in enumerate(columns):
            if name in ids:
                row[i] = draw(st.sampled_from(IDS))
    return WordTable(columns, rows, ids=ids), rows, ids


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(min_value=40, max_value=200))
def test_no_word_or_id_is_cut_at_any_width(
    table: tuple[WordTable, list[list[str]], set[str]], width: int
) -> None:
    rendered, rows, _ = table
    lines = _render(rendered, width)
    assert all(len(line) <= width for line in lines)
    for row in rows:
        for value in row:
            for word in value.split():
                assert any(word in line for line in lines), (word, width, lines)


def test_many_columns_at_80_become_blocks_and_few_stay_a_table() -> None:
    wide = WordTable(
        ("id", "name", "sector", "processes", "fictional"),
        [
            (
                "customer:be-federal-judicial-police",
                "Federal Judicial Police (Belgium)",
                "public sector (precedent)",
                "0",
                "no",
            )
        ],
        ids=["id"],
    )
    assert not wide.fits(80) and wide.fits(100)
    assert _render(wide, 80)[:3] == [
        "customer:be-federal-judicial-police",
        "  name       Federal Judicial Police (Belgium)",
        "  sector     public sector (precedent)",
    ]
    narrow = WordTable(("customer", "score"), [("Australian Federal Police (AFP)", "62.0")])
    assert _render(narrow, 80)[0].startswith("┏")


def test_a_long_line_hangs_under_its_text() -> None:
    lines = _render(Hanging("  tier 2: ", "Loss prevention -> Sentinel Watchlist Service"), 30)
    assert lines == [
        "  tier 2: Loss prevention ->",
        "          Sentinel Watchlist",
        "          Service",
    ]


@pytest.fixture
def cli_env(built_settings: Settings, built_store: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENDORGRAPH_HOME", str(built_settings.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    monkeypatch.setenv("COLUMNS", "80")


@pytest.mark.parametrize(("command", "field"), [("customers", "name"), ("scenarios", "name")])
def test_the_tables_the_issue_saw_keep_their_words_at_80_columns(
    cli_env: None, command: str, field: str
) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, [command])
    rows = json.loads(runner.invoke(app, [command, "--json"]).stdout)
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    for row in rows:
        assert row["id"] in lines or any(row["id"] in line.split() for line in lines)
        for word in row[field].split():
            assert any(word in line.split() for line in lines), (word, row[field])
