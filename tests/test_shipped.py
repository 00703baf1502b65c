"""Shipped files: found in the checkout's folders, or in an installed package's copy of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from model import shipped
from model.experiment.spec import load_spec
from model.scenario import ScenarioError, load_scenario, shipped_scenarios
from model.subdistrict import load_subdistrict
from model.subdistrict.loading import type_path
from model.validation.targets import load_targets

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package-data root laid out as setup.py builds it; the working directory is elsewhere."""
    root = tmp_path / "site-packages" / "model" / shipped.DATA_DIR
    for folder, pattern in shipped.SHIPPED.items():
        (root / folder).mkdir(parents=True)
        for path in (REPO / folder).glob(pattern):
            shutil.copyfile(path, root / folder / path.name)
    monkeypatch.setattr(shipped, "ROOT", root)
    work = tmp_path / "elsewhere"
    work.mkdir()
    monkeypatch.chdir(work)
    return root


def test_a_checkout_reads_its_own_top_level_folders():
    assert shipped.ROOT == REPO
    assert shipped.folder("scenarios") == REPO / "scenarios"
    assert "yicheng" in shipped_scenarios() and "separation_quick" in shipped.names("experiments")


def test_installed_scenarios_load_with_their_extends_chains(installed):
    expected = load_scenario(REPO / "scenarios" / "yicheng.toml")
    assert load_scenario("yicheng") == expected
    assert load_scenario("scenarios/yicheng.toml") == expected
    two_levels = load_scenario("separation_equal_staff")  # extends separation, which extends traditional
    assert two_levels == load_scenario(REPO / "scenarios" / "separation_equal_staff.toml")


def test_installed_experiments_and_targets_are_found_by_name(installed):
    spec, path = load_spec("separation_quick")
    assert spec.name == "separation_quick" and path.parent == installed / "experiments"
    assert load_targets("targets_yicheng").path == installed / "validation" / "targets_yicheng.toml"
    assert load_targets("validation/targets_yicheng.toml").parameters


def test_an_installed_subdistrict_finds_the_installed_type_presets(installed):
    subdistrict = load_subdistrict("subdistrict_yicheng")
    assert type_path("old_town", Path.cwd()) == installed / "scenarios" / "types" / "old_town.toml"
    assert len(subdistrict.communities) == 10


def test_a_missing_name_lists_what_is_shipped(installed):
    with pytest.raises(ScenarioError, match=r"did you mean 'yicheng'\?"):
        load_scenario("yichen")


def test_a_file_in_the_working_directory_comes_before_a_shipped_one(installed):
    Path("traditional.toml").write_text("[run]\nweeks = 7\n")
    assert load_scenario("traditional").run.weeks == 7


def test_the_sdist_carries_what_the_wheel_ships():
    manifest = (REPO / "MANIFEST.in").read_text()
    for folder, pattern in shipped.SHIPPED.items():
        assert f"{folder}/{pattern}" in manifest
