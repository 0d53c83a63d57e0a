"""The "What changed" page: latest builds, the change set in plain words, and the customers whose
exposure moved with links to their exposure page as of before and after the change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.changes.log import ChangeLog
from graph.settings import Settings
from tests.changes.helpers import build_twice
from tests.dashboard.conftest import open_page, page_text

PAGE = "screens/changes.py"


@pytest.fixture(scope="module")
def changed_home(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build_twice(tmp_path_factory.mktemp("changes-page") / "home")


@pytest.fixture
def changed_env(changed_home: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    monkeypatch.setenv("VENDORGRAPH_HOME", str(changed_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    yield changed_home


def test_latest_build_with_its_changes_and_moved_customers(changed_env: Settings) -> None:
    at = open_page(PAGE)
    assert not at.exception and not at.error
    text = page_text(at)
    builds = at.dataframe[0].value
    log = ChangeLog(changed_env.home).entries()
    assert list(builds["version"]) == [e["version"] for e in reversed(log)]
    assert "Customers whose exposure moved" in text
    assert "Fernhill & Co Chartered Accountants LLP (fictional)" in text
    assert "Process “Visitor face matching” added" in text
    # Sources are named by title, not by id.
    assert "Inventory of Fernhill" in text
    links = [x.proto for x in at.get("page_link")]
    before = [p for p in links if p.label == "Exposure as of 2020-12-31 (before)"]
    after = [p for p in links if p.label == "Exposure as of 2021-01-01 (after)"]
    assert before and after
    assert "customer=customer%3Acust-fernhill-accountants" in before[0].query_string
    assert "as_of=2020-12-31" in before[0].query_string
    assert "as_of=2021-01-01" in after[0].query_string


def test_the_first_build_is_a_baseline_line(changed_env: Settings) -> None:
    first = ChangeLog(changed_env.home).entries()[0]["version"]
    at = open_page(PAGE, {"build": first})
    text = page_text(at)
    assert "replaced nothing \\(first build\\)" in text or "replaced nothing (first build)" in text
    assert "No customer's band changed" in text
    assert "First build: the baseline" in text
    assert "650 added" not in text  # the counts are said once, in the baseline line
    assert not [line for line in text.splitlines() if line.startswith("- ") and "added" in line]


def test_an_empty_home_says_what_to_do(
    empty_home: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VENDORGRAPH_HOME", str(empty_home.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    at = open_page(PAGE)
    assert "No build recorded yet" in page_text(at)
