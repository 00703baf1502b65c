"""Loading scenarios: files and shipped names, the `extends` chain merged key by key, then checked.

    load_scenario("yicheng")                                   # scenarios/yicheng.toml
    load_scenario("my.toml", ["run.weeks=10", "market.elder_care=sponsored"])

The structure (unknown sections and keys, bad choices, the shape of [rollout.set]) is checked here;
pydantic checks the rest, the arrangement before the reform first and then each
[rollout.set.SECTION] on top of the section it changes, so an error names the key it is about.
"""

from __future__ import annotations

import copy
import os
import warnings
from collections.abc import Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from model import shipped
from model.errors import ScenarioError
from model.scenario.fields import SECTIONS, Key, suggest
from model.scenario.messages import Context, Provenance, mark, show_key, show_path, show_value, translate
from model.scenario.overrides import Overrides, apply, parse_overrides, reform_notes
from model.scenario.reading import MAX_EXTENDS, clip, parse_toml, read_toml
from model.scenario.writer import scenario_to_dict
from model.schema import OWN_LABEL_KEYS, REFORMABLE_SECTIONS, Scenario

# --------------------------------------------------------------------------------------------
# Reading files and following `extends`


SUBDISTRICT_KEYS = ("subdistrict", "communities")  # a file with either is a subdistrict (model/subdistrict)


def shipped_scenarios() -> list[str]:
    """Names of the shipped one-community scenarios (scenarios/*.toml, see model/shipped.py)."""
    names = shipped.names("scenarios")
    return [name for name in names if not is_subdistrict_file(shipped.named(name, "scenarios"))]


def is_subdistrict_file(path: Path) -> bool:
    """Whether the TOML file at `path` is a subdistrict file; False when it cannot be read at all."""
    try:
        data = _read_toml(path, str(path))
    except ScenarioError:
        return False
    return any(key in data for key in SUBDISTRICT_KEYS)


def find_scenario(ref: str | Path) -> Path:
    """A path as given (relative to the working directory), else a shipped scenario by name."""
    found = shipped.find(ref, "scenarios")
    if found is not None:
        return found
    hint = ""
    if len(Path(ref).parts) == 1:  # a bare name: point at the shipped scenarios
        names = shipped_scenarios()
        hint = suggest(Path(ref).stem, names)
        if not hint and names:
            hint = f" (shipped scenarios: {', '.join(names)})"
    raise ScenarioError(f"{clip(str(ref))}: no such scenario file{hint}")


def _read_toml(path: Path, shown: str) -> dict[str, Any]:
    return read_toml(path, shown, ScenarioError, "scenario file")


def _parse_toml(text: str, shown: str) -> dict[str, Any]:
    return parse_toml(text, shown, ScenarioError)


def _resolve_extends(path: Path, data: dict[str, Any], shown: str) -> Path:
    target_text = data["extends"]
    if not isinstance(target_text, str) or not target_text.strip():
        raise ScenarioError(
            f"{shown}: extends must be the name of another scenario file in quotes, "
            f"got {show_value(target_text)}"
        )
    target = path.parent / target_text
    try:
        if not os.path.lexists(target) and target.suffix != ".toml":
            with_suffix = target.with_name(target.name + ".toml")
            target = with_suffix if with_suffix.exists() else target
        missing = not os.path.lexists(target)
    except (OSError, ValueError):  # a name too long for the system, or with a NUL byte
        missing = True
    if missing:
        raise ScenarioError(f"{shown}: extends = {show_value(target_text)}, but that file does not exist")
    return target


def _read_chain(path: Path, shown: str) -> list[tuple[str, dict[str, Any]]]:
    """The files of an `extends` chain, most basic first, each with its `extends` key removed.

    A file the chain reaches is read with the same limits as the first; its problems are reported
    against the first file's `extends` key, so the message names the file the user gave.
    """
    chain: list[tuple[str, dict[str, Any]]] = []
    seen: list[str] = []
    current, current_shown = path, shown
    while True:
        seen.append(os.path.realpath(current))
        try:
            data = _read_toml(current, current_shown)
        except ScenarioError as error:
            if not chain:
                raise
            raise ScenarioError(f"{shown}: extends leads to a file that cannot be used: {error}") from None
        chain.append((current_shown, data))
        if "extends" not in data:
            break
        target = _resolve_extends(current, data, current_shown)
        del data["extends"]
        if os.path.realpath(target) in seen:
            folder = Path(seen[0]).parent  # name the files relative to the first one's folder
            names = [clip(os.path.relpath(p, folder)) for p in (*seen, os.path.realpath(target))]
            raise ScenarioError(f"{shown}: extends chain {' -> '.join(names)} is a cycle")
        if len(chain) >= MAX_EXTENDS:
            raise ScenarioError(f"{shown}: extends chain is longer than {MAX_EXTENDS} files")
        current, current_shown = target, show_path(target)
    return chain[::-1]


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
            mark(provenance, key, value, source)


# --------------------------------------------------------------------------------------------
# Validation


def _check_table(ctx: Context, data: Mapping[str, Any], model: type[BaseModel], prefix: Key) -> None:
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


