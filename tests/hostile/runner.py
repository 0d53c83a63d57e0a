"""Run one reader on one file in a forked child with resource limits, and say how it ended.

The child inherits the parent's imports (fork), sets an address-space and CPU-time ceiling so a
runaway cannot take the machine down, reads the file to the end through the reader (and, for
lists, through `list_records`, which builds the graph records), and sends back what happened.
The parent measures wall time and the child's peak resident memory (`wait4`'s ru_maxrss); the
child reports the resident memory it started with (inherited from the parent at fork, imports
included), so `peak_bytes - baseline_bytes` is what the read itself took.

Outcomes: `clean` (read to the end; rejections counted), `fatal` (a one-line `UserError`),
`crash` (any other exception: the traceback is kept), `timeout`, `killed` (no report: a signal or
the memory ceiling).
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.records import NodeRecord
from ingest.conlist import read_conlist
from ingest.eu import read_eu
from ingest.ftm import read_ftm
from ingest.inventory import read_inventory
from ingest.inventory_records import Catalogue, resolver_from_records
from ingest.kb import read_kb_file
from ingest.list_records import list_records
from ingest.ofac import read_ofac
from ingest.problems import Rejections, UserError
from ingest.uksl import read_uksl
from ingest.un import read_un

TIME_LIMIT_S = 30.0
MEMORY_LIMIT_BYTES = 1 << 30
# Address space the child may add to what it inherits, far above the 1 GB of resident memory
# asserted: it only stops a runaway from hurting the host. (Relative, because the parent may
# already map gigabytes: an embedded store reserves a large buffer pool.)
_AS_HEADROOM = 3 << 30


def _catalogue() -> Catalogue:
    known = [
        NodeRecord.of("DataCategory", id=f"datacategory:{code}", name=code)
        for code in ("biometric", "cctv-footage", "facial-images")
    ]
    known.append(NodeRecord.of("Jurisdiction", id="jurisdiction:GB", name="United Kingdom"))
    return resolver_from_records(known)


def _list(reader: Callable[[Path, Rejections], Iterable[Any]]) -> Callable[[Path, Rejections], int]:
    def run(path: Path, rejected: Rejections) -> int:
        return sum(1 for _ in list_records(reader(path, rejected), rejected))

    return run


def _pack(path: Path, rejected: Rejections) -> int:
    """A knowledge pack as `vendorgraph knowledge check` reads it: refused whole on any problem."""
    from graph.settings import BUNDLED_DATA
    from ingest.knowledge_pack import check_pack_file

    found = check_pack_file(BUNDLED_DATA / "kb", path)
    if found.problems:
        raise UserError(found.problems[0])
    return sum(found.adds.values())


READERS: dict[str, Callable[[Path, Rejections], int]] = {
    "ofac": _list(read_ofac),
    "uksl": _list(read_uksl),
    "conlist": _list(read_conlist),
    "un": _list(read_un),
    "eu": _list(read_eu),
    "ftm": _list(read_ftm),
    "inventory": lambda p, r: sum(1 for _ in read_inventory(p, _catalogue(), r)),
    "kb": lambda p, r: sum(1 for _ in read_kb_file(p, r)),
    "pack": _pack,
}


@dataclass(frozen=True)
class Run:
    """How one reader run on one file ended."""

    kind: str
    path: str
    outcome: str
    seconds: float
    peak_bytes: int
    baseline_bytes: int = 0
    records: int = 0
    rejections: tuple[str, ...] = ()
    message: str = ""


def _child(kind: str, path: Path, out: int) -> None:
    with open("/proc/self/statm") as statm:
        fields = statm.read().split()
    mapped = int(fields[0]) * resource.getpagesize()
    resident = int(fields[1]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (mapped + _AS_HEADROOM, mapped + _AS_HEADROOM))
    cpu = int(TIME_LIMIT_S * 2)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    rejected = Rejections()
    report: dict[str, Any]
    try:
        records = READERS[kind](path, rejected)
        report = {"outcome": "clean", "records": records}
    except UserError as err:
        report = {"outcome": "fatal", "message": str(err)}
    except BaseException:
        report = {"outcome": "crash", "message": traceback.format_exc()}
    report["rejections"] = [str(r) for r in rejected][:50]
    report["baseline"] = resident
    data = json.dumps(report).encode()
    view = memoryview(data)
    while view:
        view = view[os.write(out, view) :]


def run_reader(kind: str, path: Path) -> Run:
    """Run reader `kind` on `path` in a forked child; never raises for what the child does."""
    read_end, write_end = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: report, then leave without running the parent's cleanup
        os.close(read_end)
        try:
            _child(kind, path, write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    timed_out = False
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            left = started + TIME_LIMIT_S - time.monotonic()
            ready, _, _ = select.select([pipe], [], [], max(left, 0))
            if not ready:
                timed_out = True
                os.kill(pid, signal.SIGKILL)
                break
            chunk = pipe.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.monotonic() - started
    peak = usage.ru_maxrss * 1024  # kilobytes on Linux
    if timed_out:
        return Run(kind, str(path), "timeout", seconds, peak)
    if not chunks:
        how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit {status}"
        return Run(kind, str(path), "killed", seconds, peak, message=how)
    report = json.loads(b"".join(chunks))
    return Run(
        kind,
        str(path),
        report["outcome"],
        seconds,
        peak,
        baseline_bytes=report["baseline"],
        records=report.get("records", 0),
        rejections=tuple(report["rejections"]),
        message=report.get("message", ""),
    )
