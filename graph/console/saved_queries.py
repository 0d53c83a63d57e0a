"""The saved-query library: named, described, parameterised Cypher for the questions DPOs ask.

Every query is in the subset both engines run (MATCH, OPTIONAL MATCH, WITH, aggregation, IN on
lists, bounded variable-length paths; no list comprehensions, no procedures) and the suite runs
each on both and compares the answers. `export_for_browser` writes them as .cypher files that
Neo4j Browser imports as favourites.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.console.guard import check_read_only
from graph.store.protocol import Store

__all__ = ["SAVED_QUERIES", "SavedQuery", "UnknownQuery", "export_for_browser", "run_saved"]

# Statuses under which an order still binds (see graph.exposure.weights.FORCE for their weights).
_STANDING = "['issued', 'in_force', 'final', 'upheld', 'unpaid', 'paid', 'appealed', 'remitted', 'complied']"


class UnknownQuery(LookupError):
    """No saved query by that name."""


@dataclass(frozen=True)
class SavedQuery:
    """A named query with its parameters' example values."""

    name: str
    description: str
    cypher: str
    params: Mapping[str, Any]


_QUERIES = (
    SavedQuery(
        "vendors_under_order",
        "Vendors with an enforcement order standing as of a date (latest status on or before it).",
        "MATCH (r:Regulator)-[:ISSUED]->(a:EnforcementAction)-[:AGAINST]->(v:Vendor) "
        "MATCH (a)-[:HAS_STATUS]->(s:StatusEvent) WHERE s.date <= $as_of AND size(a.orders) > 0 "
        "WITH v, a, r, max(s.date) AS last "
        "MATCH (a)-[:HAS_STATUS]->(cur:StatusEvent) "
        f"WHERE cur.date = last AND cur.status IN {_STANDING} "
        "RETURN DISTINCT v.name AS vendor, a.name AS action, r.name AS regulator, a.date AS date, "
        "cur.status AS status, a.sources AS sources ORDER BY vendor, date, action",
        {"as_of": "2022-06-01"},
    ),
    SavedQuery(
        "special_category_to_stopped_vendor",
        "Processes sending special-category data to a vendor under a stop-processing order issued by a date.",
        "MATCH (c:Customer)-[:RUNS]->(p:Process)-[:PROCESSES]->(d:DataCategory) "
        "WHERE d.special_category = true "
        "MATCH (p)-[:USES]->(:Product)<-[:OFFERS]-(v:Vendor)<-[:AGAINST]-(a:EnforcementAction) "
        "WHERE a.date <= $as_of AND 'stop_processing' IN a.orders "
        "RETURN DISTINCT c.name AS customer, p.name AS process, d.name AS data_category, "
        "v.name AS vendor, a.name AS action, a.date AS date ORDER BY customer, process, data_category, date",
        {"as_of": "2022-06-01"},
    ),
    SavedQuery(
        "fourth_party_paths",
        "Products a customer uses that are built on a vendor's product (fourth parties), up to 3 hops.",
        "MATCH (c:Customer {id: $customer})-[:RUNS]->(p:Process)-[:USES]->(first:Product) "
        "MATCH path = (first)-[:BUILT_ON*1..3]->(base:Product)<-[:OFFERS]-(v:Vendor {id: $vendor}) "
        "MATCH (supplier:Vendor)-[:OFFERS]->(first) "
        "RETURN p.name AS process, first.name AS product, supplier.name AS supplier, "
        "base.name AS built_on, v.name AS vendor, length(path) AS hops ORDER BY process, product",
        # The bundled sample whose security contractor's service is built on Clearview (tier 2).
        {"customer": "customer:cust-larkspur-stores", "vendor": "vendor:clearview-ai"},
    ),
    SavedQuery(
        "subprocessor_paths",
        "Vendors a customer uses directly that engage a vendor as subprocessor, up to 3 hops.",
        "MATCH (c:Customer {id: $customer})-[:RUNS]->(p:Process)-[:USES]->(prod:Product)<-[:OFFERS]-(direct:Vendor) "
        "MATCH path = (direct)-[:SUBPROCESSOR*1..3]->(v:Vendor {id: $vendor}) "
        "RETURN DISTINCT p.name AS process, prod.name AS product, direct.name AS supplier, "
        "v.name AS vendor, length(path) AS hops ORDER BY process, product",
        # A bundled sample two of whose suppliers host with the same (fictional) cloud provider.
        {
            "customer": "customer:cust-riverside-leisure",
            "vendor": "vendor:nimbus-cloud-services-ltd-fictional",
        },
    ),
    SavedQuery(
        "customers_sanctioned_for_using",
        "Organisations a regulator or court acted against over their use of a vendor (precedents for a customer's own liability); each action's name and status history say what it was, e.g. an investigation closed with no further action.",
        "MATCH (r:Regulator)-[:ISSUED]->(a:EnforcementAction)-[:CONCERNS]->(v:Vendor {id: $vendor}) "
        "MATCH (a)-[:AGAINST]->(c:Customer) "
        "RETURN c.name AS customer, r.name AS regulator, a.name AS action, a.date AS date, "
        "a.amount AS amount, a.currency AS currency, a.sources AS sources ORDER BY date, customer",
        {"vendor": "vendor:clearview-ai"},
    ),
    SavedQuery(
        "vendors_scraping_social_media",
        "Vendors whose data sources include scraped social media.",
        "MATCH (v:Vendor)-[e:COLLECTS_FROM]->(d:DataSource) WHERE d.kind = 'social_media' "
        "RETURN v.name AS vendor, d.name AS source, e.note AS note, e.sources AS sources ORDER BY vendor, source",
        {},
    ),
    SavedQuery(
        "storage_without_uk_adequacy",
        "Products storing data in jurisdictions without full UK adequacy, and who uses them.",
        "MATCH (v:Vendor)-[:OFFERS]->(prod:Product)-[:STORES_DATA_IN]->(j:Jurisdiction) "
        "WHERE j.uk_adequacy IN ['none', 'partial'] "
        "OPTIONAL MATCH (c:Customer)-[:RUNS]->(:Process)-[:USES]->(prod) "
        "RETURN DISTINCT v.name AS vendor, prod.name AS product, j.name AS jurisdiction, "
        "j.uk_adequacy AS adequacy, j.adequacy_basis AS basis, c.name AS customer "
        "ORDER BY vendor, product, jurisdiction, customer",
        {},
    ),
    SavedQuery(
        "vendor_enforcement_timeline",
        "A vendor's enforcement actions across jurisdictions with every dated status step.",
        "MATCH (r:Regulator)-[:ISSUED]->(a:EnforcementAction)-[:AGAINST]->(v:Vendor {id: $vendor}) "
        "OPTIONAL MATCH (a)-[:HAS_STATUS]->(s:StatusEvent) "
        "RETURN a.date AS date, r.name AS regulator, a.name AS action, a.amount AS amount, "
        "a.currency AS currency, s.date AS status_date, s.status AS status, s.sources AS sources "
        "ORDER BY date, action, regulator, status_date, status",
        {"vendor": "vendor:clearview-ai"},
    ),
    SavedQuery(
        "matches_awaiting_review",
        "Screening matches nobody has confirmed or rejected yet, best score first.",
        "MATCH (v:Vendor)-[m:MATCHES]->(l:ListedEntity) WHERE m.review = 'unreviewed' "
        "OPTIONAL MATCH (d:Designation)-[:DESIGNATES]->(l) "
        "RETURN v.name AS vendor, l.name AS listed_name, l.list AS list, l.entity_id AS entity_id, "
        "m.score AS score, m.explanation AS explanation, d.program AS program "
        "ORDER BY score DESC, vendor, entity_id",
        {},
    ),
    SavedQuery(
        "restricted_list_status",
        "A vendor's designations on sanctions and restricted lists, with list dates and review state.",
        "MATCH (v:Vendor {id: $vendor})-[m:MATCHES]->(l:ListedEntity)<-[:DESIGNATES]-(d:Designation) "
        "RETURN d.list AS list, d.program AS program, d.listed_on AS listed_on, d.list_as_of AS list_as_of, "
        "l.name AS listed_name, m.review AS review, m.score AS score, d.sources AS sources "
        "ORDER BY list, listed_on",
        {"vendor": "vendor:hikvision"},
    ),
    SavedQuery(
        "customers_using_vendor",
        "Customers whose processes use a vendor's products directly (tier 1).",
        "MATCH (c:Customer)-[:RUNS]->(p:Process)-[u:USES]->(prod:Product)<-[:OFFERS]-(v:Vendor {id: $vendor}) "
        "RETURN c.name AS customer, p.name AS process, prod.name AS product, p.criticality AS criticality, "
        "u.notice_days AS notice_days, u.annual_spend AS annual_spend ORDER BY customer, process",
        {"vendor": "vendor:clearview-ai"},
    ),
    SavedQuery(
        "biometric_processing_without_dpia",
        "Processes handling special-category data with no DPIA recorded.",
        "MATCH (c:Customer)-[:RUNS]->(p:Process)-[:PROCESSES]->(d:DataCategory) "
        "WHERE d.special_category = true AND (p.dpia IS NULL OR p.dpia = false) "
        "RETURN DISTINCT c.name AS customer, p.name AS process, d.name AS data_category "
        "ORDER BY customer, process, data_category",
        {},
    ),
    SavedQuery(
        "fines_by_regulator",
        "Fines issued by each regulator up to a date, per currency.",
        "MATCH (r:Regulator)-[:ISSUED]->(a:EnforcementAction) "
        "WHERE a.amount IS NOT NULL AND a.date <= $as_of "
        "RETURN r.name AS regulator, a.currency AS currency, count(a) AS actions, sum(a.amount) AS total "
        "ORDER BY total DESC, regulator",
        {"as_of": "2026-01-01"},
    ),
    SavedQuery(
        "customer_inventory",
        "A customer's processes, the products they use and who offers them.",
        "MATCH (c:Customer {id: $customer})-[:RUNS]->(p:Process) "
        "OPTIONAL MATCH (p)-[u:USES]->(prod:Product) OPTIONAL MATCH (v:Vendor)-[:OFFERS]->(prod) "
        "RETURN p.name AS process, p.criticality AS criticality, prod.name AS product, v.name AS vendor, "
        "u.since AS since ORDER BY process, product, vendor",
        {"customer": "customer:cust-northshire-police"},
    ),
)

