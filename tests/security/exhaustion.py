"""Resource-exhaustion console queries (issue 22): values built inside one query, list and string
growth, nested comprehensions, sorts, cartesian products, planning bombs and smuggled escapes.

Each was written to stop or starve a Neo4j server with a 1 GB heap (the launcher's default) if
nothing bounded it: the text check must refuse it (or it must end in one line), and straight at
the engine the server's own settings must end it while the server keeps answering. The first
three are the kills reported in issue 22, verbatim in shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Bomb:
    """One exhaustion query: its family, the text, and the parameters it needs. `by_data` marks
    the few the text check lets through on purpose: their size is bounded by the graph (rows of
    several MATCHes, paths of at most 10 hops) or by literals within the console's budget, and the
    server's timeout and transaction memory limit end them."""

    family: str
    cypher: str
    params: dict[str, Any] = field(default_factory=dict)
    by_data: bool = False

    @property
    def name(self) -> str:
        return f"{self.family}:{self.cypher[:60]}"


def _tens(base: str, rounds: int, fan: int = 10) -> str:
    """`WITH base AS s` then `rounds` clauses that each join `fan` copies of s."""
    joined = "+".join(["s"] * fan)
    return f"WITH '{base}' AS s " + f"WITH {joined} AS s " * rounds


# The three reported kills (issue 22): a string grown by chained `+`, replace() nested three deep
# (about 10^9 characters), split() of a 10^8-character string.
REPORTED = [
    Bomb("reported", _tens("a" * 10, 8) + "RETURN size(s) AS n"),
    Bomb(
        "reported",
        f"WITH '{'a' * 1000}' AS k "
        "RETURN size(replace(replace(replace('a', 'a', k), 'a', k), 'a', k)) AS n",
    ),
    Bomb("reported", _tens("a" * 10, 7) + "RETURN size(split(s, 'a')) AS n"),
]


def _string_growth() -> list[Bomb]:
    out = []
    for base, rounds, fan in [
        ("a" * 10, 9, 10),
        ("a" * 100, 7, 10),
        ("ab", 30, 2),
        ("abc", 20, 3),
        ("a" * 1000, 6, 10),
        ("x", 10, 9),
        ("é" * 10, 8, 10),
    ]:
        out.append(Bomb("string+", _tens(base, rounds, fan) + "RETURN size(s) AS n"))
    out.append(Bomb("string+", _tens("a" * 10, 8) + "RETURN s"))
    out.append(Bomb("string+", _tens("a" * 10, 8) + "RETURN toUpper(s) AS u"))
    out.append(Bomb("string+", _tens("a" * 10, 8) + "RETURN s + s AS t LIMIT 1"))
    # Two names for one value, joined: the same doubling without repeating a name in one `+`.
    alias = "WITH s AS a, s AS b WITH a + b AS s " * 32
    out.append(Bomb("string+", f"WITH 'ab' AS s {alias}RETURN size(s) AS n"))
    # One expression, parentheses doubling inside it.
    doubled = "s"
    for _ in range(6):
        doubled = f"({doubled}+{doubled})"
    out.append(
        Bomb(
            "string+",
            f"WITH '{'a' * 100}' AS s " + f"WITH {doubled} AS s " * 4 + "RETURN size(s) AS n",
        )
    )
    # A property as the seed: growth from stored data, not a literal.
    out.append(
        Bomb(
            "string+",
            "MATCH (v:Vendor) WITH v.name AS s LIMIT 1 "
            + "WITH s+s+s+s+s+s+s+s+s+s AS s " * 9
            + "RETURN size(s) AS n",
        )
    )
    out.append(
        Bomb(
            "string+",
            "WITH $seed AS s " + "WITH s+s+s+s+s+s+s+s+s+s AS s " * 8 + "RETURN size(s) AS n",
            {"seed": "a" * 10},
        )
    )
    out.append(Bomb("string+", _tens("a" * 10, 8) + "RETURN substring(s, 1) AS t"))
    out.append(Bomb("string+", _tens("a" * 10, 8) + "RETURN reverse(s) AS t"))
    out.append(Bomb("string+", _tens("a" * 10, 8) + "RETURN trim(s + ' ') AS t"))
    out.append(Bomb("string+", _tens("a" * 10, 8) + "RETURN left(s, 900000000) AS t"))
    out.append(Bomb("string+", _tens("a" * 10, 8) + "RETURN {a: s, b: s} AS m"))
    out.append(
        Bomb(
            "string+",
            _tens("a" * 10, 8) + "RETURN CASE WHEN size(s) > 0 THEN s + 'x' ELSE '' END AS t",
        )
    )
    out.append(Bomb("string+", _tens("a" * 10, 8) + "RETURN s STARTS WITH 'b' AS t"))
    return out


