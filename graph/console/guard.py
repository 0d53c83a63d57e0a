"""The read-only console door's first check, the same on both engines: an allowlist over tokens.

A console query (the CLI's `vendorgraph query`, the dashboard's console) is text from a user. It
passes only when, tokenized by graph.console.lexer (which refuses anything two lexers could cut
differently):

- it is ONE statement (no `;`) and starts with MATCH, OPTIONAL MATCH, WITH, UNWIND or RETURN;
- every keyword in it is one of the read clauses and operators below (`_ALLOWED`); a word that is
  a keyword of either engine but not allowed (LOAD, COPY, CALL, CREATE, SHOW, USE, ...) is refused
  wherever it stands, even as a name (backquote a name that collides: `` n.`set` ``);
- every other bare word is a name the query itself introduces (a variable in a pattern, after AS,
  a path variable) or stands where only a name can (after `:` `.` `$` `|`, a map key), so an
  unknown keyword a newer engine adds is refused too, not passed;
- every function call names a pure function from `_FUNCTIONS` (no procedures, no namespaces);
- it stays within the size bounds of graph.console.bounds (range spans, hop counts, nesting,
  planner work) and every value and row set it builds within graph.console.growth's (growth the
  query's own literals do not bound is refused: chained `+`, replace(), split(), comprehensions).

The engines then decide again from their own plan (graph.console.neo4j_plan, graph.console.ladybug_run): this
module is the part that reads the text, that one the part that knows what will run.
"""

from __future__ import annotations

from graph.console.bounds import bounds_problem
from graph.console.growth import growth_problem
from graph.console.lexer import CypherSyntaxRefused, Token, position, tokenize
from graph.store.protocol import ReadOnlyViolation

__all__ = ["check_read_only"]

_STARTS = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN"})
_ALLOWED = _STARTS | frozenset(
    {
        "WHERE", "ORDER", "BY", "ASC", "ASCENDING", "DESC", "DESCENDING", "SKIP", "LIMIT",
        "UNION", "ALL", "DISTINCT", "AS", "AND", "OR", "XOR", "NOT", "IN", "IS", "NULL", "TRUE",
        "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END", "STARTS", "ENDS", "CONTAINS", "EXISTS",
        "COUNT", "ANY", "NONE", "SINGLE", "SHORTEST", "COLLECT",
    }
)  # fmt: skip
# Keywords of either engine (Neo4j 5 Cypher, LadybugDB/Kuzu Cypher) that the console refuses.
_REFUSED = frozenset(
    {
        "CALL", "LOAD", "CSV", "COPY", "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE",
        "DROP", "ALTER", "FOREACH", "USE", "USING", "PERIODIC", "COMMIT", "BEGIN", "ROLLBACK",
        "TRANSACTION", "TRANSACTIONS", "CHECKPOINT", "INSTALL", "UNINSTALL", "ATTACH",
        "IMPORT", "EXPORT", "PROJECT", "GRAPH", "SHOW", "TERMINATE", "GRANT", "DENY", "REVOKE",
        "START", "STOP", "ENABLE", "DISABLE", "RENAME", "YIELD", "EXPLAIN", "PROFILE", "INSERT",
        "FINISH", "NEXT", "LET", "FILTER", "MACRO", "COMMENT", "FROM", "TO", "DBMS",
        "FIELDTERMINATOR", "CONCURRENT",
    }
)  # fmt: skip
# Pure functions (no I/O, no side effects) found in either engine's dialect.
_FUNCTIONS = frozenset(
    {
        "count", "sum", "avg", "min", "max", "collect", "size", "length", "coalesce", "tolower",
        "toupper", "lower", "upper", "trim", "ltrim", "rtrim", "substring", "left", "right",
        "replace", "split", "reverse", "tostring", "tointeger", "tofloat", "toboolean", "abs",
        "ceil", "floor", "round", "sign", "sqrt", "exp", "log", "log10", "head", "last", "tail",
        "keys", "labels", "label", "type", "id", "elementid", "nodes", "relationships", "rels",
        "properties", "startnode", "endnode", "range", "date", "datetime", "localdatetime",
        "timestamp", "duration", "exists", "any", "all", "none", "single", "list_contains",
        "list_extract", "list_concat", "string_split", "starts_with", "ends_with", "contains",
        "concat", "repeat", "date_part", "isnull", "is_null", "cast", "percentilecont",
        "percentiledisc", "stdev", "stdevp", "string_agg", "list_sort", "list_distinct",
        "list_unique", "tostringornull", "tointegerornull", "tofloatornull",
        "shortestpath", "allshortestpaths",
    }
)  # fmt: skip
# Keywords that may not name a variable: the size check (graph.console.growth) reads them as
# clauses and operators, so `WITH x AS limit` could hide what `limit` holds.
_LITERALS = frozenset({"TRUE", "FALSE", "NULL"})
# Words after which `(` is grouping, a pattern or a subquery, not a call.
_BEFORE_PAREN = _ALLOWED - {"COUNT", "EXISTS", "COLLECT", "ANY", "NONE", "SINGLE", "ALL"}
# A bare word after one of these is a name: a pattern variable, an alias, a label or type, a
# property, a parameter, an alternative relationship type.
_NAME_AFTER = frozenset({"(", "[", ":", ".", "|", "&", "!"})


