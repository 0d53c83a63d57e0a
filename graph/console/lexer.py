"""A conservative Cypher tokenizer for the read-only console door (graph.console.guard).

It splits a query the way both engines' lexers do where they agree, and refuses the text where they
might not: a keyword check is only as good as the tokenizer under it, and a bypass always lives in
a spot where the checker and the engine cut the text differently (a digit glued to a keyword, a
comment ended by a character one lexer treats as a line break and the other does not, an escape
that ends a string early for one of them). So:

- outside string literals, backquoted names and comments only printable ASCII, space, tab, `\\n`
  and `\\r\\n` may appear: no Unicode spaces or lookalike letters, no bare `\\r`, no form feed,
  no backslash (refused, because some lexer may read them differently);
- a `//` comment must not contain any character that some lexer takes as a line end (bare `\\r`,
  `\\x0b`, `\\x0c`, `\\x1c`-`\\x1e`, `\\x85`, U+2028, U+2029);
- inside a string a backslash must start an escape both engines know (`\\\\ \\' \\" b f n r t`);
- a number must not run straight into a letter (`1LOAD`), since the engines split it there;
- no `\\u` (or `\\U`) anywhere, strings and comments included: Neo4j decodes `\\u000a` into a
  line break before it lexes, so `// \\u000a , 2 AS y` hides a column from a checker that reads
  the text as typed (issue 22); type the character itself instead;
- at most `MAX_TEXT` characters and `MAX_TOKENS` tokens: planning time grows with the query (a
  116 KB chain of ORs kept a Neo4j core busy for minutes), so the text is bounded first.

Every refusal is a `CypherSyntaxRefused` carrying the line and column of the offending spot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["MAX_TEXT", "MAX_TOKENS", "CypherSyntaxRefused", "Token", "tokenize"]

Kind = Literal["word", "quoted", "string", "number", "param", "symbol"]

MAX_TEXT = 10_000  # characters; the longest saved query has 537
MAX_TOKENS = 2_500  # the longest saved query has 162


class CypherSyntaxRefused(ValueError):
    """Text the guard will not pass to an engine; `reason` says why, `line`/`column` where."""

    def __init__(self, reason: str, line: int, column: int) -> None:
        super().__init__(f"{reason} (line {line}, column {column})")
        self.reason = reason
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text (a quoted name unescaped), and where it starts."""

    kind: Kind
    text: str
    offset: int


# Characters some engine's lexer (Neo4j's or LadybugDB's ANTLR grammar, or Java's Character
# classes) treats as a line end: inside a `//` comment they would end it for one engine only.
_LINE_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_PLAIN = frozenset(chr(c) for c in range(0x20, 0x7F)) | {"\t", "\n"}
_STRING_ESCAPES = frozenset("\\'\"bBfFnNrRtT")
_SYMBOLS = ("<>", "<=", ">=", "=~", "..", "->", "<-", "+=", "!=")
_SINGLE = frozenset("()[]{},.:;|=<>+-*/%^!&?~")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(
    r"0[xX][0-9A-Fa-f_]+|0[oO][0-7_]+|(?:[0-9][0-9_]*)?\.[0-9][0-9_]*(?:[eE][+-]?[0-9]+)?"
    r"|[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9]+)?"
)
_PARAM = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)")
# Java-style unicode escapes, which Neo4j decodes in the raw text before its lexer runs.
_UNICODE_ESCAPE = re.compile(r"\\[uU]")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _refuse(text: str, offset: int, reason: str) -> CypherSyntaxRefused:
    line, column = _position(text, offset)
    return CypherSyntaxRefused(reason, line, column)


def _describe(char: str) -> str:
    return f"U+{ord(char):04X}"


def _string_end(text: str, start: int) -> int:
    """Offset just past the string literal opening at `start`."""
    quote = text[start]
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 >= len(text) or text[i + 1] not in _STRING_ESCAPES:
                raise _refuse(text, i, "a backslash in a string must start a known escape")
            i += 2
            continue
        if char == quote:
            return i + 1
        i += 1
    raise _refuse(text, start, "a string is not closed")


