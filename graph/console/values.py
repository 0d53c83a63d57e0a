"""The expression half of graph.console.growth: the size of every value an expression builds.

`ExpressionReader` reads one expression at a time from the query's tokens (precedence climbing:
OR, XOR, AND, NOT, comparisons, `+`/`-`, `*`/`/`/`%`/`^`, signs, then properties, indexes,
slices, labels and map projections after a primary), and returns the expression's size bound
(graph.console.sizes.Value) and where it ends. Every operator, call, comprehension, list and map
that builds something has its size checked where it is built; the first that is out of bounds
is refused (`Refused`, with its token). Patterns inside expressions (`(a)-->(b)`, pattern
comprehensions, EXISTS/COUNT/COLLECT subqueries) have their property maps and WHEREs read too.

It is tolerant: a token it does not know is taken as a small value and reading goes on, so every
bracket, operator and call is still visited; the engines' own limits stand behind.
"""

from __future__ import annotations

from graph.console.regexes import REGEX_ADVICE, regex_problem
from graph.console.sizes import (
    AGGREGATES,
    CHAR,
    ELEMENT,
    Poly,
    SizeRefused,
    Value,
    call_size,
)
from graph.console.token_reader import Env, Refused, TokenReader

__all__ = ["CLAUSES", "ExpressionReader"]

