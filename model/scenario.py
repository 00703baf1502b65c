"""Loading scenario files: TOML -> `model.schema.Scenario`, with `extends`, `--set` overrides and
errors a person can act on.

    load_scenario("yicheng")                                   # scenarios/yicheng.toml
    load_scenario("my.toml", ["run.weeks=10", "market.elder_care=sponsored"])
    resolved_toml(scenario)                           # TOML text, every value explicit

Every problem is raised as `ScenarioError` with one sentence naming the file, the dotted key and
what was expected; pydantic's errors are translated using each field's range metadata.
"""

from __future__ import annotations

import copy
import difflib
import math
import os
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from model import shipped
from model.errors import ScenarioError
from model.schema import LEVER_SECTIONS, MAX_HOUSEHOLDS, OWN_LABEL_KEYS, Scenario

__all__ = [
    "ScenarioError",
    "find_scenario",
    "load_scenario",
    "loads_scenario",
    "parse_override",
    "resolved_toml",
    "scenario_from_dict",
    "scenario_to_dict",
    "shipped_scenarios",
    "valid_keys",
    "with_overrides",
]

COMMAND_LINE = "--set"  # provenance label of values given as overrides

Key = tuple[str, ...]
# Where each value came from: dotted key -> a file path shown to the user, or COMMAND_LINE.
Provenance = dict[Key, str]

# --------------------------------------------------------------------------------------------
# The schema, as the loader sees it

SECTIONS: dict[str, type[BaseModel]] = {
    name: field.annotation
    for name, field in Scenario.model_fields.items()
    if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)
}
TOP_SCALARS: tuple[str, ...] = tuple(n for n in Scenario.model_fields if n not in SECTIONS)


def valid_keys() -> list[str]:
    """Every dotted key a scenario may set (including rollout.set.SECTION.KEY)."""
    keys = list(TOP_SCALARS)
    for section, model in SECTIONS.items():
        keys += [f"{section}.{key}" for key in model.model_fields if (section, key) != ("rollout", "set")]
    for section in LEVER_SECTIONS:
        keys += [f"rollout.set.{section}.{key}" for key in SECTIONS[section].model_fields]
    return keys


def _field(key: Key) -> FieldInfo | None:
    if len(key) == 1:
        return Scenario.model_fields.get(key[0])
    if len(key) == 2 and key[0] in SECTIONS:
        return SECTIONS[key[0]].model_fields.get(key[1])
    if len(key) == 4 and key[:2] == ("rollout", "set") and key[2] in SECTIONS:
        return SECTIONS[key[2]].model_fields.get(key[3])
    return None


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _suggest_key(key: Key) -> str:
    """Closest valid name for an unknown dotted key: same table first, then anywhere."""
    dotted = ".".join(key)
    if len(key) == 1:
        return _suggest(key[0], Scenario.model_fields)
    if len(key) == 2 and key[0] in SECTIONS:
        local = difflib.get_close_matches(key[1], list(SECTIONS[key[0]].model_fields), n=1, cutoff=0.6)
        if local:
            return f" (did you mean '{key[0]}.{local[0]}'?)"
        elsewhere = [s for s, m in SECTIONS.items() if key[1] in m.model_fields]
        if len(elsewhere) == 1:
            return f" (did you mean '{elsewhere[0]}.{key[1]}'?)"
    if len(key) == 4 and key[:2] == ("rollout", "set") and key[2] in SECTIONS:
        local = difflib.get_close_matches(key[3], list(SECTIONS[key[2]].model_fields), n=1, cutoff=0.6)
        if local:
            return f" (did you mean 'rollout.set.{key[2]}.{local[0]}'?)"
    return _suggest(dotted, valid_keys())


# --------------------------------------------------------------------------------------------
# Showing paths, values and expectations


def _show_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def _num(x: float | int) -> str:
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return str(x)


def _show_value(value: Any) -> str:
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


def _bounds(field: FieldInfo) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in field.metadata:
        for name in ("ge", "gt", "le", "lt"):
            if getattr(item, name, None) is not None:
                found[name] = getattr(item, name)
    return found


