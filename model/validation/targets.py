"""Calibration targets files: the parameters to fit and the observed figures, validated by pydantic.

The format is in `model.validation.calibration`'s docstring and docs/calibration.md; any problem
with a file is one sentence naming the file and the key (exit status 2).
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo

from model import shipped
from model.errors import InputError

WINDOWS = {"before": "_before", "after": "_after", "final": "", "all": "_all"}
Method = Literal["differential_evolution", "nelder-mead"]
Window = Literal["before", "after", "final", "all"]


@dataclass(frozen=True)
class Parameter:
    key: str
    low: float
    high: float
    integer: bool = False
    log: bool = False
    start: float | None = None

    def value(self, u: float) -> float | int:
        """The parameter's value at position `u` in [0, 1] of its range."""
        u = min(max(float(u), 0.0), 1.0)
        if self.log:
            x = math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        else:
            x = self.low + u * (self.high - self.low)
        x = min(max(x, self.low), self.high)
        return round(x) if self.integer else float(x)

    def position(self, x: float) -> float:
        if self.log:
            return (math.log(x) - math.log(self.low)) / (math.log(self.high) - math.log(self.low))
        return (x - self.low) / (self.high - self.low)


@dataclass(frozen=True)
class Target:
    outcome: str
    window: Window
    value: float
    scale: float
    source: str = ""
    held_out: bool = False  # checked after the fit, not fitted

    @property
    def column(self) -> str:
        return self.outcome + WINDOWS[self.window]

    @property
    def label(self) -> str:
        return f"{self.outcome} ({self.window})"


@dataclass(frozen=True)
class Targets:
    path: Path
    description: str
    parameters: tuple[Parameter, ...]
    targets: tuple[Target, ...]
    method: Method = "differential_evolution"
    max_evaluations: int = 60
    reps: int = 3
    seed: int = 1


# --------------------------------------------------------------------------------------------
# Reading a targets file: pydantic models of its tables. A field's description says what it must be
# and ends up in the error message ("fit.reps must be a whole number ≥ 1, got 0").

_FILE_CONFIG = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else json.dumps(value, default=str)


def _field_of(key: str) -> FieldInfo | None:
    """The schema field a dotted scenario key names (section.key or rollout.set.section.key)."""
    from model.schema import REFORMABLE_SECTIONS, Scenario

    parts = key.split(".")
    if len(parts) == 4 and parts[:2] == ["rollout", "set"] and parts[2] in REFORMABLE_SECTIONS:
        parts = parts[2:]
    if len(parts) != 2 or parts[0] not in Scenario.model_fields:
        return None
    section = Scenario.model_fields[parts[0]].annotation
    found: FieldInfo | None = getattr(section, "model_fields", {}).get(parts[1])
    return found


def _bounds_of(field_info: FieldInfo) -> tuple[float, float]:
    low, high = -math.inf, math.inf
    for meta in field_info.metadata:
        for name in ("ge", "gt"):
            if getattr(meta, name, None) is not None:
                low = float(getattr(meta, name))
        for name in ("le", "lt"):
            if getattr(meta, name, None) is not None:
                high = float(getattr(meta, name))
    return low, high


class _FitTable(BaseModel):
    """[fit]: how the search runs; a key left out keeps the default of `Targets`."""

    model_config = _FILE_CONFIG
    method: Method | None = Field(None, description=f"one of {', '.join(get_args(Method))}")
    max_evaluations: int | None = Field(None, ge=1, description="a whole number ≥ 1")
    reps: int | None = Field(None, ge=1, description="a whole number ≥ 1")
    seed: int | None = Field(None, ge=0, description="a whole number ≥ 0")


class _ParameterTable(BaseModel):
    """One [[parameter]]: a numeric scenario key and the bounds it is searched in."""

    model_config = _FILE_CONFIG
    key: str = Field(min_length=1, description='a scenario key such as "needs.dispute_rate"')
    low: float = Field(description="a number")
    high: float = Field(description="a number")
    log: bool = Field(False, description="true or false")
    start: float | None = Field(None, description="a number")

    @model_validator(mode="after")
    def _fits_the_schema(self) -> _ParameterTable:
        info = _field_of(self.key)
        if info is None:
            raise ValueError(f"'{self.key}' is not a scenario key")
        if info.annotation not in (int, float):
            raise ValueError(f"'{self.key}' is not a number and cannot be fitted")
        low, high = self.low, self.high
        if not low < high:
            raise ValueError(f"low must be below high, got low = {low:g}, high = {high:g}")
        allowed_low, allowed_high = _bounds_of(info)
        if low < allowed_low or high > allowed_high:
            raise ValueError(
                f"bounds [{low:g}, {high:g}] leave the allowed range [{allowed_low:g}, {allowed_high:g}] "
                f"of {self.key}"
            )
        if self.log and low <= 0:
            raise ValueError(f"log = true needs low > 0, got {low:g}")
        if self.start is not None and not low <= self.start <= high:
            raise ValueError(f"start = {self.start:g} is outside [{low:g}, {high:g}]")
        return self

    def parameter(self) -> Parameter:
        info = _field_of(self.key)
        integer = info is not None and info.annotation is int
        return Parameter(self.key, self.low, self.high, integer, self.log, self.start)


