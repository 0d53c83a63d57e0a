"""Hostile files for the XML readers (UN, EU), FollowTheMoney JSON lines and knowledge-base YAML."""

from __future__ import annotations

import json

from tests.hostile.corpus_base import LINE_FATAL, Writer, generic, special_files

_XML_FATAL = frozenset({"empty", "nul-at-start", "binary-noise", "gzip", "line-over-limit"})
_LAUGHS = "".join(
    f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 12)
).replace("&a0;", "lol")

UN_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-02-27">\n'


def _un_person(ref: str, name: str = "IVAN SPECIMEN", extra: str = "") -> str:
    return (
        f"<INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>{name}</FIRST_NAME>"
        f"<REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER><LISTED_ON>2024-03-15</LISTED_ON>{extra}"
        "</INDIVIDUAL></INDIVIDUALS>\n"
    )


def _un(*records: str, head: str = UN_HEAD) -> str:
    return head + "".join(records) + "</CONSOLIDATED_LIST>\n"


UN_GOOD = _un(_un_person("TSi.001"), _un_person("TSi.002", "ZZTEST PERSON"))


def _doctype(root: str, body: str) -> str:
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [{body}]>\n'


def un_cases(w: Writer) -> None:
    generic(w, "un", UN_GOOD.encode(), ".xml", fatal=_XML_FATAL)
    special_files(w, "un", ".xml")

    def put(name: str, text: str | bytes, expect: str | None = None) -> None:
        w.file("un", f"{name}.xml", text, expect)

    body = UN_GOOD[UN_GOOD.index("<CONSOLIDATED_LIST") :]
    laughs = _doctype("CONSOLIDATED_LIST", _LAUGHS) + body.replace("ZZTEST PERSON", "&a11;")
    put("billion-laughs", laughs, "fatal:DOCTYPE")
    xxe = '<!ENTITY x SYSTEM "file:///etc/passwd">'
    put(
        "external-entity",
        _doctype("CONSOLIDATED_LIST", xxe) + body.replace("ZZTEST", "&x;"),
        "fatal:DOCTYPE",
    )
    put(
        "parameter-entity",
        _doctype("x", '<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;') + body,
        "fatal:DOCTYPE",
    )
    put(
        "external-dtd",
        '<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd">' + body,
        "fatal:DOCTYPE",
    )
    put("harmless-doctype", _doctype("CONSOLIDATED_LIST", "") + body, "fatal:DOCTYPE")
    put("undefined-entity", _un(_un_person("TSi.009", "&nope;")), "fatal:")
    put(
        "million-newline-refs",
        _un(_un_person("TSi.003", "A" + "&#10;" * 2_000_000)),
        "reject:FIRST_NAME",
    )
    put("ten-thousand-newline-refs", _un(_un_person("TSi.004", "A" + "&#10;" * 10_000 + "B")))
    put("char-ref-zero", _un(_un_person("TSi.005", "A&#0;B")), "fatal:")
    put(
        "huge-cdata",
        _un(_un_person("TSi.006", "<![CDATA[" + "c" * (3 << 20) + "]]>")),
        "reject:FIRST_NAME",
    )
    put("huge-comment", _un("<!--" + "-x" * (2 << 20) + "-->", _un_person("TSi.007")))
    put("comment-over-line-limit", _un("<!--" + "x" * (20 << 20) + "-->"), "fatal:comment")
    put("tag-over-line-limit", _un(f'<INDIVIDUALS a="{"v" * (20 << 20)}"/>'), "fatal:tag")
    put(
        "deep-nesting",
        UN_HEAD + "<a>" * 100_000 + "</a>" * 100_000 + "</CONSOLIDATED_LIST>",
        "fatal:nested",
    )
    put("deep-in-record", _un(_un_person("TSi.008", extra="<X>" * 50 + "</X>" * 50)))
    put("many-children", _un(_un_person("TSi.010", extra="<X/>" * 30_000)), "reject:INDIVIDUAL")
    put("many-non-records", _un("<JUNK/>" * 300_000, _un_person("TSi.011")))
    put(
        "impossible-listed-on",
        _un(_un_person("TSi.012").replace("2024-03-15", "2024-02-31")),
        "reject:INDIVIDUAL",
    )
    put("bad-date-generated", UN_GOOD.replace("2026-02-27", "yesterday"), "reject:dateGenerated")
    put(
        "wrong-root",
        UN_GOOD.replace("CONSOLIDATED_LIST", "LIST"),
        "fatal:expected <CONSOLIDATED_LIST>",
    )
    put("no-reference", _un(_un_person("").replace("<DATAID>1</DATAID>", "")), "reject:INDIVIDUAL")
    put("two-roots", UN_GOOD + UN_GOOD, "fatal:")
    put(
        "latin1-declared-utf8-bytes", UN_GOOD.replace("UTF-8", "ISO-8859-1").replace("IVAN", "ИВАН")
    )
    put("utf8-declared-latin1-bytes", UN_GOOD.replace("IVAN", "ÉVAN").encode("latin-1"), "fatal:")
    put("five-thousand-records", _un(*(_un_person(f"R.{i}") for i in range(5_000))))
    put(
        "one-line-many-records",
        _un(*(_un_person(f"L.{i}").strip() for i in range(500))).replace("\n", ""),
    )


