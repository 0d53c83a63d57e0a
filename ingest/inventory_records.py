"""Turning validated inventory rows into graph records, each name resolved (graph.resolution).

Every row becomes Customer, Process, Product and Vendor nodes, a Mention per supplier name (what it
was written as and what it resolved to), and the RUNS, USES, PROCESSES, OFFERS, BUILT_ON,
SUBPROCESSOR and STORES_DATA_IN edges between them. Links an inventory states about other
organisations' products (OFFERS, BUILT_ON, SUBPROCESSOR, STORES_DATA_IN) carry `asserted_by`: they
hold for the customer whose inventory states them, not for everyone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graph.exposure.jurisdictions import is_country
from graph.records import EdgeRecord, NodeRecord
from graph.resolution import NameDecision, Resolution, Resolver
from graph.resolution.decisions import Key
from ingest.inventory_row import InventoryRow

__all__ = ["Catalogue", "InventoryRecords", "resolver_from_records", "slug"]


def slug(text: str) -> str:
    """A stable id fragment: ASCII, lower case, hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


class Catalogue(Protocol):
    """Resolves names in an inventory to known nodes (graph.resolution.Resolver is the one in use)."""

    def vendor(self, name: str) -> Resolution: ...
    def product(self, name: str, offered_by: str | None = None) -> Resolution: ...
    def has(self, node_id: str) -> bool: ...


