"""Arrow schemas for the model's tables: LadybugDB's COPY and the Neo4j change-set snapshot.

pyarrow is imported only when a schema is asked for: the console's worker process imports the
stores for their values and starts about 0.2 s faster without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.model import Prop

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["arrow_schema"]


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