def _quoted_end(text: str, start: int) -> tuple[int, str]:
    """Offset just past the backquoted name at `start`, and the name (`` `` `` is one backquote)."""
    i, parts = start + 1, []
    while i < len(text):
        if text[i] == "`":
            if text.startswith("``", i):
                parts.append("`")
                i += 2
                continue
            return i + 1, "".join(parts)
        parts.append(text[i])
        i += 1
    raise _refuse(text, start, "a backquoted name is not closed")


def _comment_end(text: str, start: int) -> int:
    """Offset just past the comment at `start` (a `//` comment keeps its line end as whitespace)."""
    if text.startswith("/*", start):
        end = text.find("*/", start + 2)
        if end < 0:
            raise _refuse(text, start, "a /* comment is not closed")
        return end + 2
    i = start + 2
    while i < len(text) and text[i] != "\n":
        if text[i] in _LINE_BREAKS and not text.startswith("\r\n", i):
            raise _refuse(text, i, f"a // comment contains the line break {_describe(text[i])}")
        i += 1
    return i


def tokenize(text: str) -> list[Token]:
    """The tokens of `text`, comments and whitespace dropped; refuses anything ambiguous."""
    if len(text) > MAX_TEXT:
        raise _refuse(
            text, MAX_TEXT, f"the query is longer than {MAX_TEXT:,} characters, the console's limit"
        )
    escape = _UNICODE_ESCAPE.search(text)
    if escape is not None:
        raise _refuse(
            text,
            escape.start(),
            f"`{escape.group()}` escapes are not allowed (Neo4j decodes them before reading the "
            "query); type the character itself",
        )
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        if len(tokens) > MAX_TOKENS:
            raise _refuse(
                text, tokens[-1].offset, f"the query has more than {MAX_TOKENS:,} words and symbols"
            )
        char = text[i]
        if char in " \t\n":
            i += 1
        elif char == "\r":
            if not text.startswith("\r\n", i):
                raise _refuse(text, i, "a bare carriage return (U+000D) is not allowed")
            i += 2
        elif text.startswith("//", i) or text.startswith("/*", i):
            i = _comment_end(text, i)
        elif char in "'\"":
            end = _string_end(text, i)
            tokens.append(Token("string", text[i:end], i))
            i = end
        elif char == "`":
            end, name = _quoted_end(text, i)
            tokens.append(Token("quoted", name, i))
            i = end
        elif char == "$":
            found = _PARAM.match(text, i)
            if found is None:
                raise _refuse(text, i, "`$` must start a parameter name")
            tokens.append(Token("param", found.group(), i))
            i = found.end()
        elif char.isascii() and (char.isdigit() or (char == "." and text[i + 1 : i + 2].isdigit())):
            found = _NUMBER.match(text, i)
            assert found is not None  # a digit (or a dot and a digit) always matches
            end = found.end()
            if end < len(text) and (text[end].isalnum() or text[end] in "_`$"):
                glued = re.match(r"[^\s()\[\]{},;]{1,40}", text[i:])
                shown = glued.group() if glued else text[i:end]
                raise _refuse(text, end, f"`{shown}`: a number runs straight into a word")
            tokens.append(Token("number", found.group(), i))
            i = end
        elif char.isascii() and (char.isalpha() or char == "_"):
            found = _WORD.match(text, i)
            assert found is not None
            tokens.append(Token("word", found.group(), i))
            i = found.end()
        elif char in _SINGLE:
            two = text[i : i + 2]
            symbol = two if two in _SYMBOLS else char
            tokens.append(Token("symbol", symbol, i))
            i += len(symbol)
        elif char in _PLAIN:
            raise _refuse(text, i, f"the character {char!r} is not allowed here")
        else:
            raise _refuse(
                text,
                i,
                f"the character {_describe(char)} is not allowed outside strings; "
                "retype it with plain ASCII letters and spaces",
            )
    return tokens


def position(text: str, offset: int) -> tuple[int, int]:
    """(line, column), both from 1, of `offset` in `text`."""
    return _position(text, offset)
