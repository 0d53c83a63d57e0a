"""Writing files safely: whole or not at all, and never through a symlink.

Every file vendorgraph keeps in its home (registry, commit journal, change log, caches, outbox)
and the files a command writes where the user says (change reports, exported queries) go through
here. `write_atomic` writes a temporary file beside the target, created with O_EXCL | O_NOFOLLOW
so that a link planted under that name is never followed, syncs it to disk and renames it over
the target: a reader, or a process killed at any instant, sees the old content or the new one,
never half. A target that is a symlink, or exists and is not a regular file, is refused with a
one-line UserError; it is never followed and never replaced. `append_line` does the same for the
append-only logs (O_APPEND | O_NOFOLLOW). A folder given to write into must not be a symlink.

Example:
    >>> write_atomic(home / "sources.json", text)  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from graph.errors import UserError

__all__ = ["append_line", "check_folder", "check_target", "fsync_dir", "write_atomic"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def check_target(path: Path) -> None:
    """Refuse a target that is a symlink or an existing non-regular file (one line)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise UserError(f"{path}: is a symlink; refusing to write through it")
    if not stat.S_ISREG(mode):
        raise UserError(f"{path}: not a regular file; refusing to replace it")


def check_folder(folder: Path, *, create: bool = True) -> None:
    """Refuse a folder that is a symlink or not a folder; create it (and its parents) if asked."""
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        if not create:
            raise UserError(f"{folder}: no such folder") from None
        folder.mkdir(parents=True, exist_ok=True)
        return
    if stat.S_ISLNK(mode):
        raise UserError(f"{folder}: is a symlink; give the real folder")
    if not stat.S_ISDIR(mode):
        raise UserError(f"{folder}: not a folder")


def fsync_dir(folder: Path) -> None:
    """Make a rename inside `folder` durable (a no-op where directories cannot be synced)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes | str, *, sync: bool = True) -> None:
    """Replace `path` with `data` atomically (see the module docstring); refuses symlinks."""
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    check_target(path)
    body = data.encode("utf-8") if isinstance(data, str) else data
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(body)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if sync:
        fsync_dir(folder)


def append_line(path: Path, line: str) -> None:
    """Append one line (a newline is added) and sync it; refuses a symlink at `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    check_target(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW, 0o644)
    except OSError as exc:  # ELOOP: a link planted between the check and the open
        raise UserError(f"{path}: cannot append ({exc.strerror})") from None
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
