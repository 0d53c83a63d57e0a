"""Local Neo4j 5.26 Community for development and tests, without Docker.

Neo4j runs embedded in a small Java program (``tools/neo4j/``, built with Maven from Maven Central
jars that stay in ``~/.m2``) exposing only Bolt on 127.0.0.1, with authentication on.

As a script::

    python tools/neo4j_local.py build   # compile, fetch jars (the first run downloads ~125 MB)
    eval "$(python tools/neo4j_local.py start)"   # start in the background, export NEO4J_*
    python tools/neo4j_local.py status  # exit code 0 when running
    python tools/neo4j_local.py stop

``start`` keeps its data in ``.neo4j-local/home`` (so it survives stop/start) and writes
``.neo4j-local/state.json`` (mode 0600: uri, user, password, pid, home). The password is taken
from ``NEO4J_PASSWORD`` when that is set (at least 8 characters), otherwise generated.

As a module (pytest session fixture)::

    with running_neo4j() as conn:   # throwaway database in a temp dir, random password
        driver = neo4j.GraphDatabase.driver(conn.uri, auth=conn.auth)

Tuning through the environment: ``VENDORGRAPH_NEO4J_HEAP`` (max JVM heap, default ``1g``) and
``VENDORGRAPH_NEO4J_PAGECACHE`` (default ``256m``).

The server is locked down behind the read-only console (see LocalNeo4j.java): LOAD CSV cannot
read files or reach any address, no extension procedure loads, one transaction may use at most
half the heap (``db.memory.transaction.max``) and all together three quarters
(``dbms.memory.transaction.total.max``), a transaction that sets no timeout ends after 10 minutes
(``db.transaction.timeout``), and a query that exhausts the heap ends with an error instead of
ending the JVM (no ``-XX:+ExitOnOutOfMemoryError``). Java 17+ (``JAVA_HOME`` or ``java`` on PATH) and
Maven (``mvn``) are required. Every failure is raised as :class:`Neo4jLaunchError` with a one-line
message.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import fcntl
import json
import os
import queue
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

__all__ = [
    "Neo4jConnection",
    "Neo4jLaunchError",
    "build",
    "connection_from_env",
    "running_neo4j",
    "start_background",
    "status",
    "stop_background",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
PROJECT_DIR = REPO_ROOT / "tools" / "neo4j"
POM = PROJECT_DIR / "pom.xml"
SOURCES = PROJECT_DIR / "src" / "main" / "java"
TARGET = PROJECT_DIR / "target"
CLASSES = TARGET / "classes"
CLASSPATH_FILE = TARGET / "classpath.txt"
BUILD_LOG = TARGET / "build.log"
MAIN_CLASS = "vendorgraph.LocalNeo4j"
STATE_DIR = REPO_ROOT / ".neo4j-local"
STATE_FILE = STATE_DIR / "state.json"

USER = "neo4j"
MIN_JAVA = 17
MIN_PASSWORD_LENGTH = 8  # Neo4j's dbms.security.auth_minimum_password_length default
DEFAULT_START_TIMEOUT = 120.0
DEFAULT_BUILD_TIMEOUT = 900.0
STOP_TIMEOUT = 30.0
HEAP_ENV = "VENDORGRAPH_NEO4J_HEAP"
PAGECACHE_ENV = "VENDORGRAPH_NEO4J_PAGECACHE"

# The same module openings Neo4j's own start scripts pass (neo4j.conf server.jvm.additional).
# Not -XX:+ExitOnOutOfMemoryError: Neo4j's transaction limits do not count the values one
# expression builds, so a console query could exhaust the heap; without the flag Neo4j ends that
# query with its OutOfMemoryError and the server carries on (issue 22: the flag let one
# read-only query stop the server for everyone).
JVM_FLAGS: tuple[str, ...] = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dlog4j2.disable.jmx=true",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
)

_READY_RE = re.compile(r"^READY (bolt://\S+)")
_ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Neo4jLaunchError(RuntimeError):
    """The local Neo4j could not be built, started, reached or stopped (one-line message)."""


@dataclasses.dataclass(frozen=True)
class Neo4jConnection:
    """Where and how to connect to a Neo4j server over Bolt."""

    uri: str
    user: str
    password: str = dataclasses.field(repr=False)

    @property
    def auth(self) -> tuple[str, str]:
        """``(user, password)`` as the neo4j driver's ``auth=`` argument takes it."""
        return (self.user, self.password)


