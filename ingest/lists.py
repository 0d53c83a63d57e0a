"""`--list kind:PATH` specs: parse them and read each with its format's reader.

Example:
    >>> parse_list_spec("ofac:graph/data/lists/ofac-ns-cmic")
    ListSpec(kind='ofac', path=PosixPath('graph/data/lists/ofac-ns-cmic'))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.listing import ListEntry, Rejections
from ingest.problems import UserError

__all__ = ["LIST_KINDS", "ListSpec", "parse_list_spec", "read_list", "read_lists"]

Reader = Callable[[Path, Rejections], Iterator[ListEntry]]


def _readers() -> dict[str, Reader]:
    # Imported here so that `--help` and spec errors do not pay for every reader's imports.
    from ingest.conlist import read_conlist
    from ingest.eu import read_eu
    from ingest.ftm import read_ftm
    from ingest.ofac import read_ofac
    from ingest.uksl import read_uksl
    from ingest.un import read_un

    return {
        "ofac": read_ofac,
        "uksl": read_uksl,
        "ofsi": read_conlist,
        "conlist": read_conlist,
        "un": read_un,
        "eu": read_eu,
        "ftm": read_ftm,
        "opensanctions": read_ftm,
    }


LIST_KINDS = ("ofac", "uksl", "ofsi", "conlist", "un", "eu", "ftm", "opensanctions")
_HELP = (
    "ofac:DIR (OFAC legacy CSV: sdn.csv or cons_prim.csv with their side files), uksl:FILE (UK "
    "Sanctions List CSV), ofsi:FILE (OFSI ConList CSV), un:FILE (UN XML), eu:FILE (EU FSF XML), "
    "ftm:FILE (OpenSanctions FollowTheMoney JSON lines)"
)


@dataclass(frozen=True)
class ListSpec:
    """One list to read: its format and where it is."""

    kind: str
    path: Path


def parse_list_spec(spec: str) -> ListSpec:
    """Parse `kind:PATH`, refusing unknown kinds and missing paths with a one-line UserError."""
    kind, sep, path = spec.partition(":")
    kind = kind.strip().lower()
    if not sep or not path:
        raise UserError(f"--list {spec!r}: expected KIND:PATH, one of {_HELP}")
    if kind not in LIST_KINDS:
        raise UserError(
            f"--list {spec!r}: unknown list kind {kind!r}; known: {', '.join(LIST_KINDS)}"
        )
    where = Path(path).expanduser()
    if not where.exists():
        raise UserError(f"--list {spec!r}: {where} does not exist")
    return ListSpec(kind, where)


def read_list(spec: ListSpec | str, rejected: Rejections | None = None) -> Iterator[ListEntry]:
    """Yield the entries of one list; per-row problems go to `rejected`."""
    spec = parse_list_spec(spec) if isinstance(spec, str) else spec
    reader = _readers()[spec.kind]
    return reader(spec.path, rejected if rejected is not None else Rejections())


def read_lists(
    specs: Iterable[ListSpec | str], rejected: Rejections | None = None
) -> Iterator[ListEntry]:
    """Yield the entries of several lists in turn."""
    parsed = [parse_list_spec(s) if isinstance(s, str) else s for s in specs]
    for spec in parsed:
        yield from read_list(spec, rejected)