def _expectation(field: FieldInfo | None, key: Key, value: Any = None) -> str:
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
        return f"must be a table ([{'.'.join(key)}])"
    if kind is not int and kind is not float:
        return "must be a table of [rollout.set.SECTION] tables"
    noun = "an integer" if kind is int else "a number"
    if kind is float and isinstance(value, float) and not math.isfinite(value):
        noun = "a finite number"
    b = _bounds(field)
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


class _Context:
    """The file the user named, and where every value of the merged data came from."""

    def __init__(self, shown: str, provenance: Provenance | None = None):
        self.shown = shown
        self.provenance: Provenance = provenance if provenance is not None else {}

    def source(self, key: Key) -> str:
        # A table (e.g. for a check across its keys) is blamed on one source only if all agree.
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
        return ScenarioError(f"{self.shown}: {sentence}")

    def bad_value(self, key: Key, value: Any) -> ScenarioError:
        expected = _expectation(_field(key), key, value)
        return self.error(f"{'.'.join(key)} {expected}, got {_show_value(value)}{self.where(key)}")

    def unknown(self, key: Key, note: str = "") -> ScenarioError:
        return self.error(f"unknown key '{'.'.join(key)}'{note}{self.within(key)}{_suggest_key(key)}")


# --------------------------------------------------------------------------------------------
# Reading files and following `extends`


def shipped_scenarios() -> list[str]:
    """Names of the shipped scenarios (scenarios/*.toml, see model/shipped.py)."""
    return shipped.names("scenarios")


def find_scenario(ref: str | Path) -> Path:
    """A path as given (relative to the working directory), else a shipped scenario by name."""
    found = shipped.find(ref, "scenarios")
    if found is not None:
        return found
    hint = ""
    if len(Path(ref).parts) == 1:  # a bare name: point at the shipped scenarios
        names = shipped_scenarios()
        hint = _suggest(Path(ref).stem, names)
        if not hint and names:
            hint = f" (shipped scenarios: {', '.join(names)})"
    raise ScenarioError(f"{ref}: no such scenario file{hint}")


