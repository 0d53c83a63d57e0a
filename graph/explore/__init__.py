"""Plain data the dashboard shows: neighbours, paths, vendor profiles, rows for tables and charts.

- models:         the strict shapes returned (nodes, edges, subgraphs, profiles)
- explorer:       neighbour expansion, node details, customer-to-vendor paths
- vendor_profile: a vendor's record across jurisdictions, matches and exposed customers
- views:          rows and Cytoscape elements built from answers (pages call these, never Cypher)

May use: graph.store, graph.exposure, graph.screening
"""
