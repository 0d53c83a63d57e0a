"""Time and peak memory of the hostile sizes from issue 13, each in a fresh home, as real processes.

- inventories of 200 processes per customer, every row its own product and vendor (the worst
  case: every row adds nodes): --rows (default 200,000, refused over the row limit) and the
  limit itself (VENDORGRAPH_MAX_INVENTORY_ROWS, 10,000 by default, ingested); --full raises the limit to measure --rows in full;
- a 2,000-deep built_on chain: ingest, one what-if exposure, HTML and PDF reports.

Usage: python bench/hostile_sizes.py [--rows N] [--depth N]. Prints the figures; never fails on
timing. Peak memory is the child's maximum resident set size.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.input_files import max_inventory_rows  # noqa: E402
from ingest.inventory_row import COLUMNS  # noqa: E402
from tests.graph.test_depth_cap import write_chain  # noqa: E402

EXE = Path(sys.executable).with_name("vendorgraph")


def _run(home: Path, *args: str, data: Path | None = None) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of one vendorgraph process (os.wait4 gives its own rusage)."""
    env = {**os.environ, "VENDORGRAPH_HOME": str(home), "VENDORGRAPH_STORE": "ladybug"}
    if data is not None:
        env["VENDORGRAPH_DATA"] = str(data)
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([str(EXE), *args], env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            print(f"    exit {proc.returncode}: {err.read().decode().strip().splitlines()[-1:]}")
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def write_large(path: Path, rows: int) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, restval="")
        writer.writeheader()
        for i in range(rows):
            customer, process = divmod(i, 200)
            writer.writerow(
                {
                    "customer_id": f"bench-{customer}", "customer_name": f"Bench {customer} Ltd",
                    "process_id": f"p{process}", "process": f"Process {process}",
                    "product": f"Bench Product {i}", "vendor": f"Bench Vendor {i}",
                    "data_categories": "employee-records;biometric", "criticality": "medium",
                    "storage_countries": "GB;US", "built_on": f"Bench Base {i % 1000}",
                    "subprocessors": f"Bench Sub {i % 300}", "since": "2020-01-01",
                }
            )  # fmt: skip
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--depth", type=int, default=2_000)
    parser.add_argument("--full", action="store_true", help="ingest --rows past the row limit")
    args = parser.parse_args()
    if args.full:
        os.environ["VENDORGRAPH_MAX_INVENTORY_ROWS"] = str(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for rows in dict.fromkeys([args.rows, max_inventory_rows()]):
            big = write_large(folder / f"large-{rows}.csv", rows)
            size = big.stat().st_size / 1e6
            home = folder / f"h-{rows}"
            seconds, peak, code = _run(home, "ingest", "--inventory", str(big), "--json")
            print(f"{rows:,}-row inventory ({size:.1f} MB): ingest {seconds:.1f} s, "
                  f"peak {peak:,.0f} MB, exit {code}")  # fmt: skip
        chain = folder / "chain"
        chain.mkdir()
        data, deep = write_chain(chain, args.depth)
        home = folder / "h2"
        seconds, peak, code = _run(home, "ingest", "--inventory", str(deep), "--json", data=data)
        print(f"{args.depth:,}-deep built_on chain: ingest {seconds:.1f} s, peak {peak:,.0f} MB")
        vendor = f"deep-vendor-{args.depth - 1}"
        seconds, peak, code = _run(home, "exposure", "--customer", "cust-deep", "--vendor", vendor,
                                   "--event", "sanctions_designation", "--effective",
                                   "2026-01-01", "--as-of", "2026-06-01", "--json", data=data)  # fmt: skip
        print(f"  what-if exposure on the deepest vendor: {seconds:.1f} s, peak {peak:,.0f} MB")
        for fmt in ("html", "pdf"):
            out = folder / f"deep.{fmt}"
            seconds, peak, code = _run(home, "report", "--customer", "cust-deep", "--format", fmt,
                                       "-o", str(out), data=data)  # fmt: skip
            made = out.stat().st_size / 1e3 if out.exists() else 0
            print(f"  {fmt} report: {seconds:.1f} s, peak {peak:,.0f} MB, {made:,.0f} KB")


if __name__ == "__main__":
    main()
