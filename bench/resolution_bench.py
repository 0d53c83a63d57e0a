"""Name-resolution benchmark: precision and recall of automatic links on labelled name pairs.

Run: `.venv/bin/python -m bench.resolution_bench` from the repository root. Prints the number of
pairs, precision and recall of automatic links, how many variants went to review instead, and the
silent misses (a variant kept as a new vendor with no review candidate), per variation kind, and
lists every wrong link and silent miss. It is a benchmark, not a test: it never fails on figures.

Each pair is resolved as written in three columns (issue 17: names are resolved alike in every
column):
- the vendor column (a product name in the product column), as `Resolver.vendor` reads it;
- the built_on column, where a name may be a product or a vendor ("a product of that vendor"): a
  link counts as found when it reaches the gold node's organisation (the vendor, or the vendor
  offering the gold product); it also prints how often the built_on reading gives the same status
  and score as the vendor column;
- the product column of a row whose vendor is the gold vendor: the name is a product of that
  vendor, so it must link to it or stay a new product of it, never wait for review against it.

Pairs (seeded, so two runs build the same set):
- variants of every knowledge-base vendor name and alias, as a UK DPO writes them: UK and foreign
  legal forms, punctuation and case, "&"/"and", web domains, a UK or European subsidiary
  qualifier, one typo in a long word, and the full legal names of the real vendors;
- variants of the knowledge-base product names (case, punctuation);
- non-variants: real company names that are not knowledge-base vendors (bench/real_companies.txt),
  and other businesses sharing a distinctive word with one ("Clearview Windows Ltd").
A variant counts as found only when it links automatically to its own node; a link to any other
node (or any link for a non-variant) is a wrong link.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.records import NodeRecord
from graph.resolution import Resolution, Resolver
from graph.settings import BUNDLED_DATA
from ingest.kb import PendingEdge, read_kb
from ingest.problems import Rejections

_ROOT = Path(__file__).resolve().parent.parent
_LEGAL = [
    "Ltd",
    "Limited",
    "Ltd.",
    "plc",
    "PLC",
    "LLP",
    "Inc",
    "Inc.",
    "Corp",
    "Corp.",
    "LLC",
    "Co., Ltd.",
    "Co. Ltd",
    "GmbH",
    "AG",
    "S.A.",
    "S.p.A.",
    "B.V.",
    "N.V.",
    "Pty Ltd",
    "SAS",
    "Corporation",
    "Company Limited",
]
_QUALIFIED = ["UK Ltd", "UK Limited", "(UK) Ltd", "Europe B.V.", "Deutschland GmbH", "Ireland Ltd"]
# Real vendors' full legal names as a contract or invoice gives them, with their node.
_LEGAL_NAMES = {
    "Hangzhou Hikvision Digital Technology Co., Ltd.": "vendor:hikvision",
    "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO LTD": "vendor:hikvision",
    "Hikvision Digital Technology": "vendor:hikvision",
    "Zhejiang Dahua Technology Co., Ltd.": "vendor:dahua",
    "Dahua Technology": "vendor:dahua",
    "Dahua Technology Co. Ltd": "vendor:dahua",
    "SenseTime Group Limited": "vendor:sensetime",
    "SenseTime Group Inc.": "vendor:sensetime",
    "Megvii Technology Limited": "vendor:megvii",
    "Megvii Technology Ltd": "vendor:megvii",
    "Yitu Technology Co., Ltd.": "vendor:yitu",
    "CloudWalk Technology Co., Ltd.": "vendor:cloudwalk",
    "Clearview AI, Inc.": "vendor:clearview-ai",
    "Clearview Artificial Intelligence": "vendor:clearview-ai",  # issue 17, written in built_on
    "Hikvision Digital Technology Co Ltd": "vendor:hikvision",  # issue 17, written in built_on
    "Smartcheckr Corp., Inc.": "vendor:clearview-ai",
    "Smartcheckr": "vendor:clearview-ai",
    "Smartcheckr Corp": "vendor:clearview-ai",
    "NEC Corporation": "vendor:nec",
    "Idemia": "vendor:idemia",
    "IDEMIA Identity & Security France": "vendor:idemia",
    "NEC Software Solutions UK Limited": "vendor:nec",
    "Facewatch Ltd": "vendor:facewatch",
    "CRB Cunninghams Ltd": "vendor:crb-cunninghams",
    "Clearview.ai": "vendor:clearview-ai",
    "clearview.ai": "vendor:clearview-ai",
    "www.facewatch.co.uk": "vendor:facewatch",
    "hikvision.com": "vendor:hikvision",
    "www.dahuasecurity.com": "vendor:dahua",
    "pimeyes.com": "vendor:pimeyes",
}
# Real companies sharing a word with a knowledge-base vendor: must never link automatically.
_NEAR_MISSES = [
    "NEC Group Ltd",
    "The NEC Group",
    "Clear Channel UK Ltd",
    "Clearwater Analytics",
    "ClearScore Technology Ltd",
    "Clearview Healthcare Partners",
    "Sense Media Ltd",
    "Facebook UK Ltd",
    "Face First Ltd",
    "Cloudflare Inc",
    "Yoti Ltd",
    "Idox plc",
    "Megger Group Ltd",
    "Serco Group plc",
    "Southern Co-operative Limited",
    "Clearview Glazing Ltd",  # issue 17: a charity's glazier
]
_OTHER_BUSINESS = [
    "Windows Ltd",
    "Dental Practice",
    "Estates Ltd",
    "Foods Ltd",
    "Consulting LLP",
    "Optical Ltd",
    "Media Ltd",
    "Logistics Ltd",
    "Farm Supplies",
    "Accountants LLP",
]


_NEGATIVE_KINDS = frozenset({"other business", "real near miss", "real non-variant"})


@dataclass(frozen=True)
class Pair:
    name: str
    gold: str | None  # the node the name is, or None for a non-variant
    kind: str


def _typo(text: str, rng: random.Random) -> str | None:
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) >= 7 and w.isalpha()]
    if not long:
        return None
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]  # swap two neighbours
    return " ".join(words)


def _kb() -> tuple[list[NodeRecord], list[tuple[str, str]]]:
    records = list(read_kb(BUNDLED_DATA / "kb", Rejections()))
    nodes = [r for r in records if isinstance(r, NodeRecord)]
    offers = [
        (e.from_id, e.to_id) for e in records if isinstance(e, PendingEdge) and e.type == "OFFERS"
    ]
    return nodes, offers


def build_pairs(nodes: list[NodeRecord], seed: int = 9) -> list[Pair]:
    rng = random.Random(seed)
    pairs: list[Pair] = []
    for rec in nodes:
        if rec.label != "Vendor":
            continue
        for name in dict.fromkeys([rec.props["name"], *(rec.props.get("aliases") or [])]):
            base = name.rstrip(".").replace(", Inc", "").replace(" Inc", "")
            for form in rng.sample(_LEGAL, 6):
                pairs.append(Pair(f"{base} {form}", rec.id, "legal form"))
            pairs.append(Pair(base.upper(), rec.id, "case"))
            pairs.append(Pair(f"{base.lower()}.", rec.id, "punctuation"))
            pairs.append(Pair(f"{base} {rng.choice(_QUALIFIED)}", rec.id, "subsidiary qualifier"))
            if typo := _typo(base, rng):
                pairs.append(Pair(typo, rec.id, "typo"))
            if len(base.split()) <= 2:  # long legal names do not make domains
                compact = re.sub(r"[^a-z0-9]", "", base.lower())
                pairs.append(Pair(f"{compact}.co.uk", rec.id, "domain"))
            if " " not in base:
                for other in rng.sample(_OTHER_BUSINESS, 3):
                    pairs.append(Pair(f"{base} {other}", None, "other business"))
    for rec in nodes:
        if rec.label == "Product":
            pairs.append(Pair(rec.props["name"].lower(), rec.id, "product case"))
    for name, gold in _LEGAL_NAMES.items():
        pairs.append(Pair(name, gold, "legal name"))
    for name in _NEAR_MISSES:
        pairs.append(Pair(name, None, "real near miss"))
    real = (_ROOT / "bench" / "real_companies.txt").read_text(encoding="utf-8").splitlines()
    known = {n.casefold() for n in _LEGAL_NAMES} | {
        "clearview ai",
        "facewatch",
        "nec",
        "pimeyes",
        "crb cunninghams",
    }
    for line in real:
        name = line.strip()
        if name and not name.startswith("#") and name.casefold() not in known:
            pairs.append(Pair(name, None, "real non-variant"))
    return pairs


@dataclass
class Tally:
    """Counts for one column."""

    found: Counter[str]
    review: Counter[str]
    silent: Counter[str]
    totals: Counter[str]
    wrong: list[str]
    misses: list[str]
    tp: int = 0
    fp: int = 0
    positives: int = 0

    @classmethod
    def new(cls) -> Tally:
        return cls(Counter(), Counter(), Counter(), Counter(), [], [])

    def add(self, pair: Pair, got: Resolution, reached: str | None) -> None:
        """`reached`: the organisation the link reached, compared with the gold one."""
        self.totals[pair.kind] += 1
        gold = pair.gold
        if gold is not None:
            self.positives += 1
        if got.linked:
            if reached is not None and reached == gold:
                self.tp += 1
                self.found[pair.kind] += 1
            else:
                self.fp += 1
                self.wrong.append(f"{pair.name!r} -> {got.target} (gold {gold}; {got.how})")
        elif got.status == "pending":
            self.review[pair.kind] += 1
        elif gold is not None:
            self.silent[pair.kind] += 1
            self.misses.append(f"{pair.name!r} (gold {gold})")

    def print(self, title: str, pairs: int, seconds: float) -> None:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / self.positives if self.positives else 0.0
        print(f"== {title}")
        print(f"pairs: {pairs} ({self.positives} variants, {pairs - self.positives} non-variants)")
        print(f"automatic links: precision {precision:.3f}  recall {recall:.3f}")
        sent = sum(n for k, n in self.review.items() if k not in _NEGATIVE_KINDS)
        print(f"variants sent to review: {sent}  silent misses: {sum(self.silent.values())}")
        print(f"non-variants sent to review: {sum(self.review.values()) - sent}")
        print(f"wrong links: {self.fp}")
        print(f"time: {seconds * 1000 / pairs:.2f} ms per name ({pairs} names, {seconds:.2f} s)")
        print("per kind (total / linked / review / silent):")
        for kind in sorted(self.totals):
            t = self.totals
            print(
                f"  {kind:22} {t[kind]:4} {self.found[kind]:4} {self.review[kind]:4} "
                f"{self.silent[kind]:4}"
            )
        for line in self.wrong:
            print("  WRONG", line)
        for line in self.misses:
            print("  MISS ", line)


def _organisation(offers: list[tuple[str, str]]) -> Callable[[str | None], str | None]:
    """A node's organisation: a vendor itself, a product the vendor offering it."""
    vendor_of = {product: vendor for vendor, product in offers}
    return lambda node: vendor_of.get(node, node) if node else None


