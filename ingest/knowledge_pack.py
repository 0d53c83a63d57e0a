"""A user's knowledge packs joining a build: read, checked against the graph they join, cited.

A pack is a YAML file in the bundled knowledge base's own format (ingest.kb) or a CSV of actions
(ingest.knowledge_csv), read and checked by the same rules as the bundle (ingest.knowledge_rules).
Packs join after the bundle, in registration order. A new pack with any problem refuses the run
(nothing is written); a pack registered earlier that no longer fits (the bundle changed under it)
is left out whole and its problems are listed. Every source a pack cites says whose it is ("your
knowledge pack lumen.yaml, registered 2026-12-06"), so every answer that cites it does too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.records import NodeRecord
from ingest.kb import read_kb, read_kb_file
from ingest.knowledge_csv import read_pack_csv
from ingest.knowledge_rules import Known, PackRecords, PendingEdge, Where, check_pack
from ingest.problems import InputError, Rejections, UserError

__all__ = [
    "BUNDLE",
    "PackCheck",
    "PackFile",
    "PackRefused",
    "add_packs",
    "check_pack_file",
    "pack_files",
    "provenance",
]

BUNDLE = "the bundled knowledge base"
PACK_SUFFIXES = (".yaml", ".yml", ".csv")


class PackRefused(UserError):
    """A new pack broke a rule: the run stops before anything is written."""


@dataclass(frozen=True)
class PackFile:
    """One pack file a build reads."""

    path: Path  # the copy the build reads
    shown: str  # how messages name it: the user's path or file name
    provenance: str  # what its sources say about their origin
    strict: bool = False  # a new pack: any problem refuses the run
    replace: bool = False  # may replace records the bundle or an earlier pack defines


def provenance(name: str, registered: str) -> str:
    """How an answer names a pack: "your knowledge pack lumen.yaml, registered 2026-12-06"."""
    day = registered[:10]
    return f"your knowledge pack {name}" + (f", registered {day}" if day else "")


def pack_files(path: Path) -> list[Path]:
    """The pack files `path` names: itself, or the YAML and CSV files of a folder, in name order."""
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix.lower() in PACK_SUFFIXES)
        if not found:
            raise InputError(path, None, "no knowledge pack files (*.yaml, *.yml, *.csv) here")
        return found
    if not path.exists():
        raise InputError(path, None, "no such file or folder")
    if path.suffix.lower() not in PACK_SUFFIXES:
        raise InputError(path, None, "a knowledge pack is a .yaml, .yml or .csv file")
    return [path]


def _read(pack: PackFile, nodes: dict[str, NodeRecord], rejections: Rejections) -> PackRecords:
    where: Where = {}
    if pack.path.suffix.lower() == ".csv":
        records = list(read_pack_csv(pack.path, nodes, rejections, where, shown=pack.shown))
    else:
        records = list(read_kb_file(pack.path, rejections, where, shown=pack.shown, rules=False))
    return PackRecords(records, where)


def _refusal(problems: Rejections) -> PackRefused:
    more = len(problems) - 1 + problems.dropped
    tail = f" (and {more} more problem{'s' if more != 1 else ''}: `vendorgraph knowledge check` lists them)"
    return PackRefused(
        f"knowledge pack refused, nothing changed: {problems.items[0]}{tail if more else ''}"
    )


def add_packs(
    packs: Sequence[PackFile],
    nodes: dict[str, NodeRecord],
    pending: list[PendingEdge],
    rejections: Rejections,
    owners: dict[str, str] | None = None,
) -> list[str]:
    """Read `packs` into a build's `nodes` and `pending` edges (the bundle's already there).

    `owners` (node id -> who defined it, in words) is kept across calls; a node it does not name
    is the bundle's. Returns what the packs replaced, in words, for the report."""
    owners = {} if owners is None else owners
    for node_id in nodes:
        owners.setdefault(node_id, BUNDLE)
    notes: list[str] = []
    for pack in packs:
        problems = Rejections()
        read = _read(pack, nodes, problems)
        labels = {i: r.label for i, r in nodes.items()}
        replaced = check_pack(read, Known(labels, owners), problems, replace=pack.replace)
        if len(problems) or problems.dropped:
            if pack.strict:
                raise _refusal(problems)
            rejections.items.extend(problems.items)
            rejections.add(pack.shown, 0, "(file)", "this knowledge pack was left out whole")
            continue
        for rec_id in replaced:
            notes.append(_replace(rec_id, nodes, pending, owners[rec_id], pack))
        for rec in read.records:
            if isinstance(rec, PendingEdge):
                pending.append(rec)
                continue
            if rec.label == "Source":
                rec = NodeRecord(label=rec.label, props={**rec.props, "pack": pack.provenance})
            elif rec.id in replaced:
                rec = _replacing(rec, nodes[rec.id], owners[rec.id])
            nodes[rec.id] = rec
            owners[rec.id] = pack.provenance
    return notes


def _replacing(new: NodeRecord, old: NodeRecord, owner: str) -> NodeRecord:
    """The pack's record, shown as replacing the earlier one, citing both records' sources."""
    theirs = [
        s for s in old.props.get("sources") or [] if s not in (new.props.get("sources") or [])
    ]
    note = f"Replaces the record in {owner}" + (
        f" (which cited {', '.join(theirs)})" if theirs else ""
    )
    if new.props.get("note"):
        note = f"{new.props['note']} ({note})"
    sources = [*(new.props.get("sources") or []), *theirs]
    return NodeRecord(label=new.label, props={**new.props, "sources": sources, "note": note})


def _replace(
    rec_id: str,
    nodes: dict[str, NodeRecord],
    pending: list[PendingEdge],
    owner: str,
    pack: PackFile,
) -> str:
    """Drop what the replaced record brought with it: an action's status steps."""
    prefix = f"{rec_id}#"
    for node_id in [i for i in nodes if i.startswith(prefix)]:
        del nodes[node_id]
    pending[:] = [e for e in pending if not (e.type == "HAS_STATUS" and e.from_id == rec_id)]
    return f"{nodes[rec_id].props.get('name')}: {owner}'s record replaced by {pack.provenance}"


@dataclass
class PackCheck:
    """What checking a pack found: its problems (one line each), or what it would add."""

    problems: list[str]
    adds: Counter[str]  # label -> nodes it defines
    links: int
    replaced: list[str]


def check_pack_file(
    kb_dir: Path, path: Path, registered: Iterable[PackFile] = (), *, replace: bool = False
) -> PackCheck:
    """Check a pack (file or folder) against the bundle and the registered packs, writing nothing."""
    rejections = Rejections()
    nodes: dict[str, NodeRecord] = {}
    pending: list[PendingEdge] = []
    for rec in read_kb(kb_dir, rejections):
        if isinstance(rec, PendingEdge):
            pending.append(rec)
        else:
            nodes[rec.id] = rec
    owners: dict[str, str] = {}
    add_packs(list(registered), nodes, pending, Rejections(), owners)
    before, links = Counter(r.label for r in nodes.values()), len(pending)
    check = PackCheck([], Counter(), 0, [])
    for file in pack_files(path):
        found = Rejections()
        pack = PackFile(file, str(file), provenance(file.name, ""), replace=replace)
        try:
            check.replaced += add_packs([pack], nodes, pending, found, owners)
        except InputError as exc:
            check.problems.append(str(exc))
            continue
        check.problems += [str(r) for r in found if r.field != "(file)"]
    check.adds = Counter(r.label for r in nodes.values()) - before
    check.links = len(pending) - links
    return check
