"""How big the values and row sets a console query builds can grow, read from its tokens.

Neo4j's transaction memory limit counts what its operators hold (sorts, DISTINCT, collect), not
the values an expression builds: `WITH s+s+s+s+s+s+s+s+s+s AS s` eight times over a ten-letter
string asks one thread for 10^9 characters, and the server used to exit (issue 22). So the
console door sizes every value by construction (graph.console.sizes): each clause and expression
is read in order, every name a WITH or UNWIND binds carries the size bound of what it holds, and
a value is refused, with the line and column of the operator or function that builds it, when
its size is not bounded by the query's own literals: chained `+` on strings and lists,
replace()/split()/repeat() whose result is a product of sizes, comprehensions, range().

Rows are sized too: UNWIND multiplies them by its list's length (refused past `MAX_ROWS` from
literals alone), and rows held whole to be sorted, deduplicated or grouped may not exceed the
byte budget when they come from literals. Rows from the graph (MATCH) are bounded by the data;
the server's timeout and transaction memory limit end those. A regular expression (`=~`, run
by Neo4j's backtracking matcher, which no timeout interrupts) must be one string literal
without a repeated group that itself repeats or alternates, and at most two open-ended repeats.

The reader is tolerant: a construct it does not know is sized as a small value and reading goes
on, so every bracket, operator and call is still visited; the engines' own limits stand behind.
"""

from __future__ import annotations

from graph.console.lexer import Token
from graph.console.sizes import ELEMENT, Poly, Value, held_problem, rows_problem
from graph.console.token_reader import Env, Refused
from graph.console.values import CLAUSES, ExpressionReader

__all__ = ["growth_problem"]


def growth_problem(tokens: list[Token]) -> tuple[Token, str] | None:
    """The token whose value or rows outgrow the console's bounds, and why; None when none do."""
    if not tokens:
        return None
    try:
        _Reader(tokens).query(0, len(tokens), {})
    except Refused as exc:
        return exc.token, exc.reason
    except (IndexError, RecursionError):
        # Fail closed: text this reader cannot follow is not passed to an engine unsized.
        return tokens[0], "the console could not work out how large this query's values can grow"
    return None


class _Reader(ExpressionReader):
    """Reads clauses in order, tracking the size of every bound name and of the rows."""

    # -- clauses ------------------------------------------------------------------------------
    def _clause_at(self, i: int) -> str:
        word = self._word(i)
        if word not in CLAUSES or self._text(i - 1) in (".", ":", "$"):
            return ""
        if word == "WITH" and self._word(i - 1) in ("STARTS", "ENDS"):
            return ""
        if (word == "ORDER" and self._word(i + 1) != "BY") or (
            word == "OPTIONAL" and self._word(i + 1) != "MATCH"
        ):
            return ""
        return word

    def _segments(self, start: int, end: int) -> list[tuple[str, int, int, int]]:
        """(clause, keyword index, body start, body end) for each clause in [start, end)."""
        segments: list[tuple[str, int, int, int]] = []
        i = start
        while i < end:
            word = self._clause_at(i)
            if word:
                body = i + (2 if word in ("ORDER", "OPTIONAL") else 1)
                if word == "UNION" and self._word(body) == "ALL":
                    body += 1
                if segments:
                    kind, key, first, _ = segments[-1]
                    segments[-1] = (kind, key, first, i)
                segments.append((word, i, body, end))
                i = body
            elif self._text(i) in ("(", "[", "{"):
                i = self._close(i) + 1
            else:
                i += 1
        return segments

    def query(self, start: int, end: int, env: Env) -> tuple[Poly, list[Value]]:
        """Read a (sub)query; the rows it makes and the values its RETURN gives."""
        saved, self.rows = self.rows, Poly.const(1)
        returned: list[Value] = []
        segments = self._segments(start, end)
        k = 0
        while k < len(segments):
            kind, key, first, last = segments[k]
            if kind == "UNION":
                env, self.rows = {}, Poly.const(1)
            elif kind in ("MATCH", "OPTIONAL"):
                self._pattern(first, last, env)
                self.rows = self.rows * Poly.of(1)
            elif kind == "UNWIND":
                env = self._unwind(key, first, last, env)
            elif kind in ("WITH", "RETURN"):
                modifiers = []
                while k + 1 < len(segments) and segments[k + 1][0] in (
                    "ORDER", "SKIP", "LIMIT", "WHERE",
                ):  # fmt: skip
                    k += 1
                    modifiers.append(segments[k])
                env, returned = self._projection(key, first, last, modifiers, env)
            else:
                self._expressions(first, last, env)
            k += 1
        rows, self.rows = self.rows, saved
        return rows, returned

    def _unwind(self, key: int, first: int, last: int, env: Env) -> Env:
        value, i = self._expr(first, env)
        self._expressions(i, last, env, names_after_as=True)
        self.rows = self.rows * value.count
        problem = rows_problem(self.rows, "these UNWIND clauses")
        if problem:
            raise Refused(self.tokens[key], problem)
        env = dict(env)
        if self._word(i) == "AS" and i + 1 < last:
            env[self.tokens[i + 1].text] = Value.element_of(value)
        return env

    def _projection(
        self,
        key: int,
        first: int,
        last: int,
        modifiers: list[tuple[str, int, int, int]],
        env: Env,
    ) -> tuple[Env, list[Value]]:
        i, distinct = first, self._word(first) == "DISTINCT"
        i += distinct
        aggregates_before = self.aggregates
        named: Env = {}
        values: list[Value] = []  # the values each row keeps (aggregations are sized apart)
        star = False
        while i < last:
            if self._text(i) == "*":
                star, i = True, i + 1
            else:
                counted = self.aggregates
                value, j = self._expr(i, env)
                if self._word(j) == "AS" and j + 1 < last:
                    named[self.tokens[j + 1].text] = value
                    j += 2
                elif j == i + 1 and self.tokens[i].kind in ("word", "quoted"):
                    named[self.tokens[i].text] = value
                if self.aggregates == counted:
                    values.append(value)
                i = j if j > i else i + 1
            if self._text(i) == ",":
                i += 1
        if star:
            values.extend(env.values())
        new_env = {**env, **named} if star else named
        limit = next(
            (
                self._number(s)
                for kind, _, s, _ in modifiers
                if kind == "LIMIT" and self._number(s) is not None
            ),
            None,
        )
        order = next((k for kind, k, _, _ in modifiers if kind == "ORDER"), None)
        grouped = self.aggregates > aggregates_before
        if distinct or grouped or order is not None:
            held_rows = self.rows
            if order is not None and limit is not None and not (distinct or grouped):
                held_rows = Poly.const(limit)  # ORDER BY ... LIMIT n keeps the top n only
            row = Poly({})
            for value in values:
                row = row + Poly.const(ELEMENT) + value.size
            what = "sorting these rows" if order is not None else "grouping these rows"
            problem = held_problem(held_rows * row, what)
            if problem:
                anchor = order if order is not None else (first if distinct else key)
                raise Refused(self.tokens[anchor], problem)
        for kind, _, s, e in modifiers:
            scope = {**env, **new_env} if kind == "ORDER" else new_env
            self._expressions(s, e, scope)
        if limit is not None:
            self.rows = Poly.const(limit)
        return new_env, values