def _check_structure(ctx: Context, data: Mapping[str, Any]) -> None:
    """Unknown sections and keys, and the shape of [rollout.set], before pydantic sees the data."""
    if any(key in data for key in SUBDISTRICT_KEYS):
        raise ctx.error(
            "has [subdistrict] or [[communities]], so it is a subdistrict file: commgov run and "
            "commgov validate take it, this command does not yet"
        )
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
                f"unknown section '{show_key(key)}'{ctx.where(key)}{suggest(section, REFORMABLE_SECTIONS)}"
            )
        if section not in REFORMABLE_SECTIONS:
            raise ctx.error(
                f"{show_key(key)}: {section} cannot change during a run{ctx.where(key)}; "
                f"changeable sections are {', '.join(REFORMABLE_SECTIONS)}"
            )
        if not isinstance(values, dict):
            raise ctx.error(
                f"{show_key(key)} must be a table of {section} keys, got {show_value(values)}"
                f"{ctx.where(key)}"
            )
        _check_table(ctx, values, SECTIONS[section], key)


def _validate(ctx: Context, data: dict[str, Any]) -> Scenario:
    """The checked `Scenario`, or the first problem as one `ScenarioError` sentence."""
    _check_structure(ctx, data)
    # The arrangement before the reform first, so its errors are reported against its own keys ...
    before = copy.deepcopy(data)
    changes = before.get("rollout", {}).pop("set", {}) if isinstance(before.get("rollout"), dict) else {}
    try:
        base = Scenario.model_validate(before)
    except ValidationError as error:
        raise translate(ctx, error) from None
    # ... then each [rollout.set.SECTION] on top of the section it changes.
    for section, values in changes.items():
        model = SECTIONS[section]
        try:
            model.model_validate({**getattr(base, section).model_dump(), **values})
        except ValidationError as error:
            raise translate(ctx, error, ("rollout", "set", section)) from None
    try:
        return Scenario.model_validate(data)
    except ValidationError as error:
        raise translate(ctx, error) from None


# --------------------------------------------------------------------------------------------
# Public API


def _build(
    chain: Sequence[tuple[str, Mapping[str, Any]]],
    overrides: Overrides,
    shown: str,
    default_name: str,
) -> Scenario:
    """Merge the chain, name it, apply the overrides and validate, blaming each value on its source."""
    try:  # bad --set keys are reported before anything else
        parsed = parse_overrides(overrides)
    except ScenarioError as error:
        raise ScenarioError(f"{shown}: {error}") from None
    data: dict[str, Any] = {}
    provenance: Provenance = {}
    for source, layer in chain:
        _merge(data, layer, source, provenance)
    own = chain[-1][1] if chain else {}
    if "name" not in own:
        data["name"] = default_name
        mark(provenance, ("name",), default_name, shown)
    for label in OWN_LABEL_KEYS:  # a file's title and Chinese texts are its own, not inherited
        if label not in own:
            data.pop(label, None)
    for key, value in parsed:
        apply(data, key, value, provenance)
    return _validate(Context(shown, provenance), data)


def load_scenario(path: str | Path, overrides: Overrides = ()) -> Scenario:
    """Load a scenario file (or a shipped scenario by bare name), following `extends`.

    `overrides` are 'section.key=value' strings (the value is read as TOML; a bare word is a
    string) or a mapping of dotted keys to values. The name defaults to the file's stem.
    """
    found = find_scenario(path)
    shown = str(path) if os.path.lexists(path) else show_path(found)
    chain = _read_chain(found, shown)
    return _build(chain, overrides, shown, found.stem)


def load_with_layers(
    path: str | Path, layers: Sequence[tuple[str, Mapping[str, Any]]], shown: str, name: str
) -> Scenario:
    """A scenario file with further layers of data merged on top, each blamed on its own source.

    A subdistrict builds each community this way: its type preset, the reform, then the community's
    own values, so an error names the file and the layer that set the value.
    """
    found = find_scenario(path)
    chain = _read_chain(found, show_path(found))
    return _build([*chain, *layers], (), shown, name)


def loads_scenario(
    text: str,
    overrides: Overrides = (),
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
        try:
            chain = _read_chain(target, show_path(target))
        except ScenarioError as error:
            raise ScenarioError(f"{source}: extends leads to a file that cannot be used: {error}") from None
    chain.append((source, data))
    return _build(chain, overrides, source, name)


def scenario_from_dict(
    data: Mapping[str, Any],
    overrides: Overrides = (),
    *,
    source: str = "<scenario>",
) -> Scenario:
    """A scenario from plain data (as TOML would give), with the same checks and messages."""
    if "extends" in data:
        raise ScenarioError(f"{source}: extends is only allowed in files")
    return _build([(source, copy.deepcopy(dict(data)))], overrides, source, data.get("name", "unnamed"))


def with_overrides(scenario: Scenario, overrides: Overrides) -> Scenario:
    """A copy of `scenario` with some keys changed (e.g. by a sweep), checked like a file."""
    return scenario_from_dict(scenario_to_dict(scenario), overrides, source=f"<scenario {scenario.name}>")


def scenario_of(scenario: Scenario | str | Path | None, changes: Mapping[str, Any]) -> Scenario:
    """`scenario` (loaded, a shipped name or a file; None: the defaults) with dotted `changes` set.

    A change's key may write `__` for each dot (`government__workstation_staff`), so that keys can
    be Python keyword arguments; it is checked like `--set`, and a key the scenario's reform
    overrides from its rollout week gives a warning, as `--set` gives a note.
    """
    dotted = {name.replace("__", "."): value for name, value in changes.items()}
    if isinstance(scenario, str | Path):
        chosen = load_scenario(scenario, dotted)
    else:
        base = scenario if scenario is not None else Scenario()
        chosen = with_overrides(base, dotted) if dotted else base
    for note in reform_notes(chosen, dotted):  # as `--set` prints them: a key the reform overrides
        warnings.warn(note, stacklevel=3)
    return chosen
