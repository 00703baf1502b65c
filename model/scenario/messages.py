"""Problems with a scenario as one sentence naming the file, the dotted key and what was expected.

Pydantic's errors are translated using each field's range metadata; a value set in a file the
scenario extends, or on the command line, is blamed on where it was set (its provenance).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from model.errors import ScenarioError
from model.scenario.fields import Key, bounds, field_of, suggest_key
from model.scenario.reading import clip
from model.schema import MAX_HOUSEHOLDS

COMMAND_LINE = "--set"  # provenance label of values given as overrides

# Where each value came from: dotted key -> a file path shown to the user, or COMMAND_LINE.
Provenance = dict[Key, str]


def mark(provenance: Provenance, key: Key, value: Any, source: str) -> None:
    """Record that `source` set `key` (and every key inside it, when `value` is a table)."""
    for known in [k for k in provenance if k[: len(key)] == key]:
        del provenance[known]
    provenance[key] = source
    if isinstance(value, dict):
        for sub, inner in value.items():
            mark(provenance, (*key, sub), inner, source)


def show_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:  # realpath, unlike Path.resolve, does not raise on a symbolic-link loop
        return str(Path(os.path.realpath(path)).relative_to(os.path.realpath(Path.cwd())))
    except (ValueError, OSError):
        return str(path)


def _num(x: float | int) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return str(x)


def show_key(key: Key) -> str:
    """A dotted key as a message shows it, cut short when very long."""
    return clip(".".join(key))


def show_value(value: Any) -> str:
    """A value as a message shows it: TOML-like words for booleans and floats, quotes for text."""
    return clip(_shown_value(value))


def _shown_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return repr(value.value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, datetime | date | time):
        return f"the date/time {value.isoformat()}"
    return repr(value)


def expectation(field: FieldInfo | None, key: Key, value: Any = None) -> str:
    """What a key must hold, e.g. 'must be an integer between 1 and 400000'."""
    if field is None:
        return "is not valid"
    kind = field.annotation
    if kind is bool:
        return "must be true or false"
    if kind is str:
        return "must be text in quotes"
    if isinstance(kind, type) and issubclass(kind, Enum):
        return "must be one of " + ", ".join(repr(e.value) for e in kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return f"must be a table ([{show_key(key)}])"
    if kind is not int and kind is not float:
        return "must be a table of [rollout.set.SECTION] tables"
    noun = "an integer" if kind is int else "a number"
    if kind is float and isinstance(value, float) and not math.isfinite(value):
        noun = "a finite number"
    b = bounds(field)
    low = ("ge", b["ge"]) if "ge" in b else ("gt", b["gt"]) if "gt" in b else None
    high = ("le", b["le"]) if "le" in b else ("lt", b["lt"]) if "lt" in b else None
    if low and high and low[0] == "ge" and high[0] == "le":
        text = f"must be {noun} between {_num(low[1])} and {_num(high[1])}"
    else:
        parts = []
        if low:
            parts.append(f"{'at least' if low[0] == 'ge' else 'greater than'} {_num(low[1])}")
        if high:
            parts.append(f"{'at most' if high[0] == 'le' else 'less than'} {_num(high[1])}")
        text = f"must be {noun}" + (" " + " and ".join(parts) if parts else "")
    if key in (("population", "households"), ("rollout", "set", "population", "households")) and (
        isinstance(value, int | float) and not isinstance(value, bool) and value > MAX_HOUSEHOLDS
    ):
        text += " (the limit of what this machine simulates)"
    return text


class Context:
    """The file the user named, and where every value of the merged data came from."""

    def __init__(self, shown: str, provenance: Provenance | None = None):
        self.shown = shown
        self.provenance: Provenance = provenance if provenance is not None else {}

    def source(self, key: Key) -> str:
        """Where `key` was set; a table is blamed on one source only if all its keys agree."""
        inside = {s for k, s in self.provenance.items() if k[: len(key)] == key}
        if len(inside) == 1:
            return inside.pop()
        if inside:
            return self.shown
        for n in range(len(key) - 1, 0, -1):
            if key[:n] in self.provenance:
                return self.provenance[key[:n]]
        return self.shown

    def where(self, key: Key) -> str:
        """' (set with --set)' or ' (set in base.toml, which it extends)' or ''."""
        source = self.source(key)
        if source == COMMAND_LINE:
            return " (set on the command line)"
        if source != self.shown:
            return f" (set in {source}, which it extends)"
        return ""

    def within(self, key: Key) -> str:
        """' in --set' or ' in base.toml, which it extends' or ''."""
        source = self.source(key)
        if source == COMMAND_LINE:
            return " in --set"
        return f" in {source}, which it extends" if source != self.shown else ""

    def error(self, sentence: str) -> ScenarioError:
        """The error of a sentence, prefixed with the file the user named."""
        return ScenarioError(f"{self.shown}: {sentence}")

    def bad_value(self, key: Key, value: Any) -> ScenarioError:
        """'KEY must be ..., got VALUE', saying where the value was set."""
        expected = expectation(field_of(key), key, value)
        return self.error(f"{show_key(key)} {expected}, got {show_value(value)}{self.where(key)}")

    def unknown(self, key: Key, note: str = "") -> ScenarioError:
        """'unknown key KEY', with where it was set and the closest valid key."""
        return self.error(f"unknown key '{show_key(key)}'{note}{self.within(key)}{suggest_key(key)}")


def translate(ctx: Context, error: ValidationError, prefix: Key = ()) -> ScenarioError:
    """The first pydantic error as one sentence."""
    first = error.errors(include_url=False)[0]
    key: Key = (*prefix, *(str(part) for part in first["loc"]))
    dotted = show_key(key)
    if first["type"] == "value_error":
        message = str(first.get("ctx", {}).get("error", first["msg"]))
        message = message.removeprefix("Value error, ")
        return ctx.error(f"{dotted + ': ' if dotted else ''}{message}{ctx.where(key)}")
    if first["type"] == "extra_forbidden":
        return ctx.unknown(key)
    if field_of(key) is None:
        return ctx.error(f"{dotted}: {first['msg'].lower()}, got {show_value(first['input'])}")
    return ctx.bad_value(key, first["input"])