def _violation(
    text: str, token: Token, what: str, prefix: str = "the console is read-only; "
) -> ReadOnlyViolation:
    line, column = position(text, token.offset)
    return ReadOnlyViolation(f"refused: {prefix}{what} (line {line}, column {column})")


def _call_name(tokens: list[Token], i: int) -> tuple[str, int]:
    """The (possibly dotted) function name ending at tokens[i], and where it starts."""
    parts, start = [tokens[i].text], i
    while (
        start >= 2
        and tokens[start - 1].text == "."
        and tokens[start - 2].kind in ("word", "quoted")
    ):
        start -= 2
        parts.insert(0, tokens[start].text)
    return ".".join(parts), start


def _binds(tokens: list[Token], i: int) -> bool:
    """Whether tokens[i] stands where a variable is bound (after AS, a pattern or a
    comprehension variable, a path variable)."""
    before = tokens[i - 1].text.upper() if i else ""
    after = tokens[i + 1].text.upper() if i + 1 < len(tokens) else ""
    return (
        before == "AS"
        or (before in ("(", "[") and after in (")", "]", ":", "{", "IN", "WHERE", "="))
        or (before in (",", "MATCH") and after == "=")
    )


def check_read_only(cypher: str) -> None:
    """Raise ReadOnlyViolation (one line, with line and column) unless `cypher` is a plain read."""
    try:
        tokens = tokenize(cypher)
    except CypherSyntaxRefused as exc:
        raise ReadOnlyViolation(f"refused: the console is read-only; {exc}") from None
    if not tokens:
        raise ReadOnlyViolation("refused: the query is empty")
    first = tokens[0]
    if first.kind != "word" or first.text.upper() not in _STARTS:
        raise _violation(
            cypher,
            first,
            f"a query must start with MATCH, OPTIONAL MATCH, WITH, UNWIND or RETURN, not `{first.text}`",
        )
    names: set[str] = set()
    for i, token in enumerate(tokens):
        previous = tokens[i - 1] if i else None
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if token.kind == "symbol" and token.text == ";":
            raise _violation(cypher, token, "one statement only; remove `;`")
        if token.kind not in ("word", "quoted"):
            continue
        upper = token.text.upper()
        if token.kind == "word" and upper in _REFUSED:
            raise _violation(cypher, token, f"`{upper}` is not allowed")
        if following is not None and following.text == "(":
            name, _ = _call_name(tokens, i)
            if token.kind == "word" and upper in _BEFORE_PAREN:
                continue
            if name.lower() not in _FUNCTIONS:
                raise _violation(cypher, token, f"`{name}` is not an allowed function")
            continue
        if token.kind == "quoted":
            names.add(token.text)
            continue
        if upper in _ALLOWED:
            if upper not in _LITERALS and _binds(tokens, i):
                raise _violation(
                    cypher,
                    token,
                    f"`{token.text}` is a keyword; backquote it to use it as a name (`{token.text}`)",
                    prefix="",
                )
            continue
        after_name = previous is not None and (
            previous.text in _NAME_AFTER or previous.text.upper() == "AS"
        )
        # A path variable (`p = (...)`), a map key (`{id: ...}`), a reduce-style `, x IN`.
        follows = following.text.upper() if following is not None else ""
        introduces = follows == "=" or (
            previous is not None and previous.text in ("{", ",") and follows in (":", "IN")
        )
        if after_name or introduces or token.text in names:
            names.add(token.text)
            continue
        raise _violation(cypher, token, f"`{token.text}` is not a known name or an allowed keyword")
    problem = bounds_problem(tokens) or growth_problem(tokens)
    if problem is not None:
        raise _violation(cypher, problem[0], problem[1], prefix="")