def connection_from_env(environ: dict[str, str] | None = None) -> Neo4jConnection | None:
    """The server named by ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD``, or None if unset."""
    env = dict(os.environ) if environ is None else environ
    uri = env.get("NEO4J_URI", "").strip()
    if not uri:
        return None
    return Neo4jConnection(
        uri=uri, user=env.get("NEO4J_USER", USER) or USER, password=env.get("NEO4J_PASSWORD", "")
    )


# ---------------------------------------------------------------------------------------------
# Build


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which("java")
    if found is None:
        raise Neo4jLaunchError(
            "Java not found (set JAVA_HOME or put java on PATH; Neo4j 5.26 needs Java 17 or 21)"
        )
    return found


def _java_major(java: str) -> int:
    try:
        proc = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Neo4jLaunchError(f"cannot run {java} -version: {exc}") from exc
    match = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr + proc.stdout)
    if match is None:
        raise Neo4jLaunchError(f"cannot tell the Java version from `{java} -version`")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def _check_java(java: str) -> None:
    major = _java_major(java)
    if major < MIN_JAVA:
        raise Neo4jLaunchError(f"Java {major} at {java} is too old: Neo4j 5.26 needs Java 17 or 21")


def _maven() -> str:
    found = shutil.which("mvn")
    if found is None:
        raise Neo4jLaunchError("Maven not found: put mvn on PATH (apt-get install maven)")
    return found


def _classpath_entries() -> list[str]:
    text = CLASSPATH_FILE.read_text(encoding="utf-8").strip()
    return [entry for entry in text.split(os.pathsep) if entry]


def _is_built() -> bool:
    main_class = CLASSES / "vendorgraph" / "LocalNeo4j.class"
    if not main_class.is_file() or not CLASSPATH_FILE.is_file():
        return False
    inputs = [POM, *SOURCES.rglob("*.java")]
    newest_input = max(p.stat().st_mtime for p in inputs)
    if (
        main_class.stat().st_mtime < newest_input
        or CLASSPATH_FILE.stat().st_mtime < POM.stat().st_mtime
    ):
        return False
    entries = _classpath_entries()
    return bool(entries) and all(Path(entry).exists() for entry in entries)


def _first_error_line(output: str) -> str:
    lines = [_ANSI_RE.sub("", line).strip() for line in output.splitlines()]
    errors = [line for line in lines if line.startswith("[ERROR]") and len(line) > len("[ERROR] ")]
    if errors:
        return errors[0]
    meaningful = [line for line in lines if line]
    return meaningful[-1] if meaningful else "no output"


