"""Hostile knowledge packs (YAML and CSV) for the `pack` reader: what `vendorgraph ingest
--knowledge` and `knowledge check` do with a file, in a forked child with time and memory limits.

A pack with any problem is refused whole, so every promise here is a one-line fatal error (or a
clean read); YAML bombs, aliases of collections, deep nesting, huge strings and wrong types
included.
"""

from __future__ import annotations

from ingest.knowledge_template import CSV_TEMPLATE, TEMPLATE
from ingest.limits import MAX_FIELD_CHARS
from tests.hostile.corpus_base import Writer, generic

__all__ = ["pack_cases"]

_VENDOR = "  - {label: Vendor, id: 'vendor:v%d', name: 'V %d (fictional)', sources: [LUMEN-1]}\n"
_CSV_ROW = "V{0} (fictional),regulator:ico,2026-01-01,order,issued,Stop,https://example.org/{0},2026-01-01\n"  # fmt: skip


def pack_cases(w: Writer) -> None:
    # Damage any text file can suffer: bounded, one line, whatever the ending.
    generic(w, "pack", TEMPLATE.encode(), ".yaml", fatal=frozenset())
    generic(w, "pack", CSV_TEMPLATE.encode(), ".csv", fatal=frozenset())

    def put(name: str, text: str, expect: str | None = None) -> None:
        w.file("pack", name, text, expect)

    levels = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)]
    bomb = "nodes:\n  - label: Vendor\n    id: vendor:bomb\n    aliases:\n" + "".join(
        f"      - {x}\n" for x in levels
    )
    put("billion-laughs.yaml", bomb, "fatal:aliases")
    put(
        "alias-of-mapping.yaml",
        "sources:\n  - &s {id: A1, name: a, url: 'https://example.org', date: '2026-01-01'}\n  - *s\n",
        "fatal:aliases",
    )
    put(
        "scalar-anchor.yaml",
        TEMPLATE.replace('name: "Lumen Footfall (fictional)"', "name: &n Lumen Footfall").replace(
            'category: "footfall analytics"', "category: *n"
        ),
    )
    put("deep-nesting.yaml", "nodes: " + "[" * 5_000 + "]" * 5_000 + "\n", "fatal:")
    put("deep-maps.yaml", "nodes: " + "{a: " * 990 + "1" + "}" * 990 + "\n", "fatal:nested deeper")
    huge = "n" * (MAX_FIELD_CHARS + 1)
    put("huge-name.yaml", TEMPLATE.replace("Lumen Footfall (fictional)", huge), "fatal:name")
    put(
        "huge-id.yaml",
        TEMPLATE.replace("product:lumen-footfall", "product:" + "x" * 500),
        "fatal:id",
    )
    put(
        "nul-in-note.yaml",
        TEMPLATE.replace('(fictional)"\n    title', '(fictional)\\0"\n    title', 1),
        "fatal:NUL",
    )
    put(
        "sources-a-string.yaml",
        TEMPLATE.replace(
            "sources: [LUMEN-1]\n  - label: Product", "sources: LUMEN-1\n  - label: Product"
        ),
        "fatal:sources",
    )
    put(
        "fictional-a-word.yaml",
        TEMPLATE.replace("fictional: true", "fictional: maybe", 1),
        "fatal:fictional",
    )
    put(
        "aliases-a-mapping.yaml",
        TEMPLATE.replace('aliases: ["Lumen Analytics", "Brightline Data Ltd"]', "aliases: {a: 1}"),
        "fatal:aliases",
    )
    put(
        "history-a-number.yaml",
        TEMPLATE.replace("status_history:", "status_history: 5\n    x_history:"),
        "fatal:",
    )
    put("nodes-a-mapping.yaml", "nodes: {label: Vendor}\n", "fatal:nodes")
    put(
        "date-a-list.yaml",
        TEMPLATE.replace('date: "2026-03-02"\n  - id: LUMEN-2', "date: [2026]\n  - id: LUMEN-2"),
        "fatal:date",
    )
    put("python-tag.yaml", "nodes: !!python/object/apply:os.system ['true']\n", "fatal:")
    put("rules.yaml", TEMPLATE + "rules:\n  x: {value: 1}\n", "fatal:rules")
    vendors = "".join(_VENDOR % (i, i) for i in range(10_000))
    put("many-vendors.yaml", TEMPLATE.replace("\nedges:\n", vendors + "\nedges:\n"))
    head = CSV_TEMPLATE.splitlines()[0].rsplit(",", 1)[0] + "\n"
    put("many-rows.csv", head + "".join(_CSV_ROW.format(i) for i in range(10_000)))
    put("huge-cell.csv", head + _CSV_ROW.format(huge), "fatal:characters, over")
    put("extra-cells.csv", head + _CSV_ROW.format(1).rstrip("\n") + ",x,y\n", "fatal:cells")
    put("unknown-column.csv", head.rstrip("\n") + ",colour\n", "fatal:unknown column")
    put("bad-kind.csv", head + _CSV_ROW.format(1).replace(",order,", ",decree,"), "fatal:decree")
    put("formula.csv", head + _CSV_ROW.format(1).replace("Stop", '=HYPERLINK("x")'))