def _list_growth() -> list[Bomb]:
    ten = "[" + ", ".join(str(i) for i in range(10)) + "]"
    out = []
    for rounds in (8, 9):
        chain = "WITH l+l+l+l+l+l+l+l+l+l AS l " * rounds
        out.append(Bomb("list+", f"WITH {ten} AS l {chain}RETURN size(l) AS n"))
        out.append(Bomb("list+", f"WITH {ten} AS l {chain}RETURN size([x IN l | x]) AS n"))
        out.append(Bomb("list+", f"WITH {ten} AS l {chain}RETURN l[0..900000000] AS t"))
    out.append(Bomb("list+", "WITH ['ab'] AS l " + "WITH l + l AS l " * 30 + "RETURN size(l) AS n"))
    out.append(
        Bomb(
            "list+",
            "WITH [1] AS l " + "WITH l AS a, l AS b WITH a + b AS l " * 30 + "RETURN size(l) AS n",
        )
    )
    out.append(
        Bomb(
            "list+",
            f"WITH {ten} AS l "
            + "WITH l+l+l+l+l+l+l+l+l+l AS l " * 8
            + "UNWIND l AS x RETURN count(x) AS n",
        )
    )
    out.append(
        Bomb(
            "list+",
            f"WITH {ten} AS l "
            + "WITH l+l+l+l+l+l+l+l+l+l AS l " * 8
            + "RETURN reverse(l)[0] AS t",
        )
    )
    out.append(
        Bomb(
            "list+",
            f"WITH {ten} AS l "
            + "WITH [l, l, l, l, l, l, l, l, l, l] AS l " * 8
            + "RETURN size(l) AS n",
        )
    )
    out.append(
        Bomb(
            "list+",
            "MATCH (v:Vendor) WITH collect(v.name) AS l "
            + "WITH l+l+l+l+l+l+l+l+l+l AS l " * 8
            + "RETURN size([x IN l | x + '!']) AS n",
        )
    )
    return out


def _replace_split_reduce() -> list[Bomb]:
    k1000 = "a" * 1000
    out = [
        Bomb(
            "replace",
            f"RETURN size(replace(replace(replace('a', 'a', '{k1000}'), 'a', '{k1000}'), 'a', '{k1000}')) AS n",
        ),
        Bomb(
            "replace",
            f"WITH '{k1000}' AS k RETURN size(replace(replace(replace(replace('a', 'a', k), 'a', k), 'a', k), 'a', k)) AS n",
        ),
        Bomb(
            "replace",
            f"WITH '{'a' * 100}' AS k "
            + "WITH replace(k, 'a', k) AS k " * 5
            + "RETURN size(k) AS n",
        ),
        Bomb("replace", f"WITH '{'a' * 30000}' AS s RETURN size(replace(s, 'a', s)) AS n"),
        Bomb("replace", f"WITH '{'a' * 30000}' AS s RETURN size(replace(s, '', s)) AS n"),
        Bomb(
            "replace",
            "MATCH (v:Vendor) WITH v.name AS s LIMIT 1 "
            + "WITH replace(s, substring(s, 0, 1), s + s) AS s " * 8
            + "RETURN size(s) AS n",
        ),
        Bomb(
            "replace", "RETURN size(replace(replace($s, 'a', $s), 'a', $s)) AS n", {"s": "a" * 2000}
        ),
        Bomb(
            "replace",
            f"WITH '{'a' * 100}' AS k RETURN [x IN range(1, 100000) | replace(k, 'a', k)][0] AS t",
        ),
        Bomb("split", _tens("a" * 10, 8) + "RETURN size(split(s, 'a')) AS n"),
        Bomb("split", _tens("a" * 10, 7) + "RETURN size(split(s, '')) AS n"),
        Bomb("split", _tens("ab" * 5, 7) + "RETURN size(split(s, 'b')) AS n"),
        Bomb(
            "split",
            f"WITH '{k1000}' AS k RETURN size(split(replace(replace('a', 'a', k), 'a', k), 'a')) AS n",
        ),
        Bomb("split", _tens("a," * 5, 7) + "UNWIND split(s, ',') AS x RETURN count(x) AS n"),
        Bomb("split", _tens("a" * 10, 7) + "RETURN [x IN split(s, '') | x + x][0] AS t"),
        Bomb("reduce", "RETURN size(reduce(s = 'a', x IN range(1, 40) | s + s)) AS n"),
        Bomb("reduce", "RETURN size(reduce(l = [1], x IN range(1, 40) | l + l)) AS n"),
        Bomb(
            "reduce", "RETURN size(reduce(s = '', x IN range(1, 50000000) | s + 'abcdefghij')) AS n"
        ),
        Bomb("reduce", "RETURN size(reduce(l = [], x IN range(1, 50000000) | l + [x])) AS n"),
        Bomb(
            "reduce", "RETURN size(reduce(s = 'ab', x IN range(1, 30) | replace(s, 'a', s))) AS n"
        ),
    ]
    return out


