"""Stores: the one Store protocol (`protocol`) and its engines, with the DDL derived from the model.

- protocol: Store, GraphWriter, the shared row shape, errors, counts and content hash
- ladybug:  LadybugDB files swapped in atomically (the embedded default)
- neo4j:    Neo4j over a caller-owned driver (neo4j_values: rows and errors; neo4j_writer: builds)
- cypher:   DDL, constraints and batched upserts generated from graph.model
- backend:  opens the store the settings name

May use: nothing else in graph/ beyond its top-level modules.
"""
