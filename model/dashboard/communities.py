"""The communities of a subdistrict a dashboard offers, each run as it is inside its subdistrict.

A subdistrict file on the menu offers each of its communities twice: as the subdistrict runs it
(its type, its overrides, its share of the task flow, social workers and purchase budget, its seed
and its reform week) and without the reform (the same community if its reform week were past the
run: nothing changes at the reform week). The browser names them by identifier,
"subdistrict_yicheng/Old town 1" and "subdistrict_yicheng/Old town 1/without reform"; only the
chosen community's model is ever built (the file's scenarios are data, a few kilobytes each).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from model.i18n import t
from model.schema import Scenario
from model.subdistrict import Community, Subdistrict, load_subdistrict

WITHOUT_REFORM = "without reform"  # the last part of the identifier of a community without the reform
LOADED_SUBDISTRICTS = 4  # subdistrict files kept loaded (a workshop offers one or two)


@dataclass(frozen=True)
class Pick:
    """One community on offer: its subdistrict (identifier, file), its place there, the reform or not."""

    district: str
    path: Path
    index: int
    reformed: bool = True


@lru_cache(maxsize=LOADED_SUBDISTRICTS)
def loaded(path: Path) -> Subdistrict:
    """The subdistrict file at `path`, checked and resolved once (a ScenarioError in one sentence)."""
    return load_subdistrict(path)


def picks(district: str, path: Path) -> list[tuple[str, Pick]]:
    """Every community's identifier and pick: as in the subdistrict, then without the reform."""
    names = [community.entry.name for community in loaded(path).communities]
    return [
        (
            f"{district}/{name}" if reformed else f"{district}/{name}/{WITHOUT_REFORM}",
            Pick(district, path, i, reformed),
        )
        for reformed in (True, False)
        for i, name in enumerate(names)
    ]


def community(pick: Pick) -> Community:
    """The picked community as the subdistrict resolves it."""
    return loaded(pick.path).communities[pick.index]


def scenario(pick: Pick) -> Scenario:
    """The picked community's scenario: as in the subdistrict, or with nothing set at the reform week."""
    resolved = community(pick).scenario
    if pick.reformed:
        return resolved
    rollout = resolved.rollout.model_copy(update={"set": {}})
    return resolved.model_copy(update={"rollout": rollout})


@lru_cache(maxsize=64)
def _type_preset(path: Path, name: str) -> Scenario:
    """Community type `name` as the subdistrict file at `path` finds it (for its title and description)."""
    from model.scenario import load_scenario
    from model.subdistrict.loading import type_path

    found = type_path(name, path.parent)
    if found is None:  # the file was checked when it was loaded: its types exist
        raise ValueError(f"no type preset {name!r}")
    return load_scenario(found)


def _own(title: str, title_zh: str, lang: str) -> str:
    """A file's own text in `lang` (Chinese falls back to English)."""
    return title_zh or title if lang == "zh" else title


def type_label(pick: Pick, lang: str) -> str:
    """The picked community's type, by its preset's title."""
    preset = _type_preset(pick.path, community(pick).entry.type)
    return _own(preset.title or preset.name, preset.title_zh, lang)


def type_description(pick: Pick, lang: str) -> str:
    """What the picked community's type is, by its preset's description."""
    preset = _type_preset(pick.path, community(pick).entry.type)
    return _own(preset.description, preset.description_zh, lang)


def district_title(path: Path, lang: str) -> str:
    """The subdistrict's title (its name when it has none)."""
    spec = loaded(path).spec
    return _own(spec.title or spec.name, spec.title_zh, lang)


def district_label(path: Path, lang: str) -> str:
    """The subdistrict's entry in the scenario menu."""
    count = len(loaded(path).communities)
    return t("ui.subdistrict_item", lang, title=district_title(path, lang), count=count)


def label(pick: Pick, lang: str) -> str:
    """'Old town 1 — Old-town community (2,400 households)', noting when it runs without the reform."""
    entry = community(pick).entry
    text = t(
        "ui.community_item", lang, name=entry.name, type=type_label(pick, lang), households=entry.households
    )
    return text if pick.reformed else t("ui.without_reform_item", lang, community=text)


def context(pick: Pick, lang: str) -> str:
    """'Community 3 of 10 in …: Old-town community, 1,200 households, adopts the reform in week 52.'"""
    chosen = community(pick)
    run = chosen.scenario.run
    if run.rollout_week >= run.weeks:
        plan = t("ui.plan_never", lang)
    elif not pick.reformed:
        plan = t("ui.plan_without", lang, week=run.rollout_week)
    else:
        plan = t("ui.plan_week", lang, week=run.rollout_week)
    return t(
        "ui.community_context",
        lang,
        number=pick.index + 1,
        count=len(loaded(pick.path).communities),
        subdistrict=district_title(pick.path, lang),
        type=type_label(pick, lang),
        households=chosen.entry.households,
        plan=plan,
    )
