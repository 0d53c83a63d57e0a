"""Issue 22 at the console's text check (graph.console.guard with graph.console.bounds, growth,
sizes, regexes, and the lexer's escape and length rules): every resource-exhaustion query whose
growth the query's own literals do not bound is refused in one line naming line and column, the
same on both engines; reads that build values within bounds still pass; deep parameters are a
one-line error. The same queries against a real Neo4j: test_console_exhaustion_neo4j.py."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from graph.console.door import console_read
from graph.console.guard import check_read_only
from graph.console.lexer import MAX_TEXT
from graph.console.parameters import check_parameters
from graph.console.regexes import regex_problem
from graph.settings import Settings
from graph.store.ladybug import LadybugStore
from graph.store.protocol import QueryError, ReadOnlyViolation
from tests.security.exhaustion import GROWING_READS, REPORTED, Bomb, bombs

BOMBS = bombs()
REFUSED = [b for b in BOMBS if not b.by_data]
_WHERE = re.compile(r"\(line \d+, column \d+\)$")


def _ids(bomb: Bomb) -> str:
    return bomb.name[:50]


def _refusal(cypher: str) -> str:
    with pytest.raises(ReadOnlyViolation) as caught:
        check_read_only(cypher)
    message = str(caught.value)
    assert message.startswith("refused: ") and "\n" not in message, message
    assert _WHERE.search(message), message
    return message


def test_the_corpus_is_large_and_covers_every_family() -> None:
    assert len(BOMBS) >= 100
    families = {b.family for b in BOMBS}
    assert {
        "reported", "string+", "list+", "replace", "split", "reduce", "comprehension", "range",
        "sort", "distinct", "cartesian", "collect", "paths", "planning", "escape", "regex",
    } <= families  # fmt: skip
    assert len(REFUSED) >= 110


def test_the_reported_kills_are_refused_where_they_grow() -> None:
    chained, nested, split = (_refusal(b.cypher) for b in REPORTED)
    # The eighth `+` chain would build 10^9 characters; the seventh (10^8, 200 MB) is already out.
    assert "about 76.3 MB" in chained and "64.0 MB" in chained
    assert chained.endswith("(line 1, column 214)")  # the first `+` of the seventh WITH
    assert "about 3.7 GB" in nested and nested.endswith("(line 1, column 1026)")  # outer replace
    assert split.endswith("(line 1, column 214)")


@pytest.mark.parametrize("bomb", REFUSED, ids=_ids)
def test_every_unbounded_bomb_is_refused_by_the_text_check(bomb: Bomb) -> None:
    _refusal(bomb.cypher)


@pytest.mark.parametrize("bomb", [b for b in BOMBS if b.by_data], ids=_ids)
def test_bombs_bounded_by_the_data_pass_to_the_engine(bomb: Bomb) -> None:
    check_read_only(bomb.cypher)  # the server's timeout and transaction memory end these


@pytest.mark.parametrize("cypher", GROWING_READS)
def test_reads_that_build_values_within_bounds_pass(cypher: str) -> None:
    check_read_only(cypher)


@pytest.mark.parametrize(
    ("cypher", "words"),
    [
        ("RETURN 1 AS x // \\u000a , 2 AS y", "`\\u` escapes are not allowed"),
        ("RETURN 'caf\\u00e9' AS x", "`\\u` escapes are not allowed"),
        ("RETURN 'a' AS `x\\U0041`", "`\\U` escapes are not allowed"),
        ("RETURN '\\\\u0041' AS x", "`\\u` escapes are not allowed"),
        ("RETURN " + "1 + " * 2600 + "1 AS x", f"longer than {MAX_TEXT:,} characters"),
        ("RETURN [" + ",".join(["1"] * 1300) + "] AS x", "more than 2,500 words and symbols"),
        ("RETURN " + "(" * 40 + "1" + ")" * 40 + " AS x", "nested more than 32 deep"),
        ("RETURN - - - - - 1 AS x", "more than 4 signs or NOTs in a row"),
        (
            "MATCH " + "-->".join(f"(a{i})" for i in range(12)) + " RETURN 1",
            "relationship patterns",
        ),
        ("MATCH (n) WHERE " + " OR ".join(["n.x = 1"] * 42) + " RETURN n", "AND, OR, XOR and NOT"),
        (" UNION ".join(["RETURN 1 AS x"] * 11), "more than 10 UNION parts"),
        ("MATCH p = ((a)-->(b))+ RETURN p", "repeated path pattern needs an upper bound"),
        ("MATCH p = ((a)-->(b)){1,11} RETURN p", "repeated path pattern needs an upper bound"),
        ("MATCH (v:Vendor) WHERE v.name =~ $pattern RETURN v", "one string literal"),
        (
            "MATCH (v:Vendor) WITH v.name AS s RETURN replace(s, 'a', s) AS t",
            "multiplies one value",
        ),
        ("MATCH (v:Vendor) RETURN [x IN range(1, 10000) | v.name + 'x'] AS t", "10,000 times"),
        ("UNWIND range(1, 10000) AS i UNWIND range(1, 10000) AS j RETURN i", "100,000,000 rows"),
        ("RETURN repeat('ab', $n) AS t", "integer literal count"),
    ],
)
def test_each_bound_says_what_and_where(cypher: str, words: str) -> None:
    assert words in _refusal(cypher)


def test_within_the_bounds_passes() -> None:
    check_read_only("MATCH p = ((a)-->(b)){1,3} RETURN count(p) AS n")
    check_read_only("MATCH " + "-->".join(f"(a{i})" for i in range(11)) + " RETURN 1")
    check_read_only("MATCH (n) WHERE " + " OR ".join(["n.x = 1"] * 41) + " RETURN n")
    check_read_only("RETURN " + "(" * 30 + "1" + ")" * 30 + " AS x")
    check_read_only("RETURN 1 - -1 AS x, 'a\\\\b' AS escaped_backslash")


@pytest.mark.parametrize(
    ("pattern", "allowed"),
    [
        ("(?i).*clearview.*", True),
        ("^[A-Z][a-z]+ (Ltd|Limited)$", True),
        ("\\d{2}-\\d{4}", True),
        ("(a|aa)+$", False),
        ("(a+)+b", False),
        ("(.*a){20}", False),
        ("((ab)*)*c", False),
        ("(x+x+)+y", False),
        ("(a)\\1", False),
        (".*a.*b.*c", False),
    ],
)
def test_regular_expressions_that_backtrack_exponentially_are_refused(
    pattern: str, allowed: bool
) -> None:
    assert (regex_problem(pattern) is None) is allowed


def _nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


def test_deep_or_large_parameters_are_one_line_errors() -> None:
    check_parameters({"p": _nested(32), "q": "x" * 1000})
    with pytest.raises(QueryError, match=r"^the parameter \$p is nested more than 32 levels"):
        check_parameters({"p": _nested(900)})
    with pytest.raises(QueryError, match="more than 1,000,000 characters"):
        check_parameters({"p": ["x" * 1000] * 1001})


def test_deep_parameters_at_the_door_on_ladybug(built_store: LadybugStore) -> None:
    with pytest.raises(QueryError, match=r"nested more than 32 levels") as caught:
        console_read(built_store, "RETURN $p AS p", {"p": _nested(900)}, limit=5)
    assert "\n" not in str(caught.value)


def test_deep_json_on_the_command_line_is_one_line(
    built_settings: Settings, built_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vendorgraph.main import app

    monkeypatch.setenv("VENDORGRAPH_HOME", str(built_settings.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    runner = CliRunner()
    for depth in (900, 100_000):
        deep = "[" * depth + "]" * depth
        result = runner.invoke(app, ["query", "RETURN $p AS p", "--param", f"p={deep}"])
        assert result.exit_code != 0
        assert result.exception is None or isinstance(result.exception, SystemExit)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and "nested" in lines[0], result.output
        assert "Traceback" not in result.output


def test_huge_json_on_the_command_line_is_one_line(
    built_settings: Settings, built_store: LadybugStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vendorgraph.main import app

    monkeypatch.setenv("VENDORGRAPH_HOME", str(built_settings.home))
    monkeypatch.setenv("VENDORGRAPH_STORE", "ladybug")
    huge = json.dumps(["x" * 1000] * 1001)  # about 1 MB: flat, but over the console's size bound
    result = CliRunner().invoke(app, ["query", "RETURN size($p) AS n", "--param", f"p={huge}"])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "more than 1,000,000 characters" in lines[0], result.output


def test_huge_json_in_the_dashboard_console_is_refused_at_the_door(
    built_store: LadybugStore,
) -> None:
    from dashboard.query_console import parse_params, run_cypher

    params = parse_params(json.dumps({"p": ["x" * 1000] * 1001}))
    with pytest.raises(QueryError, match="more than 1,000,000 characters") as caught:
        run_cypher(built_store, "RETURN size($p) AS n", params, limit=5)
    assert "\n" not in str(caught.value)


def test_deep_json_in_the_dashboard_console_is_one_line() -> None:
    from dashboard.query_console import parse_params

    with pytest.raises(ValueError, match="nested too deeply"):
        parse_params(json.dumps({"p": "x"})[:-1] + ', "q": ' + "[" * 100_000 + "]" * 100_000 + "}")


@pytest.mark.parametrize("bomb", REFUSED, ids=_ids)
def test_ladybug_door_refuses_with_the_same_line(built_store: LadybugStore, bomb: Bomb) -> None:
    # Both engines' doors run the same text check first: the same refusal, word for word.
    with pytest.raises(ReadOnlyViolation) as caught:
        console_read(built_store, bomb.cypher, bomb.params, limit=50)
    with pytest.raises(ReadOnlyViolation) as expected:
        check_read_only(bomb.cypher)
    assert str(caught.value) == str(expected.value)
