"""Size bounds on console queries, for the values an engine builds without counting them.

Neo4j's transaction memory limit (`db.memory.transaction.max`) counts operator state (collect,
sort, distinct) but not values built while an expression is evaluated: `RETURN size([x IN
range(1,50000000) | x])` filled the 1 GB heap and the server exited (ExitOnOutOfMemoryError).
LadybugDB's console worker is bounded by its address-space limit, but the same rules keep the
door identical on both engines. Refused, with line and column:

- `range()` unless its arguments are integer literals spanning at most `MAX_RANGE` values;
- a comprehension (list or pattern) inside another one (sizes multiply);
- a variable-length relationship without an upper bound, or with one above `MAX_HOPS`.

`reduce` (which can double a string per step) is simply not an allowed function
(graph.console.guard). Rows are streamed, not held, so a large MATCH is bounded by time and by the
row and byte budget instead.
"""

from __future__ import annotations

from graph.console.lexer import Token

__all__ = ["MAX_HOPS", "MAX_RANGE", "bounds_problem"]

MAX_RANGE = 100_000
MAX_HOPS = 10
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


def bounds_problem(tokens: list[Token]) -> tuple[Token, str] | None:
    """The first token that breaks a size bound, and why; None when the query is within bounds."""
    stack: list[str] = []
    for i, token in enumerate(tokens):
        if token.kind == "symbol" and token.text in "([{":
            kind = _opens(tokens, i)
            if kind == "comprehension" and "comprehension" in stack:
                return token, "a comprehension inside another one is not allowed in the console"
            stack.append(kind)
        elif token.kind == "symbol" and token.text in ")]}":
            if stack:
                stack.pop()
        elif token.kind == "symbol" and token.text == "*" and stack and stack[-1] == "rel":
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
