"""The registry of what the graph is built from, kept in the home directory as sources.json.

The graph is derived: sources plus review decisions are the truth. Every ingest rebuilds from the
bundled knowledge base and sample inventories plus whatever is registered here, so a rebuild never
loses an earlier addition. Inventories are registered as content-addressed copies under the home
(`inventories/<sha256>/<original name>`, so the original name stays the file name the graph shows);
lists stay where they are and are registered by absolute, resolved path and the hash they had.
Only ingest.registration changes the registry, and only together with the build that uses it
(graph.store.journal). sources.json is the truth, not derived: it is checked against a strict
shape when read (`_RegistryFile`), and a file of the wrong shape is a one-line error naming it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.errors import first_problem
from graph.store.files import write_atomic
from ingest.problems import UserError

__all__ = ["RegisteredInventory", "RegisteredList", "RegisteredPack", "Registry", "pack_id"]

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


@dataclass(frozen=True)
class RegisteredPack:
    """One registered knowledge pack file: a content-addressed copy like an inventory's."""

    id: str
    name: str  # the file name the user gave
    source: str  # the absolute, resolved path it was read from ("" for an upload)
    path: str  # the copy under the home that every build reads
    sha256: str
    registered_at: str
    replace: bool = False  # registered with --replace: may replace records defined elsewhere

    kind = "knowledge pack"


def pack_id(sha256: str) -> str:
    return f"pack-{sha256[:12]}"


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


_SHA = r"^([0-9a-f]{64})?$"


class _InventoryEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    source: str = ""
    path: str = Field(min_length=1)
    sha256: str = Field(pattern=_SHA)
    registered_at: str = ""
    customers: list[str] = Field(default_factory=list)
    replaces: list[str] = Field(default_factory=list)


class _ListEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    kind: str = Field(pattern=r"^[a-z]{2,16}$")
    path: str = Field(min_length=1)
    sha256: str = Field(default="", pattern=_SHA)
    registered_at: str = ""


class _PackEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    source: str = ""
    path: str = Field(min_length=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    registered_at: str = ""
    replace: bool = False


class _RegistryFile(BaseModel):
    """What sources.json holds (format 2; format 1 kept bare path strings)."""

    model_config = ConfigDict(extra="forbid")

    format: int | None = None
    inventories: list[_InventoryEntry | str] = Field(default_factory=list)
    lists: list[_ListEntry | str] = Field(default_factory=list)
    packs: list[_PackEntry] = Field(default_factory=list)


@dataclass
class Registry:
    """Registered inventories and lists under `home`."""

    home: Path
    inventories: list[RegisteredInventory] = field(default_factory=list)
    lists: list[RegisteredList] = field(default_factory=list)
    packs: list[RegisteredPack] = field(default_factory=list)

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
            data = json.loads(reg.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return reg
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise UserError(f"{reg.path}: not valid JSON ({exc})") from None
        except OSError as exc:
            raise UserError(f"{reg.path}: cannot read the registry ({exc.strerror})") from None
        try:
            checked = _RegistryFile.model_validate(data)
        except ValidationError as exc:
            raise UserError(
                f"{reg.path}: not a vendorgraph registry ({first_problem(exc)}); "
                "fix it or restore it from a backup"
            ) from None
        for item in checked.inventories:
            reg.inventories.append(
                _legacy_inventory(item, home)
                if isinstance(item, str)
                else _inventory(item.model_dump(), home)
            )
        for listed in checked.lists:
            reg.lists.append(
                _legacy_list(listed) if isinstance(listed, str) else _list(listed.model_dump())
            )
        for pack in checked.packs:
            data = pack.model_dump()
            reg.packs.append(RegisteredPack(**{**data, "path": str(home / data["path"])}))
        return reg

    def as_json(self) -> str:
        data = {
            "format": FORMAT,
            "inventories": [self._relative(i) for i in self.inventories],
            "lists": [dataclasses.asdict(item) for item in self.lists],
        }
        if self.packs:  # absent while none is registered: a file older versions still read
            data["packs"] = [self._relative(p) for p in self.packs]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def _relative(self, entry: RegisteredInventory | RegisteredPack) -> dict[str, Any]:
        # Copies under the home are stored relative to it, so a moved or copied home still works.
        data = dataclasses.asdict(entry)
        path = Path(entry.path)
        if path.is_relative_to(self.home):
            data["path"] = str(path.relative_to(self.home))
        return data

    def save(self) -> None:
        """Write sources.json atomically: a reader or a kill sees the old file or the new one.
        (Registration commits through graph.store.journal instead; this is for tools and tests.)"""
        write_atomic(self.path, self.as_json())

    def copy(self) -> Registry:
        return Registry(self.home, list(self.inventories), list(self.lists), list(self.packs))

    def copies(self) -> list[RegisteredInventory | RegisteredPack]:
        """The entries kept as content-addressed copies under `inventories/<sha256>/`."""
        return [*self.inventories, *self.packs]

    def inventory_paths(self) -> list[Path]:
        return [Path(i.path) for i in self.inventories]

    def list_specs(self) -> list[str]:
        return [item.spec for item in self.lists]

    def by_sha(self, sha256: str) -> RegisteredInventory | RegisteredPack | None:
        return next((i for i in self.copies() if i.sha256 == sha256), None)

    def find(self, key: str) -> RegisteredInventory | RegisteredList | RegisteredPack:
        """The one entry named by id, original name, or path; refuses an unknown or ambiguous key."""
        resolved = str(Path(key).expanduser().resolve()) if key else key
        entries: list[RegisteredInventory | RegisteredList | RegisteredPack] = [
            *self.inventories,
            *self.lists,
            *self.packs,
        ]
        exact = [e for e in entries if e.id == key]
        if exact:
            return exact[0]
        found = [
            e
            for e in entries
            if key in (e.name, e.path)
            or resolved == e.path
            or (isinstance(e, RegisteredInventory | RegisteredPack) and resolved == e.source)
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
        for inv in self.copies():
            path = Path(inv.path)
            keep.add(path)
            if path.parent != self.inventory_dir:
                keep.add(path.parent)  # inventories/<sha256>/
        return keep
