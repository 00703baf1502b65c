"""A loaded subdistrict as plain data, and back: how a subdistrict run travels to an experiment's worker.

The data is the checked file (`SubdistrictFile`, its `run.seed` the run's seed) plus every
community's resolved scenario and share under RESOLVED (and any named windows under WINDOWS), so
a worker needs no files (type presets, the reform scenario) to rebuild it. Each community's seed is
derived again from `run.seed` and its name (`community_seed`), so setting the one seed sets them all.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from model.scenario import scenario_to_dict, toml_text
from model.schema import Scenario
from model.subdistrict.allocation import Share
from model.subdistrict.loading import Community, Subdistrict
from model.subdistrict.schema import SubdistrictFile
from model.subdistrict.streams import community_seed

RESOLVED = "resolved"  # the key holding each community's resolved scenario and share
WINDOWS = "windows"  # the key holding the subdistrict's named windows of weeks, if any


def is_subdistrict_data(data: dict[str, Any]) -> bool:
    """Whether plain data `data` is a subdistrict made by `subdistrict_to_dict` (not one scenario)."""
    return RESOLVED in data


def subdistrict_to_dict(subdistrict: Subdistrict) -> dict[str, Any]:
    """Plain data (JSON types only) that `subdistrict_from_dict` turns back into `subdistrict`."""
    data = subdistrict.spec.model_dump(mode="json")
    resolved = []
    for community in subdistrict.communities:
        scenario = scenario_to_dict(community.scenario)
        scenario["run"]["seed"] = 0  # derived from run.seed again when rebuilt
        resolved.append({"scenario": scenario, "share": dataclasses.asdict(community.share)})
    data[RESOLVED] = resolved
    if subdistrict.windows:
        data[WINDOWS] = [list(window) for window in subdistrict.windows]
    return data


def subdistrict_from_dict(data: dict[str, Any]) -> Subdistrict:
    """The subdistrict of `data`, each community seeded from `data["run"]["seed"]` and its name."""
    file = {k: v for k, v in data.items() if k not in (RESOLVED, WINDOWS)}
    spec = SubdistrictFile.model_validate_json(json.dumps(file))
    communities = []
    for entry, item in zip(spec.communities, data[RESOLVED], strict=True):
        scenario = json.loads(json.dumps(item["scenario"]))
        scenario["run"]["seed"] = community_seed(spec.run.seed, entry.name)
        communities.append(
            Community(entry, Scenario.model_validate_json(json.dumps(scenario)), Share(**item["share"]))
        )
    windows = tuple((str(label), int(start), int(stop)) for label, start, stop in data.get(WINDOWS, []))
    return Subdistrict(spec, tuple(communities), windows)


def subdistrict_toml(subdistrict: Subdistrict) -> str:
    """The subdistrict as TOML for a manifest: the file's tables, communities keyed by name with
    their resolved reform weeks (TOML arrays of tables aside, it reads back as plain tables)."""
    data = subdistrict.spec.model_dump(mode="json", exclude={"communities"})
    data["communities"] = {
        c.entry.name: {
            "type": c.entry.type,
            "households": c.entry.households,
            "reform_week": c.scenario.run.rollout_week,
            **({"overrides": c.entry.overrides} if c.entry.overrides else {}),
        }
        for c in subdistrict.communities
    }
    comments = [f"Subdistrict {subdistrict.name!r} as run by commgov: each community's reform week resolved."]
    return toml_text(comments, data)
