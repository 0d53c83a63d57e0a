"""The parameterised Cypher the analysis runs, in the subset both engines share.

Queries return simple rows (ids, property maps as nodes, relationship maps); path-finding and
scoring happen in networkx on the subgraph these fetch, so the analysis is engine-independent.
"""

from __future__ import annotations

__all__ = [
    "ACTIONS_AGAINST_VENDOR",
    "ACTION_STATUSES",
    "ALL_CUSTOMERS",
    "ALL_MENTIONS",
    "ALL_VENDORS",
    "BUILT_ON_FROM",
    "BUILT_ON_INTO",
    "CATALOGUE",
    "CONE_USES",
    "CONE_USES_OF",
    "CUSTOMER",
    "CUSTOMERS_BY_ID",
    "CUSTOMER_CATEGORIES",
    "CUSTOMER_MENTIONS",
    "CUSTOMER_PROCESSES",
    "JURISDICTIONS",
    "MAX_DEPTH",
    "MENTIONS_OF",
    "NODE_BY_ID",
    "OFFERED_BY",
    "OFFERS_INTO",
    "OPEN_MENTIONS",
    "OWNED_BY_FROM",
    "OWNERS_INTO",
    "PRECEDENTS",
    "PROCESS_CATEGORIES",
    "SAME_LISTED_ENTITY",
    "SANCTIONS_MATCHES",
    "SCENARIO_ACTIONS",
    "SOURCES_BY_ID",
    "STORAGE_ANY",
    "STORAGE_OF",
    "SUBPROCESSORS_INTO",
    "SUBPROCESSORS_OF",
    "USES_OF_PROCESSES",
    "VENDOR",
    "reach_query",
]

CUSTOMER = "MATCH (c:Customer {id: $customer}) RETURN c"

ALL_CUSTOMERS = (
    "MATCH (c:Customer) OPTIONAL MATCH (c)-[:RUNS]->(p:Process) "
    "RETURN c.id AS id, c.name AS name, c.sector AS sector, c.fictional AS fictional, "
    "count(p) AS processes ORDER BY id"
)

ALL_VENDORS = (
    "MATCH (v:Vendor) RETURN v.id AS id, v.name AS name, v.country AS country, "
    "v.aliases AS aliases, v.fictional AS fictional ORDER BY id"
)

VENDOR = "MATCH (v:Vendor {id: $vendor}) RETURN v"

CATALOGUE = "MATCH (n) WHERE n.id STARTS WITH $prefix RETURN n.id AS id, n.name AS name ORDER BY id"

CUSTOMER_PROCESSES = (
    "MATCH (c:Customer {id: $customer})-[r:RUNS]->(p:Process) "
    "OPTIONAL MATCH (p)-[u:USES]->(prod:Product) "
    "RETURN p AS process, r AS runs, u AS uses, prod AS product ORDER BY p.id, prod.id"
)

CUSTOMER_CATEGORIES = (
    "MATCH (c:Customer {id: $customer})-[:RUNS]->(p:Process)-[e:PROCESSES]->(d:DataCategory) "
    "RETURN p.id AS process, d AS category, e AS link ORDER BY process, d.id"
)

# Links an inventory states (asserted_by) hold for the customers who stated them; curated ones
# (asserted_by null) for everyone. $customer is the customer whose answer is being built.
_CLAIMED_BY = "WHERE e.asserted_by IS NULL OR $customer IN e.asserted_by "

BUILT_ON_FROM = (
    "MATCH (a:Product) WHERE a.id IN $ids MATCH (a)-[e:BUILT_ON]->(b:Product) "
    + _CLAIMED_BY
    + "RETURN a.id AS src, b AS dst, e AS rel ORDER BY src, b.id"
)

OFFERED_BY = (
    "MATCH (p:Product) WHERE p.id IN $ids MATCH (v:Vendor)-[e:OFFERS]->(p) "
    + _CLAIMED_BY
    + "RETURN p.id AS src, v AS dst, e AS rel ORDER BY src, v.id"
)

SUBPROCESSORS_OF = (
    "MATCH (a:Vendor) WHERE a.id IN $ids MATCH (a)-[e:SUBPROCESSOR]->(b:Vendor) "
    + _CLAIMED_BY
    + "RETURN a.id AS src, b AS dst, e AS rel ORDER BY src, b.id"
)

