"""`vendorgraph screen` on a large names file: a progress bar on a terminal's stderr (names
screened of the total), none under `--json`, and the results the same with the bar or without."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from graph.settings import BUNDLED_DATA

SAMPLE = f"ofac:{BUNDLED_DATA / 'lists' / 'ofac-ns-cmic'}"
NAMES = 3_000
EXE = str(Path(sys.executable).with_name("vendorgraph"))


def _names(tmp_path: Path) -> Path:
    """Thousands of names as a register holds them, a few of them listed."""
    path = tmp_path / "names.csv"
    rows = ["name"]
    for i in range(NAMES):
        rows.append("Hikvision" if i % 500 == 0 else f"Northgate Payroll Services {i} Ltd")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _run(args: list[str], terminal: bool, folder: Path) -> tuple[bytes, bytes]:
    """Run the CLI with stdout piped and stderr on a pseudo-terminal (or piped): (stdout, stderr)."""
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    if not terminal:
        done = subprocess.run(args, capture_output=True, timeout=300, env=env, check=True)
        return done.stdout, done.stderr
    leader, follower = pty.openpty()
    # stdout to a file: a pipe left unread while the terminal is read would fill and stall.
    with (
        (folder / "stdout").open("w+b") as sink,
        subprocess.Popen(args, stdout=sink, stderr=follower, env=env) as child,
    ):
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        assert child.wait(timeout=300) == 0, seen[-2000:]
        sink.seek(0)
        out = sink.read()
    os.close(leader)
    return out, seen


def test_a_terminal_shows_names_screened_of_the_total(tmp_path: Path) -> None:
    args = [EXE, "screen", str(_names(tmp_path)), "--list", SAMPLE]
    out, err = _run(args, terminal=True, folder=tmp_path)
    text = err.decode("utf-8", errors="replace")
    assert "names screened" in text
    assert f"{NAMES}/{NAMES}" in text  # the last frame before the bar is cleared
    # The results went to stdout unchanged: the same bytes as a run with no terminal at all.
    plain_out, plain_err = _run(args, terminal=False, folder=tmp_path)
    assert out == plain_out
    assert b"names screened" not in plain_err
    lines = out.decode().splitlines()
    assert sum(1 for line in lines if line.startswith("Hikvision\t")) >= NAMES // 500
    assert len([line for line in lines if "\tno match\t" in line]) == NAMES - NAMES // 500


def test_json_on_a_terminal_has_no_bar_and_stdout_stays_json(tmp_path: Path) -> None:
    args = [EXE, "screen", str(_names(tmp_path)), "--list", SAMPLE, "--json"]
    out, err = _run(args, terminal=True, folder=tmp_path)
    assert b"names screened" not in err and b"list entries" not in err
    rows = [json.loads(line) for line in out.decode().splitlines()]
    assert len(rows) == NAMES
    assert rows[0]["query"] == "Hikvision" and rows[0]["matches"]
    assert rows[1]["matches"] == []


def test_a_build_s_progress_is_said_in_user_words() -> None:
    from vendorgraph.app import progress_words

    assert progress_words("Customer") == "customers"
    assert progress_words("EnforcementAction") == "enforcement actions"
    assert progress_words("Mention") == "supplier names as written"
    assert progress_words("USES") == "links"
    assert progress_words("names screened") == "names screened"


def test_results_on_the_terminal_print_above_the_bar_one_line_each(tmp_path: Path) -> None:
    """stdout and stderr both on the terminal: every result line is there, whole (not folded
    by the bar's console), with the same words as piped output."""
    import re

    args = [EXE, "screen", str(_names(tmp_path)), "--list", SAMPLE]
    piped, _ = _run(args, terminal=False, folder=tmp_path)
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color"}
    with subprocess.Popen(args, stdout=follower, stderr=follower, env=env) as child:
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        assert child.wait(timeout=300) == 0
    os.close(leader)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", errors="replace"))
    lines = {re.sub(r"\s+", " ", line).strip() for line in re.split(r"[\r\n]+", text)}
    expected = [re.sub(r"\s+", " ", line).strip() for line in piped.decode().splitlines()]
    assert len(expected) == NAMES  # one line a name: a match, or "no match"
    assert all(line in lines for line in expected)
    assert "names screened" in text