def _comprehensions() -> list[Bomb]:
    return [
        Bomb("comprehension", "RETURN size([x IN range(1, 50000000) | x]) AS n"),
        Bomb("comprehension", "RETURN size([x IN range(1, 200000000) WHERE x % 2 = 0]) AS n"),
        Bomb(
            "comprehension", "RETURN size([x IN range(1, 20000) | [y IN range(1, 20000) | y]]) AS n"
        ),
        Bomb(
            "comprehension",
            "RETURN size([x IN range(1, 1000) | [y IN range(1, 1000) | [z IN range(1, 1000) | z]]]) AS n",
        ),
        Bomb("comprehension", "RETURN size([x IN range(1, 30000000) | toString(x)]) AS n"),
        Bomb(
            "comprehension",
            f"WITH '{'a' * 1000}' AS k RETURN size([x IN range(1, 1000000) | k + x]) AS n",
        ),
        Bomb(
            "comprehension",
            "WITH range(1, 10000) AS l RETURN size([x IN l | [y IN l | x * y]]) AS n",
        ),
        Bomb(
            "comprehension",
            "MATCH (v:Vendor) WITH collect(v) AS vs RETURN size([a IN vs | [b IN vs | [c IN vs | a.name + b.name + c.name]]]) AS n",
        ),
        Bomb(
            "comprehension",
            "MATCH (v:Vendor) RETURN size([x IN range(1, 100000) | [(v)-[*1..3]-(w) | w.name]]) AS n",
        ),
        Bomb("comprehension", "RETURN size([x IN range(1, 10000000) | {a: x, b: [x, x, x]}]) AS n"),
        Bomb("comprehension", "RETURN any(x IN [y IN range(1, 60000000) | y] WHERE x < 0) AS t"),
        Bomb("comprehension", "RETURN size([x IN range(1, 4000) | range(1, x)]) AS n"),
        Bomb("range", "RETURN range(1, 50000000) AS r"),
        Bomb("range", "RETURN size(range(1, 2000000000)) AS n"),
        Bomb("range", "RETURN size(range(-1000000000, 1000000000, 2)) AS n"),
        Bomb("range", "WITH 100000000 AS n RETURN size(range(1, n)) AS n"),
        Bomb("range", "RETURN size(range(1, $n)) AS n", {"n": 100_000_000}),
        Bomb(
            "range", "MATCH (v:Vendor) WITH count(v) AS c RETURN size(range(1, c * 100000000)) AS n"
        ),
    ]


