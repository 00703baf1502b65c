"""Loading scenarios: extends, overrides, names, error sentences, resolved-TOML round trip."""

from __future__ import annotations

import math
from enum import Enum

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import model.scenario as sc
from model import load_scenario, shipped
from model.scenario import (
    ScenarioError,
    loads_scenario,
    parse_override,
    resolved_toml,
    scenario_from_dict,
    shipped_scenarios,
    with_overrides,
)
from model.scenario.fields import bounds as field_bounds
from model.schema import REFORMABLE_SECTIONS, CommitteeSection, ElderCare, Scenario


def error_of(*args, **kwargs) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(*args, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    return message


# ---------------------------------------------------------------------------------------------
# extends, merge, overrides, names


def test_defaults_and_name_from_file_stem(write):
    path = write("quiet_street.toml", "[run]\nweeks = 10\n")
    scenario = load_scenario(path)
    assert scenario.name == "quiet_street"
    assert scenario.run.weeks == 10
    assert scenario.population == Scenario().population


def test_name_set_in_file_wins(write):
    assert load_scenario(write("a.toml", 'name = "Alpha"\n')).name == "Alpha"


def test_extends_chain_deep_merges(write):
    write(
        "base.toml",
        'name = "base"\ndescription = "the base"\n[run]\nweeks = 20\nseed = 3\n'
        "[government]\nworkstation = true\nworkstation_staff = 4\n"
        "[rollout.set.government]\nworkstation_staff = 8\n",
    )
    write("middle.toml", 'extends = "base.toml"\n[run]\nseed = 4\n[government]\nshared_staff = true\n')
    leaf = load_scenario(
        write("sub/leaf.toml", 'extends = "../middle"\n[rollout.set.market]\nelder_care = "fee"\n')
    )
    assert leaf.run.weeks == 20 and leaf.run.seed == 4  # table merged key by key
    assert leaf.government.workstation and leaf.government.workstation_staff == 4
    assert leaf.government.shared_staff
    assert leaf.rollout.set == {
        "government": {"workstation_staff": 8},
        "market": {"elder_care": "fee"},
    }
    assert leaf.description == "the base"
    assert leaf.name == "leaf"  # the name is not inherited


def test_extends_without_suffix(write):
    write("base.toml", "[run]\nweeks = 7\n")
    assert load_scenario(write("child.toml", 'extends = "base"\n')).run.weeks == 7


def test_overrides_are_toml_values_or_bare_words(write):
    path = write("a.toml", "")
    scenario = load_scenario(
        path,
        [
            "run.weeks=10",
            "market.elder_care=sponsored",
            "government.workstation=true",
            "population.household_size = 3",
            'description="two words"',
            "rollout.set.government.workstation_staff=8",
        ],
    )
    assert scenario.run.weeks == 10
    assert scenario.market.elder_care is ElderCare.SPONSORED
    assert scenario.government.workstation is True
    assert scenario.population.household_size == 3.0
    assert scenario.description == "two words"
    assert scenario.rollout.set == {"government": {"workstation_staff": 8}}


def test_override_mapping_and_with_overrides():
    base = scenario_from_dict({"name": "b"})
    changed = with_overrides(base, {"government.workstation_staff": 9, "market.elder_care": "fee"})
    assert changed.government.workstation_staff == 9
    assert changed.market.elder_care is ElderCare.FEE
    assert changed.name == "b"


def test_parse_override():
    assert parse_override("run.seed=5") == (("run", "seed"), 5)
    assert parse_override("name=yicheng-2") == (("name",), "yicheng-2")
    assert parse_override("needs.admin_hours=1e-1") == (("needs", "admin_hours"), 0.1)


def test_bare_names_find_shipped_scenarios(write, tmp_path, monkeypatch):
    folder = tmp_path / "shipped" / "scenarios"
    folder.mkdir(parents=True)
    (folder / "demo.toml").write_text("[run]\nweeks = 5\n")
    monkeypatch.setattr(shipped, "ROOT", folder.parent)
    monkeypatch.chdir(tmp_path)
    assert load_scenario("demo").run.weeks == 5
    assert load_scenario("demo.toml").name == "demo"
    assert "did you mean 'demo'?" in error_of("dmeo")


def test_path_relative_to_cwd_wins(write, tmp_path, monkeypatch):
    write("demo.toml", "[run]\nweeks = 6\n")
    monkeypatch.chdir(tmp_path)
    assert load_scenario("demo.toml").run.weeks == 6
    assert load_scenario("demo").run.weeks == 6


ONE_COMMUNITY = [shipped.named(name, "scenarios") for name in shipped_scenarios()]  # not subdistricts


@pytest.mark.parametrize("path", ONE_COMMUNITY, ids=lambda p: p.stem)
def test_shipped_scenarios_are_valid_and_round_trip(path, tmp_path):
    scenario = load_scenario(path)
    assert scenario.name
    assert load_scenario(path.stem) == scenario
    again = tmp_path / "resolved.toml"
    again.write_text(resolved_toml(scenario), encoding="utf-8")
    assert load_scenario(again) == scenario


# ---------------------------------------------------------------------------------------------
# Error sentences: file, dotted key, expectation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[population]\nhouseholds = 3.5\n",
            "population.households must be an integer between 1 and 400000, got 3.5",
        ),
        (
            "[population]\nhouseholds = 500000\n",
            "400000 (the limit of what this machine simulates), got 500000",
        ),
        (
            "[population]\nhousehold_size = nan\n",
            "population.household_size must be a finite number between 1 and 6, got nan",
        ),
        (
            "[needs]\nadmin_hours = inf\n",
            "needs.admin_hours must be a finite number between 0.01 and 100, got inf",
        ),
        ("[run]\nweeks = 0\n", "run.weeks must be an integer between 1 and 1040, got 0"),
        ('[run]\nweeks = "ten"\n', "run.weeks must be an integer between 1 and 1040, got 'ten'"),
        ("[government]\nworkstation = 1\n", "government.workstation must be true or false, got 1"),
        ("name = 3\n", "name must be text in quotes, got 3"),
        ("run = 3\n", "run must be a table ([run]), got 3"),
        ("[run.weeks]\nx = 1\n", "run.weeks must be an integer between 1 and 1040, got a table"),
        (
            "[goverment]\nworkstation = true\n",
            "unknown key 'goverment' (did you mean 'government'?)",
        ),
        (
            "[population]\nhousholds = 3\n",
            "unknown key 'population.housholds' (did you mean 'population.households'?)",
        ),
        (
            "[run]\nhouseholds = 3\n",
            "unknown key 'run.households' (did you mean 'population.households'?)",
        ),
        (
            '[market]\nelder_care = "cheap"\n',
            "market.elder_care must be one of 'none', 'fee', 'sponsored', got 'cheap'",
        ),
        (
            "[market]\nelder_care = 2\n",
            "market.elder_care must be one of 'none', 'fee', 'sponsored', got 2",
        ),
        (
            "[committee]\nactivities_share = 0.9\n",
            "committee: activities_share + meetings_share + volunteer_support_share must not exceed 1",
        ),
        (
            "[rollout.set.government]\nworkstatin = true\n",
            "unknown key 'rollout.set.government.workstatin' "
            "(did you mean 'rollout.set.government.workstation'?)",
        ),
        (
            "[rollout.set.government]\nworkstation_staff = -1\n",
            "rollout.set.government.workstation_staff must be an integer between 0 and 200, got -1",
        ),
        (
            "[rollout.set.population]\nhouseholds = 3\n",
            "rollout.set.population: population cannot change during a run",
        ),
        (
            "[rollout.set.goverment]\nworkstation = true\n",
            "unknown section 'rollout.set.goverment' (did you mean 'government'?)",
        ),
        (
            "[rollout.set.committee]\nactivities_share = 0.9\n",
            "rollout.set.committee: activities_share + meetings_share",
        ),
        (
            "[rollout]\nset = 3\n",
            "rollout.set must be a table of [rollout.set.SECTION] tables, got 3",
        ),
        ("[run]\nweeks = 1\nweeks = 2\n", "is not valid TOML: cannot overwrite a value"),
        ("[run]\nweeks = = 1\n", "is not valid TOML: invalid value (at line 2, column 9)"),
        ("extends = 3\n", "extends must be the name of another scenario file in quotes, got 3"),
        ('extends = "nowhere.toml"\n', "extends = 'nowhere.toml', but "),
    ],
)
def test_bad_files_give_one_sentence(write, text, expected):
    path = write("bad.toml", text)
    message = error_of(path)
    assert message.startswith(f"{path}: ")
    assert expected in message


