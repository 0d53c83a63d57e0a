"""A synthetic book of customers, written as inventory CSV a DPO would send (the bench's input).

Each customer runs `processes` processes, one row each, from a pool of about 300 suppliers named as
real registers name them ("Aldgate Payroll Ltd", "Brightwater Cloud Services plc"); a few rows use
real knowledge-base suppliers as a DPO writes them ("Clearview AI Inc", "Facewatch Ltd",
"Hikvision"), some directly and some through a contractor's product built on them, so a scenario
about Clearview, Facewatch or Hikvision reaches a fraction of the book at tiers 1 and 2. Names are
not marked "(fictional)", so every one goes through name resolution as a new user's would.

Deterministic for a seed. Usage: `write_book(path, customers=2_000, processes=10)`.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

__all__ = ["SECTORS", "write_book"]

SECTORS = (
    "retail",
    "education",
    "policing",
    "health",
    "leisure",
    "professional services",
    "local government",
    "charity",
)
_FIRST = (
    "Aldgate", "Brightwater", "Copperfield", "Dunmore", "Elmstead", "Fairhaven", "Greystone",
    "Hollybank", "Ironbridge", "Juniper", "Kingsmead", "Larchfield", "Millbrook", "Northgate",
    "Oakridge", "Pennine", "Queensway", "Redcliffe", "Saltmarsh", "Thornbury", "Upton",
    "Valewood", "Westcombe", "Yarrow", "Ashdown", "Beacon", "Calder", "Derwent", "Eden",
    "Fenwick",
)  # fmt: skip
_TRADE = (
    ("Payroll", "Payroll Cloud", "employee-records;payment"),
    ("Cloud Services", "Object Storage", "customer-contact"),
    ("CRM", "Customer Hub", "customer-contact;payment"),
    ("Security", "Access Control", "biometric;cctv-footage"),
    ("Analytics", "Insight Platform", "customer-contact;location"),
    ("Health Systems", "Patient Records", "health"),
    ("Learning", "Pupil Portal", "children;customer-contact"),
    ("Payments", "Card Gateway", "payment"),
    ("Video", "CCTV Cloud", "cctv-footage"),
    ("HR", "People Suite", "employee-records"),
)
_FORMS = ("Ltd", "Limited", "plc", "LLP", "Ltd.")
# Real knowledge-base suppliers, written as inventories write them, with their products.
_REAL = (
    ("Clearview AI facial recognition search", "Clearview AI Inc", "biometric;facial-images"),
    ("Facewatch facial recognition", "Facewatch Ltd", "biometric;facial-images;criminal-offence"),
    ("Hikvision CCTV cameras", "Hikvision", "cctv-footage"),
    ("NeoFace Watch", "NEC", "biometric;facial-images"),
)
_SUBPROCESSORS = tuple(f"{name} Hosting Ltd" for name in _FIRST[:12])
_COUNTRIES = ("GB", "GB;IE", "GB;US", "GB;DE", "US", "GB;IN")


def _suppliers(count: int, rnd: random.Random) -> list[tuple[str, str, str]]:
    """(product, vendor, data categories) for `count` distinct suppliers."""
    out: list[tuple[str, str, str]] = []
    for i in range(count):
        first = _FIRST[i % len(_FIRST)]
        trade, product, cats = _TRADE[(i // len(_FIRST)) % len(_TRADE)]
        series = i // (len(_FIRST) * len(_TRADE))
        suffix = f" {series + 1}" if series else ""
        vendor = f"{first} {trade}{suffix} {rnd.choice(_FORMS)}"
        out.append((f"{first} {product}{suffix}", vendor, cats))
    return out


def write_book(
    path: Path, customers: int, processes: int, *, suppliers: int = 300, seed: int = 21
) -> Path:
    """A book of `customers` x `processes` inventory rows at `path`; returns the path."""
    rnd = random.Random(seed)
    pool = _suppliers(suppliers, rnd)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            (
                "customer_id", "customer_name", "sector", "turnover_gbp", "process_id", "process",
                "purpose", "product", "vendor", "data_categories", "uk_data_subjects", "role",
                "criticality", "since", "notice_days", "annual_spend_gbp", "storage_countries",
                "built_on", "subprocessors", "alternatives", "dpia", "lawful_basis",
            )
        )  # fmt: skip
        for c in range(customers):
            cid = f"bench-{c:05d}"
            sector = SECTORS[c % len(SECTORS)]
            name = f"{_FIRST[c % len(_FIRST)]} {sector.title()} {c:05d} Ltd"
            turnover = rnd.choice((2_000_000, 40_000_000, 900_000_000))
            for p in range(processes):
                built_on = subs = ""
                roll = rnd.random()
                if roll < 0.03:  # direct use of a real knowledge-base supplier
                    product, vendor, cats = _REAL[rnd.randrange(len(_REAL))]
                else:
                    product, vendor, cats = pool[rnd.randrange(len(pool))]
                    if roll < 0.06:  # a contractor's service built on a real supplier's product
                        built_on = _REAL[rnd.randrange(len(_REAL))][0]
                    elif roll < 0.3:
                        subs = _SUBPROCESSORS[rnd.randrange(len(_SUBPROCESSORS))]
                writer.writerow(
                    (
                        cid, name, sector, turnover, f"p{p + 1}", f"Process {p + 1} ({product})",
                        "Run the organisation", product, vendor, cats,
                        rnd.choice((120, 1_800, 45_000, 900_000)), "controller",
                        rnd.choice(("low", "medium", "high", "critical")),
                        f"20{rnd.randrange(15, 23)}-0{rnd.randrange(1, 10)}-01",
                        rnd.choice((30, 90, 180, 365)), rnd.randrange(1_000, 500_000),
                        rnd.choice(_COUNTRIES), built_on, subs, "", rnd.choice(("true", "false")),
                        "Legitimate interests",
                    )
                )  # fmt: skip
    return path
