"""Loading a subdistrict file: checked like a scenario file, then each community built and given its share.

    load_subdistrict("subdistrict_yicheng")             # scenarios/subdistrict_yicheng.toml
    load_subdistrict("my.toml", ["subdistrict.allocation=by_need", "run.weeks=52"])
    load_subdistrict("subdistrict_yicheng",
                     ["communities.*.reform_week=never", "types.old_town.reform_week=0"])

A community's scenario is its type preset (scenarios/types/TYPE.toml, which extends a scenario),
then the reform (the subdistrict's reform scenario's [rollout.set]), then the community's own
overrides, then what the subdistrict sets: households, seed, reform week and its shares of the task
flow and the pools. Every problem is one `ScenarioError` sentence naming the file and the key.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from model import shipped
from model.errors import ScenarioError
from model.scenario import load_scenario
from model.scenario.fields import suggest
from model.scenario.loading import find_scenario, is_subdistrict_file, load_with_layers
from model.scenario.messages import expectation, show_path, show_value
from model.scenario.overrides import parse_value
from model.scenario.reading import clip, read_toml
from model.schema import MAX_WEEKS, RunSection, Scenario, after_reform
from model.subdistrict.allocation import Share, allocate
from model.subdistrict.schema import MAX_COMMUNITIES, CommunityEntry, SubdistrictFile, SubdistrictSection
from model.subdistrict.streams import community_seed

REFORM_WEEK_TABLES = ("communities", "types")  # --set communities.NAME.reform_week, types.TYPE.reform_week
NEVER = "never"  # a reform week meaning "not within any run": MAX_WEEKS
TYPES = "types"  # type presets live in scenarios/types/ (or a types/ folder beside the file)
# Keys the subdistrict sets in each community, so a community's overrides may not: key -> what sets it.
SET_BY_SUBDISTRICT = {
    ("population", "households"): "the community's households",
    ("government", "top_down_tasks_per_week"): "subdistrict.top_down_tasks_per_week and task_split",
    ("rollout", "set", "social_workers", "count"): "subdistrict.social_workers and allocation",
    ("rollout", "set", "market", "purchase_budget_yuan"): "subdistrict.purchase_budget_yuan and allocation",
    ("rollout", "set", "government", "top_down_tasks_per_week"): "subdistrict.top_down_tasks_per_week",
}


@dataclass(frozen=True)
class Community:
    """One community of a loaded subdistrict: its entry in the file, its scenario and its share."""

    entry: CommunityEntry
    scenario: Scenario  # resolved: type, reform, overrides, seed, reform week and shares
    share: Share


@dataclass(frozen=True)
class Subdistrict:
    """A checked subdistrict file with every community resolved."""

    spec: SubdistrictFile
    communities: tuple[Community, ...]
    # named spans of weeks [start, stop) whose values each community's row reports too (a pilot's)
    windows: tuple[tuple[str, int, int], ...] = ()

    @property
    def name(self) -> str:
        return self.spec.name


def is_subdistrict(ref: str | Path) -> bool:
    """Whether `ref` (a path, or a shipped name) names a subdistrict file."""
    found = shipped.find(ref, "scenarios")
    return found is not None and found.is_file() and is_subdistrict_file(found)


def load_subdistrict(ref: str | Path, overrides: Sequence[str] = ()) -> Subdistrict:
    """Load and check a subdistrict file; `overrides` are 'run.KEY=VALUE', 'subdistrict.KEY=VALUE' or
    reform weeks ('communities.NAME.reform_week=W', NAME * for all; 'types.TYPE.reform_week=W'; W a
    week or 'never'), applied in order."""
    found = find_scenario(ref)
    shown = str(ref) if os.path.lexists(ref) else show_path(found)
    data = read_toml(found, shown, ScenarioError, "subdistrict file")
    data.setdefault("name", found.stem)
    for key, value in (parse_override(item, shown) for item in overrides):
        if key[0] in REFORM_WEEK_TABLES:
            _set_reform_week(data, key, value, shown)
            continue
        node = data
        for part in key[:-1]:
            node = node.setdefault(part, {}) if isinstance(node.get(part, {}), dict) else {}
        node[key[-1]] = value
    spec = _validate(data, shown)
    return resolve(spec, found.parent, shown)


def resolve(spec: SubdistrictFile, folder: Path, shown: str) -> Subdistrict:
    """Build every community of a checked file (`folder` holds it) and allocate the shared totals."""
    reform = _reform(spec.subdistrict, folder, shown)
    entries = spec.communities
    unshared = [_community(spec, entry, reform, folder, shown, None) for entry in entries]
    try:
        shares = allocate(spec.subdistrict, unshared)
    except ValueError as error:
        raise ScenarioError(f"{shown}: subdistrict.{error}") from None
    communities = tuple(
        Community(entry, _community(spec, entry, reform, folder, shown, share), share)
        for entry, share in zip(entries, shares, strict=True)
    )
    _check_budget(spec.subdistrict, communities, shown)
    return Subdistrict(spec, communities)


# --------------------------------------------------------------------------------------------
# The communities


def _reform(section: SubdistrictSection, folder: Path, shown: str) -> dict[str, Any]:
    """The reform layer: the [rollout] of the scenario `subdistrict.reform` names."""
    beside = folder / section.reform
    try:  # a name the system cannot take (too long, say) is looked up as a shipped name instead
        path = next((c for c in (beside, Path(f"{beside}.toml")) if c.is_file()), None)
    except OSError:
        path = None
    try:
        scenario = load_scenario(path if path is not None else section.reform)
    except ScenarioError as error:
        raise ScenarioError(f"{shown}: subdistrict.reform = {show_value(section.reform)}: {error}") from None
    changes = scenario.rollout.set
    if "top_down_tasks_per_week" in changes.get("government", {}):
        raise ScenarioError(
            f"{shown}: subdistrict.reform = {show_value(section.reform)} changes "
            "government.top_down_tasks_per_week, which the subdistrict's task split sets"
        )
    return {"rollout": {"set": copy.deepcopy(changes), "ramp_weeks": scenario.rollout.ramp_weeks}}


def type_path(name: str, folder: Path) -> Path | None:
    """The preset of community type `name`: types/NAME.toml beside the file, else the shipped one."""
    for base in (folder / TYPES, shipped.folder("scenarios") / TYPES):
        if (base / f"{name}.toml").is_file():
            return base / f"{name}.toml"
    return None


def type_names(folder: Path) -> list[str]:
    """The type presets a file in `folder` can name."""
    bases = (folder / TYPES, shipped.folder("scenarios") / TYPES)
    return sorted({path.stem for base in bases for path in base.glob("*.toml")})


def _community(
    spec: SubdistrictFile,
    entry: CommunityEntry,
    reform: dict[str, Any],
    folder: Path,
    shown: str,
    share: Share | None,
) -> Scenario:
    """One community's scenario; without a share, as it is before the subdistrict allocates."""
    where = f"{shown}, community {clip(entry.name)!r}"
    preset = type_path(entry.type, folder)
    if preset is None:
        known = type_names(folder)
        hint = suggest(entry.type, known) or f" (types: {', '.join(known)})"
        raise ScenarioError(f"{where}: type = {show_value(entry.type)} is not a type preset{hint}")
    _check_overrides(entry.overrides, where)
    week = spec.run.rollout_week if entry.reform_week is None else entry.reform_week
    run = {**spec.run.model_dump(), "seed": community_seed(spec.run.seed, entry.name), "rollout_week": week}
    own: dict[str, Any] = {"name": entry.name, "run": run, "population": {"households": entry.households}}
    if share is not None:
        own["government"] = {"top_down_tasks_per_week": share.tasks_per_week}
        own["rollout"] = {
            "set": {
                "social_workers": {"count": share.social_workers},
                "market": {"purchase_budget_yuan": share.purchase_budget_yuan},
            }
        }
    reform_source = f"{shown}'s reform {spec.subdistrict.reform!r}"
    layers = [(reform_source, reform), (where, entry.overrides), (where, own)]
    return load_with_layers(preset, layers, where, entry.name)


