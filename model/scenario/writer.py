"""Writing scenarios as TOML: the one place commgov serialises TOML.

    resolved_toml(scenario)                     # every value explicit; `commgov run` and experiments
    toml_text(["a comment"], {"extends": "base.toml", "run": {"weeks": 10}})   # e.g. calibrated.toml

Tables are written in order, each table's plain values before its sub-tables; floats as the
shortest text that reads back as the same float; text with TOML's escapes, so every file reads back
equal with `tomllib`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from pydantic import BaseModel

from model.scenario.fields import Key
from model.schema import Scenario


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, BaseModel):
        return {k: _plain(v) for k, v in value}
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """Plain data (enums as their text) that `scenario_from_dict` turns back into `scenario`."""
    return _plain(scenario)


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _toml_string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)  # shortest text that reads back as the same float; valid TOML
    if isinstance(value, str):
        return _toml_string(value)
    raise TypeError(f"cannot write {value!r} as a TOML value in a scenario")


def _toml_key(name: str) -> str:
    if name and all(c.isascii() and (c.isalnum() or c in "_-") for c in name):
        return name
    return _toml_string(name)


def _write_table(lines: list[str], header: Key, table: Mapping[str, Any]) -> None:
    scalars = {k: v for k, v in table.items() if not isinstance(v, Mapping)}
    tables = {k: v for k, v in table.items() if isinstance(v, Mapping)}
    if header and (scalars or not tables):
        lines += ["", f"[{'.'.join(_toml_key(p) for p in header)}]"]
    lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in scalars.items()]
    for name, sub in tables.items():
        _write_table(lines, (*header, name), sub)


def toml_text(comments: Sequence[str], data: Mapping[str, Any]) -> str:
    """TOML text of nested tables of plain values, after a `#` comment line for each of `comments`."""
    lines = [f"# {line}" for comment in comments for line in comment.splitlines()]
    _write_table(lines, (), data)
    return "\n".join(lines) + "\n"


def resolved_toml(scenario: Scenario) -> str:
    """The fully resolved scenario as TOML: every key explicit, no `extends`; loads back equal."""
    comments = [
        f"Scenario {scenario.name!r}, fully resolved by commgov: every value explicit.",
        "Load it with `commgov run <this file>` or model.load_scenario(<this file>).",
    ]
    return toml_text(comments, scenario_to_dict(scenario))