OWNED_BY_FROM = (
    "MATCH (a:Vendor) WHERE a.id IN $ids MATCH (a)-[e:OWNED_BY]->(b:Vendor) "
    "RETURN a.id AS src, b AS dst, e AS rel ORDER BY src, b.id"
)

STORAGE_OF = (
    "MATCH (p:Product) WHERE p.id IN $ids MATCH (p)-[e:STORES_DATA_IN]->(j:Jurisdiction) "
    + _CLAIMED_BY
    + "RETURN p.id AS product, j AS jurisdiction, e AS rel ORDER BY product, j.id"
)

JURISDICTIONS = "MATCH (j:Jurisdiction) RETURN j ORDER BY j.id"

ACTIONS_AGAINST_VENDOR = (
    "MATCH (v:Vendor {id: $vendor})<-[:AGAINST]-(a:EnforcementAction)<-[:ISSUED]-(r:Regulator) "
    "RETURN a AS action, r AS regulator ORDER BY a.date, a.id, r.id"
)

SCENARIO_ACTIONS = (
    "MATCH (r:Regulator)-[:ISSUED]->(a:EnforcementAction)-[:AGAINST]->(v:Vendor) "
    "RETURN a AS action, r AS regulator, v.id AS vendor_id, v.name AS vendor "
    "ORDER BY a.date, a.id, r.id"
)

ACTION_STATUSES = (
    "MATCH (a:EnforcementAction) WHERE a.id IN $ids MATCH (a)-[:HAS_STATUS]->(s:StatusEvent) "
    "RETURN a.id AS action, s AS status ORDER BY action, s.date, s.id"
)

PRECEDENTS = (
    "MATCH (v:Vendor {id: $vendor})<-[:CONCERNS]-(a:EnforcementAction)<-[:ISSUED]-(r:Regulator) "
    "MATCH (a)-[:AGAINST]->(c:Customer) "
    "RETURN a AS action, r AS regulator, c AS customer ORDER BY a.date, a.id, r.id, c.id"
)

SANCTIONS_MATCHES = (
    "MATCH (v:Vendor) WHERE v.id IN $ids MATCH (v)-[m:MATCHES]->(l:ListedEntity) "
    "OPTIONAL MATCH (d:Designation)-[:DESIGNATES]->(l) "
    "RETURN v.id AS vendor, m AS match, l AS entity, d AS designation "
    "ORDER BY vendor, l.id, d.id"
)

CUSTOMER_MENTIONS = (
    "MATCH (m:Mention {customer_id: $customer}) RETURN m ORDER BY m.field, m.name, m.id"
)

ALL_MENTIONS = "MATCH (m:Mention) RETURN m ORDER BY m.status, m.name, m.customer_id, m.field"

# Other vendors that screening matched to a listed entity this vendor also matches: the same
# organisation for exposure when both matches count (filtered by score and review in Python).
SAME_LISTED_ENTITY = (
    "MATCH (v:Vendor {id: $vendor})-[a:MATCHES]->(l:ListedEntity)<-[b:MATCHES]-(o:Vendor) "
    "WHERE o.id <> $vendor "
    "RETURN o.id AS vendor, o.name AS name, l AS entity, a AS mine, b AS theirs ORDER BY vendor, l.id"
)

SOURCES_BY_ID = "MATCH (s:Source) WHERE s.id IN $ids RETURN s ORDER BY s.id"

NODE_BY_ID = "MATCH (n) WHERE n.id IN $ids RETURN n ORDER BY n.id"

# --- Reverse reachability (graph.exposure.reach): every process a scenario's vendors reach. ---

# Tier links (BUILT_ON, SUBPROCESSOR, OWNED_BY) followed from a customer's product: tier 5 at most,
# well past what contracts and subprocessor lists disclose. Builds, change sets and re-scoring
# never walk further (a 2,000-deep chain costs what a 4-deep one does).
MAX_DEPTH = 4
_HOPS = f"*0..{MAX_DEPTH}"  # a constant of the code, never input