SAVED_QUERIES: dict[str, SavedQuery] = {q.name: q for q in _QUERIES}


def run_saved(
    store: Store, name: str, params: Mapping[str, Any] | None = None, *, limit: int | None = None
) -> list[dict[str, Any]]:
    """Run a saved query; missing parameters take the query's example values."""
    try:
        query = SAVED_QUERIES[name]
    except KeyError:
        raise UnknownQuery(
            f"unknown saved query {name!r}; known: {', '.join(SAVED_QUERIES)}"
        ) from None
    given = dict(params or {})
    unknown = set(given) - set(query.params)
    if unknown:
        raise ValueError(
            f"{name}: unknown parameter(s) {', '.join(sorted(unknown))}; takes {', '.join(query.params) or 'none'}"
        )
    check_read_only(query.cypher)  # the library stays inside what the console door allows
    return store.read(query.cypher, {**query.params, **_prefixed(query, given)}, limit=limit)


def _prefixed(query: SavedQuery, given: Mapping[str, Any]) -> dict[str, Any]:
    """Bare ids given the kind prefix the parameter takes: `customer=cust-larkspur-stores` means
    `customer:cust-larkspur-stores`, as on every other command."""
    out = dict(given)
    for key, value in given.items():
        example = query.params.get(key)
        if isinstance(value, str) and isinstance(example, str) and ":" not in value:
            kind, sep, _ = example.partition(":")
            if sep and kind.isalpha():
                out[key] = f"{kind}:{value}"
    return out


def export_for_browser(folder: Path) -> list[Path]:
    """Write each saved query as a .cypher file (with :param lines) for Neo4j Browser favourites.
    A folder or file that is a symlink is refused (graph.store.files), never written through."""
    import json

    from graph.store.files import check_folder, check_target, write_atomic

    check_folder(folder)
    targets = [folder / f"{query.name}.cypher" for query in _QUERIES]
    for target in targets:
        check_target(target)  # all refused before any is written
    written = []
    for query in _QUERIES:
        lines = [f"// {query.name}: {query.description}"]
        lines += [f":param {k} => {json.dumps(v)};" for k, v in query.params.items()]
        lines.append(query.cypher.replace(" MATCH", "\nMATCH").replace(" RETURN", "\nRETURN") + ";")
        path = folder / f"{query.name}.cypher"
        write_atomic(path, "\n".join(lines) + "\n", sync=False)
        written.append(path)
    return written
