"""The keys a scenario may set, as the loader sees the schema: sections, dotted keys, each key's field.

Also the "did you mean" suggestions for a misspelt key, which need the same list of keys.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from model.schema import REFORMABLE_SECTIONS, Scenario

Key = tuple[str, ...]  # a dotted key split at its dots: ("rollout", "set", "government", "workstation")

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
    for section in REFORMABLE_SECTIONS:
        keys += [f"rollout.set.{section}.{key}" for key in SECTIONS[section].model_fields]
    return keys


def valid_keys_of(section: str) -> list[str]:
    """The dotted keys of one section, e.g. ['run.weeks', 'run.seed', ...] for 'run'."""
    return [k for k in valid_keys() if k.startswith(f"{section}.") and k.count(".") == 1]


def field_of(key: Key) -> FieldInfo | None:
    """The schema field a dotted key sets (None for an unknown key or a whole table)."""
    if len(key) == 1:
        return Scenario.model_fields.get(key[0])
    if len(key) == 2 and key[0] in SECTIONS:
        return SECTIONS[key[0]].model_fields.get(key[1])
    if len(key) == 4 and key[:2] == ("rollout", "set") and key[2] in SECTIONS:
        return SECTIONS[key[2]].model_fields.get(key[3])
    return None


def bounds(field: FieldInfo) -> dict[str, Any]:
    """A field's range as {'ge': 1, 'le': 400000}, read from its pydantic metadata."""
    found: dict[str, Any] = {}
    for item in field.metadata:
        for name in ("ge", "gt", "le", "lt"):
            if getattr(item, name, None) is not None:
                found[name] = getattr(item, name)
    return found


def suggest(word: str, choices: Iterable[str]) -> str:
    """The closest choice as " (did you mean 'x'?)", or "" when none is close enough to be a typo."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def suggest_key(key: Key) -> str:
    """Closest valid name for an unknown dotted key: same table first, then anywhere."""
    dotted = ".".join(key)
    if len(key) == 1:
        return suggest(key[0], Scenario.model_fields)
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
    return suggest(dotted, valid_keys())