def reach_query(*, product: bool, ownership: bool) -> str:
    """The cone of a scenario's targets ($targets: vendor ids, or one product id) in one query:
    vendors that reach a target through subprocessor (and, for ownership-driven events,
    ownership) links, the products they offer, and the products built on those, each walk capped
    at MAX_DEPTH links (the sum is checked in Python, with dates and whose claim a link is)."""
    if product:
        return (
            "MATCH (t:Product) WHERE t.id IN $targets "
            f"MATCH (q:Product)-[:BUILT_ON{_HOPS}]->(t) "
            "RETURN DISTINCT 'Product' AS label, q.id AS id, q.name AS name"
        )
    links = "SUBPROCESSOR|OWNED_BY" if ownership else "SUBPROCESSOR"
    vendors = f"MATCH (t:Vendor) WHERE t.id IN $targets MATCH (v:Vendor)-[:{links}{_HOPS}]->(t) "
    return (
        vendors
        + "RETURN DISTINCT 'Vendor' AS label, v.id AS id, v.name AS name UNION "
        + vendors
        + f"MATCH (v)-[:OFFERS]->(p:Product) MATCH (q:Product)-[:BUILT_ON{_HOPS}]->(p) "
        "RETURN DISTINCT 'Product' AS label, q.id AS id, q.name AS name"
    )


# The links into the cone, every claim and date (decided per customer in Python); `src` is the
# end nearer the customer.
BUILT_ON_INTO = (
    "MATCH (a:Product)-[e:BUILT_ON]->(b:Product) WHERE b.id IN $ids "
    "RETURN a.id AS src, b.id AS dst, b.name AS name, e AS rel"
)
OFFERS_INTO = (
    "MATCH (v:Vendor)-[e:OFFERS]->(p:Product) WHERE p.id IN $ids "
    "RETURN p.id AS src, v.id AS dst, v.name AS name, e AS rel"
)
SUBPROCESSORS_INTO = (
    "MATCH (a:Vendor)-[e:SUBPROCESSOR]->(b:Vendor) WHERE b.id IN $ids "
    "RETURN a.id AS src, b.id AS dst, b.name AS name, e AS rel"
)
OWNERS_INTO = (
    "MATCH (a:Vendor)-[e:OWNED_BY]->(b:Vendor) WHERE b.id IN $ids "
    "RETURN a.id AS src, b.id AS dst, b.name AS name, e AS rel"
)

# The processes that use the cone's products (of every customer, or of $customers): ids and dates
# only, since most are ruled out by whose claims their paths rest on; then the chosen ones whole.
_CONE_USES = "MATCH (c:Customer)-[r:RUNS]->(p:Process)-[u:USES]->(q:Product) WHERE q.id IN $ids "
_CONE_USES_RETURN = (
    "RETURN c.id AS customer, p.id AS process, q.id AS product, r.since AS runs_since, "
    "r.until AS runs_until, u.since AS since, u.until AS until"
)
CONE_USES = _CONE_USES + _CONE_USES_RETURN
CONE_USES_OF = _CONE_USES + "AND c.id IN $customers " + _CONE_USES_RETURN
# Reads by a list of ids start from UNWIND: each id is an index lookup on both engines, where
# `WHERE x.id IN $ids` made LadybugDB test every node against the list (33,000 processes of a
# 10,000-customer book: 3.5-6 s per read against 0.8 s).
USES_OF_PROCESSES = (
    "UNWIND $ids AS i MATCH (p:Process)-[u:USES]->(q:Product) WHERE p.id = i "
    "RETURN p AS process, q.id AS product, u AS uses"
)

PROCESS_CATEGORIES = (
    "UNWIND $ids AS i MATCH (p:Process)-[:PROCESSES]->(d:DataCategory) WHERE p.id = i "
    "RETURN p.id AS process, d AS category ORDER BY process, d.id"
)

CUSTOMERS_BY_ID = "UNWIND $ids AS i MATCH (c:Customer) WHERE c.id = i RETURN c ORDER BY c.id"

MENTIONS_OF = (
    "UNWIND $ids AS i MATCH (m:Mention) WHERE m.customer_id = i RETURN m "
    "ORDER BY m.customer_id, m.field, m.name, m.id"
)

# Names that could change an answer (graph.resolution.answers.open_names), for every customer.
OPEN_MENTIONS = (
    "MATCH (m:Mention) WHERE m.status = 'pending' OR (m.status = 'new' AND m.field IN $fields) "
    "RETURN m.customer_id AS customer, m.name AS name, m.field AS field, m.status AS status, "
    "m.evidence AS evidence, m.id AS id ORDER BY customer, field, name, id"
)

# Where products store data, every claim (decided per customer in Python).
STORAGE_ANY = (
    "MATCH (p:Product)-[e:STORES_DATA_IN]->(j:Jurisdiction) WHERE p.id IN $ids "
    "RETURN p.id AS product, j AS jurisdiction, e AS rel ORDER BY product, j.id"
)