def build(*, force: bool = False, timeout: float = DEFAULT_BUILD_TIMEOUT) -> list[str]:
    """Compile the launcher and resolve its jars if needed; return the Java classpath.

    Safe to call from several processes at once (a file lock serialises builds). The first build
    downloads Neo4j's jars from Maven Central into ``~/.m2``.
    """
    if not POM.is_file():
        raise Neo4jLaunchError(f"missing {POM}")
    TARGET.mkdir(parents=True, exist_ok=True)
    with open(TARGET / ".build.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if force or not _is_built():
            mvn = _maven()
            cmd = [mvn, "-B", "-q", "-Dstyle.color=never", "-f", str(POM), "compile"]
            try:
                proc = subprocess.run(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired as exc:
                raise Neo4jLaunchError(
                    f"Maven build of {PROJECT_DIR} timed out after {timeout:.0f} s"
                ) from exc
            except OSError as exc:
                raise Neo4jLaunchError(f"cannot run Maven ({mvn}): {exc}") from exc
            output = proc.stdout + proc.stderr
            BUILD_LOG.write_text(output, encoding="utf-8")
            if proc.returncode != 0:
                raise Neo4jLaunchError(
                    f"Maven build of {PROJECT_DIR} failed: {_first_error_line(output)}"
                    f" (full log: {BUILD_LOG})"
                )
            if not _is_built():
                raise Neo4jLaunchError(
                    f"Maven build of {PROJECT_DIR} produced no runnable launcher"
                )
    return [str(CLASSES), *_classpath_entries()]


def java_command(
    classpath: Sequence[str],
    *,
    java: str,
    home: Path | None = None,
    port: int = 0,
    watch_stdin: bool = False,
    heap: str | None = None,
    page_cache: str | None = None,
) -> list[str]:
    """The command line that runs the launcher (the password travels in the environment)."""
    max_heap = heap or os.environ.get(HEAP_ENV) or "1g"
    cache = page_cache or os.environ.get(PAGECACHE_ENV) or "256m"
    cmd = [java, "-Xms256m", f"-Xmx{max_heap}", *JVM_FLAGS, "-cp", os.pathsep.join(classpath)]
    cmd += [MAIN_CLASS, "--port", str(port), "--page-cache", cache]
    if home is not None:
        cmd += ["--home", str(home)]
    if watch_stdin:
        cmd.append("--watch-stdin")
    return cmd


def _error_from_stderr(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("ERROR "):
            return line[len("ERROR ") :]
    return lines[-1] if lines else "no output on stderr"


def _read_tail(path: Path, limit: int = 20000) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - limit))
            return fh.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _stop_process(proc: subprocess.Popen[Any], timeout: float = STOP_TIMEOUT) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# ---------------------------------------------------------------------------------------------
# Context manager (tests)


def _pump_lines(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    try:
        for line in stream:
            lines.put(line.rstrip("\n"))
    except (OSError, ValueError):
        pass
    finally:
        lines.put(None)


@contextlib.contextmanager
def running_neo4j(
    *,
    timeout: float = DEFAULT_START_TIMEOUT,
    build_timeout: float = DEFAULT_BUILD_TIMEOUT,
    home: Path | None = None,
    heap: str | None = None,
    page_cache: str | None = None,
) -> Iterator[Neo4jConnection]:
    """Start a throwaway local Neo4j, yield how to connect, and stop it afterwards.

    The database lives in a fresh temporary directory (removed on exit) unless ``home`` is given;
    the ``neo4j`` user's password is random. The JVM also exits if this process dies (it watches
    its stdin). ``timeout`` bounds the wait for the server after the build (``build_timeout``).
    """
    java = _java()
    _check_java(java)
    classpath = build(timeout=build_timeout)
    password = secrets.token_urlsafe(24)
    env = {**os.environ, "NEO4J_PASSWORD": password}
    cmd = java_command(
        classpath, java=java, home=home, watch_stdin=True, heap=heap, page_cache=page_cache
    )
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors:
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=env,
                text=True,
                cwd=REPO_ROOT,
            )
        except OSError as exc:
            raise Neo4jLaunchError(f"cannot run {java}: {exc}") from exc
        try:
            assert proc.stdout is not None
            lines: queue.Queue[str | None] = queue.Queue()
            pump = threading.Thread(target=_pump_lines, args=(proc.stdout, lines), daemon=True)
            pump.start()
            uri = _await_ready(lines, proc, timeout, errors)
            yield Neo4jConnection(uri=uri, user=USER, password=password)
        finally:
            if proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()
            _stop_process(proc)


def _await_ready(
    lines: queue.Queue[str | None],
    proc: subprocess.Popen[str],
    timeout: float,
    errors: IO[str],
) -> str:
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Neo4jLaunchError(f"local Neo4j did not report READY within {timeout:.0f} s")
        try:
            line = lines.get(timeout=min(remaining, 0.5))
        except queue.Empty:
            continue
        if line is None:
            proc.wait(timeout=STOP_TIMEOUT)
            errors.seek(0)
            raise Neo4jLaunchError(
                f"local Neo4j exited with code {proc.returncode} before it was ready: "
                f"{_error_from_stderr(errors.read())}"
            )
        match = _READY_RE.match(line)
        if match:
            return match.group(1)


# ---------------------------------------------------------------------------------------------
# Background server (CLI)


def _pid_is_launcher(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return MAIN_CLASS.encode() in cmdline


def _read_state(state_file: Path = STATE_FILE) -> dict[str, Any] | None:
    try:
        data = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def status(state_file: Path = STATE_FILE) -> Neo4jConnection | None:
    """The background server's connection if it is running, else None."""
    state = _read_state(state_file)
    if state is None or not _pid_is_launcher(int(state.get("pid", 0))):
        return None
    return Neo4jConnection(
        uri=str(state["uri"]), user=str(state["user"]), password=str(state["password"])
    )


def start_background(
    *,
    home: Path | None = None,
    password: str | None = None,
    port: int = 0,
    timeout: float = DEFAULT_START_TIMEOUT,
    build_timeout: float = DEFAULT_BUILD_TIMEOUT,
    state_dir: Path = STATE_DIR,
) -> Neo4jConnection:
    """Start the server detached from this process (or return the one already running)."""
    state_file = state_dir / "state.json"
    running = status(state_file)
    if running is not None:
        return running
    java = _java()
    _check_java(java)
    classpath = build(timeout=build_timeout)
    if password is None:
        from_env = os.environ.get("NEO4J_PASSWORD", "")
        password = from_env if len(from_env) >= MIN_PASSWORD_LENGTH else secrets.token_urlsafe(24)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Neo4jLaunchError("the Neo4j password must be at least 8 characters")
    state_dir.mkdir(parents=True, exist_ok=True)
    home = (home or state_dir / "home").resolve()
    out_path, err_path = state_dir / "launcher.out", state_dir / "launcher.err"
    cmd = java_command(classpath, java=java, home=home, port=port)
    with open(out_path, "w", encoding="utf-8") as out, open(err_path, "w", encoding="utf-8") as err:
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                env={**os.environ, "NEO4J_PASSWORD": password},
                cwd=REPO_ROOT,
                start_new_session=True,
            )
        except OSError as exc:
            raise Neo4jLaunchError(f"cannot run {java}: {exc}") from exc
    deadline = time.monotonic() + timeout
    uri: str | None = None
    while uri is None:
        for line in out_path.read_text(encoding="utf-8", errors="replace").splitlines():
            match = _READY_RE.match(line)
            if match:
                uri = match.group(1)
                break
        else:
            if proc.poll() is not None:
                raise Neo4jLaunchError(
                    f"local Neo4j exited with code {proc.returncode} before it was ready: "
                    f"{_error_from_stderr(_read_tail(err_path))} (logs: {home / 'logs'})"
                )
            if time.monotonic() > deadline:
                _stop_process(proc)
                raise Neo4jLaunchError(f"local Neo4j did not report READY within {timeout:.0f} s")
            time.sleep(0.2)
    conn = Neo4jConnection(uri=uri, user=USER, password=password)
    state = {
        "uri": conn.uri,
        "user": conn.user,
        "password": conn.password,
        "pid": proc.pid,
        "home": str(home),
        "logs": str(home / "logs"),
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    fd = os.open(state_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(state, fh, indent=2)
    return conn


def stop_background(state_dir: Path = STATE_DIR, timeout: float = STOP_TIMEOUT) -> bool:
    """Stop the background server; return False if none was running."""
    state_file = state_dir / "state.json"
    state = _read_state(state_file)
    if state is None:
        return False
    pid = int(state.get("pid", 0))
    was_running = _pid_is_launcher(pid)
    if was_running:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _pid_is_launcher(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _pid_is_launcher(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)
            if _pid_is_launcher(pid):
                raise Neo4jLaunchError(f"local Neo4j (pid {pid}) did not stop")
    state_file.unlink(missing_ok=True)
    return was_running


def _exports(conn: Neo4jConnection) -> str:
    return "\n".join(
        f"export {name}={shlex.quote(value)}"
        for name, value in (
            ("NEO4J_URI", conn.uri),
            ("NEO4J_USER", conn.user),
            ("NEO4J_PASSWORD", conn.password),
        )
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="neo4j_local.py",
        description="Local Neo4j 5.26 Community (Bolt on 127.0.0.1, auth on).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_start = sub.add_parser("start", help="start in the background; print export lines")
    p_start.add_argument("--home", type=Path, help="data directory (default .neo4j-local/home)")
    p_start.add_argument("--port", type=int, default=0, help="Bolt port (default: a free one)")
    p_start.add_argument("--timeout", type=float, default=DEFAULT_START_TIMEOUT)
    sub.add_parser("stop", help="stop the background server")
    sub.add_parser("status", help="exit 0 and print the URI if running, else exit 1")
    p_build = sub.add_parser("build", help="compile the launcher and fetch its jars")
    p_build.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.command == "start":
            already = status()
            word = "already running" if already else "started"
            started = already or start_background(
                home=args.home, port=args.port, timeout=args.timeout
            )
            print(f"# local Neo4j {word} at {started.uri} (state: {STATE_FILE})", file=sys.stderr)
            print(_exports(started))
        elif args.command == "stop":
            stopped = stop_background()
            print("stopped" if stopped else "not running", file=sys.stderr)
        elif args.command == "status":
            current = status()
            if current is None:
                print("not running")
                return 1
            state = _read_state() or {}
            print(f"running {current.uri} pid {state.get('pid')} home {state.get('home')}")
        elif args.command == "build":
            classpath = build(force=args.force)
            print(f"built: {len(classpath) - 1} jars on the classpath ({CLASSPATH_FILE})")
    except Neo4jLaunchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
