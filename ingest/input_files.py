"""Opening user-named input files safely: regular files (or folders of them) only, hashed as read.

An input named on the command line may be a symlink. A symlink is followed only when it resolves to
a regular file (or, for a list folder, a directory); a link to a device, FIFO or socket is refused
before it is opened, so `--inventory /dev/zero` cannot hang a run and `--inventory link-to-fifo`
cannot block. The content copied into the home is the regular file's content, read through one
open file descriptor whose type is checked again after opening (a swap between the check and the
open cannot smuggle in a special file).
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from ingest.problems import UserError

__all__ = [
    "check_inventory_size",
    "copy_regular",
    "hash_list_path",
    "max_inventory_rows",
    "resolve_input",
]

_CHUNK = 1 << 20
# Rows an inventory may hold. Registration streams and validates rows as read, and its memory grows
# with the graph it builds (bench/portfolio_bench.py, a book of 5 processes per customer, on the
# bundled graph: 50,000 rows peak at 1.85 GB, 100,000 rows at 3.0 GB), so a bigger file is refused
# before it is read. A group, an insurer or a large public body fits; a bigger book is split by
# customer, or VENDORGRAPH_MAX_INVENTORY_ROWS raises the limit on a machine with the memory.
DEFAULT_MAX_ROWS = 100_000


def max_inventory_rows() -> int:
    raw = os.environ.get("VENDORGRAPH_MAX_INVENTORY_ROWS", "")
    return int(raw) if raw.strip().isdigit() else DEFAULT_MAX_ROWS


def check_inventory_size(shown: str, path: Path | None, data: bytes | None = None) -> None:
    """Refuse an inventory with more rows than max_inventory_rows(), before it is read."""
    limit = max_inventory_rows()
    if Path(shown).suffix.lower() in {".xlsx", ".xlsm"}:
        rows = _sheet_rows(path, data)
    else:
        rows = _lines(path, data) - 1  # the header
    if rows > limit:
        raise UserError(
            f"{shown}: {rows:,} rows; an inventory may hold at most {limit:,} "
            "(split it, e.g. by customer, or set VENDORGRAPH_MAX_INVENTORY_ROWS)"
        )


def _lines(path: Path | None, data: bytes | None) -> int:
    if data is not None:
        return data.count(b"\n") + (not data.endswith(b"\n"))
    assert path is not None
    count, last = 0, b"\n"
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def _sheet_rows(path: Path | None, data: bytes | None) -> int:
    import io

    import openpyxl  # only spreadsheets need it

    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data) if data is not None else path, read_only=True, data_only=True
        )
        rows = book.worksheets[0].max_row or 0
        book.close()
    except Exception:  # not a workbook: the reader says so, with file and reason
        return 0
    return max(0, rows - 1)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "not a regular file"


def resolve_input(path: Path, *, allow_dir: bool = False) -> Path:
    """The absolute, resolved path of an input; refuses anything but a regular file (or a folder)."""
    shown = str(path)
    absolute = Path(os.path.abspath(path.expanduser()))
    try:
        resolved = absolute.resolve(strict=True)
        mode = resolved.stat().st_mode
    except FileNotFoundError:
        raise UserError(f"{shown}: no such file") from None
    except RuntimeError:  # a symlink loop
        raise UserError(f"{shown}: symlink loop") from None
    except OSError as exc:
        raise UserError(f"{shown}: cannot read ({exc.strerror})") from None
    if stat.S_ISREG(mode) or (allow_dir and stat.S_ISDIR(mode)):
        return resolved
    via = f" (a symlink to {resolved})" if resolved != absolute else ""
    raise UserError(f"{shown}{via}: {_kind(mode)}; give a regular file")


def copy_regular(source: Path, target: Path) -> str:
    """Copy a regular file to `target` (created new) and return the SHA-256 of what was copied."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(source, flags)
    except OSError as exc:
        raise UserError(f"{source}: cannot open ({exc.strerror})") from None
    digest = hashlib.sha256()
    with os.fdopen(fd, "rb") as src:
        if not stat.S_ISREG(os.fstat(src.fileno()).st_mode):
            raise UserError(f"{source}: not a regular file")
        with open(target, "xb") as dst:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
    return digest.hexdigest()


def _hash_file(path: Path, digest: hashlib._Hash) -> None:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as src:
        if not stat.S_ISREG(os.fstat(src.fileno()).st_mode):
            raise UserError(f"{path}: not a regular file")
        while chunk := src.read(_CHUNK):
            digest.update(chunk)


def hash_list_path(path: Path) -> str:
    """SHA-256 of a list file, or of a list folder's regular files (names and contents, sorted).

    A folder holding a special file (FIFO, socket, device) is refused: a reader opening it would
    block or read without end.
    """
    digest = hashlib.sha256()
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            mode = child.stat().st_mode  # follows links, as the reader will
            if stat.S_ISDIR(mode):
                continue
            if not stat.S_ISREG(mode):
                raise UserError(f"{child}: {_kind(mode)} inside a list folder; remove it")
            digest.update(str(child.relative_to(path)).encode() + b"\0")
            _hash_file(child, digest)
            digest.update(b"\0")
    else:
        _hash_file(path, digest)
    return digest.hexdigest()
