"""The exposure engine: how exposed a customer is to a scenario, why, and what to do, as of a date.

- engine:         exposure and portfolio (Cypher fetches, networkx paths, scoring with evidence)
- supply_chain:   a customer's supply chain as a networkx graph, and its paths to a vendor
- vendor_record:  the scenario vendors' enforcement record and precedents as of the date
- scope, scoring, weights: how far an action reaches a customer, and the five dimensions
- duties, actions: the customer's own duties and the action list
- scenarios, timeline: ready and what-if scenarios; the score over an action's history
- jurisdictions, rules: countries and UK adequacy; cited constants of the law

May use: graph.store, graph.resolution
"""
