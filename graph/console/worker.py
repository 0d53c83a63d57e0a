"""Run one console query in a child process bounded in address space and wall-clock time.

Both engines' console paths use it (graph.console.ladybug_run, graph.console.neo4j_run): the child
imports its engine, connects, then caps its own address space (RLIMIT_AS) at what it uses plus
`memory_mb`, so a query whose values outgrow that fails in the child (bad_alloc, MemoryError, or
death by signal) and never in the dashboard or the CLI. The parent kills a child that outlives
the query timeout plus start-up slack, and at once when the child reports a failed allocation. Requests and answers are pickles on the child's
stdin/stdout; the child sends `{"rows", "cut"}`, `{"refused"}` or `{"error"}`.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from graph.console.rows import ConsoleRows
from graph.store.protocol import QueryError, ReadOnlyViolation

__all__ = ["DEFAULT_MEMORY_MB", "cap_address_space", "run_worker", "serve"]

DEFAULT_MEMORY_MB = 1024
_START_SLACK_S = 15.0  # interpreter start, imports and connecting, on a loaded machine


# What a child prints when an allocation failed. Some libraries do not fail cleanly (the Neo4j
# driver's Rust extension panics and then hangs), so the parent kills the child on sight.
_OUT_OF_MEMORY = (b"MemoryError", b"bad_alloc", b"memory allocation of")


def run_worker(
    module: str,
    request: dict[str, Any],
    *,
    timeout_s: float,
    memory_mb: int,
    on_stop: Callable[[], object] | None = None,
) -> ConsoleRows:
    """Send `request` to `python -m module`; its answer as ConsoleRows, or QueryError.
    `on_stop` runs after the child was killed (out of time or memory, or the caller interrupted),
    to end what it started."""
    wall = (timeout_s if timeout_s > 0 else 300.0) + _START_SLACK_S
    proc = subprocess.Popen(
        [sys.executable, "-m", module],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    out: list[bytes] = []
    err: deque[bytes] = deque(maxlen=50)
    out_of_memory = threading.Event()

    def read_out(stream: IO[bytes]) -> None:
        out.append(stream.read())

    def read_err(stream: IO[bytes]) -> None:
        for line in stream:
            err.append(line)
            if any(marker in line for marker in _OUT_OF_MEMORY):
                out_of_memory.set()

    readers = [
        threading.Thread(target=read_out, args=(proc.stdout,), daemon=True),
        threading.Thread(target=read_err, args=(proc.stderr,), daemon=True),
    ]
    for reader in readers:
        reader.start()
    with contextlib.suppress(BrokenPipeError):
        proc.stdin.write(pickle.dumps(request))
        proc.stdin.close()
    deadline = time.monotonic() + wall
    try:
        while proc.poll() is None and not out_of_memory.is_set() and time.monotonic() < deadline:
            out_of_memory.wait(0.05)
    except BaseException:
        # Stopped on this side (Ctrl-C in the CLI): the child and what it started end too.
        proc.kill()
        proc.wait()
        if on_stop is not None:
            on_stop()
        raise
    stopped = proc.poll() is None
    if stopped:
        proc.kill()
    proc.wait()
    for reader in readers:
        reader.join()
    if (stopped or out_of_memory.is_set()) and on_stop is not None:
        on_stop()
    if out_of_memory.is_set():
        raise QueryError(f"stopped: the query needs more than {memory_mb} MB of memory; narrow it")
    if stopped:
        raise QueryError(f"query timed out: stopped after {wall:g} s")
    answer_bytes = b"".join(out)
    if proc.returncode != 0 or not answer_bytes:
        raise QueryError(_failure(proc.returncode, b"".join(err), memory_mb))
    answer = pickle.loads(answer_bytes)  # noqa: S301 (our own child process)
    if "refused" in answer:
        raise ReadOnlyViolation(answer["refused"])
    if "error" in answer:
        raise QueryError(answer["error"])
    return ConsoleRows(answer["rows"], answer["cut"])


def _failure(code: int | None, err: bytes, memory_mb: int) -> str:
    text = err.decode(errors="replace")
    killed = (
        code is not None and code < 0 and -code in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT)
    )
    if killed:
        return f"stopped: the query needs more than {memory_mb} MB of memory; narrow it"
    last = [line for line in text.splitlines() if line.strip()]
    return f"the query worker failed: {last[-1] if last else f'exit code {code}'}"


def cap_address_space(memory_mb: int) -> None:
    """Limit this process's address space to what it maps now plus `memory_mb`."""
    size = 0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            size = int(line.split()[1]) * 1024
    limit = size + memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def serve(handle: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """The child's main: read the request, answer with `handle`'s result."""
    # Keep the answer channel clean: anything a library prints goes to stderr.
    answer_fd = os.dup(1)
    os.dup2(2, 1)
    request = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 (from our own parent process)
    try:
        answer = handle(request)
    except MemoryError:
        answer = {
            "error": f"stopped: the query needs more than {request['memory_mb']} MB of memory"
        }
    with os.fdopen(answer_fd, "wb") as channel:
        channel.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
