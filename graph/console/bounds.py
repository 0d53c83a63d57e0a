"""Size bounds on console queries, for the values an engine builds without counting them.

Neo4j's transaction memory limit (`db.memory.transaction.max`) counts operator state (collect,
sort, distinct) but not values built while an expression is evaluated: `RETURN size([x IN
range(1,50000000) | x])` filled the 1 GB heap and the server exited (ExitOnOutOfMemoryError).
LadybugDB's console worker is bounded by its address-space limit, but the same rules keep the
door identical on both engines. Refused, with line and column:

- `range()` unless its arguments are integer literals spanning at most `MAX_RANGE` values;
- a comprehension (list or pattern) inside another one (sizes multiply);
- a variable-length relationship, or a quantified path pattern (`((a)-->(b)){1,3}`), without an
  upper bound, or with one above `MAX_HOPS` (`+` and `*` after a path group are unbounded);
- brackets nested deeper than `MAX_DEPTH`, or more than `MAX_SIGNS` signs or NOTs in a row (the
  engines' parsers recurse on each: 3,000 nested brackets left a Neo4j connection hanging);
- more than `MAX_RELATIONSHIPS` relationship patterns, `MAX_BOOLEANS` AND/OR/XOR/NOT or
  `MAX_UNIONS` UNION parts: the planner's work grows fast with each (a 60-hop chain or 120
  OPTIONAL MATCHes kept a Neo4j core planning for minutes; a chain of 10 plans in about a second).

`reduce` (which can double a string per step) is simply not an allowed function
(graph.console.guard); the size of the values an expression builds is graph.console.growth's. Rows
are streamed, not held, so a large MATCH is bounded by time and by the row and byte budget instead.
"""

from __future__ import annotations

from graph.console.lexer import Token

__all__ = [
    "MAX_BOOLEANS",
    "MAX_DEPTH",
    "MAX_HOPS",
    "MAX_RANGE",
    "MAX_RELATIONSHIPS",
    "MAX_SIGNS",
    "MAX_UNIONS",
    "bounds_problem",
]

MAX_RANGE = 100_000
MAX_HOPS = 10
MAX_DEPTH = 32
MAX_SIGNS = 4
MAX_RELATIONSHIPS = 10
MAX_BOOLEANS = 40
MAX_UNIONS = 10
_BOOLEANS = frozenset({"AND", "OR", "XOR", "NOT"})
_PATH_WORDS = frozenset({"SHORTEST", "ALL", "ANY", "TRAIL", "ACYCLIC", "WALK"})


def _int(token: Token | None) -> int | None:
    if token is None or token.kind != "number":
        return None
    try:
        return int(token.text.replace("_", ""), 0)
    except ValueError:
        return None


def _at(tokens: list[Token], i: int) -> Token | None:
    return tokens[i] if 0 <= i < len(tokens) else None


def _range_problem(tokens: list[Token], i: int) -> str | None:
    """tokens[i] is `range` and tokens[i+1] is `(`: literal integer arguments only, small span."""
    args: list[int] = []
    j = i + 2
    while True:
        sign = 1
        if (t := _at(tokens, j)) is not None and t.text == "-":
            sign, j = -1, j + 1
        value = _int(_at(tokens, j))
        if value is None:
            return f"range() takes integer literals in the console (at most {MAX_RANGE:,} values)"
        args.append(sign * value)
        following = _at(tokens, j + 1)
        if following is not None and following.text == ",":
            j += 2
            continue
        if following is None or following.text != ")" or len(args) not in (2, 3):
            return f"range() takes integer literals in the console (at most {MAX_RANGE:,} values)"
        break
    step = args[2] if len(args) == 3 else 1
    span = 0 if step == 0 else (args[1] - args[0]) // step + 1
    if step == 0 or span > MAX_RANGE:
        return f"range() is limited to {MAX_RANGE:,} values in the console"
    return None


def _hops_problem(tokens: list[Token], i: int) -> str | None:
    """tokens[i] is `*` inside a relationship pattern: the upper bound must be at most MAX_HOPS."""
    j = i + 1
    while (t := _at(tokens, j)) is not None and t.kind == "word" and t.text.upper() in _PATH_WORDS:
        j += 1
    low = _int(_at(tokens, j))
    if low is not None:
        j += 1
    upper: int | None = low
    if (t := _at(tokens, j)) is not None and t.text == "..":
        upper = _int(_at(tokens, j + 1))
    if upper is None or upper > MAX_HOPS:
        return f"a variable-length relationship needs an upper bound of at most {MAX_HOPS} (e.g. *1..3)"
    return None