class _TargetTable(BaseModel):
    """One [[target]]: an outcome, its window, the observed value and the scale of its error."""

    model_config = _FILE_CONFIG
    outcome: str = Field(description="an outcome of model/outcomes.py")
    window: Window = Field("after", description=f"one of {', '.join(get_args(Window))}")
    value: float = Field(description="a number")
    scale: float | None = Field(None, description="a number")
    source: str = Field("", description="text")
    held_out: bool = Field(False, description="true or false")

    @field_validator("outcome")
    @classmethod
    def _known_outcome(cls, value: str) -> str:
        import difflib

        from model.outcomes import NAMES

        if value not in NAMES:
            close = difflib.get_close_matches(value, NAMES, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else " (see model/outcomes.py)"
            raise ValueError(f"{_show(value)} is not an outcome{hint}")
        return value

    @model_validator(mode="after")
    def _positive_scale(self) -> _TargetTable:
        if (self.scale if self.scale is not None else abs(self.value)) <= 0:
            raise ValueError("scale must be above 0 (give one when value is 0)")
        return self

    def target(self) -> Target:
        scale = self.scale if self.scale is not None else abs(self.value) * 0.1
        return Target(self.outcome, self.window, self.value, scale, self.source, self.held_out)


class _TargetsFile(BaseModel):
    """A whole targets file."""

    model_config = _FILE_CONFIG
    description: str = Field("", description="text")
    fit: _FitTable = Field(default_factory=_FitTable, description="a table, written [fit]")
    parameter: list[_ParameterTable] = Field(
        default_factory=list, description="an array of tables, written [[parameter]]"
    )
    target: list[_TargetTable] = Field(
        default_factory=list, description="an array of tables, written [[target]]"
    )

    @model_validator(mode="after")
    def _whole_file(self) -> _TargetsFile:
        for name, tables in (("parameter", self.parameter), ("target", self.target)):
            if not tables:
                raise ValueError(f"no [[{name}]] table; give at least one")
        keys = [p.key for p in self.parameter]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"parameter {repeated[0]} is listed twice")
        columns = [t.outcome + WINDOWS[t.window] for t in self.target]
        repeated = sorted({c for c in columns if columns.count(c) > 1})
        if repeated:
            raise ValueError(f"target {repeated[0]} is listed twice (same outcome and window)")
        if all(t.held_out for t in self.target):
            raise ValueError("every target is held_out; at least one must be fitted")
        return self


# The model of each table, and the key that names an entry of an array of tables in messages.
_TABLES: dict[str, type[BaseModel]] = {"": _TargetsFile, "fit": _FitTable}
_ENTRIES: dict[str, tuple[type[BaseModel], str]] = {
    "parameter": (_ParameterTable, "key"),
    "target": (_TargetTable, "outcome"),
}


def _sentence(shown: str, data: Mapping[str, Any], error: ValidationError) -> InputError:
    """The first problem pydantic found, as one sentence naming the file and the key."""
    first = error.errors(include_url=False)[0]
    loc, kind = first["loc"], first["type"]
    model: type[BaseModel] = _TargetsFile
    where, rest = "", loc
    if len(loc) >= 2 and loc[0] in _ENTRIES and isinstance(loc[1], int):
        model, naming = _ENTRIES[str(loc[0])]
        where, rest = f"{loc[0]}[{loc[1] + 1}]", loc[2:]
        entry = data[str(loc[0])][loc[1]]
        name = entry.get(naming) if isinstance(entry, dict) else None
        if isinstance(name, str) and name and rest[:1] != (naming,) and kind != "extra_forbidden":
            where += f" ({name})"
    elif len(loc) >= 2 and loc[0] in _TABLES:
        model, where, rest = _TABLES[str(loc[0])], str(loc[0]), loc[1:]
    key = str(rest[0]) if rest else ""
    dotted = ".".join(part for part in (where, key) if part)
    if kind == "extra_forbidden":
        return InputError(
            f"{shown}: unknown key '{dotted}' (expected {', '.join(sorted(model.model_fields))})"
        )
    if kind == "missing":
        return InputError(f"{shown}: {dotted} is missing")
    if kind == "value_error":
        message = first["msg"].removeprefix("Value error, ")
        return InputError(f"{shown}: {dotted + ': ' if dotted else ''}{message}")
    field_info = model.model_fields.get(key) if key else None
    expected = field_info.description if field_info is not None else "a table"
    return InputError(f"{shown}: {dotted} must be {expected}, got {_show(first['input'])}")


def load_targets(path: str | Path) -> Targets:
    """Read and check a targets file, or a shipped one by name; problems name the file and key."""
    shown = str(path)
    path = shipped.find(path, "validation") or Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{shown}: no such targets file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{shown}: cannot read the targets file ({error})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{shown}: not valid TOML: {error}") from None
    try:
        found = _TargetsFile.model_validate(data)
    except ValidationError as error:
        raise _sentence(shown, data, error) from None
    parameters = tuple(table.parameter() for table in found.parameter)
    targets = tuple(table.target() for table in found.target)
    return Targets(path, found.description, parameters, targets, **found.fit.model_dump(exclude_none=True))
