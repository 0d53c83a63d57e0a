"""Cited constants of the law that analysis needs (UK GDPR fine caps), read from the knowledge base.

The `rules:` mapping sits in the curated YAML beside the facts it cites; exposure and reports read
it here so that graph/ never imports the knowledge-base reader in ingest/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graph.errors import InputError

__all__ = ["read_rules"]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_rules(directory: Path) -> dict[str, Any]:
    """The `rules` mapping (cited constants such as fine caps) from the knowledge base's YAML files."""
    rules: dict[str, Any] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            with path.open("rb") as handle:
                data = yaml.load(handle, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as exc:
            raise InputError(path, None, f"not valid YAML ({exc})") from exc
        if not isinstance(data, dict):
            continue
        found = data.get("rules") or {}
        if not isinstance(found, dict):
            raise InputError(path, None, "`rules` must be a mapping of rule names to values")
        for key, value in found.items():
            if isinstance(value, dict):
                rules[str(key)] = dict(value)
    return rules
