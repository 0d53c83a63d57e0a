"""Resolving every name an inventory gives to a knowledge-base vendor or product, or saying why not.

Order of rules, first that applies wins:
1. a name declared invented ("... (fictional)") is never linked to a real organisation;
2. a reviewer's confirmation links the name to the confirmed node, whatever its score;
3. the same name (case-insensitive) as a node's name or alias links at once;
4. a spelling (graph.resolution.variants: as written, a web domain, "&" as "and", without a country
   qualifier) equal to one node's name or alias once the screening normaliser has set legal forms
   apart links automatically ("Yitu Ltd." is the knowledge base's "Yitu");
5. otherwise every spelling is scored by the screening engine
   (graph.resolution.matching), a reviewer's rejected candidates left out. The best candidate links
   automatically at or above AUTO_LINK when every written word is accounted for and no other node
   scores as high; at or above REVIEW it waits in the review queue; below, the name is kept as new,
   or, when a reviewer rejected what it was close to, as reviewed and rejected.

A name from the vendor or subprocessors column is read as a vendor. A name from the product or
built_on column is read both ways, as a product and as a vendor (DPOs write "built_on: Hikvision
Digital Technology Co Ltd" for the company whose product it is), by the same rules and thresholds:
one review queue, and a vendor reading means "a product of that vendor" (`Resolver.product`).

Example:
    >>> resolver = Resolver.build(vendors=[("vendor:facewatch", "Facewatch", ())], products=[])
    >>> resolver.vendor("Facewatch Ltd").evidence()
    "'Facewatch Ltd' resolved to Facewatch (legal form removed)"
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from graph.resolution.decisions import Key, NameDecision, name_key
from graph.resolution.matching import Candidate, KnownNames, core, legal_forms, shortens
from graph.resolution.variants import variants

__all__ = ["AMBIGUITY", "AUTO_LINK", "REVIEW", "Resolution", "Resolver"]

# Chosen on bench/resolution_bench.py (precision first: a wrong automatic link silently merges two
# organisations; a missed one is listed as unresolved in every answer).
AUTO_LINK = 0.9
REVIEW = 0.7
# A runner-up this close to the best candidate makes the name ambiguous: a person decides.
AMBIGUITY = 0.02

Kind = Literal["vendor", "product"]
Status = Literal["exact", "auto", "confirmed", "pending", "new", "fictional", "rejected"]
LINKED: frozenset[str] = frozenset({"exact", "auto", "confirmed"})


@dataclass(frozen=True)
class Resolution:
    """What one written name resolved to, and how."""

    written: str
    kind: Kind
    status: Status
    target: str | None = None  # the linked node (exact, auto, confirmed)
    target_name: str | None = None
    candidate: str | None = None  # the node a pending name may be
    candidate_name: str | None = None
    score: float | None = None
    how: str = ""
    # A product name that names a vendor instead ("built_on: Clearview AI Inc."): that vendor.
    vendor: str | None = None
    vendor_name: str | None = None
    via_product: str | None = None  # that vendor's one known product, which stands for it
    # Reviewers' rejections of the name, in words: "Clearview AI (rejected by a.dpo on 2025-03-01)".
    rejected_by: tuple[str, ...] = ()

    @property
    def linked(self) -> bool:
        return self.status in LINKED

    def evidence(self) -> str:
        """One sentence for an answer's evidence."""
        how = f" ({self.how})" if self.how else ""
        if self.linked and self.vendor is not None:
            product = (
                "its one known product is used" if self.via_product else "the product is not named"
            )
            return f"'{self.written}' resolved to {self.vendor_name}{how}; {product}"
        if self.linked:
            return f"'{self.written}' resolved to {self.target_name}{how}"
        if self.status == "pending":
            what = (
                f"name {self.candidate_name}, the company whose product it is"
                if self.kind == "product" and (self.candidate or "").startswith("vendor:")
                else f"be {self.candidate_name}"
            )
            return f"'{self.written}' awaits review: it may {what} (score {self.score:.2f}; {self.how})"
        if self.status == "rejected":
            return f"'{self.written}': reviewed, not {'; not '.join(self.rejected_by)}"
        if self.status == "fictional":
            return f"'{self.written}' is declared fictional: kept as a new {self.kind}"
        why = f" ({self.how})" if self.how else ""
        return f"'{self.written}' is not in the knowledge base{why}: kept as a new {self.kind}"