def _read_toml(path: Path, shown: str) -> dict[str, Any]:
    if path.is_dir():
        raise ScenarioError(f"{shown}: is a directory, not a scenario file")
    if not path.exists():
        raise ScenarioError(f"{shown}: no such file")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ScenarioError(f"{shown}: cannot be read ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        byte, line = raw[error.start], raw[: error.start].count(b"\n") + 1
        raise ScenarioError(
            f"{shown}: is not UTF-8 text (byte 0x{byte:02x} on line {line}); save it with UTF-8 encoding"
        ) from None
    return _parse_toml(text.removeprefix("\ufeff"), shown)


def _parse_toml(text: str, shown: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        raise ScenarioError(f"{shown}: is not valid TOML: {message[:1].lower()}{message[1:]}") from None


def _resolve_extends(path: Path, data: dict[str, Any], shown: str) -> Path:
    target_text = data["extends"]
    if not isinstance(target_text, str) or not target_text.strip():
        raise ScenarioError(
            f"{shown}: extends must be the name of another scenario file in quotes, "
            f"got {_show_value(target_text)}"
        )
    target = path.parent / target_text
    if not target.exists() and target.suffix != ".toml":
        with_suffix = target.with_name(target.name + ".toml")
        target = with_suffix if with_suffix.exists() else target
    if not target.exists():
        raise ScenarioError(f"{shown}: extends = {target_text!r}, but {_show_path(target)} does not exist")
    if target.is_dir():
        raise ScenarioError(f"{shown}: extends = {target_text!r}, which is a directory")
    return target


def _read_chain(path: Path, shown: str) -> list[tuple[str, dict[str, Any]]]:
    """The files of an `extends` chain, most basic first, each with its `extends` key removed."""
    chain: list[tuple[str, dict[str, Any]]] = []
    seen: list[Path] = []
    current, current_shown = path, shown
    while True:
        seen.append(current.resolve())
        data = _read_toml(current, current_shown)
        chain.append((current_shown, data))
        if "extends" not in data:
            break
        target = _resolve_extends(current, data, current_shown)
        del data["extends"]
        if target.resolve() in seen:
            folder = seen[0].parent  # name the files relative to the first one's folder
            names = [os.path.relpath(p, folder) for p in (*seen, target.resolve())]
            raise ScenarioError(f"{shown}: extends chain {' -> '.join(names)} is a cycle")
        current, current_shown = target, _show_path(target)
    return chain[::-1]


def _mark(provenance: Provenance, key: Key, value: Any, source: str) -> None:
    for known in [k for k in provenance if k[: len(key)] == key]:
        del provenance[known]
    provenance[key] = source
    if isinstance(value, dict):
        for sub, inner in value.items():
            _mark(provenance, (*key, sub), inner, source)


def _merge(
    base: dict[str, Any],
    over: Mapping[str, Any],
    source: str,
    provenance: Provenance,
    prefix: Key = (),
) -> None:
    """Deep merge: tables merge key by key, any other value replaces."""
    for name, value in over.items():
        key = (*prefix, name)
        if isinstance(value, dict) and isinstance(base.get(name), dict):
            _merge(base[name], value, source, provenance, key)
        else:
            base[name] = copy.deepcopy(value)
            _mark(provenance, key, value, source)


# --------------------------------------------------------------------------------------------
# Overrides


def _parse_value(text: str) -> Any:
    """A TOML value; a bare word that is not valid TOML is taken as a string."""
    text = text.strip()
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _check_override_key(key: Key, original: str) -> None:
    dotted = ".".join(key)
    if any(not part for part in key):
        raise ScenarioError(f"--set {original}: '{dotted}' is not a dotted key like run.weeks")
    if len(key) == 1 and key[0] in SECTIONS:
        raise ScenarioError(
            f"--set {original}: {dotted} is a section; give one of its keys, e.g. "
            f"{next(iter(valid_keys_of(key[0])))}=VALUE"
        )
    if key[:2] == ("rollout", "set") and len(key) >= 3 and key[2] not in SECTIONS:
        raise ScenarioError(
            f"unknown section 'rollout.set.{key[2]}' in --set {original}{_suggest(key[2], LEVER_SECTIONS)}"
        )
    if (
        key[:2] == ("rollout", "set")
        and len(key) >= 3
        and key[2] in SECTIONS
        and key[2] not in LEVER_SECTIONS
    ):
        raise ScenarioError(
            f"--set {original}: {key[2]} cannot change during a run; "
            f"changeable sections are {', '.join(LEVER_SECTIONS)}"
        )
    if dotted not in set(valid_keys()):
        raise ScenarioError(f"unknown key '{dotted}' in --set {original}{_suggest_key(key)}")


def valid_keys_of(section: str) -> list[str]:
    return [k for k in valid_keys() if k.startswith(f"{section}.") and k.count(".") == 1]


def parse_override(text: str) -> tuple[Key, Any]:
    """'government.workstation=true' -> (('government', 'workstation'), True)."""
    if "=" not in text:
        raise ScenarioError(f"--set {text}: expected KEY=VALUE, e.g. run.weeks=52")
    dotted, value = text.split("=", 1)
    key = tuple(part.strip() for part in dotted.strip().split("."))
    _check_override_key(key, text)
    return key, _parse_value(value)


def _apply(data: dict[str, Any], key: Key, value: Any, provenance: Provenance) -> None:
    node = data
    for part in key[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[key[-1]] = value
    _mark(provenance, key, value, COMMAND_LINE)


# --------------------------------------------------------------------------------------------
# Validation


def _check_table(ctx: _Context, data: Mapping[str, Any], model: type[BaseModel], prefix: Key) -> None:
    """Unknown keys and bad enum choices in one section table (pydantic reports the rest)."""
    for name, value in data.items():
        key = (*prefix, name)
        field = model.model_fields.get(name)
        if field is None:
            raise ctx.unknown(key)
        if key == ("rollout", "set") and not isinstance(value, dict):
            raise ctx.bad_value(key, value)
        kind = field.annotation
        if not (isinstance(kind, type) and issubclass(kind, Enum)):
            continue
        if not isinstance(value, kind) and value not in [e.value for e in kind]:
            raise ctx.bad_value(key, value)


def _check_structure(ctx: _Context, data: Mapping[str, Any]) -> None:
    for name, value in data.items():
        if name not in Scenario.model_fields:
            raise ctx.unknown((name,))
        if name in SECTIONS:
            if not isinstance(value, dict):
                raise ctx.bad_value((name,), value)
            _check_table(ctx, value, SECTIONS[name], (name,))
    changes = data.get("rollout", {}).get("set", {})
    for section, values in changes.items():
        key = ("rollout", "set", section)
        if section not in SECTIONS:
            raise ctx.error(
                f"unknown section '{'.'.join(key)}'{ctx.where(key)}{_suggest(section, LEVER_SECTIONS)}"
            )
        if section not in LEVER_SECTIONS:
            raise ctx.error(
                f"{'.'.join(key)}: {section} cannot change during a run{ctx.where(key)}; "
                f"changeable sections are {', '.join(LEVER_SECTIONS)}"
            )
        if not isinstance(values, dict):
            raise ctx.error(
                f"{'.'.join(key)} must be a table of {section} keys, got {_show_value(values)}"
                f"{ctx.where(key)}"
            )
        _check_table(ctx, values, SECTIONS[section], key)


def _translate(ctx: _Context, error: ValidationError, prefix: Key = ()) -> ScenarioError:
    """The first pydantic error as one sentence."""
    first = error.errors(include_url=False)[0]
    key: Key = (*prefix, *(str(part) for part in first["loc"]))
    dotted = ".".join(key)
    if first["type"] == "value_error":
        message = str(first.get("ctx", {}).get("error", first["msg"]))
        message = message.removeprefix("Value error, ")
        return ctx.error(f"{dotted + ': ' if dotted else ''}{message}{ctx.where(key)}")
    if first["type"] == "extra_forbidden":
        return ctx.unknown(key)
    if _field(key) is None:
        return ctx.error(f"{dotted}: {first['msg'].lower()}, got {_show_value(first['input'])}")
    return ctx.bad_value(key, first["input"])


def _validate(ctx: _Context, data: dict[str, Any]) -> Scenario:
    _check_structure(ctx, data)
    # The arrangement before the reform first, so its errors are reported against its own keys ...
    before = copy.deepcopy(data)
    changes = before.get("rollout", {}).pop("set", {}) if isinstance(before.get("rollout"), dict) else {}
    try:
        base = Scenario.model_validate(before)
    except ValidationError as error:
        raise _translate(ctx, error) from None
    # ... then each [rollout.set.SECTION] on top of the section it changes.
    for section, values in changes.items():
        model = SECTIONS[section]
        try:
            model.model_validate({**getattr(base, section).model_dump(), **values})
        except ValidationError as error:
            raise _translate(ctx, error, ("rollout", "set", section)) from None
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise _translate(ctx, error) from None


# --------------------------------------------------------------------------------------------
# Public API


def _overrides(items: Sequence[str] | Mapping[str, Any]) -> list[tuple[Key, Any]]:
    if isinstance(items, Mapping):
        parsed = []
        for dotted, value in items.items():
            key = tuple(dotted.split("."))
            _check_override_key(key, f"{dotted}={_show_value(value)}")
            parsed.append((key, value.value if isinstance(value, Enum) else value))
        return parsed
    if isinstance(items, str):
        items = [items]
    return [parse_override(item) for item in items]


def _build(
    chain: Sequence[tuple[str, Mapping[str, Any]]],
    overrides: Sequence[str] | Mapping[str, Any],
    shown: str,
    default_name: str,
) -> Scenario:
    try:  # bad --set keys are reported before anything else
        parsed = _overrides(overrides)
    except ScenarioError as error:
        raise ScenarioError(f"{shown}: {error}") from None
    data: dict[str, Any] = {}
    provenance: Provenance = {}
    for source, layer in chain:
        _merge(data, layer, source, provenance)
    own = chain[-1][1] if chain else {}
    if "name" not in own:
        data["name"] = default_name
        _mark(provenance, ("name",), default_name, shown)
    for label in OWN_LABEL_KEYS:
        if label not in own:
            data.pop(label, None)
    for key, value in parsed:
        _apply(data, key, value, provenance)
    return _validate(_Context(shown, provenance), data)


def load_scenario(path: str | Path, overrides: Sequence[str] | Mapping[str, Any] = ()) -> Scenario:
    """Load a scenario file (or a shipped scenario by bare name), following `extends`.

    `overrides` are 'section.key=value' strings (the value is read as TOML; a bare word is a
    string) or a mapping of dotted keys to values. The name defaults to the file's stem.
    """
    given = Path(path)
    found = find_scenario(path)
    shown = str(path) if given.exists() else _show_path(found)
    chain = _read_chain(found, shown)
    return _build(chain, overrides, shown, found.stem)


def loads_scenario(
    text: str,
    overrides: Sequence[str] | Mapping[str, Any] = (),
    *,
    source: str = "<text>",
    name: str = "unnamed",
    base_dir: str | Path | None = None,
) -> Scenario:
    """A scenario from TOML text; `extends` is resolved relative to `base_dir` (default: CWD)."""
    data = _parse_toml(text, source)
    chain: list[tuple[str, dict[str, Any]]] = []
    if "extends" in data:
        here = Path(base_dir or ".") / "<text>"
        target = _resolve_extends(here, data, source)
        del data["extends"]
        chain = _read_chain(target, _show_path(target))
    chain.append((source, data))
    return _build(chain, overrides, source, name)


def scenario_from_dict(
    data: Mapping[str, Any],
    overrides: Sequence[str] | Mapping[str, Any] = (),
    *,
    source: str = "<scenario>",
) -> Scenario:
    """A scenario from plain data (as TOML would give), with the same checks and messages."""
    if "extends" in data:
        raise ScenarioError(f"{source}: extends is only allowed in files")
    return _build([(source, copy.deepcopy(dict(data)))], overrides, source, data.get("name", "unnamed"))


def with_overrides(scenario: Scenario, overrides: Sequence[str] | Mapping[str, Any]) -> Scenario:
    """A copy of `scenario` with some keys changed (e.g. by a sweep), checked like a file."""
    return scenario_from_dict(scenario_to_dict(scenario), overrides, source=f"<scenario {scenario.name}>")


# --------------------------------------------------------------------------------------------
# Writing TOML


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


def resolved_toml(scenario: Scenario) -> str:
    """The fully resolved scenario as TOML: every key explicit, no `extends`; loads back equal."""
    lines = [
        f"# Scenario {scenario.name!r}, fully resolved by commgov: every value explicit.",
        "# Load it with `commgov run <this file>` or model.load_scenario(<this file>).",
    ]
    _write_table(lines, (), scenario_to_dict(scenario))
    return "\n".join(lines) + "\n"


def reform_notes(scenario: Scenario, dotted_keys: Iterable[str]) -> list[str]:
    """A note for each key the user set that the scenario's reform overrides from the rollout week.

    `government.workstation_staff=3` on a scenario whose reform sets the staff changes only the
    weeks before the reform; the user most likely meant `rollout.set.government.workstation_staff`.
    """
    notes = []
    for dotted in dotted_keys:
        parts = dotted.split(".")
        if len(parts) != 2:
            continue
        section, key = parts
        reformed = scenario.rollout.set.get(section, {})
        if key in reformed:
            notes.append(
                f"{dotted} applies before the reform only: from week {scenario.run.rollout_week} "
                f"{scenario.name}'s reform sets it to {_show_value(reformed[key])} "
                f"(to change the reformed arrangement use rollout.set.{dotted})"
            )
    return notes