EU_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-02-10">\n'
)


def _eu_entity(ref: str, name: str = "ZZTEST HOLDINGS", attrs: str = "", inner: str = "") -> str:
    return (
        f'<sanctionEntity euReferenceNumber="{ref}" designationDate="2024-03-15" {attrs}>'
        '<subjectType code="enterprise"/>'
        f'<nameAlias wholeName="{name}"/>{inner}</sanctionEntity>\n'
    )


def _eu(*records: str) -> str:
    return EU_HEAD + "".join(records) + "</export>\n"


EU_GOOD = _eu(_eu_entity("EU.1"), _eu_entity("EU.2", "ZZTEST PERSON"))


def eu_cases(w: Writer) -> None:
    generic(w, "eu", EU_GOOD.encode(), ".xml", fatal=_XML_FATAL)
    special_files(w, "eu", ".xml")

    def put(name: str, text: str, expect: str | None = None) -> None:
        w.file("eu", f"{name}.xml", text, expect)

    body = EU_GOOD[EU_GOOD.index("<export") :]
    put(
        "billion-laughs",
        _doctype("export", _LAUGHS) + body.replace("ZZTEST PERSON", "&a11;"),
        "fatal:DOCTYPE",
    )
    put(
        "external-entity",
        _doctype("export", '<!ENTITY x SYSTEM "file:///etc/passwd">')
        + body.replace("ZZTEST", "&x;"),
        "fatal:DOCTYPE",
    )
    put("huge-attribute", _eu(_eu_entity("EU.3", "N" * (2 << 20))), "reject:nameAlias")
    put(
        "attribute-newline-refs",
        _eu(_eu_entity("EU.4", "A" + "&#10;" * 1_000_000)),
        "reject:nameAlias",
    )
    put(
        "many-attributes",
        _eu(_eu_entity("EU.5", attrs=" ".join(f'a{i}="x"' for i in range(50_000)))),
    )
    put(
        "duplicate-attribute",
        _eu(_eu_entity("EU.6", attrs='logicalId="1" logicalId="2"')),
        "fatal:",
    )
    put(
        "impossible-designation",
        _eu(_eu_entity("EU.7").replace("2024-03-15", "2024-13-45")),
        "reject:sanctionEntity",
    )
    put(
        "unknown-subject",
        _eu(_eu_entity("EU.8").replace("enterprise", "starship")),
        "reject:sanctionEntity",
    )
    put("no-name", _eu(_eu_entity("EU.9", "")), "reject:sanctionEntity")
    put(
        "namespace-bomb",
        _eu(_eu_entity("EU.10", inner="".join(f'<x:a xmlns:x="urn:{i}"/>' for i in range(20_000)))),
    )
    put("unbound-prefix", _eu(_eu_entity("EU.11", inner="<q:a/>")), "fatal:")
    put(
        "wrong-root",
        EU_GOOD.replace("<export", "<exports").replace("</export>", "</exports>"),
        "fatal:expected <export>",
    )
    put("many-regulations", _eu(_eu_entity("EU.12", inner='<regulation programme="P"/>' * 15_000)))


def _ftm(**fields: object) -> str:
    entity = {"id": "e1", "schema": "Company", "caption": "ZZTEST", "target": True}
    entity |= {"properties": {"name": ["ZZTEST HOLDINGS"]}} | fields
    return json.dumps(entity) + "\n"


FTM_GOOD = _ftm() + _ftm(id="s1", schema="Sanction", target=False, properties={"entity": ["e1"]})


