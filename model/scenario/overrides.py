"""`--set KEY=VALUE` overrides: parsed and checked, applied, and noted when the reform undoes them.

    parse_override("government.workstation=true")   # (("government", "workstation"), True)
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

from model.errors import ScenarioError
from model.scenario.fields import SECTIONS, Key, suggest, suggest_key, valid_keys, valid_keys_of
from model.scenario.messages import COMMAND_LINE, Provenance, mark, show_value
from model.scenario.reading import clip
from model.schema import REFORMABLE_SECTIONS, Scenario

Overrides = Sequence[str] | Mapping[str, Any]  # 'section.key=value' strings, or dotted keys -> values


def parse_value(text: str) -> Any:
    """A TOML value; a bare word that is not valid TOML is taken as a string."""
    text = text.strip()
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):  # e.g. arrays nested thousands deep
        return text


def _check_override_key(key: Key, original: str) -> None:
    """Refuse a key no scenario has, a whole section, or a section the reform cannot change."""
    dotted, original = clip(".".join(key)), clip(original)
    if any(not part for part in key):
        raise ScenarioError(f"--set {original}: '{dotted}' is not a dotted key like run.weeks")
    if len(key) == 1 and key[0] in SECTIONS:
        raise ScenarioError(
            f"--set {original}: {dotted} is a section; give one of its keys, e.g. "
            f"{next(iter(valid_keys_of(key[0])))}=VALUE"
        )
    if key[:2] == ("rollout", "set") and len(key) >= 3 and key[2] not in SECTIONS:
        raise ScenarioError(
            f"unknown section 'rollout.set.{key[2]}' in --set {original}"
            f"{suggest(key[2], REFORMABLE_SECTIONS)}"
        )
    if (
        key[:2] == ("rollout", "set")
        and len(key) >= 3
        and key[2] in SECTIONS
        and key[2] not in REFORMABLE_SECTIONS
    ):
        raise ScenarioError(
            f"--set {original}: {key[2]} cannot change during a run; "
            f"changeable sections are {', '.join(REFORMABLE_SECTIONS)}"
        )
    if ".".join(key) not in set(valid_keys()):
        raise ScenarioError(f"unknown key '{dotted}' in --set {original}{suggest_key(key)}")


def parse_override(text: str) -> tuple[Key, Any]:
    """'government.workstation=true' -> (('government', 'workstation'), True)."""
    if "=" not in text:
        raise ScenarioError(f"--set {clip(text)}: expected KEY=VALUE, e.g. run.weeks=52")
    dotted, value = text.split("=", 1)
    key = tuple(part.strip() for part in dotted.strip().split("."))
    _check_override_key(key, text)
    return key, parse_value(value)


def parse_overrides(items: Overrides) -> list[tuple[Key, Any]]:
    """Checked (key, value) pairs from strings or a mapping (enum values as their text)."""
    if isinstance(items, Mapping):
        parsed = []
        for dotted, value in items.items():
            key = tuple(dotted.split("."))
            _check_override_key(key, f"{dotted}={show_value(value)}")
            parsed.append((key, value.value if isinstance(value, Enum) else value))
        return parsed
    if isinstance(items, str):
        items = [items]
    return [parse_override(item) for item in items]


def apply(data: dict[str, Any], key: Key, value: Any, provenance: Provenance) -> None:
    """Set one override in the merged data, creating its tables, and record it as set on the command line."""
    node = data
    for part in key[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[key[-1]] = value
    mark(provenance, key, value, COMMAND_LINE)


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
                f"{scenario.name}'s reform sets it to {show_value(reformed[key])} "
                f"(to change the reformed arrangement use rollout.set.{dotted})"
            )
    return notes
