"""The house in rooms: imports run one way, each room uses only what it declares, files stay small.

Read from the source's import statements (Python's `ast`), so a lazy import inside a function and
an import under `if TYPE_CHECKING:` count too:

- no circle among the project's modules (graph, ingest, dashboard, vendorgraph);
- layers import only downward: graph/ never imports ingest/, dashboard/ or the CLI (vendorgraph/);
  ingest/ never imports dashboard/ or the CLI; dashboard/ never imports the CLI;
- each room of graph/ imports only the rooms its `__init__` names on its "May use:" line (graph's
  top-level modules are open to every room; they themselves may use what graph/__init__ names);
- at most 12 modules at graph/'s top level, and no product file over 450 lines.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "ingest", "dashboard", "vendorgraph")
FORBIDDEN = {
    "graph": {"ingest", "dashboard", "vendorgraph"},
    "ingest": {"dashboard", "vendorgraph"},
    "dashboard": {"vendorgraph"},
}
MAX_TOP_LEVEL = 12
MAX_LINES = 450


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules(root: Path, packages: tuple[str, ...] = PACKAGES) -> dict[str, Path]:
    return {
        _module_name(path, root): path
        for package in packages
        if (root / package).is_dir()
        for path in sorted((root / package).rglob("*.py"))
    }


def _imported(module: str, path: Path) -> Iterator[str]:
    """Every dotted name an import statement in `path` names (with `from X import y` as X.y)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph(root: Path, packages: tuple[str, ...] = PACKAGES) -> nx.DiGraph:
    """Module -> project module it imports (the longest project module a name starts with)."""
    modules = project_modules(root, packages)
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for module, path in modules.items():
        for name in _imported(module, path):
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                graph.add_edge(module, name)
    return graph


def circles(graph: nx.DiGraph) -> list[list[str]]:
    return sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)


def _room(module: str) -> str:
    """The room of graph/ a module is in ("graph" for the top-level modules)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 2 or (ROOT / Path(*parts)).is_dir() else "graph"


def _may_use(room: str) -> set[str]:
    init = ROOT / Path(*room.split(".")) / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
    lines = [line for line in doc.splitlines() if line.startswith("May use:")]
    assert len(lines) == 1, f"{init.relative_to(ROOT)}: its docstring needs one 'May use:' line"
    return set(re.findall(r"graph\.\w+", lines[0]))


def test_no_import_circles() -> None:
    assert circles(import_graph(ROOT)) == []


def test_the_circle_check_finds_a_circle(tmp_path: Path) -> None:
    package = tmp_path / "graph"
    (package / "room").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "room" / "__init__.py").write_text("")
    (package / "room" / "a.py").write_text("def f():\n    from graph.room.b import g\n")
    (package / "room" / "b.py").write_text("from . import a\n")
    (package / "c.py").write_text("import graph.room.a\n")
    assert circles(import_graph(tmp_path, ("graph",))) == [["graph.room.a", "graph.room.b"]]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers_import_only_downward(package: str) -> None:
    graph = import_graph(ROOT)
    offenders = sorted(
        (a, b)
        for a, b in graph.edges
        if a.split(".")[0] == package and b.split(".")[0] in FORBIDDEN[package]
    )
    assert offenders == []


def test_rooms_use_only_what_they_declare() -> None:
    graph = import_graph(ROOT)
    offenders = []
    for a, b in graph.edges:
        if not (a.startswith("graph") and b.startswith("graph")):
            continue
        room_a, room_b = _room(a), _room(b)
        if room_b in (room_a, "graph"):
            continue  # its own room, or the shared top-level modules
        if room_b not in _may_use(room_a):
            offenders.append(f"{a} -> {b} ({room_a} does not declare {room_b})")
    assert offenders == []


def test_top_level_of_graph_stays_small() -> None:
    modules = sorted(p.stem for p in (ROOT / "graph").glob("*.py") if p.stem != "__init__")
    assert len(modules) <= MAX_TOP_LEVEL, modules


@pytest.mark.parametrize("package", PACKAGES)
def test_no_file_over_the_line_limit(package: str) -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in sorted((ROOT / package).rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