def main() -> None:
    nodes, offers = _kb()
    resolver = Resolver.from_nodes(((r.label, r.id, r.props) for r in nodes), offers=offers)
    organisation = _organisation(offers)
    pairs = build_pairs(nodes)

    vendor_column = Tally.new()
    started = time.perf_counter()
    for pair in pairs:
        kind = "product" if pair.kind == "product case" else "vendor"
        got = resolver.resolve(kind, pair.name)  # type: ignore[arg-type]
        vendor_column.add(pair, got, got.target if got.linked else None)
    vendor_column.print("vendor column", len(pairs), time.perf_counter() - started)

    # A fresh resolver per column, so no column is timed on names another one already resolved.
    resolver = Resolver.from_nodes(((r.label, r.id, r.props) for r in nodes), offers=offers)
    built_on = Tally.new()
    same = compared = 0
    started = time.perf_counter()
    for pair in pairs:
        got = resolver.product(pair.name)
        reached = organisation(got.vendor or got.target) if got.linked else None
        built_on.add(Pair(pair.name, organisation(pair.gold), pair.kind), got, reached)
        if pair.kind != "product case":
            as_vendor = resolver.vendor(pair.name)
            compared += 1
            same += (got.status, got.score) == (as_vendor.status, as_vendor.score) or (
                got.linked and as_vendor.linked and reached == as_vendor.target
            )
    built_on.print("built_on column", len(pairs), time.perf_counter() - started)
    print(
        f"same status and score as the vendor column (or the same organisation): {same} / {compared}"
    )

    resolver = Resolver.from_nodes(((r.label, r.id, r.props) for r in nodes), offers=offers)
    own = Counter[str]()
    for pair in pairs:
        if pair.gold is None or not pair.gold.startswith("vendor:"):
            continue
        got = resolver.product(pair.name, offered_by=pair.gold)
        reached = organisation(got.vendor or got.target) if got.linked else None
        if got.linked:
            own["linked to the row's vendor" if reached == pair.gold else "WRONG link"] += 1
        elif got.status == "pending":
            own[f"review against {'the row' if got.candidate == pair.gold else 'another'}"] += 1
        else:
            own[f"new product of the row's vendor ({got.status})"] += 1
    print("== product column, the row's vendor being the gold vendor")
    for what, n in sorted(own.items()):
        print(f"  {what:45} {n:4}")


if __name__ == "__main__":
    main()
