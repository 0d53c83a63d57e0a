"""The read-only door for Cypher a user types (the CLI's `vendorgraph query`, the dashboard console).

Three locks, each enough on its own for the known attacks, so one missed case is not a breach:

1. graph.console.guard reads the text with a tokenizer that refuses anything two lexers could cut
   differently, and allows only read clauses, names and pure functions (the same on both engines);
2. the engine plans the query and the plan must be made only of read operators: Neo4j's EXPLAIN
   plan (graph.console.neo4j_plan), LadybugDB's EXPLAIN plan (graph.console.ladybug_run);
3. the engine runs it read-only and bounded: Neo4j in a READ transaction with a timeout, on a
   server configured to refuse file URLs, every outbound address and non-model procedures, with
   a transaction memory cap; LadybugDB in a worker process with an address-space limit and a
   wall-clock kill. Both stop at a row limit and a byte limit (`ConsoleRows.cut` says why).

Code that runs its own constant Cypher (exposure, reports, saved queries in the CLI) uses
`Store.read` directly; only text from a user comes through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.console.engines import engine_read
from graph.console.guard import check_read_only
from graph.console.lexer import tokenize
from graph.console.parameters import check_parameters
from graph.console.rows import CONSOLE_MAX_BYTES, ConsoleRows
from graph.store.protocol import QueryError, Store

__all__ = ["console_read", "unbound_parameters"]


def console_read(
    store: Store,
    cypher: str,
    params: Mapping[str, Any] | None = None,
    *,
    limit: int,
    max_bytes: int = CONSOLE_MAX_BYTES,
) -> ConsoleRows:
    """Check `cypher` is a plain read with every parameter bound, then run it through the
    engine's plan check and bounded run (graph.console.engines)."""
    check_read_only(cypher)
    given = dict(params or {})
    check_parameters(given)
    missing = unbound_parameters(cypher, given)
    if missing:
        # An unbound parameter is null to both engines, so the query would quietly return nothing.
        names = ", ".join(f"${name}" for name in missing)
        example = " ".join(f"--param {name}=..." for name in missing)
        raise QueryError(f"the query uses {names} but no value was given (e.g. {example})")
    return engine_read(store, cypher, given, limit=limit, max_bytes=max_bytes)


def unbound_parameters(cypher: str, params: Mapping[str, Any]) -> list[str]:
    """The parameter names the query uses that `params` does not give, in order of use."""
    used = [t.text[1:] for t in tokenize(cypher) if t.kind == "param"]
    return [name for name in dict.fromkeys(used) if name not in params]
