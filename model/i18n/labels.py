"""Labels of what a person reads about, each a catalogue key: units, outcomes and resident groups,
the schema's keys and choice values, shipped scenarios.

The functions below only compute the key (`key.government.workstation`, `unit.hours/week`, …)
and say what to show when there is none; the text comes from `t`. The outcomes (numpy) and the
schema (pydantic) are imported by the functions that need them; the schema's labels are data, in
schema_labels.toml beside this file.
"""

from __future__ import annotations

import re
import tomllib
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model.i18n.catalogue import DEFAULT_LANG, Strings, has, t

if TYPE_CHECKING:  # for annotations only (see the module docstring)
    from pydantic.fields import FieldInfo

    from model.outcomes import Outcome

_UNIT_AT_END = re.compile(r"\s*\[([^\]]*)\]\s*$")
SCHEMA_LABELS = Path(__file__).with_name("schema_labels.toml")  # shipped as package data (pyproject.toml)


def unit_label(unit: str, lang: str = DEFAULT_LANG) -> str:
    """A unit in `lang` (the unit itself when it has no translation)."""
    key = f"unit.{unit}"
    return t(key, lang) if has(key) else unit


# --------------------------------------------------------------------------------------------
# Outcomes and resident groups: labels from model/outcomes.py


@cache
def _outcomes() -> dict[str, Outcome]:
    """Every outcome with labels, by name: the compared ones, the group measures and outcomes."""
    from model.outcomes import GROUP_MEASURES, RECORDED

    return {outcome.name: outcome for outcome in (*RECORDED, *GROUP_MEASURES)}


def outcome_strings() -> Strings:
    """The catalogue entries outcome.NAME, from the outcomes' own labels."""
    return {name: {"en": o.label_en, "zh": o.label_zh} for name, o in _outcomes().items()}


def group_strings() -> Strings:
    """The catalogue entries group.NAME of the resident groups."""
    from model.outcomes import GROUPS

    return GROUPS


def outcome_label(name: str, lang: str = DEFAULT_LANG) -> str:
    """An outcome's label in `lang`; KeyError when there is no such outcome."""
    if not has(f"outcome.{name}"):
        raise KeyError(f"no outcome called {name!r}")
    return t(f"outcome.{name}", lang)


def outcome_unit(name: str, lang: str = DEFAULT_LANG) -> str:
    """An outcome's unit in `lang`."""
    return unit_label(_outcomes()[name].unit, lang)


# --------------------------------------------------------------------------------------------
# Schema keys ("levers"), their units and choice values


@cache
def _schema_labels() -> dict[str, Any]:
    """schema_labels.toml: the tables key (every schema key), unit and choice."""
    return tomllib.loads(SCHEMA_LABELS.read_text(encoding="utf-8"))


def schema_strings(table: str) -> Strings:
    """The catalogue entries of one table of schema_labels.toml ("key", "unit" or "choice")."""
    strings: Strings = _schema_labels()[table]
    return strings


def _bare(dotted: str) -> str:
    """'rollout.set.government.workstation' -> 'government.workstation'."""
    return dotted.removeprefix("rollout.set.") if dotted.count(".") >= 3 else dotted


@cache
def _fields() -> dict[str, FieldInfo]:
    """Every schema field by dotted key ('name', 'government.workstation', ...)."""
    from pydantic import BaseModel

    from model.schema import Scenario

    found: dict[str, FieldInfo] = {}
    for name, field in Scenario.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found.update({f"{name}.{key}": inner for key, inner in annotation.model_fields.items()})
        else:
            found[name] = field
    return found


def schema_keys() -> list[str]:
    """Every dotted key of the schema (the keys `key_label` must know)."""
    return list(_fields())


def key_description(dotted: str) -> str:
    """The schema's own English description of a key, without its unit."""
    field = _fields().get(_bare(dotted))
    return _UNIT_AT_END.sub("", field.description or "") if field else ""


def key_unit(dotted: str, lang: str = DEFAULT_LANG) -> str:
    """The unit of a key (from the bracket ending its schema description), in `lang`."""
    field = _fields().get(_bare(dotted))
    found = _UNIT_AT_END.search(field.description or "") if field else None
    return unit_label(found.group(1), lang) if found else ""


def key_label(dotted: str, lang: str = DEFAULT_LANG) -> str:
    """A short label of a schema key in `lang`; unknown keys come back unchanged."""
    key = f"key.{_bare(dotted)}"
    return t(key, lang) if has(key) else dotted


def choices(dotted: str) -> list[str]:
    """The values a choice key can take, in schema order ([] for other keys)."""
    field = _fields().get(_bare(dotted))
    annotation = field.annotation if field else None
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [member.value for member in annotation]
    return []


def choice_label(dotted: str, value: Any, lang: str = DEFAULT_LANG) -> str:
    """A choice key's value in words (e.g. market.elder_care = sponsored)."""
    text = str(getattr(value, "value", value))
    key = f"choice.{_bare(dotted)}.{text}"
    return t(key, lang) if has(key) else text


def value_text(dotted: str, value: Any, lang: str = DEFAULT_LANG) -> str:
    """A key's value as a person reads it: on/off, a choice in words, or a number."""
    if isinstance(value, bool):
        return t("ui.yes" if value else "ui.no", lang)
    if choices(dotted):
        return choice_label(dotted, value, lang)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# --------------------------------------------------------------------------------------------
# Shipped scenarios: titles and descriptions from their files


def scenario_strings() -> Strings:
    """Entries scenario.NAME and scenario.NAME.description from the shipped files (zh falls back to en)."""
    from model.scenario import load_scenario, shipped_scenarios

    strings: dict[str, dict[str, str]] = {}
    for name in shipped_scenarios():
        scenario = load_scenario(name)
        if scenario.title:
            strings[name] = {"en": scenario.title, "zh": scenario.title_zh or scenario.title}
        if scenario.description:
            zh = scenario.description_zh or scenario.description
            strings[f"{name}.description"] = {"en": scenario.description, "zh": zh}
    return strings


def scenario_label(name: str, lang: str = DEFAULT_LANG) -> str:
    """A shipped scenario's title in `lang`; other scenarios keep their own name."""
    key = f"scenario.{name}"
    return t(key, lang) if has(key) else name


def scenario_description(name: str, lang: str = DEFAULT_LANG, fallback: str = "") -> str:
    """A shipped scenario's description in `lang`; `fallback` (its own text) for others."""
    key = f"scenario.{name}.description"
    return t(key, lang) if has(key) else fallback
