"""A build killed mid-write (SIGKILL: no cleanup code runs) leaves the previous graph intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from graph.records import NodeRecord
from graph.store.ladybug import LadybugStore
from graph.store.protocol import content_hash

_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from graph.store.ladybug import LadybugStore
    store = LadybugStore(Path(sys.argv[1]))
    with store.build(fresh=True) as w:
        w.write_nodes("Vendor", [{"id": f"vendor:{i}", "name": str(i), "sources": None, "note": None,
            "aliases": None, "country": None, "identifiers": None, "website": None,
            "description": None, "fictional": None} for i in range(2000)])
        print("half-written", flush=True)
        time.sleep(60)
    """
)


def test_sigkill_mid_build_keeps_the_previous_graph(tmp_path: Path) -> None:
    store = LadybugStore(tmp_path)
    with store.build() as w:
        w.write_nodes("Vendor", [NodeRecord.of("Vendor", id="vendor:kept", name="Kept").props])
    before = content_hash(store)
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "half-written"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert content_hash(store) == before
    # The next build clears the orphan and succeeds.
    with store.build() as w:
        w.write_nodes("Vendor", [NodeRecord.of("Vendor", id="vendor:next", name="Next").props])
    ids = {r["id"] for r in store.read("MATCH (v:Vendor) RETURN v.id AS id")}
    assert ids == {"vendor:kept", "vendor:next"}
    # The orphan is gone: what remains is the new build and the one it replaced.
    assert len(list((tmp_path / "builds").iterdir())) == 2