def _check_overrides(overrides: dict[str, Any], where: str) -> None:
    """A community's overrides are scenario tables, without what the subdistrict sets or shares."""
    if "run" in overrides:
        raise ScenarioError(
            f"{where}: overrides.run cannot be set per community: the run is the subdistrict's "
            "(its [run]); give a community its own reform week with reform_week"
        )
    for key, source in SET_BY_SUBDISTRICT.items():
        node: Any = overrides
        for part in key:
            node = node.get(part) if isinstance(node, dict) else None
        if node is not None:
            raise ScenarioError(f"{where}: overrides.{'.'.join(key)} is set by {source}, not per community")


def _check_budget(section: SubdistrictSection, communities: Sequence[Community], shown: str) -> None:
    """The pooled social workers' salaries and the purchase budget must fit the subdistrict's budget."""
    salaries = sum(
        c.share.social_workers * after_reform(c.scenario).social_workers.salary_yuan for c in communities
    )
    cost = salaries + section.purchase_budget_yuan
    if cost > section.budget_yuan * (1 + 1e-12):
        raise ScenarioError(
            f"{shown}: subdistrict.budget_yuan is {section.budget_yuan:,.0f} yuan a year, but the "
            f"{section.social_workers} pooled social workers ({salaries:,.0f} yuan) and the purchase "
            f"budget ({section.purchase_budget_yuan:,.0f} yuan) cost {cost:,.0f}; raise the budget or "
            "shrink the pools"
        )


# --------------------------------------------------------------------------------------------
# Checking the file


def _settable() -> list[str]:
    """The dotted keys `--set` may change in a subdistrict file."""
    labels = [k for k in SubdistrictFile.model_fields if k not in ("run", "subdistrict", "communities")]
    sections: tuple[tuple[str, type[BaseModel]], ...] = (
        ("run", RunSection),
        ("subdistrict", SubdistrictSection),
    )
    return labels + [f"{section}.{key}" for section, model in sections for key in model.model_fields]


