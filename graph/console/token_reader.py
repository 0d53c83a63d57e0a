"""A cursor over a console query's tokens, shared by graph.console.values and graph.console.growth.

It knows each bracket's partner, reads a token's text, word, kind or integer without running off
the end, tells where a relationship or a path pattern starts and ends, and refuses (`Refused`, with
the token) a value whose size graph.console.sizes puts out of bounds.
"""

from __future__ import annotations

from graph.console.lexer import Token
from graph.console.sizes import Poly, Value, size_problem

__all__ = ["Env", "Refused", "TokenReader", "matches"]

Env = dict[str, Value]


class Refused(Exception):
    """A value or row set out of bounds: the token that builds it and why."""

    def __init__(self, token: Token, reason: str) -> None:
        super().__init__(reason)
        self.token = token
        self.reason = reason


def matches(tokens: list[Token]) -> dict[int, int]:
    """Each opening bracket's closing partner (an unclosed one runs to the end)."""
    pairs, stack = {}, []
    for i, token in enumerate(tokens):
        if token.kind != "symbol":
            continue
        if token.text in "([{":
            stack.append(i)
        elif token.text in ")]}" and stack:
            pairs[stack.pop()] = i
    for i in stack:
        pairs[i] = len(tokens)
    return pairs


class TokenReader:
    """The tokens, their bracket pairs, and the state the size checks need."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pairs = matches(tokens)
        self.rows = Poly.const(1)
        self.x_item: Poly | None = None  # the element size inside a list comprehension
        self.aggregates = 0
        self.bar_ends = False  # inside a comprehension, `|` starts its projection

    # -- tokens -------------------------------------------------------------------------------
    def _text(self, i: int) -> str:
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def _word(self, i: int) -> str:
        if 0 <= i < len(self.tokens) and self.tokens[i].kind == "word":
            return self.tokens[i].text.upper()
        return ""

    def _kind(self, i: int) -> str:
        return self.tokens[i].kind if 0 <= i < len(self.tokens) else ""

    def _close(self, i: int) -> int:
        return self.pairs.get(i, len(self.tokens))

    def _at(self, i: int) -> Token:
        return self.tokens[min(i, len(self.tokens) - 1)]

    def _check(self, value: Value, i: int) -> Value:
        size = value.size
        if self.x_item is not None and size.has_x():
            size = size.with_x(self.x_item)
        problem = size_problem(size)
        if problem:
            raise Refused(self._at(i), problem)
        return value

    def _number(self, i: int) -> int | None:
        token = self.tokens[i] if i < len(self.tokens) else None
        if token is None or token.kind != "number":
            return None
        try:
            return int(token.text.replace("_", ""), 0)
        except ValueError:
            return None

    def _connector(self, i: int) -> bool:
        text, following = self._text(i), self._text(i + 1)
        return (text == "-" and following in ("-", "->", "[")) or (
            text == "<-" and following in ("-", "[")
        )

    def _pattern_end(self, i: int) -> int:
        """Just past the path pattern whose first node opens at i."""
        k = self._close(i) + 1
        while self._connector(k):
            k += 1
            if self._text(k) == "[":
                k = self._close(k) + 1
            if self._text(k) in ("-", "->"):
                k += 1
            if self._text(k) != "(":
                return k
            k = self._close(k) + 1
        return k