def ftm_cases(w: Writer) -> None:
    generic(w, "ftm", FTM_GOOD.encode(), ".json", fatal=LINE_FATAL)
    special_files(w, "ftm", ".json")

    def put(name: str, text: str, expect: str | None = None) -> None:
        w.file("ftm", f"{name}.json", text, expect)

    def line(name: str, text: str, expect: str | None = None) -> None:
        put(name, FTM_GOOD + text, expect)

    line("id-is-list", _ftm(id=["a", "b"]), "reject:id")
    line("id-is-number", _ftm(id=7), "reject:id")
    line("id-empty", _ftm(id=""), "reject:id")
    line("schema-is-object", _ftm(schema={"name": "Company"}), "reject:schema")
    line("schema-missing", json.dumps({"id": "x", "properties": {}}) + "\n", "reject:schema")
    line("property-scalar", _ftm(id="e2", properties={"name": "ZZTEST"}), "reject:properties.name")
    line("properties-list", _ftm(id="e3", properties=["name"]), "reject:properties")
    line("value-number", _ftm(id="e4", properties={"name": [5]}), "reject:properties.name.0")
    own = {"owner": ["e1"], "asset": ["e2"], "percentage": [51]}
    line(
        "percentage-number",
        _ftm(id="o1", schema="Ownership", properties=own),
        "reject:properties.percentage.0",
    )
    own_inf = own | {"percentage": ["1e999"]}
    line("percentage-infinite", _ftm(id="o2", schema="Ownership", properties=own_inf))
    line("target-string", _ftm(id="e5", target="yes"), "reject:target")
    line("caption-huge", _ftm(id="e6", caption="c" * (2 << 20)), "reject:caption")
    line(
        "value-huge", _ftm(id="e7", properties={"name": ["n" * 70_000]}), "reject:properties.name.0"
    )
    line("nul-in-id", _ftm(id="a\x00b"), "reject:id")
    line("lone-surrogate", '{"id": "\\ud800", "schema": "Company"}\n', "reject:")
    line(
        "deep-nesting",
        '{"id": "d", "schema": "Company", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
        "reject:",
    )
    put("deep-nesting-first", "[" * 100_000 + "]" * 100_000 + "\n" + FTM_GOOD, "fatal:not JSON")
    line("giant-integer", '{"id": "g", "schema": "Company", "n": ' + "9" * 100_000 + "}\n")
    line("giant-float", '{"id": "g2", "schema": "Company", "n": 1e999999}\n')
    line("array-line", "[1, 2, 3]\n", "reject:")
    line("string-line", '"just a string"\n', "reject:")
    line("truncated-object", '{"id": "t", "schema": "Comp\n', "reject:(line)")
    line("many-properties", _ftm(id="e8", properties={f"p{i}": ["v"] for i in range(100_000)}))
    line("many-values", _ftm(id="e9", properties={"alias": [f"A{i}" for i in range(100_000)]}))
    line(
        "impossible-dates",
        _ftm(
            id="s2", schema="Sanction", properties={"entity": ["e1"], "startDate": ["2024-02-31"]}
        ),
    )
    line(
        "self-ownership",
        _ftm(id="o3", schema="Ownership", properties={"owner": ["e1"], "asset": ["e1"]}),
    )
    line("address-no-caption", _ftm(id="a1", schema="Address", caption=None, properties={}))
    line("last-seen-garbage", _ftm(id="e10", last_seen="not a date"))
    put("five-thousand-entities", "".join(_ftm(id=f"n{i}") for i in range(5_000)))


KB_GOOD = (
    "sources:\n  - {id: S1, name: A source, title: A source, url: 'https://example.org', publisher: X}\n"
    "nodes:\n  - {label: Vendor, id: 'vendor:zz', name: ZZ (fictional), fictional: true, sources: [S1]}\n"
)
_KB_FATAL = LINE_FATAL - {"empty"}


def kb_cases(w: Writer) -> None:
    generic(w, "kb", KB_GOOD.encode(), ".yaml", fatal=_KB_FATAL)

    def put(name: str, text: str, expect: str | None = None) -> None:
        w.file("kb", f"{name}.yaml", text, expect)

    levels = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 10)]
    laughs = "rules:\n  x:\n" + "".join(f"    {x}\n" for x in levels)
    put(
        "billion-laughs",
        laughs + "nodes:\n  - {label: Vendor, id: v, name: *l9}\n",
        "fatal:aliases",
    )
    put("deep-flow", "nodes: " + "[" * 990 + "]" * 990 + "\n", "fatal:")
    put("deeper-flow", "nodes: " + "[" * 100_000 + "]" * 100_000 + "\n", "fatal:")
    put("deep-maps", "nodes: " + "{a: " * 990 + "1" + "}" * 990 + "\n", "fatal:")
    put("python-tag", "nodes: !!python/object/apply:os.system ['true']\n", "fatal:")
    put("nodes-a-string", "nodes: hello\n", "reject:nodes")
    put("node-a-number", "nodes: [1, 2]\n", "reject:nodes")
    put("label-a-list", "nodes:\n  - {label: [Vendor], id: v}\n", "reject:label")
    put(
        "history-a-mapping",
        "nodes:\n  - {label: EnforcementAction, id: a, status_history: {x: 1}}\n",
        "reject:",
    )
    put(
        "history-strings",
        "nodes:\n  - {label: EnforcementAction, id: a, status_history: [x, y]}\n",
        "reject:",
    )
    put("rules-a-list", "rules: [1, 2]\n", None)
    put("top-level-list", "- a\n- b\n", "fatal:expected a mapping")
    put("unknown-key", "extra: 1\n", "fatal:unknown top-level")
    put("huge-scalar", KB_GOOD.replace("A source", "s" * (8 << 20), 1))
    put("edges-bad", "edges:\n  - {type: [X], from: 1, to: {}}\n", "reject:type")
