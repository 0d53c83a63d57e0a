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
   scores as high; at or above REVIEW it waits in the review queue; below, the name is kept as new.

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
Status = Literal["exact", "auto", "confirmed", "pending", "new", "fictional"]
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
            return (
                f"'{self.written}' awaits review: it may be {self.candidate_name} "
                f"(score {self.score:.2f}; {self.how})"
            )
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

    def product(self, name: str) -> Resolution:
        """A product name. DPOs often write a fourth party's company instead of its product
        ("built_on: Clearview AI Inc."): a name with a legal form, or one that only the vendor
        index links, designates that vendor; its one known product stands for it when the
        knowledge base gives exactly one, else the builder makes an unnamed product for it."""
        found = self.resolve("product", name)
        if found.status == "fictional":
            return found
        via = self.resolve("vendor", name)
        if not via.linked or via.target is None or (found.linked and not legal_forms(name)):
            return found
        offered = [
            p for p in self._offers.get(via.target, []) if p in self._names["product"].primary
        ]
        only = offered[0] if len(offered) == 1 else None
        if not legal_forms(name) and only is not None:
            how = f"{via.how}; names the vendor, whose one known product this is"
            product_name = self._names["product"].primary[only]
            return replace(via, kind="product", target=only, target_name=product_name, how=how)
        return replace(
            via, kind="product", vendor=via.target, vendor_name=via.target_name, via_product=only
        )

    def resolve(self, kind: Kind, name: str) -> Resolution:
        key = (kind, name)
        if key not in self._cache:
            self._cache[key] = self._resolve(kind, name.strip())
        return self._cache[key]

    def _decided(self, kind: Kind, name: str) -> tuple[NameDecision | None, set[str]]:
        """The latest confirmation of this name (if any) and the candidates rejected for it."""
        folded = name_key(name)
        mine = [d for (k, n, _), d in self._decisions.items() if k == kind and n == folded]
        confirmed = [d for d in mine if d.decision == "confirmed" and d.target in self._ids]
        rejected = {d.target for d in mine if d.decision == "rejected"}
        return (max(confirmed, key=lambda d: d.at) if confirmed else None), rejected

    def _resolve(self, kind: Kind, name: str) -> Resolution:
        names = self._names[kind]
        if "(fictional)" in name.casefold():
            return Resolution(name, kind, "fictional")
        confirmed, rejected = self._decided(kind, name)
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
            said = "; ".join(
                f"a reviewer said it is not {self._name_of(t)}" for t in sorted(rejected)
            )
            return Resolution(name, kind, "new", how=said)
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
