"""Validated node and edge records: pydantic models generated from graph.model.

Readers produce these; the pipeline writes them. Generating the pydantic classes from the model
keeps one declaration of every property, its type and its allowed values.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from graph.dates import is_partial_date
from graph.model import EDGE_TYPES, NODE_TYPES, Prop, edge_type, node_type

__all__ = ["EdgeRecord", "NodeRecord", "ValidationError", "edge_props_model", "node_model"]

_DATE_PROPS = frozenset(
    {"date", "since", "until", "announced", "listed_on", "list_as_of", "adequacy_since"}
)

_PY_TYPES: dict[str, Any] = {
    "STRING": str,
    "INT64": int,
    "DOUBLE": float,
    "BOOLEAN": bool,
    "STRING[]": list[str],
}


def _annotation(prop: Prop) -> Any:
    if prop.choices and prop.kind == "STRING[]":
        item: Any = Literal[prop.choices]
        listed: Any = list.__class_getitem__(item)  # list[Literal[...]] built at run time
        return listed if prop.required else listed | None
    base: Any = Literal[prop.choices] if prop.choices else _PY_TYPES[prop.kind]
    return base if prop.required else base | None


def _check_dates(cls: type[BaseModel], value: Any, info: Any) -> Any:
    if value is not None and not is_partial_date(value):
        raise ValueError(
            f"expected an ISO date YYYY-MM-DD (or YYYY-MM, YYYY where the source gives only a "
            f"month or a year), got {value!r}"
        )
    return value


def _build(name: str, props: tuple[Prop, ...]) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for p in props:
        default = ... if p.required else None
        fields[p.name] = (_annotation(p), Field(default=default, description=p.doc or None))
    # Only on the model's date properties: a validator on every field ran 2.6 million times
    # for a 50,000-row inventory.
    dates = [p.name for p in props if p.name in _DATE_PROPS]
    validators = (
        {"check_dates": field_validator(*dates, mode="before")(_check_dates)} if dates else {}
    )
    return create_model(
        name,
        __config__=ConfigDict(extra="forbid", strict=False),
        __validators__=validators,
        **fields,
    )


@cache
def node_model(label: str) -> type[BaseModel]:
    """The pydantic model validating a node's properties."""
    return _build(f"{label}Props", node_type(label).all_props)


@cache
def edge_props_model(rel_type: str) -> type[BaseModel]:
    """The pydantic model validating a relationship's properties."""
    return _build(f"{rel_type}Props", edge_type(rel_type).all_props)


def _no_props(rel_type: str) -> dict[str, Any]:
    """A relationship's properties when none are given (every CITES link), validated once."""
    return dict(_empty_props(rel_type))


@cache
def _empty_props(rel_type: str) -> dict[str, Any]:
    return edge_props_model(rel_type).model_validate({}).model_dump()


# Records are plain frozen dataclasses: their properties are validated by the model's pydantic
# class in `of`, and a pydantic record around them cost 7 us a record to construct (688,000
# records for a 50,000-row inventory).
@dataclass(frozen=True, slots=True)
class NodeRecord:
    """A node ready to write: label plus validated properties (including `id`)."""

    label: str
    props: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.props["id"])

    @classmethod
    def of(cls, label: str, **props: Any) -> NodeRecord:
        """Validate `props` against the model for `label` and fill absent ones with null."""
        model = node_model(label)
        return cls(label=label, props=model.model_validate(props).model_dump())


@dataclass(frozen=True, slots=True)
class EdgeRecord:
    """A relationship ready to write, between two nodes given by label and id."""

    type: str
    from_label: str
    from_id: str
    to_label: str
    to_id: str
    props: dict[str, Any]

    @classmethod
    def of(
        cls, rel_type: str, from_label: str, from_id: str, to_label: str, to_id: str, **props: Any
    ) -> EdgeRecord:
        """Validate the endpoints against the model's allowed pairs and the properties."""
        spec = edge_type(rel_type)
        if (from_label, to_label) not in spec.ends:
            allowed = ", ".join(f"{a}->{b}" for a, b in spec.ends)
            raise ValueError(
                f"{rel_type} cannot join {from_label}->{to_label} (allowed: {allowed})"
            )
        validated = (
            _no_props(rel_type)
            if not props
            else edge_props_model(rel_type).model_validate(props).model_dump()
        )
        return cls(
            type=rel_type,
            from_label=from_label,
            from_id=from_id,
            to_label=to_label,
            to_id=to_id,
            props=validated,
        )

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.type, self.from_id, self.to_id)


def known_labels() -> list[str]:
    return list(NODE_TYPES)


def known_types() -> list[str]:
    return list(EDGE_TYPES)