def _rows_sorts_products() -> list[Bomb]:
    big = "a" * 1000
    return [
        Bomb(
            "sort",
            "UNWIND range(1, 100000) AS i UNWIND range(1, 1000) AS j RETURN i, j ORDER BY j DESC, i LIMIT 5",
        ),
        Bomb(
            "sort",
            "UNWIND range(1, 100000) AS i UNWIND range(1, 1000) AS j WITH i, j ORDER BY i + j RETURN count(*) AS n",
        ),
        Bomb(
            "sort",
            f"WITH '{big}' AS k UNWIND range(1, 100000) AS i UNWIND range(1, 100) AS j RETURN k + i + j AS s ORDER BY s LIMIT 1",
            by_data=True,
        ),
        Bomb(
            "sort",
            "MATCH (a), (b), (c) RETURN a.id AS x, b.id AS y, c.id AS z ORDER BY x, y, z LIMIT 1",
            by_data=True,
        ),
        Bomb(
            "sort",
            "MATCH (a), (b) WITH a, b ORDER BY a.id + b.id RETURN count(*) AS n",
            by_data=True,
        ),
        Bomb(
            "sort",
            _tens("a" * 10, 6) + "UNWIND range(1, 1000) AS i RETURN s + i AS t ORDER BY t LIMIT 1",
            by_data=True,
        ),
        Bomb("distinct", "UNWIND range(1, 50000000) AS i RETURN count(DISTINCT i) AS n"),
        Bomb(
            "distinct",
            "UNWIND range(1, 100000) AS i UNWIND range(1, 1000) AS j RETURN DISTINCT i * 1000 + j AS k LIMIT 1",
        ),
        Bomb(
            "distinct",
            "MATCH (a), (b), (c) RETURN count(DISTINCT [a.id, b.id, c.id]) AS n",
            by_data=True,
        ),
        Bomb(
            "cartesian",
            "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n",
        ),
        Bomb(
            "cartesian",
            "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b UNWIND range(1, 100000) AS c RETURN count(*) AS n",
        ),
        Bomb("cartesian", "MATCH (a), (b), (c), (d) RETURN count(*) AS n", by_data=True),
        Bomb("cartesian", "MATCH (a), (b), (c), (d), (e) RETURN count(*) AS n", by_data=True),
        Bomb(
            "cartesian",
            "MATCH (a), (b), (c) WITH a, b, c WHERE a.id < b.id RETURN count(*) AS n",
            by_data=True,
        ),
        Bomb(
            "cartesian",
            "MATCH (a), (b) UNWIND range(1, 100000) AS i RETURN count(*) AS n",
            by_data=True,
        ),
        Bomb("collect", "UNWIND range(1, 60000000) AS i RETURN size(collect(i)) AS n"),
        Bomb("collect", "UNWIND range(1, 20000000) AS i RETURN size(collect(toString(i))) AS n"),
        Bomb(
            "collect",
            f"WITH '{big}' AS k UNWIND range(1, 100000) AS i UNWIND range(1, 10) AS j RETURN size(collect(k + i)) AS n",
        ),
        Bomb("collect", "MATCH (a), (b), (c) RETURN size(collect([a, b, c])) AS n", by_data=True),
        Bomb(
            "collect",
            "UNWIND range(1, 100000) AS i WITH collect(i) AS l UNWIND l AS a UNWIND l AS b RETURN count(*) AS n",
        ),
        Bomb(
            "collect",
            "UNWIND range(1, 100000) AS i UNWIND range(1, 1000) AS j WITH j, collect(i) AS l RETURN size(collect(l)) AS n",
        ),
        Bomb("collect", "UNWIND range(1, 10000000) AS i RETURN percentileDisc(i, 0.5) AS p"),
    ]


def _paths() -> list[Bomb]:
    return [
        Bomb("paths", "MATCH p = (a)-[*]-(b) RETURN count(p) AS n"),
        Bomb("paths", "MATCH p = (a)-[*1..60]-(b) RETURN count(p) AS n"),
        Bomb("paths", "MATCH p = (a)-[*0..]-(b) RETURN count(p) AS n"),
        Bomb("paths", "MATCH p = ((a)--(b))+ RETURN count(p) AS n"),
        Bomb("paths", "MATCH p = ((a)--(b)){1,100} RETURN count(p) AS n"),
        Bomb("paths", "MATCH p = ((a)--(b)){2,} RETURN count(p) AS n"),
        Bomb("paths", "MATCH p = ((a)--(b))* RETURN count(p) AS n"),
        Bomb(
            "paths", "MATCH (a), (b) MATCH p = allShortestPaths((a)-[*]-(b)) RETURN count(p) AS n"
        ),
        Bomb(
            "paths",
            "MATCH p = (a)-[*1..10]-(b)-[*1..10]-(c)-[*1..10]-(d) RETURN count(p) AS n",
            by_data=True,
        ),
        Bomb("paths", "MATCH (a) RETURN size([p = (a)-[*1..10]-(b) | p]) AS n", by_data=True),
        Bomb(
            "paths",
            "MATCH p = (a)-[*1..10]-(b) RETURN p ORDER BY length(p) DESC LIMIT 1",
            by_data=True,
        ),
    ]


