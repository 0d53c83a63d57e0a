"""The registry of what the graph is built from, kept in the home directory.

The graph is derived: sources plus review decisions are the truth. Every ingest rebuilds from the
bundled knowledge base and sample inventories plus whatever is registered here (inventories copied
into the home directory, sanctions-list specs), so a rebuild never loses an earlier addition.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ingest.problems import UserError

__all__ = ["Registry"]


@dataclass
class Registry:
    """Registered inventories and list specs under `home`."""

    home: Path
    inventories: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.home / "sources.json"

    @classmethod
    def load(cls, home: Path) -> Registry:
        reg = cls(home)
        try:
            data = json.loads(reg.path.read_text())
        except FileNotFoundError:
            return reg
        except json.JSONDecodeError as exc:
            raise UserError(f"{reg.path}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
        reg.inventories = [str(x) for x in data.get("inventories", [])]
        reg.lists = [str(x) for x in data.get("lists", [])]
        return reg

    def save(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"inventories": self.inventories, "lists": self.lists}, indent=2))
        os.replace(tmp, self.path)

    def stage_inventory(self, source: Path) -> Path:
        """Copy an inventory into the home directory (not yet registered); returns the copy."""
        folder = self.home / "inventories"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / source.name
        shutil.copyfile(source, target)
        return target

    def add_inventory(self, staged: Path) -> None:
        if str(staged) not in self.inventories:
            self.inventories.append(str(staged))

    def add_list(self, spec: str) -> None:
        if spec not in self.lists:
            self.lists.append(spec)

    def inventory_paths(self) -> list[Path]:
        return [Path(p) for p in self.inventories]
