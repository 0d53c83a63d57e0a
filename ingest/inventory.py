"""Reader for customer vendor inventories: one row per process and product (graph/data/README.md).

A DPO fills the format in a spreadsheet (CSV or XLSX). This module reads and validates rows (sizes
and numbers bounded by ingest.limits); ingest.inventory_records turns each into records, its
supplier names resolved to the knowledge base by graph.resolution (names it cannot resolve become
new nodes, and answers list them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from graph.records import EdgeRecord, NodeRecord
from ingest.input_files import max_inventory_rows
from ingest.inventory_files import Header, sheet_rows
from ingest.inventory_records import Catalogue, InventoryRecords
from ingest.inventory_row import COLUMNS, OPTIONAL, REQUIRED, InventoryRow
from ingest.limits import (
    field_problem,
)
from ingest.problems import InputError, Rejections

__all__ = ["read_inventory"]


def read_inventory(
    path: Path, catalogue: Catalogue, rejections: Rejections, *, data: bytes | None = None
) -> Iterator[NodeRecord | EdgeRecord]:
    """Records from one inventory file (or its uploaded bytes); bad rows go to `rejections`."""
    file = str(path)
    builder = InventoryRecords(file, catalogue)
    header = Header(required=REQUIRED, known=frozenset(COLUMNS + OPTIONAL))
    # The CLI and the upload page count rows before reading (input_files.check_inventory_size);
    # counted again here, as read, because a workbook's declared size can lie.
    limit = max_inventory_rows()
    for count, (line, raw) in enumerate(sheet_rows(path, data, header), start=1):
        if count > limit:
            raise InputError(
                path,
                line,
                f"more than {limit:,} rows; split the inventory (or set VENDORGRAPH_MAX_INVENTORY_ROWS)",
            )
        cells = {k.strip(): v for k, v in raw.items() if k and k.strip()}
        bad = next(((k, why) for k, v in cells.items() if v and (why := field_problem(v))), None)
        if bad is not None:
            rejections.add(file, line, *bad)
            continue
        try:
            row = InventoryRow.model_validate(cells)
        except ValidationError as exc:
            rejections.add_validation(file, line, exc)
            continue
        problems = builder.check(row)
        for field_name, reason in problems:
            rejections.add(file, line, field_name, reason)
        if not problems:
            yield from builder.records(row)
    yield from builder.finish()
