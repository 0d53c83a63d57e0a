"""Builds as differences: what a build changed, who it affects, and telling them.

- change_set: the desired and current graph states and their diff
- incremental, neo4j_apply, neo4j_staging, snapshot: a build applied as its change set
- log, words: the change log in the home and its plain words
- alerts, monitor, webhook: re-scoring after a build, alerts, delivery

May use: graph.store, graph.exposure
"""