def test_non_utf8(write):
    message = error_of(write("latin.toml", b'name = "caf\xe9"\n'))
    assert "latin.toml: is not UTF-8 text (byte 0xe9 on line 1)" in message


def test_utf8_with_bom_and_chinese(write):
    scenario = load_scenario(write("zh.toml", '\ufeffname = "宜城"\n'.encode()))
    assert scenario.name == "宜城"


def test_missing_file_and_directory(tmp_path):
    assert error_of(tmp_path / "nope.toml") == f"{tmp_path / 'nope.toml'}: no such scenario file"
    assert error_of(tmp_path) == f"{tmp_path}: is a directory, not a scenario file"


def test_cyclic_extends_names_the_chain(write):
    write("a.toml", 'extends = "b.toml"\n')
    write("b.toml", 'extends = "c.toml"\n')
    write("c.toml", 'extends = "a.toml"\n')
    message = error_of(write("start.toml", 'extends = "a.toml"\n'))
    assert "is a cycle" in message
    assert message.count("->") == 4
    assert all(name in message for name in ("start.toml", "a.toml", "b.toml", "c.toml"))
    assert "self.toml -> " in error_of(write("self.toml", 'extends = "self.toml"\n'))


def test_missing_extends_names_both_files(write, tmp_path):
    message = error_of(write("child.toml", 'extends = "gone.toml"\n'))
    assert message == f"{tmp_path / 'child.toml'}: extends = 'gone.toml', but that file does not exist"


