"""Rendering a report in a named format, and naming and writing its files safely.

File names come from customer and scenario ids, which come from users' inventories, so every name
is reduced to ASCII letters, digits, dots, dashes and underscores, never hidden, never a device
name on Windows, and never longer than a file system allows.

>>> safe_filename("../../etc/passwd")
'etc-passwd'
>>> safe_filename('=HYPERLINK("http://x")', ext="csv")
'HYPERLINK-http-x.csv'
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path

from graph.errors import UserError
from graph.reports.csv_export import TABLES, render_csv, render_table
from graph.reports.html_export import render_html
from graph.reports.json_export import render_json
from graph.reports.markdown_export import render_markdown
from graph.reports.model import PortfolioReport, Report
from graph.reports.pdf_export import render_pdf

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "default_filename",
    "export",
    "render",
    "safe_filename",
    "write_report",
]

_RENDERERS: dict[str, Callable[[Report | PortfolioReport], bytes]] = {
    "md": render_markdown,
    "html": render_html,
    "pdf": render_pdf,
    "json": render_json,
    "csv": render_csv,
}
FORMATS: tuple[str, ...] = tuple(_RENDERERS)
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_WINDOWS_DEVICES = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
_MAX_NAME = 120


def render(report: Report | PortfolioReport, fmt: str) -> bytes:
    """The report in one of FORMATS (for csv: the affected processes, or the ranking)."""
    try:
        renderer = _RENDERERS[fmt.lower()]
    except KeyError:
        raise ValueError(
            f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}"
        ) from None
    return renderer(report)


def safe_filename(name: str, *, ext: str = "", default: str = "report") -> str:
    """A file name safe on every common file system, from any text."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", ascii_name)
    stem = re.sub(r"-{2,}", "-", stem).strip(".-_ ")
    suffix = "." + _UNSAFE.sub("", ext).strip(".") if ext else ""
    stem = stem[: _MAX_NAME - len(suffix)].rstrip(".-_") or default
    if stem.split(".")[0].upper() in _WINDOWS_DEVICES:
        stem = f"{default}-{stem}"
    return stem + suffix


def default_filename(report: Report | PortfolioReport, fmt: str, table: str | None = None) -> str:
    """The default file name: what, for whom, which scenario, as of when."""
    scenario = report.scenario.id.removeprefix("action:")
    if isinstance(report, Report):
        who = report.customer_id.removeprefix("customer:")
        stem = f"exposure-{who}-{scenario}-{report.as_of}"
    else:
        stem = f"portfolio-{scenario}-{report.as_of}"
    if table and table != TABLES[report.kind][0]:
        stem += f"-{table}"
    return safe_filename(stem, ext=fmt)


def export(report: Report | PortfolioReport, fmt: str) -> dict[str, bytes]:
    """Every file the format makes, by default file name: one file, or one per CSV table."""
    fmt = fmt.lower()
    if fmt != "csv":
        return {default_filename(report, fmt): render(report, fmt)}
    return {default_filename(report, fmt, t): render_table(report, t) for t in TABLES[report.kind]}


def write_report(
    report: Report | PortfolioReport, fmt: str, path: Path | None = None
) -> list[Path]:
    """Write the report; returns the files written.

    `path` may be a directory (default names inside it), a file name (made safe; its folder is
    kept as given) or None (default names in the current directory). CSV writes one file per
    table: the main one at the path given and the others beside it with the table name added.
    """
    fmt = fmt.lower()
    if path is not None and path.is_symlink():
        raise UserError(f"{path}: is a symlink; give the real file or folder")
    if path is not None and path.exists() and not (path.is_dir() or path.is_file()):
        raise UserError(f"{path}: not a regular file or folder; refusing to write there")
    if path is None or path.is_dir():
        folder = path or Path()
        targets = {folder / name: data for name, data in export(report, fmt).items()}
    else:
        folder = path.parent
        stem = safe_filename(path.stem if path.suffix.lower() == f".{fmt}" else path.name)
        tables = TABLES[report.kind] if fmt == "csv" else ("",)
        targets = {}
        for index, table in enumerate(tables):
            name = safe_filename(stem if index == 0 else f"{stem}-{table}", ext=fmt)
            data = render_table(report, table) if table else render(report, fmt)
            targets[folder / name] = data
    folder.mkdir(parents=True, exist_ok=True)
    for target, data in targets.items():
        _write(folder, target, data)
    return list(targets)


def _write(folder: Path, target: Path, data: bytes) -> None:
    """Write `data` to `target` inside `folder` through a temporary file and os.replace, so a
    reader never sees half a report; an existing symlink or special file there is refused, never
    followed or replaced."""
    if target.parent.resolve() != folder.resolve() or target.name in ("", ".", ".."):
        raise UserError(f"{target}: outside the folder {folder}; refusing to write it")
    try:
        mode: int | None = os.lstat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISLNK(mode):
        raise UserError(f"{target}: is a symlink; refusing to write through it")
    if mode is not None and not stat.S_ISREG(mode):
        raise UserError(f"{target}: not a regular file; refusing to replace it")
    tmp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
