"""No file of the repository names a folder of the machine it was written on (issue 20, point 10):
a header such as "one per source ID of /work/shared/..." means nothing on anyone else's machine.

Example deployment paths (/srv/vendorgraph, /var/lib/vendorgraph) and the paths attack strings
name (/tmp/...) are not a machine's; home folders, workspaces and this checkout's own path are.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SKIP_DIRS = {".git", ".venv", "build", ".mypy_cache", ".ruff_cache", ".pytest_cache", "target",
              ".vendorgraph", ".neo4j-local", "__pycache__"}  # fmt: skip
_MACHINE = re.compile(
    r"(?<![\w.$/-])/(?:work|home|Users|root|mnt|scratch|workspace)/[\w.-]+"
    r"|\b[A-Za-z]:\\\\?(?:Users|Documents and Settings)\\\\?"
)


def _files() -> list[Path]:
    """The repository's files: git's list when this is a checkout, else every file below."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout.decode()
        return [ROOT / name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        return [
            p
            for p in ROOT.rglob("*")
            if p.is_file() and not _SKIP_DIRS & set(p.relative_to(ROOT).parts)
        ]


def machine_paths(text: str) -> list[str]:
    found = [m.group(0) for m in _MACHINE.finditer(text)]
    here = str(ROOT)
    return found + ([here] if here in text else [])


def test_the_check_sees_a_machine_path() -> None:
    assert machine_paths("# one per source ID of /work/shared/reference/facts.md") == [
        "/work/shared"
    ]
    assert machine_paths(r"see C:\Users\ann\vendorgraph or /home/ann/x") != []
    assert machine_paths("cd /srv/vendorgraph && VENDORGRAPH_HOME=/var/lib/vendorgraph") == []
    assert machine_paths("COPY x TO '/tmp/vendorgraph-leak.csv' ~/.local/share/vendorgraph") == []


def test_no_file_names_a_machine_path() -> None:
    found = {}
    files = _files()
    assert len(files) > 100
    for path in files:
        if not path.is_file() or path.resolve() == Path(__file__).resolve():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # a binary file
        if hits := machine_paths(text):
            found[str(path.relative_to(ROOT))] = hits[:3]
    assert found == {}