def _how(written: str, best: Candidate) -> str:
    words = list(best.variant.steps)
    if legal_forms(written):
        words.append("legal form removed")
    if not shortens(best.matched, best.primary):
        # A short form ("Hikvision" for "Hangzhou Hikvision Digital Technology") needs no words;
        # another name ("Smartcheckr Corp., Inc." for Clearview AI) does.
        words.append(f"former name or alias '{best.matched}'")
    if best.score < 1.0:
        words.append(f"name score {best.score:.2f}")
    return "; ".join(words) or "punctuation and case"


class _Names:
    """One kind's known names: the exact lookup and the scored index."""

    def __init__(self, nodes: list[tuple[str, str, tuple[str, ...]]]) -> None:
        self.primary = {node_id: name for node_id, name, _ in nodes}
        self.exact: dict[str, str] = {}
        # The same name once the screening normaliser has set legal forms apart: "Yitu Ltd." is
        # the knowledge base's "Yitu" (its names are kept without legal forms).
        self.cores: dict[str, dict[str, str]] = {}
        for node_id, name, aliases in nodes:
            for each in (name, *aliases):
                self.exact.setdefault(each.casefold().strip(), node_id)
                if text := core(each):
                    self.cores.setdefault(text, {}).setdefault(node_id, each)
        self.index = KnownNames.build(nodes)


