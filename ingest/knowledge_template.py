"""The commented skeleton `vendorgraph knowledge template` prints: a fictional example pack.

Everything in it is invented (Lumen Analytics, its product, the notice and both documents), and it
says so, so that it can be checked, registered and tried without stating anything about a real
organisation. It passes `vendorgraph knowledge check` as it stands.
"""

from __future__ import annotations

__all__ = ["CSV_TEMPLATE", "TEMPLATE"]

TEMPLATE = """\
# A vendorgraph knowledge pack: what you know that the bundled knowledge base does not.
# EVERYTHING BELOW IS FICTIONAL: Lumen Analytics, its product, the notice and both documents are
# invented to show the format. Replace them with your own facts.
#
# The rules (`vendorgraph knowledge check FILE` checks them; a pack that breaks one is refused
# whole and nothing changes):
#   - every fact cites at least one source (`sources: [...]`), and every source has a date
#     (YYYY-MM-DD, or YYYY-MM / YYYY where the document gives only a month or a year) and a url,
#     or a document reference (its title and publisher);
#   - ids carry their kind: vendor:, product:, action:, regulator:, law:, customer:, ...;
#     an id the bundled knowledge base or another pack already defines is refused unless you
#     register with --replace;
#   - links (edges) join ids defined here or already in the graph (`vendorgraph query` shows them);
#   - kinds of action and statuses are the known ones (listed beside them below).
# Register it with `vendorgraph ingest --knowledge lumen.yaml`; remove it with
# `vendorgraph unregister lumen.yaml`.

sources:
  - id: LUMEN-1
    name: "Notice to Lumen Analytics (fictional)"
    title: "Enforcement notice to Lumen Analytics Ltd (fictional example)"
    url: "https://example.org/lumen/notice"      # or, with no url: title + publisher
    publisher: "Information Commissioner's Office (fictional example document)"
    date: "2026-03-02"
  - id: LUMEN-2
    name: "Lumen Analytics compliance statement (fictional)"
    title: "Lumen Analytics statement on compliance (fictional example)"
    publisher: "Lumen Analytics Ltd (fictional)"
    date: "2026-06"                               # month only: the document gives no day

nodes:
  - label: Vendor
    id: vendor:lumen-analytics
    name: "Lumen Analytics Ltd (fictional)"
    aliases: ["Lumen Analytics", "Brightline Data Ltd"]   # other and former names: used to match inventories
    country: GB
    fictional: true
    sources: [LUMEN-1]
  - label: Product
    id: product:lumen-footfall
    name: "Lumen Footfall (fictional)"
    category: "footfall analytics"
    fictional: true
    sources: [LUMEN-1]
  - label: EnforcementAction
    id: action:ico-lumen-2026
    name: "ICO enforcement notice against Lumen Analytics (fictional)"
    kinds: [order]             # order, fine, notice_of_intent, findings, statement, ruling, settlement, closure
    date: "2026-03-02"         # the date it was issued: answers as of an earlier date do not see it
    orders: [stop_processing]  # stop_processing, deletion, stop_collection, fine, vendor_exit, ...
    ordered: "Stop processing footfall images of UK shoppers (fictional)"
    jurisdiction: GB
    scope: all_residents       # all_residents, named_complainants, sector_or_site_class,
                               # findings_or_guidance, not_stated
    sources: [LUMEN-1]
    status_history:            # proposed, issued, appealed, overturned, remitted, upheld, paid,
                               # unpaid, complied, superseded, withdrawn, final, in_force, closed
      - {date: "2026-03-02", status: issued, sources: [LUMEN-1]}
      - {date: "2026-06", status: complied, sources: [LUMEN-2]}

edges:
  - {type: OFFERS, from: vendor:lumen-analytics, to: product:lumen-footfall, sources: [LUMEN-1]}
  - {type: ISSUED, from: regulator:ico, to: action:ico-lumen-2026, sources: [LUMEN-1]}
  - {type: AGAINST, from: action:ico-lumen-2026, to: vendor:lumen-analytics, sources: [LUMEN-1]}
  - {type: UNDER, from: action:ico-lumen-2026, to: law:uk-gdpr, sources: [LUMEN-1]}
"""

CSV_TEMPLATE = """\
vendor,regulator,date,kind,status,ordered,source url,source date,orders
Lumen Analytics Ltd (fictional),regulator:ico,2026-03-02,order,issued,Stop processing footfall \
images of UK shoppers (fictional example),https://example.org/lumen/notice,2026-03-02,stop_processing
"""
