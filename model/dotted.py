"""Nested TOML tables as flat dotted keys ({"government": {"staff": 6}} <-> {"government.staff": 6})."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested tables and quoted dotted keys alike, as {'government.workstation_staff': value}."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{dotted}."))
        else:
            flat[dotted] = value
    return flat


def nest(items: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Dotted keys as nested tables, undoing `flatten`: [('run.weeks', 10)] -> {'run': {'weeks': 10}}."""
    tree: dict[str, Any] = {}
    for dotted, value in items:
        node = tree
        parts = dotted.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return tree
