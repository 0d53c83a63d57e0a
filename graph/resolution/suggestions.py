"""Candidates for a name in the review queue: the knowledge base's vendors and products it may be,
each with the screening engine's score and the reason in words, and every target a reviewer may
name instead.

The review queue (graph.resolution.queue) keeps one candidate per name, the one the build chose;
a reviewer deciding needs the runners-up too, and the scores that separate them. They come from the
same index and scorer as the build's resolution (graph.resolution.matching), over the knowledge
base's own nodes only: a vendor the build made from an inventory name is not a target (a decision
naming it would not be applied).

Example:
    >>> known = known_targets(store)  # doctest: +SKIP
    >>> [(s.target.name, s.score) for s in Suggester(known).suggest("Hikvison", "vendor")][:1]  # doctest: +SKIP
    [('Hikvision', 0.93)]
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.resolution.matching import KnownNames, shortens
from graph.resolution.variants import variants
from graph.store.protocol import Store

__all__ = ["FLOOR", "Suggester", "Suggestion", "Target", "known_targets"]

# Lower than the review threshold: a reviewer sees what else a name was close to.
FLOOR = 0.5
_INVENTORY = "source:inventory:"
_VENDORS = (
    "MATCH (n:Vendor) RETURN n.id AS id, n.name AS name, n.aliases AS aliases, "
    "n.sources AS sources, '' AS vendor ORDER BY id"
)
_PRODUCTS = (
    "MATCH (n:Product) OPTIONAL MATCH (v:Vendor)-[:OFFERS]->(n) "
    "RETURN n.id AS id, n.name AS name, [] AS aliases, n.sources AS sources, "
    "min(v.name) AS vendor ORDER BY id"
)


@dataclass(frozen=True)
class Target:
    """A knowledge-base vendor or product a name can be confirmed as."""

    id: str
    name: str
    kind: str  # "vendor" or "product"
    aliases: tuple[str, ...] = ()
    vendor: str = ""  # a product's vendor, by name

    @property
    def words(self) -> str:
        """How a picker shows it: "Hikvision (vendor)", "HikCentral (product of Hikvision)"."""
        if self.kind == "product":
            return (
                f"{self.name} (product of {self.vendor})"
                if self.vendor
                else f"{self.name} (product)"
            )
        return f"{self.name} (vendor)"


@dataclass(frozen=True)
class Suggestion:
    """A target a written name may be: the score and why, in words."""

    target: Target
    score: float
    reason: str


def _curated(sources: list[str] | None) -> bool:
    """Whether a node comes from the knowledge base (not only from customers' inventories)."""
    return any(not s.startswith(_INVENTORY) for s in sources or [])


def known_targets(store: Store) -> list[Target]:
    """Every knowledge-base vendor and product, vendors first, each by name."""
    out = []
    for kind, query in (("vendor", _VENDORS), ("product", _PRODUCTS)):
        for r in store.read(query):
            if _curated(r["sources"]):
                aliases = tuple(a for a in r["aliases"] or [] if a)
                out.append(Target(r["id"], r["name"] or r["id"], kind, aliases, r["vendor"] or ""))
    return sorted(out, key=lambda t: (t.kind != "vendor", t.name.casefold(), t.id))


class Suggester:
    """The scored index over known targets, built once per graph."""

    def __init__(self, targets: list[Target]) -> None:
        self.targets = {t.id: t for t in targets}
        self._index = {
            kind: KnownNames.build((t.id, t.name, t.aliases) for t in targets if t.kind == kind)
            for kind in ("vendor", "product")
        }

    def suggest(self, name: str, kind: str, limit: int = 5) -> list[Suggestion]:
        """The targets `name` may be, best first. A name written in a product column may be a
        product or a vendor (the company whose product it is); one in a vendor column a vendor."""
        kinds = ("product", "vendor") if kind == "product" else ("vendor",)
        found: dict[str, Suggestion] = {}
        for each in kinds:
            for c in self._index[each].candidates(variants(name), FLOOR):
                if c.node_id in found and found[c.node_id].score >= c.score:
                    continue
                found[c.node_id] = Suggestion(
                    self.targets[c.node_id], round(c.score, 2), _reason(c)
                )
        return sorted(found.values(), key=lambda s: (-s.score, s.target.name.casefold()))[:limit]


def _reason(c: object) -> str:
    """Why a candidate scored as it did, in words."""
    from graph.resolution.matching import Candidate

    assert isinstance(c, Candidate)
    words = list(c.variant.steps)
    if not shortens(c.matched, c.primary):
        words.append(f"matches its other name “{c.matched}”")
    if c.unexplained:
        words.append("words not in its name: " + ", ".join(c.unexplained))
    if c.score >= 1.0:
        words.append("same name once punctuation and legal forms are set aside")
    elif not c.unexplained:
        words.append("close spelling")
    return "; ".join(words)
