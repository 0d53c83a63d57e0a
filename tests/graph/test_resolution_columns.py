"""Issue 17 point 7: a name is scored, queued and explained alike in every column; a reviewer
confirms it to a vendor or a product; a rejected name is settled, shown once as reviewed."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from graph.changes.log import ChangeLog
from graph.records import NodeRecord
from graph.resolution import NameDecision, Resolver
from graph.resolution.answers import open_names, reviewed_names, unresolved_caveat
from graph.resolution.decisions import Key
from graph.resolution.queue import decide
from graph.results import NameNote
from graph.settings import BUNDLED_DATA, Settings
from graph.store.ladybug import LadybugStore
from ingest.build import rebuild
from ingest.kb import PendingEdge, read_kb
from ingest.problems import Rejections

ROOT = Path(__file__).resolve().parents[2]
_RECORDS = list(read_kb(BUNDLED_DATA / "kb", Rejections()))


def _resolver(*decisions: NameDecision) -> Resolver:
    nodes = [(r.label, r.id, r.props) for r in _RECORDS if isinstance(r, NodeRecord)]
    offers = [
        (e.from_id, e.to_id) for e in _RECORDS if isinstance(e, PendingEdge) and e.type == "OFFERS"
    ]
    by_key: Mapping[Key, NameDecision] = {d.key: d for d in decisions}
    return Resolver.from_nodes(nodes, by_key, offers)


def _decision(kind: str, name: str, target: str, verdict: str, at: str) -> NameDecision:
    return NameDecision(kind, name, target, verdict, "a.dpo", "checked the contract", at)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "written",
    [
        "Hikvision Digital Technology Co Ltd",  # the council's built_on (issue 17): 0.89 as a vendor
        "Clearview Artificial Intelligence",  # the trust's built_on: was "0.0 LOW"
        "Clearview Glazing Ltd",
        "Dahua Technology Co. Ltd",
        "IDEMIA Identity & Security France",
        "PiEmyes",
    ],
)
def test_a_built_on_name_is_scored_and_queued_as_the_vendor_column_would(written: str) -> None:
    resolver = _resolver()
    as_vendor, as_built_on = resolver.vendor(written), resolver.product(written)
    assert as_built_on.score is not None and as_built_on.score >= 0.7
    assert (as_built_on.status, as_built_on.score) == (as_vendor.status, as_vendor.score)
    if as_vendor.status == "pending":
        assert as_built_on.candidate == as_vendor.candidate
        assert as_built_on.evidence().startswith(f"'{written}' awaits review: it may name ")
    else:
        assert as_built_on.linked and (as_built_on.vendor or as_built_on.target)


def test_the_observed_built_on_names_wait_for_review_with_their_vendor() -> None:
    resolver = _resolver()
    hik = resolver.product("Hikvision Digital Technology Co Ltd")
    assert (hik.status, hik.candidate, round(hik.score or 0, 2)) == (
        "pending", "vendor:hikvision", 0.89,
    )  # fmt: skip
    assert "Hikvision" in hik.evidence() and "not in the knowledge base" not in hik.evidence()
    clearview = resolver.product("Clearview Artificial Intelligence")
    assert (clearview.status, clearview.candidate) == ("pending", "vendor:clearview-ai")


def test_a_product_name_that_only_reads_as_its_rows_vendor_is_not_queued() -> None:
    # "Dahua IP cameras" offered by Dahua: a product of the row's vendor, which the row says.
    resolver = _resolver()
    own = resolver.product("Dahua IP cameras", offered_by="vendor:dahua")
    assert own.status == "new" and own.candidate is None
    assert "a product of Zhejiang Dahua Technology, the row's vendor" in own.evidence()
    # Bought from someone else (a reseller), the same name may be Dahua's: a person decides.
    resold = resolver.product("Dahua IP cameras", offered_by="vendor:acme-fictional")
    assert (resold.status, resold.candidate) == ("pending", "vendor:dahua")


def test_a_vendor_confirmation_holds_in_every_column() -> None:
    name = "Hikvision Digital Technology Co Ltd"
    resolver = _resolver(
        _decision("vendor", name, "vendor:hikvision", "confirmed", "2025-01-02T10:00:00+00:00")
    )
    for found in (resolver.vendor(name), resolver.product(name)):
        assert found.status == "confirmed" and found.target == "vendor:hikvision"
    # In built_on it is a product of that vendor: its one known product carries the path.
    as_product = resolver.product(name)
    assert (as_product.vendor, as_product.via_product) == (
        "vendor:hikvision",
        "product:hikvision-cctv",
    )
    assert "confirmed by a.dpo" in as_product.evidence()


def test_a_product_confirmation_holds_only_where_a_product_may_be() -> None:
    name = "Hikvision cameras"
    resolver = _resolver(
        _decision(
            "product", name, "product:hikvision-cctv", "confirmed", "2025-01-02T10:00:00+00:00"
        )
    )
    assert resolver.product(name).target == "product:hikvision-cctv"
    assert resolver.vendor(name).status == "pending"


def test_the_latest_confirmation_wins_across_kinds() -> None:
    name = "Hikvision cameras"
    product = _decision(
        "product", name, "product:hikvision-cctv", "confirmed", "2025-01-02T10:00:00+00:00"
    )
    vendor = _decision("vendor", name, "vendor:hikvision", "confirmed", "2025-02-01T10:00:00+00:00")
    assert _resolver(product, vendor).product(name).target == "vendor:hikvision"
    assert _resolver(product).product(name).target == "product:hikvision-cctv"


def test_a_rejected_name_is_reviewed_not_new() -> None:
    name = "Clearview Glazing Ltd"
    resolver = _resolver(
        _decision("vendor", name, "vendor:clearview-ai", "rejected", "2025-03-01T09:30:00+00:00")
    )
    for found in (resolver.vendor(name), resolver.product(name)):
        assert found.status == "rejected" and not found.linked
        assert found.evidence() == (
            "'Clearview Glazing Ltd': reviewed, not Clearview AI, Inc. (rejected by a.dpo on 2025-03-01)"
        )


def test_a_name_rejected_for_one_candidate_waits_for_the_next() -> None:
    # "Hikvision cameras" in built_on: not Hikvision's known product, says a reviewer; it may still
    # name the company (a product of Hikvision). And the other way round.
    name = "Hikvision cameras"
    resolver = _resolver(
        _decision(
            "product", name, "product:hikvision-cctv", "rejected", "2025-03-01T09:30:00+00:00"
        )
    )
    found = resolver.product(name)
    assert (found.status, found.candidate) == ("pending", "vendor:hikvision")
    assert "a reviewer said it is not Hikvision CCTV cameras (rejected by a.dpo" in found.evidence()
    as_vendor = _resolver(
        _decision("vendor", name, "vendor:hikvision", "rejected", "2025-03-01T09:30:00+00:00")
    ).product(name)
    assert (as_vendor.status, as_vendor.candidate) == ("pending", "product:hikvision-cctv")


def test_a_rejected_name_is_shown_once_and_never_as_open() -> None:
    said = "'Clearview Glazing Ltd': reviewed, not Clearview AI, Inc. (rejected by a.dpo on 2025-03-01)"
    notes = [
        NameNote(name="Clearview Glazing Ltd", field=field, status="rejected", evidence=said)
        for field in ("vendor", "subprocessors")
    ] + [NameNote(name="Blackboard Inc", field="vendor", status="new", evidence="x")]
    assert reviewed_names(notes) == [said]
    assert open_names(notes) == ["'Blackboard Inc' (not in the knowledge base)"]
    caveat = unresolved_caveat(open_names(notes))
    assert caveat is not None and "Clearview Glazing" not in caveat


def test_a_rejection_changes_one_name_and_raises_no_alert(empty_home: Settings) -> None:
    carers = ROOT / "tests" / "eval" / "inventories" / "carers_charity.csv"
    store = LadybugStore(empty_home.home / "ladybug")
    try:
        rebuild(store, empty_home, extra_inventories=[carers])
        decide(store, empty_home.home, "Clearview Glazing Ltd", "rejected",
               reviewer="a.dpo", reason="a glazier")  # fmt: skip
        rebuild(store, empty_home, extra_inventories=[carers])
    finally:
        store.close()
    build = ChangeLog(empty_home.home).latest()
    assert build is not None and not build["first_build"] and build["scoring_seconds"] > 0
    assert [(c["id"], c["old"]["status"], c["new"]["status"]) for c in build["changes"]] == [
        ("mention:cust-ev17-carers/vendor/clearview-glazing-ltd", "pending", "rejected")
    ]
    assert build["alerts"] == []