def parse_override(item: str, shown: str = "--set") -> tuple[tuple[str, ...], Any]:
    """'subdistrict.allocation=equal' -> (('subdistrict', 'allocation'), 'equal'), or one sentence."""
    if "=" not in item:
        raise ScenarioError(f"--set {clip(item)}: expected KEY=VALUE, e.g. subdistrict.allocation=equal")
    dotted, text = (part.strip() for part in item.split("=", 1))
    table, _, rest = dotted.partition(".")
    if table in REFORM_WEEK_TABLES:
        return _reform_week_override(table, rest, text, item, shown)
    keys = _settable()
    if dotted not in keys:
        raise ScenarioError(
            f"{shown}: unknown key '{clip(dotted)}' in --set {clip(item)}; a subdistrict file "
            f"takes run.KEY and subdistrict.KEY{suggest(dotted, keys)}"
        )
    return tuple(dotted.split(".")), parse_value(text)


def _reform_week_override(
    table: str, rest: str, text: str, item: str, shown: str
) -> tuple[tuple[str, ...], Any]:
    """('communities', NAME, 'reform_week') or ('types', TYPE, 'reform_week'), and the week."""
    name, _, key = rest.rpartition(".")
    example = "communities.Old town 1.reform_week=0 or types.old_town.reform_week=never"
    if key != "reform_week" or not name:
        raise ScenarioError(f"{shown}: --set {clip(item)}: a rollout plan sets reform weeks, e.g. {example}")
    value = MAX_WEEKS if text == NEVER else parse_value(text)
    return (table, name, key), value


def _set_reform_week(data: dict[str, Any], key: tuple[str, ...], week: Any, shown: str) -> None:
    """Set the reform week of the communities a ('communities' | 'types', NAME, _) key names."""
    table, name, _ = key
    entries = [e for e in data.get("communities") or [] if isinstance(e, dict)]
    field = "name" if table == "communities" else "type"
    chosen = [e for e in entries if name == "*" or e.get(field) == name]
    if not chosen:
        known = sorted({str(e.get(field)) for e in entries})
        raise ScenarioError(
            f"{shown}: {table}.{clip(name)}.reform_week: no community has {field} {clip(name)!r}"
            f"{suggest(name, known) or f' ({field}s: ' + ', '.join(known) + ')'}"
        )
    for entry in chosen:
        entry["reform_week"] = week


def _validate(data: dict[str, Any], shown: str) -> SubdistrictFile:
    try:
        return SubdistrictFile.model_validate(data)
    except ValidationError as error:
        raise _sentence(error, data, shown) from None


def _sentence(error: ValidationError, data: dict[str, Any], shown: str) -> ScenarioError:
    """The first pydantic error as one sentence naming the file, the community and the key."""
    first = error.errors(include_url=False)[0]
    model: type[BaseModel] = SubdistrictFile
    field: FieldInfo | None = None
    where, key = shown, list[str]()
    for part in first["loc"]:
        if isinstance(part, int):
            entries = data.get("communities")
            entry = entries[part] if isinstance(entries, list) and len(entries) > part else None
            name = entry.get("name") if isinstance(entry, dict) else None
            where = f"{shown}, community {part + 1}" + (f" ({clip(str(name))!r})" if name else "")
            key, model = [], CommunityEntry
            continue
        key.append(str(part))
        field = model.model_fields.get(str(part))
        inner = field.annotation if field is not None else None
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            model = inner
    dotted = ".".join(key)
    kind, value = first["type"], first.get("input")
    if kind == "extra_forbidden":
        return ScenarioError(f"{where}: unknown key '{clip(dotted)}'{suggest(key[-1], model.model_fields)}")
    if kind == "missing":
        return ScenarioError(f"{where}: {dotted} is required ({field.description if field else ''})")
    if kind == "value_error":
        message = str(first.get("ctx", {}).get("error", first["msg"])).removeprefix("Value error, ")
        return ScenarioError(f"{where}: {dotted + ' ' if dotted else ''}{message}")
    expected = _expected(field, tuple(key), value, kind)
    return ScenarioError(f"{where}: {dotted} {expected}, got {show_value(value)}")


def _expected(field: FieldInfo | None, key: tuple[str, ...], value: Any, kind: str) -> str:
    """What a key of the subdistrict file must hold."""
    if key == ("communities",):
        if kind == "too_long":
            return f"must list at most {MAX_COMMUNITIES} communities"
        return "must be one or more [[communities]] tables"
    if kind in ("string_too_short", "too_short"):
        return "must not be empty"
    if kind == "string_too_long":
        return "is too long"
    if field is not None and key[-1] == "overrides":
        return "must be a table of scenario tables, e.g. [communities.overrides.population]"
    if field is not None and key[-1] == "reform_week":
        field = FieldInfo.merge_field_infos(field, annotation=int)
    return expectation(field, key, value)
