"""The corpus's case record, its file writer, and the mutations every text format gets.

`generic` turns one valid sample of a format into the damage any file can suffer: empty,
truncated, BOMs, UTF-16, invalid UTF-8, NUL bytes, binary noise, bare CR endings, a line over the
line limit, a gzip of the file, a directory or FIFO where a file should be.
"""

from __future__ import annotations

import codecs
import gzip
import os
import random
from dataclasses import dataclass
from pathlib import Path

from ingest.limits import MAX_LINE_BYTES

__all__ = ["LINE_FATAL", "Case", "Writer", "generic", "special_files"]


@dataclass(frozen=True)
class Case:
    """One hostile file: the reader kind that must read it, and what must come out, if specific.

    `expect` is None (any clean ending), `fatal:TEXT` (a one-line error containing TEXT) or
    `reject:FIELD` (read to the end with a rejection naming FIELD).
    """

    kind: str
    path: Path
    expect: str | None = None

    @property
    def name(self) -> str:
        return f"{self.kind}/{self.path.name}"


class Writer:
    """Writes corpus files under one folder and records a Case for each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.cases: list[Case] = []
        self.random = random.Random(13)  # noqa: S311 - seeded noise, the same corpus every run

    def file(self, kind: str, name: str, data: bytes | str, expect: str | None = None) -> Path:
        path = self.folder / kind / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        self.cases.append(Case(kind, path, expect))
        return path

    def folder_case(
        self, kind: str, name: str, files: dict[str, bytes | str], expect: str | None = None
    ) -> Path:
        """A case made of several files in one folder (an OFAC extract)."""
        where = self.folder / kind / name
        where.mkdir(parents=True, exist_ok=True)
        for file, data in files.items():
            (where / file).write_bytes(data.encode() if isinstance(data, str) else data)
        self.cases.append(Case(kind, where, expect))
        return where

    def noise(self, size: int) -> bytes:
        return self.random.randbytes(size)


def _over_long_line() -> bytes:
    return b"A" * (MAX_LINE_BYTES + 10) + b"\n"


# The damage a line-based reader (CSV, JSON lines) must refuse outright.
LINE_FATAL = frozenset(
    {"empty", "utf16-bom", "utf16-no-bom", "utf32", "nul-at-start", "binary-noise", "gzip"}
    | {"line-over-limit"}
)


def generic(
    w: Writer,
    kind: str,
    good: bytes,
    suffix: str,
    *,
    fatal: frozenset[str] = LINE_FATAL,
    wrap: str | None = None,
) -> None:
    """The damage any text file can suffer, applied to a valid sample `good` of one format.

    The damage named in `fatal` must stop the read with a one-line error; the rest must read
    cleanly (with or without rejections). `wrap` names the file inside a one-file folder case
    (OFAC reads folders); None writes plain files.
    """

    def put(name: str, data: bytes) -> None:
        expect = "fatal:" if name in fatal else None
        if wrap is None:
            w.file(kind, f"{name}{suffix}", data, expect)
        else:
            w.folder_case(kind, name, {wrap: data}, expect)

    half = len(good) // 2
    put("empty", b"")
    put("whitespace-only", b"  \n\n\t\n")
    put("bom-only", codecs.BOM_UTF8)
    put("bom-and-good", codecs.BOM_UTF8 + good)
    put("utf16-bom", codecs.BOM_UTF16_LE + good.decode().encode("utf-16-le"))
    put("utf16-no-bom", good.decode().encode("utf-16-le"))
    put("utf32", good.decode().encode("utf-32"))
    put("truncated-half", good[:half])
    put("truncated-mid-char", good + "Ж".encode()[:1])
    put("invalid-utf8", good[:half] + b"\xff\xfe\xc3\x28" + good[half:])
    put("nul-in-middle", good[:half] + b"\x00\x00" + good[half:])
    put("nul-at-start", b"\x00" + good)
    put("binary-noise", w.noise(64 << 10))
    put("bare-cr", good.replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    put("crlf", good.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    put("ctrl-z-end", good + b"\x1a")
    put("line-over-limit", good + _over_long_line())
    put("gzip", gzip.compress(good))
    put("many-blank-lines", good + b"\n" * 200_000)
    put("rtl-and-zero-width", good.replace(b"Z", "\u202e\u200bZ".encode()))


def special_files(w: Writer, kind: str, suffix: str) -> None:
    """A directory and a FIFO where a file is expected: refused, never waited on."""
    folder = w.folder / kind / f"a-directory{suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    w.cases.append(Case(kind, folder, "fatal:"))
    fifo = w.folder / kind / f"a-fifo{suffix}"
    if not fifo.exists():
        os.mkfifo(fifo)
    w.cases.append(Case(kind, fifo, "fatal:"))
