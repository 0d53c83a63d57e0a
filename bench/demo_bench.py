"""Time `vendorgraph demo` from start to dashboard ready (HTTP 200 on / and /_stcore/health).

Usage: python bench/demo_bench.py [--port N]. Prints the figure; never fails on timing.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as resp:  # noqa: S310 - loopback only
            return bool(resp.status == 200)
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    port = args.port or _free_port()
    exe = Path(sys.executable).with_name("vendorgraph")
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "VENDORGRAPH_HOME": home}
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(exe), "demo", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            while time.perf_counter() - start < 120:
                if _ok(base + "/_stcore/health") and _ok(base + "/"):
                    print(
                        f"vendorgraph demo: dashboard ready in {time.perf_counter() - start:.2f} s (target <= 15 s)"
                    )
                    break
                if proc.poll() is not None:
                    print(f"demo exited early with {proc.returncode}")
                    break
                time.sleep(0.1)
            else:
                print("demo not ready within 120 s")
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