@dataclass
class InventoryRecords:
    """Turns rows into records, emitting each node once and the source that cites them all."""

    file: str
    catalogue: Catalogue
    seen: set[str] = field(default_factory=set)
    source_ids: dict[str, str] = field(default_factory=dict)

    def check(self, row: InventoryRow) -> list[tuple[str, str]]:
        problems = []
        for cat in row.data_categories:
            if not self.catalogue.has(f"datacategory:{cat}"):
                problems.append(("data_categories", f"unknown data category {cat!r}"))
        for code in row.storage_countries:  # any ISO 3166-1 country; no adequacy is not an error
            if not is_country(code) and not self.catalogue.has(f"jurisdiction:{code}"):
                problems.append(
                    ("storage_countries", f"{code!r} is not an ISO 3166-1 alpha-2 code")
                )
        return problems

    def _node(self, label: str, **props: Any) -> Iterator[NodeRecord]:
        if props["id"] not in self.seen and not self.catalogue.has(props["id"]):
            self.seen.add(props["id"])
            yield NodeRecord.of(label, **props)

    def _mention(
        self, cid: str, field_name: str, found: Resolution, src: list[str]
    ) -> Iterator[NodeRecord | EdgeRecord]:
        """The name as written and what it resolved to, so answers can say so (graph.resolution)."""
        mid = f"mention:{cid.removeprefix('customer:')}/{field_name}/{slug(found.written)}"
        if mid in self.seen:
            return
        self.seen.add(mid)
        yield NodeRecord.of(
            "Mention",
            id=mid,
            name=found.written,
            customer_id=cid,
            field=field_name,
            kind=found.kind,
            status=found.status,
            target=found.target,
            candidate=found.candidate,
            score=found.score,
            evidence=found.evidence(),
            sources=src,
        )
        if found.linked and found.target:
            label = "Product" if found.kind == "product" and not found.vendor else "Vendor"
            yield EdgeRecord.of("RESOLVES_TO", "Mention", mid, label, found.target, sources=src)

    @staticmethod
    def _fictional(name: str, row_fictional: bool | None) -> bool | None:
        # The row's flag marks what it invents, and invented names say so ("... (fictional)"); a
        # real name that did not resolve is unknown, not invented.
        if row_fictional and "(fictional)" not in name.casefold():
            return None
        return row_fictional

    def _vendor(
        self, name: str, row: InventoryRow, cid: str, field_name: str, src: list[str]
    ) -> tuple[str, list[NodeRecord | EdgeRecord]]:
        found = self.catalogue.vendor(name)
        out: list[NodeRecord | EdgeRecord] = list(self._mention(cid, field_name, found, src))
        vid = found.target if found.linked and found.target else f"vendor:{slug(name)}"
        out += self._node(
            "Vendor", id=vid, name=name, fictional=self._fictional(name, row.fictional), sources=src
        )
        return vid, out

    def _product(
        self,
        name: str,
        vendor_id: str | None,
        row: InventoryRow,
        cid: str,
        field_name: str,
        src: list[str],
    ) -> tuple[str, list[NodeRecord | EdgeRecord]]:
        # In the product column the row's vendor offers the product: a name that reads only as a
        # product of that vendor says nothing new (graph.resolution.Resolver.product).
        found = self.catalogue.product(name, offered_by=vendor_id)
        out: list[NodeRecord | EdgeRecord] = list(self._mention(cid, field_name, found, src))
        if found.linked and found.vendor and found.via_product:
            return found.via_product, out
        if found.linked and found.target and not found.vendor:
            return found.target, out
        if found.linked and found.vendor:
            # The name is a vendor's, not a product's: stand in for its unnamed product.
            pid = f"product:{found.vendor.removeprefix('vendor:')}-unnamed"
            out += self._node(
                "Product", id=pid, name=f"{found.vendor_name} (product not named)", sources=src
            )
            vendor_id = found.vendor
        else:
            pid = f"product:{slug(name)}"
            out += self._node(
                "Product",
                id=pid,
                name=name,
                fictional=self._fictional(name, row.fictional),
                sources=src,
            )
        if vendor_id:
            out.append(
                EdgeRecord.of(
                    "OFFERS", "Vendor", vendor_id, "Product", pid, sources=src, asserted_by=[cid]
                )
            )
        return pid, out

    def records(self, row: InventoryRow) -> Iterator[NodeRecord | EdgeRecord]:
        cid = f"customer:{row.customer_id}"
        sid = self.source_ids.setdefault(cid, f"source:inventory:{row.customer_id}")
        src = [sid]
        # What this inventory says of other organisations' products holds for this customer only.
        mine = [cid]
        if sid not in self.seen:
            self.seen.add(sid)
            yield NodeRecord.of(
                "Source",
                id=sid,
                name=f"Inventory of {row.customer_name}",
                title=f"Vendor inventory supplied by {row.customer_name}",
                publisher=row.customer_name,
                url=Path(self.file).name,
            )
        yield from self._node(
            "Customer",
            id=cid,
            name=row.customer_name,
            sector=row.sector,
            turnover_gbp=row.turnover_gbp,
            fictional=row.fictional,
            sources=src,
            inventory=Path(self.file).name,
        )
        pid = f"process:{row.customer_id}/{row.process_id}"
        if pid not in self.seen:
            yield from self._node(
                "Process",
                id=pid,
                name=row.process,
                customer_id=cid,
                purpose=row.purpose,
                criticality=row.criticality,
                uk_data_subjects=row.uk_data_subjects,
                role=row.role,
                dpia=row.dpia,
                lawful_basis=row.lawful_basis,
                alternatives=row.alternatives,
                sources=src,
            )
            yield EdgeRecord.of(
                "RUNS", "Customer", cid, "Process", pid, sources=src, since=row.since
            )
            for cat in row.data_categories:
                yield EdgeRecord.of(
                    "PROCESSES", "Process", pid, "DataCategory", f"datacategory:{cat}", sources=src
                )
        vid, vendor_records = self._vendor(row.vendor, row, cid, "vendor", src)
        yield from vendor_records
        prod, product_records = self._product(row.product, vid, row, cid, "product", src)
        yield from product_records
        yield EdgeRecord.of(
            "USES",
            "Process",
            pid,
            "Product",
            prod,
            sources=src,
            since=row.since,
            notice_days=row.notice_days,
            annual_spend=row.annual_spend_gbp,
        )
        for code in row.storage_countries:
            yield EdgeRecord.of(
                "STORES_DATA_IN",
                "Product",
                prod,
                "Jurisdiction",
                f"jurisdiction:{code}",
                sources=src,
                asserted_by=mine,
            )
        for base in row.built_on:
            base_id, base_records = self._product(base, None, row, cid, "built_on", src)
            yield from base_records
            yield EdgeRecord.of(
                "BUILT_ON", "Product", prod, "Product", base_id, sources=src, asserted_by=mine
            )
        for name in row.subprocessors:
            sub_id, sub_records = self._vendor(name, row, cid, "subprocessors", src)
            yield from sub_records
            yield EdgeRecord.of(
                "SUBPROCESSOR", "Vendor", vid, "Vendor", sub_id, sources=src, asserted_by=mine
            )

    def finish(self) -> Iterator[NodeRecord | EdgeRecord]:
        return iter(())


def resolver_from_records(
    records: Iterable[NodeRecord],
    offers: Iterable[tuple[str, str]] = (),
    decisions: Mapping[Key, NameDecision] | None = None,
) -> Resolver:
    """A resolver over records already read (e.g. the knowledge base) and their OFFERS links."""
    return Resolver.from_nodes(((r.label, r.id, r.props) for r in records), decisions, offers)
