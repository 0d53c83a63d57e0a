"""The read-only door for Cypher a user types (the CLI's `query`, the dashboard's console).

- door:          the entry point: text check, bound parameters, then the engine (`console_read`)
- lexer, guard, bounds: a conservative tokenizer and an allowlist over its tokens
- growth, values, token_reader, sizes, regexes: how large the values and rows a query builds
                 can grow, bounded by its own literals (issue 22), and which regexes may run
- parameters:    bounds on the parameters a user gives (nesting, size)
- engines:       the engine's own lock, per store: neo4j_plan + neo4j_run, ladybug_run
- worker, rows:  the bounded child process and the row and byte budget
- saved_queries: the named, parameterised queries DPOs ask, run through the same guard

May use: graph.store
"""
