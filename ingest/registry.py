"""The registry of what the graph is built from, kept in the home directory as sources.json.

The graph is derived: sources plus review decisions are the truth. Every ingest rebuilds from the
bundled knowledge base and sample inventories plus whatever is registered here, so a rebuild never
loses an earlier addition. Inventories are registered as content-addressed copies under the home
(`inventories/<sha256>/<original name>`, so the original name stays the file name the graph shows);
lists stay where they are and are registered by absolute, resolved path and the hash they had.
Only ingest.registration changes the registry, and only when the build that uses it has committed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.problems import UserError

__all__ = ["RegisteredInventory", "RegisteredList", "Registry"]

FORMAT = 2


@dataclass(frozen=True)
class RegisteredInventory:
    """One registered customer inventory."""

    id: str
    name: str  # the file name the user gave
    source: str  # the absolute, resolved path it was read from
    path: str  # the copy under the home that every build reads
    sha256: str
    registered_at: str
    customers: tuple[str, ...] = ()  # Customer node ids it holds
    replaces: tuple[str, ...] = ()  # Customer node ids it took over from another source (--replace)

    kind = "inventory"


@dataclass(frozen=True)
class RegisteredList:
    """One registered sanctions list: read in place, so a later change of the file shows."""

    id: str
    kind: str  # list format: ofac, uksl, un, ...
    path: str  # absolute, resolved
    sha256: str
    registered_at: str

    @property
    def spec(self) -> str:
        return f"{self.kind}:{self.path}"

    @property
    def name(self) -> str:
        return Path(self.path).name


def inventory_id(sha256: str) -> str:
    return f"inv-{sha256[:12]}"


def list_id(kind: str, path: str) -> str:
    return f"list-{hashlib.sha256(f'{kind}:{path}'.encode()).hexdigest()[:12]}"


def _legacy_inventory(raw: str, home: Path) -> RegisteredInventory:
    # Format 1 kept bare absolute paths to home/inventories/<name>; a home moved since is found
    # by name. The hash is taken now so the entry can be told apart later.
    path = Path(raw)
    moved = home / "inventories" / path.name
    if not path.exists() and moved.is_file():
        path, raw = moved, str(moved)
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        sha = hashlib.sha256(raw.encode()).hexdigest()
    return RegisteredInventory(inventory_id(sha), path.name, raw, raw, sha, "")


def _legacy_list(raw: str) -> RegisteredList:
    kind, _, where = raw.partition(":")
    path = str(Path(where).expanduser().resolve())
    return RegisteredList(list_id(kind, path), kind, path, "", "")


def _inventory(data: dict[str, Any], home: Path) -> RegisteredInventory:
    return RegisteredInventory(
        id=str(data["id"]),
        name=str(data["name"]),
        source=str(data.get("source", "")),
        path=str(home / str(data["path"])),  # stored relative to the home (an absolute one stays)
        sha256=str(data["sha256"]),
        registered_at=str(data.get("registered_at", "")),
        customers=tuple(str(c) for c in data.get("customers", [])),
        replaces=tuple(str(c) for c in data.get("replaces", [])),
    )


def _list(data: dict[str, Any]) -> RegisteredList:
    return RegisteredList(
        id=str(data["id"]),
        kind=str(data["kind"]),
        path=str(data["path"]),
        sha256=str(data.get("sha256", "")),
        registered_at=str(data.get("registered_at", "")),
    )


@dataclass
class Registry:
    """Registered inventories and lists under `home`."""

    home: Path
    inventories: list[RegisteredInventory] = field(default_factory=list)
    lists: list[RegisteredList] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.home / "sources.json"

    @property
    def inventory_dir(self) -> Path:
        return self.home / "inventories"

    @classmethod
    def load(cls, home: Path) -> Registry:
        reg = cls(home)
        try:
            data = json.loads(reg.path.read_text())
        except FileNotFoundError:
            return reg
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise UserError(f"{reg.path}: not valid JSON ({exc})") from None
        try:
            for item in data.get("inventories", []):
                reg.inventories.append(
                    _legacy_inventory(item, home)
                    if isinstance(item, str)
                    else _inventory(item, home)
                )
            for item in data.get("lists", []):
                reg.lists.append(_legacy_list(item) if isinstance(item, str) else _list(item))
        except (KeyError, TypeError, AttributeError) as exc:
            raise UserError(f"{reg.path}: not a vendorgraph registry ({exc!r})") from None
        return reg

    def as_json(self) -> str:
        data = {
            "format": FORMAT,
            "inventories": [self._relative(i) for i in self.inventories],
            "lists": [dataclasses.asdict(item) for item in self.lists],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def _relative(self, entry: RegisteredInventory) -> dict[str, Any]:
        # Copies under the home are stored relative to it, so a moved or copied home still works.
        data = dataclasses.asdict(entry)
        path = Path(entry.path)
        if path.is_relative_to(self.home):
            data["path"] = str(path.relative_to(self.home))
        return data

    def save(self) -> None:
        """Write sources.json atomically: a reader or a kill sees the old file or the new one."""
        self.home.mkdir(parents=True, exist_ok=True)
        tmp = self.home / f".sources.json.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(self.as_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)
        dir_fd = os.open(self.home, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def copy(self) -> Registry:
        return Registry(self.home, list(self.inventories), list(self.lists))

    def inventory_paths(self) -> list[Path]:
        return [Path(i.path) for i in self.inventories]

    def list_specs(self) -> list[str]:
        return [item.spec for item in self.lists]

    def by_sha(self, sha256: str) -> RegisteredInventory | None:
        return next((i for i in self.inventories if i.sha256 == sha256), None)

    def find(self, key: str) -> RegisteredInventory | RegisteredList:
        """The one entry named by id, original name, or path; refuses an unknown or ambiguous key."""
        resolved = str(Path(key).expanduser().resolve()) if key else key
        entries: list[RegisteredInventory | RegisteredList] = [*self.inventories, *self.lists]
        exact = [e for e in entries if e.id == key]
        if exact:
            return exact[0]
        found = [
            e
            for e in entries
            if key in (e.name, e.path)
            or resolved == e.path
            or (isinstance(e, RegisteredInventory) and resolved == e.source)
            or (isinstance(e, RegisteredList) and key == e.spec)
        ]
        if not found:
            found = [e for e in entries if e.id.startswith(key) and len(key) >= 5]
        if not found:
            raise UserError(f"{key!r}: nothing registered by that id, name or path")
        if len(found) > 1:
            ids = ", ".join(f"{e.id} ({e.name})" for e in found)
            raise UserError(f"{key!r} names several registered sources: {ids}; give the id")
        return found[0]

    def referenced(self) -> set[Path]:
        """Every file or folder under the home that an entry needs."""
        keep: set[Path] = set()
        for inv in self.inventories:
            path = Path(inv.path)
            keep.add(path)
            if path.parent != self.inventory_dir:
                keep.add(path.parent)  # inventories/<sha256>/
        return keep