def _opens(tokens: list[Token], i: int) -> str:
    """What the bracket at tokens[i] opens: a relationship, a comprehension, or something else."""
    token, before, after = tokens[i], _at(tokens, i - 1), _at(tokens, i + 1)
    if token.text != "[":
        return "other"
    if before is not None and before.text in ("-", "<-"):
        return "rel"
    second = _at(tokens, i + 2)
    if after is not None and (
        after.text == "("
        or (
            second is not None
            and after.kind in ("word", "quoted")
            and second.text.upper() in ("IN", "=")
        )
    ):
        return "comprehension"
    return "other"


def _connector(tokens: list[Token], i: int) -> bool:
    """Whether tokens[i] starts a relationship (`-->`, `<--`, `-[`, `<-[`, `--`)."""
    text, following = tokens[i].text, _at(tokens, i + 1)
    after = following.text if following is not None else ""
    return (text == "-" and after in ("-", "->", "[")) or (text == "<-" and after in ("-", "["))


def _quantifier_problem(tokens: list[Token], opened: int, closed: int) -> str | None:
    """tokens[closed] ends the group opened at tokens[opened]: if that group is a path pattern
    (`((a)-->(b))`), a quantifier after it must be `{m,n}` with n at most MAX_HOPS."""
    inner = tokens[opened + 1 : closed]
    if (
        not inner
        or inner[0].text != "("
        or not any(_connector(tokens, k) for k in range(opened + 1, closed))
    ):
        return None
    following = _at(tokens, closed + 1)
    if following is None or following.text not in ("+", "*", "{"):
        return None
    advice = f"a repeated path pattern needs an upper bound of at most {MAX_HOPS} (e.g. {{1,3}})"
    if following.text != "{":
        return advice
    j = closed + 2
    first = _int(_at(tokens, j))
    upper: int | None = first
    if first is not None:
        j += 1
    if (t := _at(tokens, j)) is not None and t.text == ",":
        upper = _int(_at(tokens, j + 1))
    if upper is None or upper > MAX_HOPS:
        return advice
    return None


def _count_problem(tokens: list[Token]) -> tuple[Token, str] | None:
    """Too many relationship patterns, boolean operators or UNION parts for quick planning."""
    counted = {"relationship": 0, "boolean": 0, "union": 0}
    limits = {"relationship": MAX_RELATIONSHIPS, "boolean": MAX_BOOLEANS, "union": MAX_UNIONS - 1}
    words = {
        "relationship": f"more than {MAX_RELATIONSHIPS} relationship patterns",
        "boolean": f"more than {MAX_BOOLEANS} AND, OR, XOR and NOT operators",
        "union": f"more than {MAX_UNIONS} UNION parts",
    }
    for i, token in enumerate(tokens):
        kind = ""
        if token.kind == "symbol" and i and tokens[i - 1].text == ")" and _connector(tokens, i):
            kind = "relationship"
        elif token.kind == "word" and token.text.upper() in _BOOLEANS:
            kind = "boolean"
        elif token.kind == "word" and token.text.upper() == "UNION":
            kind = "union"
        if kind:
            counted[kind] += 1
            if counted[kind] > limits[kind]:
                return token, (
                    f"the query has {words[kind]}; the console plans at most that many "
                    "(split it into smaller queries)"
                )
    return None


def bounds_problem(tokens: list[Token]) -> tuple[Token, str] | None:
    """The first token that breaks a size bound, and why; None when the query is within bounds."""
    counted = _count_problem(tokens)
    if counted is not None:
        return counted
    stack: list[tuple[str, int]] = []
    signs = 0
    for i, token in enumerate(tokens):
        signs = signs + 1 if token.text in ("-", "+") or token.text.upper() == "NOT" else 0
        if signs > MAX_SIGNS:
            return token, f"more than {MAX_SIGNS} signs or NOTs in a row are not allowed"
        if token.kind == "symbol" and token.text in "([{":
            kind = _opens(tokens, i)
            if kind == "comprehension" and any(k == "comprehension" for k, _ in stack):
                return token, "a comprehension inside another one is not allowed in the console"
            stack.append((kind, i))
            if len(stack) > MAX_DEPTH:
                return token, f"brackets nested more than {MAX_DEPTH} deep are not allowed"
        elif token.kind == "symbol" and token.text in ")]}":
            if stack:
                _, opened = stack.pop()
                if token.text == ")" and (problem := _quantifier_problem(tokens, opened, i)):
                    return token, problem
        elif token.kind == "symbol" and token.text == "*" and stack and stack[-1][0] == "rel":
            problem = _hops_problem(tokens, i)
            if problem:
                return token, problem
        elif (
            token.kind in ("word", "quoted")
            and token.text.lower() == "range"
            and (nxt := _at(tokens, i + 1)) is not None
            and nxt.text == "("
        ):
            problem = _range_problem(tokens, i)
            if problem:
                return token, problem
    return None
