"""How big a value built inside a console query can be: the arithmetic graph.console.growth uses.

A size is a polynomial in two unknowns with non-negative coefficients, in estimated bytes:

- `U`, the size of something the query reads rather than builds: a stored property, a node or
  path, a parameter, or a collection the engine gathers from the data (`collect()`, a pattern
  comprehension), whose memory the engine itself accounts for;
- `X`, the size of the element a list comprehension is looking at (graph.console.growth replaces
  it by the list's element size, or sums it over the list).

A value is within bounds when its size is at most `MAX_BYTES` from the query's own literals plus
at most `MAX_FACTOR` times one input (`c + k*U`, `c <= MAX_BYTES`, `k <= MAX_FACTOR`). A square
of an input (`U*U`: replace() with a replacement that is itself read from the data, a copy of a
stored value for every element of a stored list) has no bound the query's text gives, and
neither has a chain that doubles a value again and again; both are refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "AGGREGATES",
    "CHAR",
    "ELEMENT",
    "MAX_BYTES",
    "MAX_FACTOR",
    "MAX_ROWS",
    "SCALAR",
    "Poly",
    "SizeRefused",
    "Value",
    "call_size",
    "held_problem",
    "human_bytes",
    "rows_problem",
    "size_problem",
]

CHAR = 2  # bytes a character may take (Java keeps non-Latin-1 strings as UTF-16)
SCALAR = 8  # a number, a boolean, a date
ELEMENT = 16  # what a list element or map entry costs beyond its value (reference, header)
PIECE = 40  # one piece of a split() string: a new string object and its list slot

MAX_BYTES = 64 * 2**20  # what a query may build from its own literals, per value
MAX_FACTOR = 1_000  # how many times one stored value or parameter a value may hold
MAX_ROWS = 10_000_000  # rows a query may make from literals alone (UNWIND products)

Term = tuple[int, int]  # (power of U, power of X)


@dataclass(frozen=True)
class Poly:
    """A polynomial in U and X with non-negative coefficients (terms with 0 are dropped)."""

    terms: Mapping[Term, float]

    @staticmethod
    def const(value: float) -> Poly:
        return Poly({(0, 0): float(value)} if value else {})

    @staticmethod
    def of(u: int = 0, x: int = 0, coefficient: float = 1.0) -> Poly:
        return Poly({(u, x): coefficient})

    def __add__(self, other: Poly) -> Poly:
        terms = dict(self.terms)
        for term, coefficient in other.terms.items():
            terms[term] = terms.get(term, 0.0) + coefficient
        return Poly(terms)

    def __mul__(self, other: Poly) -> Poly:
        terms: dict[Term, float] = {}
        for (u1, x1), c1 in self.terms.items():
            for (u2, x2), c2 in other.terms.items():
                term = (u1 + u2, x1 + x2)
                terms[term] = terms.get(term, 0.0) + c1 * c2
        return Poly(terms)

    def scale(self, factor: float) -> Poly:
        return Poly({term: c * factor for term, c in self.terms.items()})

    def constant(self) -> float:
        return self.terms.get((0, 0), 0.0)

    def has_x(self) -> bool:
        return any(x for _, x in self.terms)

    def with_x(self, item: Poly) -> Poly:
        """X replaced by `item` (the size of one element)."""
        out = Poly({})
        for (u, x), c in self.terms.items():
            term = Poly.of(u, 0, c)
            for _ in range(x):
                term = term * item
            out = out + term
        return out

    def summed(self, count: Poly, size: Poly, item: Poly) -> Poly:
        """The sum of this polynomial over a list's elements (X being each element's size): a
        term without X counts once per element (`count`), X**k sums to at most the list's
        `size` times `item`**(k-1)."""
        out = Poly({})
        for (u, x), c in self.terms.items():
            term = Poly.of(u, 0, c)
            if x == 0:
                term = term * count
            else:
                term = term * size
                for _ in range(x - 1):
                    term = term * item
            out = out + term
        return out

    def collapsed(self) -> Poly:
        """Every power of U counted as U: a collection the engine gathers from the data (and
        accounts for) is one input however many stored values went into it."""
        out: dict[Term, float] = {}
        for (u, x), c in self.terms.items():
            term = (min(u, 1), x)
            out[term] = out.get(term, 0.0) + c
        return Poly(out)

    def degree(self) -> int:
        return max((u for u, _ in self.terms), default=0)

    def factor(self) -> float:
        """The coefficient of U (how many times one input the value may hold)."""
        return sum(c for (u, _), c in self.terms.items() if u == 1)


def _unknown() -> Poly:
    return Poly.of(1)


@dataclass(frozen=True)
class Value:
    """What the checker knows of a value: its size, how many elements it has (a string: its
    characters), how big one element is, and its value when it is an integer literal."""

    size: Poly
    count: Poly
    item: Poly
    number: int | None = None

    @staticmethod
    def scalar(number: int | None = None) -> Value:
        one = Poly.const(SCALAR)
        return Value(one, Poly.const(1), one, number)

    @staticmethod
    def text(chars: int) -> Value:
        return Value(Poly.const(chars * CHAR), Poly.const(chars), Poly.const(CHAR))

    @staticmethod
    def read() -> Value:
        """Something read, not built: a stored value, a node, a parameter."""
        return Value(_unknown(), _unknown(), _unknown())

    @staticmethod
    def element_of(value: Value) -> Value:
        return Value(value.item, value.item, value.item)

    @staticmethod
    def gathered(rows: Poly, each: Value) -> Value:
        """A collection of one `each` per row (collect(), a pattern comprehension)."""
        size = (rows * (Poly.const(ELEMENT) + each.size)).collapsed()
        return Value(size, rows.collapsed(), each.size)

    def plus(self, other: Value) -> Value:
        return Value(self.size + other.size, self.count + other.count, self.item + other.item)


def human_bytes(size: float) -> str:
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    return f"{size:,.0f} bytes"


def size_problem(size: Poly) -> str | None:
    """Why a value of this size is refused, or None (X must already be replaced)."""
    if size.degree() >= 2:
        return (
            "this can build a value whose size multiplies one value read from the graph or a "
            "parameter by another (e.g. replace() with a replacement that is not a literal, or "
            "a list repeating a stored value for every element of another); the console "
            "allows only growth that the query's own literals bound"
        )
    if size.factor() > MAX_FACTOR:
        return (
            f"this can build a value {size.factor():,.0f} times the size of a value read from "
            f"the graph or a parameter; the console allows at most {MAX_FACTOR:,} times"
        )
    if size.constant() > MAX_BYTES:
        return (
            f"this can build a value of about {human_bytes(size.constant())}; the console "
            f"allows at most {human_bytes(MAX_BYTES)} built from the query's own literals"
        )
    return None


def rows_problem(rows: Poly, what: str) -> str | None:
    """Why `what` (making rows, or holding them to sort or group) is refused, or None."""
    biggest = max(rows.terms.values(), default=0.0)
    if biggest > MAX_ROWS:
        return (
            f"{what} can make about {biggest:,.0f} rows from the query's own lists; the "
            f"console allows at most {MAX_ROWS:,}"
        )
    return None


def held_problem(held: Poly, what: str) -> str | None:
    """Why holding rows of this total size to sort, deduplicate or group them is refused."""
    if held.constant() > MAX_BYTES:
        return (
            f"{what} can hold about {human_bytes(held.constant())} built from the query's own "
            f"literals; the console allows at most {human_bytes(MAX_BYTES)}"
        )
    return None


# What each allowed function (graph.console.guard) returns, by size. Aggregations gather rows and
# are sized by graph.console.growth, which knows the rows.
AGGREGATES = frozenset(
    {
        "count", "sum", "avg", "min", "max", "collect", "percentilecont", "percentiledisc",
        "stdev", "stdevp", "string_agg",
    }
)  # fmt: skip
_SCALARS = frozenset(
    {
        "count", "size", "length", "tointeger", "tofloat", "toboolean", "abs", "ceil", "floor",
        "round", "sign", "sqrt", "exp", "log", "log10", "id", "timestamp", "date", "datetime",
        "localdatetime", "duration", "exists", "any", "all", "none", "single", "isnull",
        "is_null", "starts_with", "ends_with", "contains", "list_contains", "percentilecont",
        "percentiledisc", "stdev", "stdevp", "sum", "avg", "date_part", "tointegerornull",
        "tofloatornull",
    }
)  # fmt: skip
_NO_BIGGER = frozenset(
    {
        "tolower", "toupper", "lower", "upper", "trim", "ltrim", "rtrim", "substring", "left",
        "right", "reverse", "tail", "list_sort", "list_distinct", "list_unique", "keys",
        "labels", "properties", "nodes", "relationships", "rels", "min", "max",
    }
)  # fmt: skip
_ONE_ELEMENT = frozenset({"head", "last", "list_extract", "startnode", "endnode", "label", "type"})
_JOINED = frozenset({"coalesce", "concat", "list_concat"})
_RENDERED = frozenset({"tostring", "tostringornull", "cast"})
_SHORT_TEXT = 256  # elementId() and the like


class SizeRefused(ValueError):
    """A function call the console cannot size (e.g. repeat() with a count that is not a literal)."""


def call_size(name: str, args: list[Value]) -> Value:
    """The size of `name(args)` for a function that is not an aggregation."""
    first = args[0] if args else Value.read()
    if name in _SCALARS:
        return Value.scalar()
    if name == "elementid":
        return Value.text(_SHORT_TEXT)
    if name in _NO_BIGGER:
        return first
    if name in _ONE_ELEMENT:
        return Value.element_of(first)
    if name in _JOINED:
        out = Value(Poly({}), Poly({}), Poly({}))
        for arg in args:
            out = out.plus(arg)
        return out
    if name in _RENDERED:
        # Numbers become digits; a list or map is written out with separators and quotes.
        size = first.size.scale(2) + Poly.const(48)
        return Value(size, size, Poly.const(CHAR))
    if name == "replace" and len(args) == 3:
        # Every character of the text may be replaced (an empty search string inserts the
        # replacement between characters): chars + 1 copies of the replacement at most.
        text, replacement = args[0], args[2]
        copies = text.size.scale(1 / CHAR) + Poly.const(1)
        size = text.size + copies * replacement.size
        return Value(size, size.scale(1 / CHAR), Poly.const(CHAR))
    if name in ("split", "string_split") and args:
        pieces = first.size.scale(1 / CHAR) + Poly.const(1)
        return Value(first.size + pieces.scale(PIECE), pieces, first.size)
    if name == "repeat" and len(args) == 2:
        times = args[1].number
        if times is None:
            raise SizeRefused("repeat() takes an integer literal count in the console")
        size = first.size.scale(max(times, 0))
        return Value(size, size.scale(1 / CHAR), Poly.const(CHAR))
    if name == "range":
        numbers = [arg.number for arg in args]
        if len(numbers) not in (2, 3) or any(n is None for n in numbers):
            raise SizeRefused("range() takes integer literals in the console")
        low, high, *rest = [int(n or 0) for n in numbers]
        step = rest[0] if rest else 1
        span = 0 if step == 0 else max(0, (high - low) // step + 1)
        each = Poly.const(SCALAR)
        return Value(Poly.const(span * (ELEMENT + SCALAR)), Poly.const(span), each)
    if name in ("shortestpath", "allshortestpaths"):
        return Value.read()
    # Not expected (graph.console.guard allows only the functions above): sized generously.
    size = Poly({})
    for arg in args:
        size = size + arg.size
    size = size.scale(2) + Poly.const(48)
    return Value(size, size, size)
