"""The exposure engine: how exposed a customer is to a scenario, why, and what to do, as of a date.

- engine:         exposure and portfolio, both answered by the batch engine
- batch:          every customer's exposure to one scenario in one pass (a single exposure is a
                  batch of one)
- reach:          the scenario's cone: what can reach its vendors or product, found backwards in
                  one query, and each customer's shortest path within the depth cap
- answer:         one customer's answer from the facts the batch gathered
- supply_chain:   a customer's supply chain as a networkx graph (the explorer's view)
- vendor_record:  the scenario vendors' enforcement record and precedents as of the date
- scope, scoring, weights: how far an action reaches a customer, and the five dimensions
- duties, actions: the customer's own duties and the action list
- scenarios, timeline: ready and what-if scenarios; the score over an action's history
- jurisdictions, rules: countries and UK adequacy; cited constants of the law

May use: graph.store, graph.resolution
"""
