"""Arrow schemas for the model's tables: LadybugDB's COPY and the Neo4j change-set snapshot.

pyarrow is imported only when a schema is asked for: the console's worker process imports the
stores for their values and starts about 0.2 s faster without it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from graph.model import Prop

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["arrow_schema", "arrow_table"]


def arrow_schema(props: tuple[Prop, ...], ends: tuple[str, str] | None = None) -> pa.Schema:
    """One column per property, typed as the model declares it; `ends` names a relationship
    table's two leading endpoint columns."""
    import pyarrow as pa

    types = {
        "STRING": pa.string(),
        "INT64": pa.int64(),
        "DOUBLE": pa.float64(),
        "BOOLEAN": pa.bool_(),
        "STRING[]": pa.list_(pa.string()),
    }
    columns = [(end, pa.string()) for end in ends or ()]
    return pa.schema(columns + [(p.name, types[p.kind]) for p in props])


def arrow_table(
    schema: pa.Schema, rows: Sequence[Mapping[str, Any]], aliases: Mapping[str, str] | None = None
) -> pa.Table:
    """`rows` as a table of `schema`, built column by column: no copy of each row (a
    `from_pylist` of rows rebuilt with their endpoint columns doubled a 360,000-edge build's
    memory). `aliases` names the row key a column reads (an endpoint column from `_from`)."""
    import pyarrow as pa

    names = aliases or {}
    arrays = [
        pa.array([row.get(names.get(f.name, f.name)) for row in rows], type=f.type) for f in schema
    ]
    return pa.Table.from_arrays(arrays, schema=schema)