def _planning() -> list[Bomb]:
    ors = " OR ".join(f"n.id = 'vendor:x{i}'" for i in range(5000))
    ands = " AND ".join(f"(n.id <> 'v{i}' OR n.name > 'v{i}')" for i in range(1500))
    chain = "-->".join(f"(a{i})" for i in range(60))
    optional = " ".join(f"OPTIONAL MATCH (a)-->(b{i})" for i in range(120))
    union = " UNION ".join(f"MATCH (n) WHERE n.id = 'v{i}' RETURN n.id AS id" for i in range(500))
    return [
        Bomb("planning", f"MATCH (n) WHERE {ors} RETURN n.id AS id"),
        Bomb("planning", f"MATCH (n) WHERE {ands} RETURN count(n) AS n"),
        Bomb("planning", f"MATCH {chain} RETURN count(*) AS n"),
        Bomb("planning", f"MATCH (a) {optional} RETURN count(*) AS n"),
        Bomb("planning", union),
        Bomb("planning", "RETURN " + "(" * 3000 + "1" + ")" * 3000 + " AS x"),
        Bomb("planning", "RETURN " + "[" * 3000 + "1" + "]" * 3000 + " AS x"),
        Bomb("planning", "RETURN " + "{a: " * 2000 + "1" + "}" * 2000 + " AS x"),
        Bomb("planning", "RETURN " + " + ".join(["1"] * 20000) + " AS x"),
        Bomb("planning", "RETURN [" + ", ".join(str(i) for i in range(40000)) + "] AS x"),
        Bomb("planning", "RETURN " + "NOT " * 5000 + "true AS x"),
        Bomb("planning", "RETURN " + "-" * 5000 + "1 AS x"),
    ]


def _escapes_and_regex() -> list[Bomb]:
    return [
        # Neo4j decodes \u escapes before it lexes: a comment that ends early for Neo4j only.
        Bomb(
            "escape",
            "RETURN 1 AS x // \\u000a , size(reduce(s = 'a', x IN range(1, 40) | s + s)) AS y",
        ),
        Bomb("escape", "MATCH p = (a)-[*]-(b) // \\u000a WHERE false\nRETURN count(p) AS n"),
        Bomb("escape", "RETURN 1 AS x /* \\u002a/ , size(range(1, 2000000000)) AS y /* */"),
        Bomb("escape", "RETURN 'a\\u0027 AS x, size(range(1, 2000000000)) AS y //'"),
        Bomb("escape", "RETURN \\u0072educe(s = 'a', x IN range(1, 40) | s + s) AS x"),
        Bomb("regex", "RETURN '" + "a" * 40 + "!' =~ '(a|aa)+$' AS m"),
        Bomb("regex", "RETURN '" + "a" * 5000 + "!' =~ '(a*)*b' AS m"),
        Bomb("regex", "RETURN '" + "ab" * 3000 + "' =~ '(?:(a|b)*)*c' AS m"),
        Bomb(
            "regex",
            "MATCH (v:Vendor) WHERE v.name + '"
            + "a" * 40
            + "' =~ '(.*a){25}' RETURN count(v) AS n",
        ),
        Bomb("regex", "RETURN '" + "x" * 3000 + "y' =~ '(x+x+)+z' AS m"),
    ]