def test_error_in_extended_file_says_where(write):
    write("base.toml", "[run]\nweeks = 0\n[goverment]\nx = 1\n")
    child = write("child.toml", 'extends = "base.toml"\n')
    message = error_of(child)
    assert message.startswith(f"{child}: unknown key 'goverment' in ")
    assert "base.toml, which it extends (did you mean 'government'?)" in message
    write("base.toml", "[run]\nweeks = 0\n")
    assert "run.weeks must be an integer between 1 and 1040, got 0 (set in " in error_of(child)


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        (
            "run.weekz=10",
            "unknown key 'run.weekz' in --set run.weekz=10 (did you mean 'run.weeks'?)",
        ),
        ("goverment.workstation=true", "(did you mean 'government.workstation'?)"),
        (
            "rollout.set.government.workstatin=1",
            "(did you mean 'rollout.set.government.workstation'?)",
        ),
        ("rollout.set.population.households=3", "population cannot change during a run"),
        ("rollout.set.nope.x=3", "unknown section 'rollout.set.nope'"),
        ("run.weeks", "--set run.weeks: expected KEY=VALUE"),
        ("run=3", "run is a section"),
        (
            "run.weeks=abc",
            "run.weeks must be an integer between 1 and 1040, got 'abc' (set on the command line)",
        ),
        (
            "market.elder_care=cheap",
            "market.elder_care must be one of 'none', 'fee', 'sponsored', got 'cheap'",
        ),
    ],
)
def test_bad_overrides(write, override, expected):
    path = write("ok.toml", "")
    message = error_of(path, [override])
    assert message.startswith(f"{path}: ")
    assert expected in message


def test_loads_scenario_text():
    assert loads_scenario("[run]\nweeks = 3\n", name="t").run.weeks == 3
    with pytest.raises(ScenarioError, match=r"^<text>: unknown key 'runn'"):
        loads_scenario("[runn]\nweeks = 3\n")


# ---------------------------------------------------------------------------------------------
# resolved_toml round trip


def test_resolved_toml_round_trip_with_rollout_and_odd_text(write):
    scenario = load_scenario(
        write(
            "odd.toml",
            'description = "quote \\" backslash \\\\ tab \\t newline \\n 居委会 \\u0001"\n'
            '[rollout.set.market]\nelder_care = "sponsored"\n'
            "[rollout.set.needs]\nadmin_hours = 0.012345\n",
        ),
        ["run.seed=9223372036854775807"],
    )
    text = resolved_toml(scenario)
    assert "extends" not in text
    assert "[rollout.set.market]" in text
    again = write("again.toml", text)
    assert load_scenario(again) == scenario