class Resolver:
    """Resolves vendor and product names against known nodes, with review decisions applied."""

    def __init__(
        self,
        vendors: list[tuple[str, str, tuple[str, ...]]],
        products: list[tuple[str, str, tuple[str, ...]]],
        ids: Iterable[str] = (),
        decisions: Mapping[Key, NameDecision] | None = None,
        offers: Iterable[tuple[str, str]] = (),
    ) -> None:
        self._offers: dict[str, list[str]] = {}
        for vendor_id, product_id in offers:
            self._offers.setdefault(vendor_id, []).append(product_id)
        self._names = {"vendor": _Names(vendors), "product": _Names(products)}
        self._ids = set(ids) | {v[0] for v in vendors} | {p[0] for p in products}
        self._decisions = dict(decisions or {})
        self._cache: dict[tuple[str, str], Resolution] = {}

    @classmethod
    def build(
        cls,
        *,
        vendors: Iterable[tuple[str, str, Iterable[str]]],
        products: Iterable[tuple[str, str, Iterable[str]]],
        ids: Iterable[str] = (),
        decisions: Mapping[Key, NameDecision] | None = None,
        offers: Iterable[tuple[str, str]] = (),
    ) -> Resolver:
        def tidy(
            rows: Iterable[tuple[str, str, Iterable[str]]],
        ) -> list[tuple[str, str, tuple[str, ...]]]:
            return [(i, n, tuple(a)) for i, n, a in rows]

        return cls(tidy(vendors), tidy(products), ids, decisions, offers)

    @classmethod
    def from_nodes(
        cls,
        nodes: Iterable[tuple[str, str, Mapping[str, Any]]],
        decisions: Mapping[Key, NameDecision] | None = None,
        offers: Iterable[tuple[str, str]] = (),
    ) -> Resolver:
        """From (label, id, properties) of known nodes, e.g. the knowledge base's records, and
        the (vendor id, product id) pairs of their OFFERS links."""
        vendors, products, ids = [], [], []
        for label, node_id, props in nodes:
            ids.append(node_id)
            row = (node_id, str(props.get("name") or node_id), tuple(props.get("aliases") or ()))
            if label == "Vendor":
                vendors.append(row)
            elif label == "Product":
                products.append(row)
        return cls(vendors, products, ids, decisions, offers)

    def has(self, node_id: str) -> bool:
        return node_id in self._ids

    def vendor(self, name: str) -> Resolution:
        return self.resolve("vendor", name)

    def product(self, name: str, offered_by: str | None = None) -> Resolution:
        """A name from the product or built_on column, read as a product and as a vendor.

        DPOs often write a fourth party's company instead of its product ("built_on: Clearview AI
        Inc."). Both readings go through the same rules; the reviewer's latest confirmation wins,
        then a product linked by a name without a legal form, then a linked vendor, whose one known
        product stands for it when the knowledge base gives exactly one (else the builder makes an
        unnamed product for it). Unlinked, the better-scoring reading waits for review, so the name
        is queued as the same string in the vendor column would be. `offered_by` is the vendor the
        inventory row names (product column): a name that only reads as a product of that vendor
        is one, which the row already says, so there is nothing to review."""
        found = self.resolve("product", name)
        if found.status == "fictional":
            return found
        via = self.resolve("vendor", name)
        confirmed = self._decided(name)[0]
        if confirmed is not None:
            # The node the reviewer named stays the target ("a product of that vendor").
            return self._as_product(via, None) if confirmed.kind == "vendor" else found
        if found.linked and not legal_forms(name):
            return found
        if via.linked:
            return self._as_product(via, name)
        if found.linked:
            return found
        both = self._either(found, via)
        if both.status == "pending" and offered_by is not None and both.candidate == offered_by:
            how = f"a product of {both.candidate_name}, the row's vendor: {both.how}"
            return Resolution(name, "product", "new", how=how)
        return both

    def _as_product(self, via: Resolution, name: str | None) -> Resolution:
        """A product name linked to a vendor: the vendor's one known product when the name (not
        given for a reviewer's link) has no legal form, else the vendor, through that product."""
        assert via.target is not None  # a linked resolution has its target
        offered = [
            p for p in self._offers.get(via.target, []) if p in self._names["product"].primary
        ]
        only = offered[0] if len(offered) == 1 else None
        if name is not None and not legal_forms(name) and only is not None:
            how = f"{via.how}; names the vendor, whose one known product this is"
            product_name = self._names["product"].primary[only]
            return replace(via, kind="product", target=only, target_name=product_name, how=how)
        return replace(
            via, kind="product", vendor=via.target, vendor_name=via.target_name, via_product=only
        )

    def _family(self, node_id: str | None) -> str | None:
        """The vendor a candidate stands for: itself, or the vendor offering a product."""
        for vendor_id, products in self._offers.items():
            if node_id in products:
                return vendor_id
        return node_id

    def _either(self, found: Resolution, via: Resolution) -> Resolution:
        """Neither reading linked: the better pending one (the vendor's on a tie), else new or
        rejected with what both readings say."""
        pending = [r for r in (via, found) if r.status == "pending"]
        if pending:
            best = max(pending, key=lambda r: r.score or 0.0)
            other = next((r for r in pending if r is not best), None)
            how = best.how
            if (
                other is not None
                and (best.score or 0.0) - (other.score or 0.0) <= AMBIGUITY
                and self._family(other.candidate) != self._family(best.candidate)
                and "as close:" not in how
            ):
                how += f"; as close: {other.candidate_name}"
            for r in (via, found):  # the other reading's rejections explain why it lost
                how += "".join(f"; a reviewer said it is not {x}" for x in r.rejected_by)
            return replace(best, kind="product", how=how)
        rejected_by = tuple(dict.fromkeys((*via.rejected_by, *found.rejected_by)))
        if rejected_by:
            chosen = via if via.status == "rejected" else found
            return replace(chosen, kind="product", rejected_by=rejected_by)
        return replace(found, how="; ".join(r.how for r in (found, via) if r.how))

    def resolve(self, kind: Kind, name: str) -> Resolution:
        key = (kind, name)
        if key not in self._cache:
            self._cache[key] = self._resolve(kind, name.strip())
        return self._cache[key]

    def _decided(
        self, name: str, kind: Kind | None = None
    ) -> tuple[NameDecision | None, list[NameDecision]]:
        """The latest confirmation of this name (if any) and the rejections of it, latest first.
        A decision's kind is what it takes the name to be (the node it names): a vendor
        confirmation holds wherever the name is written; a product one only where a product may be."""
        folded = name_key(name)
        mine = [
            d
            for (k, n, _), d in self._decisions.items()
            if n == folded and (kind is None or k == kind)
        ]
        confirmed = [d for d in mine if d.decision == "confirmed" and d.target in self._ids]
        rejected = sorted((d for d in mine if d.decision == "rejected"), key=lambda d: d.at)
        return (max(confirmed, key=lambda d: d.at) if confirmed else None), rejected[::-1]

    def _rejected(self, name: str, kind: Kind, decisions: list[NameDecision]) -> Resolution:
        """A name whose every close candidate a reviewer rejected: reviewed, not kept open."""
        said = tuple(
            f"{self._name_of(d.target)} (rejected by {d.reviewer} on {d.at[:10]})"
            for d in decisions
        )
        latest = decisions[0].target
        return Resolution(
            name, kind, "rejected", candidate=latest, candidate_name=self._name_of(latest),
            rejected_by=said, how="; ".join(f"not {x}" for x in said),
        )  # fmt: skip

    def _resolve(self, kind: Kind, name: str) -> Resolution:
        names = self._names[kind]
        if "(fictional)" in name.casefold():
            return Resolution(name, kind, "fictional")
        confirmed, decisions = self._decided(name, kind)
        rejected = {d.target for d in decisions}
        if confirmed is not None:
            how = f"confirmed by {confirmed.reviewer}: {confirmed.reason}"
            return Resolution(
                name, kind, "confirmed", confirmed.target, self._name_of(confirmed.target), how=how
            )
        exact = names.exact.get(name.casefold())
        if exact is not None and exact not in rejected:
            return Resolution(
                name, kind, "exact", exact, names.primary[exact], score=1.0, how="same name"
            )
        for variant in variants(name):
            cores = names.cores.get(core(variant.text), {})
            same = {k: v for k, v in cores.items() if k not in rejected}
            if len(same) == 1:
                ((node_id, matched),) = same.items()
                best = Candidate(node_id, names.primary[node_id], matched, 1.0, variant, ())
                return Resolution(
                    name, kind, "auto", node_id, best.primary, score=1.0, how=_how(name, best)
                )
        found = [
            c for c in names.index.candidates(variants(name), REVIEW) if c.node_id not in rejected
        ]
        if not found:
            return (
                self._rejected(name, kind, decisions)
                if decisions
                else Resolution(name, kind, "new")
            )
        best = found[0]
        close = [c for c in found[1:] if c.score >= best.score - AMBIGUITY]
        how = _how(name, best)
        if best.score >= AUTO_LINK and not best.unexplained and not close:
            return Resolution(
                name, kind, "auto", best.node_id, best.primary, score=best.score, how=how
            )
        if best.unexplained:
            how += f"; words not in its name: {', '.join(best.unexplained)}"
        if close:
            how += f"; as close: {', '.join(c.primary for c in close)}"
        for d in decisions:
            how += f"; a reviewer said it is not {self._name_of(d.target)}"
        return Resolution(
            name,
            kind,
            "pending",
            candidate=best.node_id,
            candidate_name=best.primary,
            score=best.score,
            how=how,
        )

    def _name_of(self, node_id: str) -> str:
        for names in self._names.values():
            if node_id in names.primary:
                return names.primary[node_id]
        return node_id