# Reads the growth rules must keep allowing: string building, comprehensions over collected and
# stored lists, pattern comprehensions, subqueries, sorts with LIMIT, both engines' dialects.
GROWING_READS = [
    "MATCH (v:Vendor) RETURN v.name + ' (' + v.id + ')' AS label ORDER BY label",
    "MATCH (v:Vendor) RETURN toUpper(v.name) AS n, split(v.name, ' ') AS words, replace(v.name, ' ', '-') AS slug",
    "MATCH (v:Vendor) WITH collect(v.name) AS names RETURN [n IN names | toUpper(n)] AS upper",
    "MATCH (v:Vendor) WITH collect(v) AS vs RETURN [x IN vs WHERE x.country = 'GB' | x.name] AS uk",
    "MATCH p = (c:Customer)-[*1..4]->(v:Vendor) RETURN [n IN nodes(p) | n.name] AS names LIMIT 10",
    "MATCH (v:Vendor) RETURN v {.name, .id, products: [(v)-[:OFFERS]->(p) | p.name]} AS vendor",
    "MATCH (v:Vendor) OPTIONAL MATCH (v)-[:OFFERS]->(p) RETURN v.name AS vendor, collect(p.name) AS products, count(p) AS n ORDER BY n DESC",
    "MATCH (v:Vendor) WHERE v.name =~ '(?i).*clear.*' RETURN v.name AS name",
    "UNWIND range(1, 100) AS i RETURN i, i * i AS square, toString(i) + '!' AS s",
    "MATCH (v:Vendor) RETURN CASE WHEN v.country IS NULL THEN 'unknown' ELSE v.country END AS c",
    "MATCH (v:Vendor) WITH v, size([(v)-[:OFFERS]->() | 1]) AS products WHERE products > 1 RETURN v.name AS name, products",
    "MATCH (v:Vendor) WHERE EXISTS { MATCH (v)-[:OFFERS]->(p:Product) WHERE p.name CONTAINS 'a' } RETURN v.name AS name",
    "MATCH (v:Vendor) RETURN v.name AS name, COUNT { (v)-[:OFFERS]->() } AS n",
    "MATCH (v:Vendor) WITH v.name AS name, v.id AS id RETURN name + ':' + id AS key, left(name, 3) + right(id, 3) AS short",
    "MATCH (v:Vendor) RETURN [x IN range(1, 1000) | v.name][0] AS first LIMIT 1",
    "MATCH (v:Vendor) WITH v.name AS s WITH s + s AS s WITH s + s AS s RETURN size(s) AS n",
    "RETURN [1, 2, 3] + [4, 5] AS l, {a: 1, b: 'x'} AS m, 'a' + 'b' AS s",
    "UNWIND range(1, 100000) AS i RETURN i ORDER BY i DESC LIMIT 3",
    "UNWIND range(1, 100000) AS i WITH i WHERE i % 1000 = 0 RETURN size(collect(i)) AS n",
    "MATCH (c:Customer) WITH c, [(c)-[:RUNS]->(p) | p.name] AS processes RETURN c.name AS name, size(processes) AS n",
]


def _disguises() -> list[Bomb]:
    """The same growth, written the ways a size check could misread it."""
    seed = "WITH 'aaaaaaaaaa' AS s "
    ten = "+".join(["s"] * 10)
    return [
        Bomb(
            "disguise", seed + f"WITH {' || '.join(['s'] * 10)} AS s " * 8 + "RETURN size(s) AS n"
        ),
        Bomb(
            "disguise",
            "WITH 'aaaaaaaaaa' AS k "
            + "WITH `replace`(k, 'a', k) AS k " * 6
            + "RETURN size(k) AS n",
        ),
        Bomb(
            "disguise",
            seed
            + "WITH s AS limit WITH limit + limit + limit + limit + limit + limit + limit + limit + limit + limit AS s "
            * 8
            + "RETURN size(s) AS n",
        ),
        Bomb(
            "disguise", seed + f"WITH {' + +'.join(['s'] * 10)} AS s " * 8 + "RETURN size(s) AS n"
        ),
        Bomb(
            "disguise", seed + f"WITH {{v: {ten}}} AS m WITH m.v AS s " * 8 + "RETURN size(s) AS n"
        ),
        Bomb(
            "disguise",
            seed
            + f"WITH CASE WHEN s <> '' THEN {ten} ELSE '' END AS s " * 8
            + "RETURN size(s) AS n",
        ),
        Bomb(
            "disguise",
            seed
            + f"WITH COLLECT {{ WITH {ten} AS t RETURN t }}[0] AS s " * 8
            + "RETURN size(s) AS n",
        ),
        Bomb(
            "disguise",
            seed
            + f"WITH [x IN [s] | {ten.replace('s', 'x')}][0] AS s " * 8
            + "RETURN size(s) AS n",
        ),
        Bomb("disguise", seed + f"WITH coalesce(null, {ten}) AS s " * 8 + "RETURN size(s) AS n"),
        Bomb("disguise", seed + f"UNWIND [{ten}] AS t WITH t AS s " * 8 + "RETURN size(s) AS n"),
    ]


def bombs() -> list[Bomb]:
    """Every exhaustion query, the reported three first."""
    return [
        *REPORTED,
        *_string_growth(),
        *_list_growth(),
        *_replace_split_reduce(),
        *_comprehensions(),
        *_rows_sorts_products(),
        *_paths(),
        *_planning(),
        *_escapes_and_regex(),
        *_disguises(),
    ]
