"""Scenario files: TOML -> `model.schema.Scenario`, with `extends`, `--set` overrides and errors a
person can act on, and back to TOML.

    load_scenario("yicheng")                                   # scenarios/yicheng.toml
    load_scenario("my.toml", ["run.weeks=10", "market.elder_care=sponsored"])
    resolved_toml(scenario)                           # TOML text, every value explicit

One concern per module: `fields` (the keys and their schema fields), `messages` (every problem as
one `ScenarioError` sentence naming the file, the dotted key and what was expected), `reading`
(input files within size, type and nesting limits), `loading` (files, `extends`, checks),
`overrides` (`--set KEY=VALUE`), `writer` (the one TOML writer) and `budget` (a run's estimated
memory and time, and the limits on them).
"""

from model.errors import ScenarioError
from model.scenario.fields import SECTIONS, valid_keys
from model.scenario.loading import (
    find_scenario,
    load_scenario,
    loads_scenario,
    scenario_from_dict,
    scenario_of,
    shipped_scenarios,
    with_overrides,
)
from model.scenario.overrides import parse_override, reform_notes
from model.scenario.writer import resolved_toml, scenario_to_dict, toml_text

__all__ = [
    "SECTIONS",
    "ScenarioError",
    "find_scenario",
    "load_scenario",
    "loads_scenario",
    "parse_override",
    "reform_notes",
    "resolved_toml",
    "scenario_from_dict",
    "scenario_of",
    "scenario_to_dict",
    "shipped_scenarios",
    "toml_text",
    "valid_keys",
    "with_overrides",
]
