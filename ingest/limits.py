"""Size limits every reader enforces, so a hostile or broken file costs bounded time and memory.

The limits are generous: each is one to three orders of magnitude above the largest value seen in
the official lists and in real inventories, so an honest file never meets one. A file over
`MAX_FILE_BYTES`, or a line over `MAX_LINE_BYTES`, cannot be read at all (an `InputError`, the run
stops, nothing is written); a cell, XML text or attribute over `MAX_FIELD_CHARS`, or an integer
outside the stores' 64-bit range, rejects its row with file, line and field, and the read goes on.

Example:
    >>> clip("x" * 500, 10)
    "'xxxxxxxxxx'... (500 characters)"
    >>> one_line("a\\nb")
    'a\\\\nb'
"""

from __future__ import annotations

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "MAX_FIELD_CHARS",
    "MAX_FILE_BYTES",
    "MAX_INVENTORY_BYTES",
    "MAX_KB_FILE_BYTES",
    "MAX_LINE_BYTES",
    "MAX_RECORD_ELEMENTS",
    "MAX_REJECTIONS",
    "MAX_ROWS_PER_ID",
    "MAX_XML_DEPTH",
    "MAX_YAML_DEPTH",
    "clip",
    "field_problem",
    "one_line",
]

# The largest official list file (OpenSanctions' consolidated FtM export) is a few GB; a list or
# inventory beyond this is not one we can screen in a run anyway.
MAX_FILE_BYTES = 8 << 30
# A customer inventory is read whole (it is a spreadsheet a DPO fills in: hundreds of rows).
MAX_INVENTORY_BYTES = 256 << 20
# One knowledge-base YAML file (the bundled ones are under 100 KB each).
MAX_KB_FILE_BYTES = 64 << 20
# One physical line (a CSV row, one FtM JSON object). OFAC cuts Remarks at 1,000 characters and
# continues in the comments file; the longest FtM entity line in the public exports is ~1 MB.
MAX_LINE_BYTES = 16 << 20
# One CSV cell, XML text or attribute value, or FtM property value. The longest honest ones
# (UN COMMENTS1, UKSL Other Information) run to a few thousand characters.
MAX_FIELD_CHARS = 64 << 10
# Elements nested inside one XML record (UN/EU records have a few dozen) and XML nesting depth
# (the official files nest five or six levels).
MAX_RECORD_ELEMENTS = 20_000
MAX_XML_DEPTH = 64
# Rows merged into one designation (UKSL, ConList: one row per name and address); the real
# lists have at most a few dozen per id.
MAX_ROWS_PER_ID = 1_000
# Rejections kept for the report; later ones are only counted (see ingest.problems.Rejections).
MAX_REJECTIONS = 10_000
# Nesting in a knowledge-base YAML file (the curated ones nest four levels).
MAX_YAML_DEPTH = 50
# Both graph stores hold integers as signed 64-bit values.
INT64_MAX = (1 << 63) - 1
INT64_MIN = -(1 << 63)

_MESSAGE_CHARS = 300


def one_line(text: str, limit: int = _MESSAGE_CHARS) -> str:
    """Text safe to print as (part of) a one-line message: line breaks and controls escaped, cut."""
    if text.isprintable() and len(text) <= limit:
        return text
    out = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: limit + 1])
    return out if len(out) <= limit else out[:limit] + "..."


def clip(value: str, limit: int = 40) -> str:
    """A user's value quoted for a message, cut to `limit` characters with its true length."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}... ({len(value)} characters)"


def field_problem(value: str) -> str | None:
    """Why a cell cannot be stored as text, or None: too long, or holding a NUL character."""
    if len(value) > MAX_FIELD_CHARS:
        return f"{len(value)} characters, over the {MAX_FIELD_CHARS} limit"
    if "\x00" in value:
        return "contains a NUL character (a binary file?)"
    return None
