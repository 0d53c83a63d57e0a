"""The bundled knowledge base: every fact cited, the known falsehoods absent, the facts present."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from graph.records import NodeRecord
from graph.settings import BUNDLED_DATA
from graph.store.ladybug import LadybugStore
from ingest.kb import PendingEdge, read_kb
from ingest.problems import Rejections

KB = BUNDLED_DATA / "kb"

FALSEHOODS = [
    r"(?<![\d,.])500,?000(?![\d,])",  # the DPA 1998 maximum, wrongly reported as Clearview's fine
    r"3 April 2021|2021-04-03",
    r"confirmed (in )?Dec(ember)? 2023",
    r"lost (its |the )?initial appeal",
    r"\$?51\.75 ?m(illion)? (was )?paid|paid \$?51\.75",
]


@pytest.fixture(scope="module")
def records() -> list[NodeRecord | PendingEdge]:
    rejections = Rejections()
    out = list(read_kb(KB, rejections))
    assert not rejections.items, [str(r) for r in rejections]
    return out


def _nodes(records: list[NodeRecord | PendingEdge], label: str) -> list[NodeRecord]:
    return [r for r in records if isinstance(r, NodeRecord) and r.label == label]


def test_every_node_and_edge_cites_a_known_source(records: list[NodeRecord | PendingEdge]) -> None:
    sources = {r.id: r for r in _nodes(records, "Source")}
    for src in sources.values():
        assert src.props["url"] or src.props["title"], src.id
    for rec in records:
        if isinstance(rec, NodeRecord) and rec.label not in ("Source",):
            cited = rec.props.get("sources") or []
            assert cited, f"{rec.label} {rec.id} cites no source"
            assert set(cited) <= set(sources), (rec.id, set(cited) - set(sources))
        elif isinstance(rec, PendingEdge) and rec.type != "HAS_STATUS":
            assert rec.props.get("sources"), f"{rec.file}:{rec.line} {rec.type} cites no source"


@pytest.mark.parametrize("pattern", FALSEHOODS)
def test_known_falsehoods_are_absent(pattern: str) -> None:
    for path in sorted(BUNDLED_DATA.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".csv", ".md"}:
            assert not re.search(pattern, path.read_text(), re.IGNORECASE), (path, pattern)


def test_the_ico_penalty_is_the_real_figure(records: list[NodeRecord | PendingEdge]) -> None:
    ico = next(
        r for r in _nodes(records, "EnforcementAction") if r.id == "action:ico-clearview-2022"
    )
    assert ico.props["amount"] == 7_552_800 and ico.props["currency"] == "GBP"
    assert ico.props["date"] == "2022-05-18" and ico.props["announced"] == "2022-05-23"
    history = [
        (r.props["date"], r.props["status"])
        for r in _nodes(records, "StatusEvent")
        if r.props["action_id"] == ico.id
    ]
    assert ("2023-10-17", "overturned") in history and ("2025-10-07", "remitted") in history


def test_the_curated_record_is_complete(records: list[NodeRecord | PendingEdge]) -> None:
    against = Counter(
        e.to_id for e in records if isinstance(e, PendingEdge) and e.type == "AGAINST"
    )
    clearview_actions = [
        e
        for e in records
        if isinstance(e, PendingEdge) and e.type == "AGAINST" and e.to_id == "vendor:clearview-ai"
    ]
    assert len({e.from_id for e in clearview_actions}) >= 14
    concerns = {
        e.from_id
        for e in records
        if isinstance(e, PendingEdge) and e.type == "CONCERNS" and e.to_id == "vendor:clearview-ai"
    }
    assert len(concerns) == 5  # Sweden, RCMP, AFP, Finland, Belgium
    assert against
    listed = {e.from_id for e in records if isinstance(e, PendingEdge) and e.type == "MATCHES"}
    for vendor in ("hikvision", "dahua", "sensetime", "megvii", "yitu", "cloudwalk"):
        assert f"vendor:{vendor}" in listed, vendor
    jurisdictions = {r.id: r.props for r in _nodes(records, "Jurisdiction")}
    assert jurisdictions["jurisdiction:US"]["adequacy_since"] == "2023-10-12"
    assert jurisdictions["jurisdiction:KR"]["adequacy_since"] == "2022-12-19"


def test_sample_customers_are_fictional_and_cover_the_cases(built_store: LadybugStore) -> None:
    rows = built_store.read(
        "MATCH (c:Customer)-[:RUNS]->(:Process) RETURN DISTINCT c.id AS id, c.name AS name, c.fictional AS fictional"
    )
    assert len(rows) >= 5
    for row in rows:
        assert row["fictional"] is True and "(fictional)" in row["name"], row
    # Real organisations from the knowledge base run no processes: none is shown using a product.
    real = built_store.read(
        "MATCH (c:Customer) WHERE c.fictional = false OPTIONAL MATCH (c)-[r:RUNS]->() RETURN c.id AS id, count(r) AS n"
    )
    assert real and all(r["n"] == 0 for r in real)


def test_inventory_vendors_are_real_only_where_the_kb_has_them(built_store: LadybugStore) -> None:
    rows = built_store.read(
        "MATCH (:Process)-[:USES]->(p:Product)<-[:OFFERS]-(v:Vendor) RETURN DISTINCT v.id AS id, v.name AS name, v.fictional AS fictional, v.sources AS sources"
    )
    for row in rows:
        if not row["fictional"]:
            assert any(s.startswith("S") for s in row["sources"] or []), (
                row
            )  # a KB vendor with cited facts