def _strategy(field, key, generate_enum_as_text=False):
    kind = field.annotation
    bounds = field_bounds(field)
    if kind is bool:
        return st.booleans()
    if kind is str:  # a name is one line of text: no control characters or line breaks
        return st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=20)
    if isinstance(kind, type) and issubclass(kind, Enum):
        values = list(kind)
        return st.sampled_from([v.value for v in values] if generate_enum_as_text else values)
    if kind is int:
        return st.integers(bounds.get("ge", -(2**63)), bounds.get("le", 2**63 - 1))
    if kind is float:
        low = bounds.get("ge", bounds.get("gt"))
        return st.floats(
            low, bounds.get("le"), allow_nan=False, allow_infinity=False, exclude_min="gt" in bounds
        )
    raise AssertionError(f"no strategy for {key}")


COMMITTEE_SHARES = ("activities_share", "meetings_share", "volunteer_support_share")
POPULATION_SHARES = (("child_share", "elderly_share"), ("party_member_share", "in_service_member_share"))


@st.composite
def section_values(draw, name: str, model: type[BaseModel]) -> dict:
    values = {}
    for key, field in model.model_fields.items():
        if name == "committee" and key in COMMITTEE_SHARES:
            continue
        if (name, key) == ("rollout", "set"):
            continue
        values[key] = draw(_strategy(field, (name, key)))
    if name == "committee":  # the three shares may not add up to more than 1
        left = 1.0
        for key in COMMITTEE_SHARES:
            values[key] = draw(st.floats(0.0, max(left, 0.0)))
            left -= values[key]
    if name == "population":  # shares of the same residents may not add up to more than 1
        for first, second in POPULATION_SHARES:
            values[second] = draw(st.floats(0.0, max(1.0 - values[first], 0.0)))
    return values


@st.composite
def scenarios(draw) -> Scenario:
    data = {
        "name": draw(_strategy(Scenario.model_fields["name"], ("name",))),
        "description": draw(_strategy(Scenario.model_fields["description"], ("description",))),
    }
    for name, model in sc.SECTIONS.items():
        data[name] = draw(section_values(name, model))
    changes = {}
    for section in draw(st.lists(st.sampled_from(REFORMABLE_SECTIONS), max_size=3, unique=True)):
        model = sc.SECTIONS[section]
        keys = [k for k in model.model_fields if model is not CommitteeSection or k not in COMMITTEE_SHARES]
        chosen = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3, unique=True))
        changes[section] = {
            k: draw(_strategy(model.model_fields[k], ("rollout", "set", section, k), True)) for k in chosen
        }
    data["rollout"]["set"] = changes
    return Scenario.model_validate(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios())
def test_any_valid_scenario_round_trips(scenario, tmp_path_factory):
    path = tmp_path_factory.mktemp("rt") / "s.toml"
    path.write_text(resolved_toml(scenario), encoding="utf-8")
    loaded = load_scenario(path)
    assert loaded == scenario
    # floats come back bit-identical, not merely equal
    for name in sc.SECTIONS:
        for key, value in getattr(scenario, name):
            if isinstance(value, float):
                assert math.copysign(1, value) == math.copysign(1, getattr(getattr(loaded, name), key))


def test_loads_scenario_extends_relative_to_base_dir(write, tmp_path):
    write("base.toml", "[run]\nweeks = 11\n")
    scenario = loads_scenario('extends = "base.toml"\n', base_dir=tmp_path, name="x")
    assert scenario.run.weeks == 11 and scenario.name == "x"
    with pytest.raises(ScenarioError, match="extends is only allowed in files"):
        scenario_from_dict({"extends": "base.toml"})


def test_check_across_keys_from_two_sources_blames_the_named_file(write):
    write("base.toml", "[committee]\nactivities_share = 0.5\n")
    child = write("child.toml", 'extends = "base.toml"\n[committee]\nmeetings_share = 0.5\n')
    message = error_of(child)
    assert message == (
        f"{child}: committee: activities_share + meetings_share + volunteer_support_share "
        "must not exceed 1 (they add up to 1.3)"
    )
