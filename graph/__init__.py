"""The graph: its model, stores, and every analysis over it. Nothing here reads files a user gives.

Top-level modules are the shared vocabulary every room uses: the model (`model`, `records`), the
analysis Cypher (`queries`) and answer shapes (`results`), user words (`vocabulary`), settings,
dates, errors, provenance, list entries (`listing`) and reviewers' decision logs. The rooms:

- store/      the Store protocol, LadybugDB (embedded default) and Neo4j, the model's DDL
- console/    the read-only door for Cypher a user types, on both engines
- screening/  names against sanctions lists (normalise, index, score, explain, review)
- resolution/ inventory supplier names linked to the knowledge base
- exposure/   the exposure engine: supply chain, scope, scoring, duties, actions, scenarios
- explore/    plain data for the dashboard: neighbours, paths, vendor profiles, tables
- changes/    builds as differences: change sets, log, alerts, webhook, monitor
- reports/    exported risk summaries in five formats

Each room's `__init__` says what it may use ("May use:"); tests/test_layering.py holds it to that.
Top-level modules may use graph.store (the protocol) and each other, nothing else in graph/.

May use: graph.store
"""