CLAUSES = frozenset(
    {"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "WHERE", "ORDER", "SKIP", "LIMIT", "UNION"}
)
_SUBQUERY_STARTS = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"})
# Words that end an expression (never an operand).
_STOP_WORDS = CLAUSES | frozenset(
    {
        "AS", "WHEN", "THEN", "ELSE", "END", "ASC", "ASCENDING", "DESC", "DESCENDING", "BY",
        "IN", "IS", "AND", "OR", "XOR", "STARTS", "ENDS", "CONTAINS", "DISTINCT",
    }
)  # fmt: skip
_COMPARISONS = frozenset({"=", "<>", "!=", "<", ">", "<=", ">=", "=~"})


class ExpressionReader(TokenReader):
    """Reads expressions, checking the size of what each builds (graph.console.growth reads the
    clauses around them and supplies `query` for subqueries)."""

    def query(self, start: int, end: int, env: Env) -> tuple[Poly, list[Value]]:
        """Read a subquery: the rows it makes and the values its RETURN gives."""
        raise NotImplementedError

    def _expressions(self, start: int, end: int, env: Env, *, names_after_as: bool = False) -> None:
        """Read every expression in [start, end), whatever separates them."""
        i = start
        while i < end:
            if names_after_as and self._word(i) == "AS":
                i += 2
                continue
            _, j = self._expr(i, env)
            i = j if j > i else i + 1

    # -- patterns -----------------------------------------------------------------------------
    def _pattern(self, start: int, end: int, env: Env) -> None:
        """A pattern: its property maps and inline WHEREs are expressions; the rest is skipped."""
        i = start
        while i < end:
            text = self._text(i)
            if text == "{":
                close = self._close(i)
                quantifier = self._text(i - 1) == ")" and (
                    self._kind(i + 1) == "number" or self._text(i + 1) == ","
                )
                if not quantifier:
                    self._brace(i, env)
                i = close + 1
            elif self._word(i) == "WHERE":
                _, j = self._expr(i + 1, env)
                i = max(j, i + 1)
            else:
                i += 1

    # -- expressions --------------------------------------------------------------------------
    def _expr(self, i: int, env: Env) -> tuple[Value, int]:
        return self._boolean(i, env, ("OR", "XOR", "AND"))

    def _boolean(self, i: int, env: Env, levels: tuple[str, ...]) -> tuple[Value, int]:
        if not levels:
            return self._negation(i, env)
        left, i = self._boolean(i, env, levels[1:])
        while self._word(i) == levels[0]:
            _, j = self._boolean(i + 1, env, levels[1:])
            left, i = Value.scalar(), max(j, i + 1)
        return left, i

    def _negation(self, i: int, env: Env) -> tuple[Value, int]:
        negated = False
        while self._word(i) == "NOT":
            negated, i = True, i + 1
        value, i = self._comparison(i, env)
        return (Value.scalar() if negated else value), i

    def _comparison(self, i: int, env: Env) -> tuple[Value, int]:
        left, i = self._additive(i, env)
        while True:
            text, word = self._text(i), self._word(i)
            if word == "IS":
                i += 1
                i += self._word(i) == "NOT"
                if self._word(i) == "NULL":
                    i += 1
                while self._text(i) == ":":
                    i += 1
                while self._word(i) and self._word(i) not in _STOP_WORDS:
                    i += 1
                left = Value.scalar()
                continue
            if text == "=~":
                self._regex(i + 1)
            if text in _COMPARISONS or word in ("IN", "CONTAINS"):
                step = 1
            elif word in ("STARTS", "ENDS") and self._word(i + 1) == "WITH":
                step = 2
            else:
                return left, i
            _, j = self._additive(i + step, env)
            left, i = Value.scalar(), max(j, i + step)

    def _regex(self, i: int) -> None:
        token = self._at(i)
        following = self._text(i + 1)
        if token.kind != "string" or following in (".", "[", "+"):
            raise Refused(token, REGEX_ADVICE)
        problem = regex_problem(token.text[1:-1])
        if problem:
            raise Refused(token, problem)

    def _additive(self, i: int, env: Env) -> tuple[Value, int]:
        left, i = self._multiplicative(i, env)
        while self._text(i) in ("+", "-") or self._concat(i):
            op, width = i, 2 if self._concat(i) else 1
            right, j = self._multiplicative(i + width, env)
            joined = self._text(op) == "+" or width == 2
            left = self._check(left.plus(right), op) if joined else Value.scalar()
            i = max(j, i + width)
        return left, i

    def _concat(self, i: int) -> bool:
        """`||` (GQL's concatenation, in Neo4j 5): two `|` tokens side by side."""
        here, following = self._at(i), self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        return (
            here.text == "|"
            and following is not None
            and following.text == "|"
            and following.offset == here.offset + 1
        )

    def _multiplicative(self, i: int, env: Env) -> tuple[Value, int]:
        left, i = self._unary(i, env)
        while self._text(i) in ("*", "/", "%", "^"):
            _, j = self._unary(i + 1, env)
            left, i = Value.scalar(), max(j, i + 1)
        return left, i

    def _unary(self, i: int, env: Env) -> tuple[Value, int]:
        signs = []
        while self._text(i) in ("-", "+"):
            signs.append(self._text(i))
            i += 1
        value, i = self._postfix(i, env)
        if "-" not in signs:
            return value, i  # a plus sign changes nothing (and must not hide a size)
        number = value.number
        if number is not None and signs.count("-") % 2:
            number = -number
        return Value.scalar(number), i

    def _postfix(self, i: int, env: Env) -> tuple[Value, int]:
        start = i
        value, i = self._primary(i, env)
        while True:
            text = self._text(i)
            if text == "." and self._kind(i + 1) in ("word", "quoted"):
                i += 2  # a property is no bigger than what holds it
            elif text == "[" and i > start:
                close = self._close(i)
                slice_ = False
                j = i + 1
                if self._text(j) != "..":
                    _, j = self._expr(j, env)
                if self._text(j) == "..":
                    slice_ = True
                    self._expressions(j + 1, close, env)
                else:
                    self._expressions(j, close, env)
                if not slice_:
                    value = Value.element_of(value)
                i = close + 1
            elif text == ":" and i > start:
                i = self._labels(i)
                value = Value.scalar()
            elif text == "{" and i == start + 1 and self._kind(start) in ("word", "quoted"):
                projection = self._brace(i, env, projection=True)
                value = self._check(value.plus(projection), i)
                i = self._close(i) + 1
            else:
                return value, i

    def _labels(self, i: int) -> int:
        """Just past a label expression starting at the `:` at i (`n:Vendor|Product`)."""
        joins = (":", "&") if self.bar_ends else (":", "&", "|")
        while self._text(i) in joins:
            i += 1
            while self._text(i) in ("!", "%"):
                i += 1
            if self._text(i) == "(":
                i = self._close(i) + 1
            elif self._kind(i) in ("word", "quoted"):
                i += 1
        return i

    def _primary(self, i: int, env: Env) -> tuple[Value, int]:
        if i >= len(self.tokens):
            return Value.scalar(), i
        token = self.tokens[i]
        if token.kind == "number":
            return Value.scalar(self._number(i)), i + 1
        if token.kind == "string":
            return Value.text(len(token.text) - 2), i + 1
        if token.kind == "param":
            return Value.read(), i + 1
        if token.kind == "quoted":
            if self._text(i + 1) == "(":
                return self._call(i, env)  # a backquoted function name: `replace`(...)
            return env.get(token.text, Value.read()), i + 1
        if token.text == "(":
            return self._paren(i, env)
        if token.text == "[":
            return self._bracket(i, env)
        if token.text == "{":
            return self._brace(i, env), self._close(i) + 1
        if token.kind != "word":
            return Value.scalar(), i
        word = token.text.upper()
        if word in ("TRUE", "FALSE", "NULL"):
            return Value.scalar(), i + 1
        if word == "CASE":
            return self._case(i, env)
        if word in ("EXISTS", "COUNT", "COLLECT") and self._text(i + 1) == "{":
            return self._subquery(i, env)
        if word in _STOP_WORDS:
            return Value.scalar(), i
        if self._text(i + 1) == "(":
            if (
                word in ("ANY", "ALL", "NONE", "SINGLE")
                and self._kind(i + 2) in ("word", "quoted")
                and self._word(i + 3) == "IN"
            ):
                return self._quantifier(i, env)
            return self._call(i, env)
        return env.get(token.text, Value.read()), i + 1

    def _paren(self, i: int, env: Env) -> tuple[Value, int]:
        close = self._close(i)
        if self._connector(close + 1) or self._text(i + 1) == ")":
            end = self._pattern_end(i)
            self._pattern(i, end, env)
            return Value.scalar(), end
        value, j = self._expr(i + 1, env)
        self._expressions(j, close, env)
        return value, close + 1

    def _bracket(self, i: int, env: Env) -> tuple[Value, int]:
        close = self._close(i)
        named = self._kind(i + 1) in ("word", "quoted")
        pattern_start = None
        if self._text(i + 1) == "(" and self._connector(self._close(i + 1) + 1):
            pattern_start = i + 1
        elif named and self._text(i + 2) == "=" and self._text(i + 3) == "(":
            pattern_start = i + 3
        if pattern_start is not None:
            return self._pattern_comprehension(i, pattern_start, close, env), close + 1
        if named and self._word(i + 2) == "IN":
            return self._comprehension(i, close, env), close + 1
        total = Value(Poly({}), Poly({}), Poly({}))
        j = i + 1
        while j < close:
            value, k = self._expr(j, env)
            total = total.plus(Value(Poly.const(ELEMENT) + value.size, Poly.const(1), value.size))
            j = k if k > j else j + 1
            if self._text(j) == ",":
                j += 1
        return self._check(total, i), close + 1

    def _comprehension(self, i: int, close: int, env: Env) -> Value:
        name = self.tokens[i + 1].text
        source, j = self._expr(i + 3, env)
        element = Poly.of(0, 1)
        inner = {**env, name: Value(element, element, element)}
        saved = self.x_item, self.bar_ends
        self.x_item, self.bar_ends = source.item, True
        try:
            if self._word(j) == "WHERE":
                _, j = self._expr(j + 1, inner)
            each = Value(element, element, element)
            if self._text(j) == "|" and not self._concat(j):
                each = self._sum(j + 1, close, inner)
            else:
                self._expressions(j, close, inner)
        finally:
            self.x_item, self.bar_ends = saved
        size = Poly.const(ELEMENT) * source.count + each.size.summed(
            source.count, source.size, source.item
        )
        return self._check(Value(size, source.count, each.size.with_x(source.item)), i)

    def _sum(self, start: int, end: int, env: Env) -> Value:
        """Every expression in [start, end) added up: a projection read whole, however odd."""
        total, i = Value(Poly({}), Poly({}), Poly({})), start
        while i < end:
            value, j = self._expr(i, env)
            total = total.plus(value) if j > i else total
            i = j if j > i else i + 1
        return total

    def _pattern_comprehension(self, i: int, start: int, close: int, env: Env) -> Value:
        j = start
        while j < close and self._word(j) != "WHERE" and self._text(j) != "|":
            j = self._close(j) + 1 if self._text(j) in ("(", "[", "{") else j + 1
        self._pattern(start, j, env)
        saved = self.bar_ends
        self.bar_ends = True
        try:
            if self._word(j) == "WHERE":
                _, j = self._expr(j + 1, env)
            each = Value.read()
            if self._text(j) == "|":
                each = self._sum(j + 1, close, env)
            else:
                self._expressions(j, close, env)
        finally:
            self.bar_ends = saved
        return self._check(Value.gathered(Poly.of(1), each), i)

    def _brace(self, i: int, env: Env, *, projection: bool = False) -> Value:
        """A map literal (or a map projection's entries) opening at i."""
        close = self._close(i)
        if self._word(i + 1) in _SUBQUERY_STARTS:
            self.query(i + 1, close, dict(env))
            return Value.read()
        total = Value(Poly({}), Poly({}), Poly({}))
        j = i + 1
        while j < close:
            if projection and self._text(j) == ".":
                j += 2  # `.name` or `.*`: a stored value, counted with the node
                entry = Value.scalar()
            elif self._text(j + 1) == ":":
                key = self.tokens[j].text
                value, k = self._expr(j + 2, env)
                entry = Value(Poly.const(CHAR * len(key)) + value.size, Poly.const(1), value.size)
                j = k if k > j + 2 else j + 2
            else:
                entry, k = self._expr(j, env)
                j = k if k > j else j + 1
            total = total.plus(Value(Poly.const(ELEMENT) + entry.size, Poly.const(1), entry.size))
            if self._text(j) == ",":
                j += 1
        return self._check(total, i)

    def _subquery(self, i: int, env: Env) -> tuple[Value, int]:
        word, start = self._word(i), i + 1
        close = self._close(start)
        if self._word(start + 1) in _SUBQUERY_STARTS:
            rows, returned = self.query(start + 1, close, dict(env))
        else:
            self._pattern(start + 1, close, env)
            rows, returned = Poly.of(1), []
        if word != "COLLECT":
            return Value.scalar(), close + 1
        each = returned[0] if returned else Value.read()
        return self._check(Value.gathered(rows, each), i), close + 1

    def _quantifier(self, i: int, env: Env) -> tuple[Value, int]:
        close = self._close(i + 1)
        source, j = self._expr(i + 4, env)
        inner = {**env, self.tokens[i + 2].text: Value.element_of(source)}
        self._expressions(j, close, inner)
        return Value.scalar(), close + 1

    def _case(self, i: int, env: Env) -> tuple[Value, int]:
        total = Value(Poly({}), Poly({}), Poly({}))
        j = i + 1
        while j < len(self.tokens) and self._word(j) != "END":
            word = self._word(j)
            value, k = self._expr(j + 1 if word in ("WHEN", "THEN", "ELSE") else j, env)
            if word in ("THEN", "ELSE"):
                total = total.plus(value)
            j = k if k > j + 1 else j + 1
        return self._check(total, i), j + 1

    def _call(self, i: int, env: Env) -> tuple[Value, int]:
        name = self.tokens[i].text.lower()
        open_, close = i + 1, self._close(i + 1)
        args: list[Value] = []
        j = open_ + 1
        if self._word(j) == "DISTINCT":
            j += 1
        while j < close:
            if self._text(j) == "*":
                j += 1
                continue
            value, k = self._expr(j, env)
            args.append(value)
            j = k if k > j else j + 1
            if self._word(j) == "AS":  # CAST(x AS STRING)
                while j < close and self._text(j) != ",":
                    j += 1
            if self._text(j) == ",":
                j += 1
        if name in AGGREGATES:
            self.aggregates += 1
        if name in ("collect", "string_agg"):
            each = args[0] if args else Value.read()
            if name == "string_agg":
                each = Value(each.size + Poly.const(CHAR), each.count, Poly.const(CHAR))
            return self._check(Value.gathered(self.rows, each), i), close + 1
        try:
            value = call_size(name, args)
        except SizeRefused as exc:
            raise Refused(self.tokens[i], str(exc)) from None
        return self._check(value, i), close + 1
