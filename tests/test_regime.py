"""The regime map (`commgov regime`): its cells' scenarios, its tables, its pages, its refusals."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from model.cli import main
from model.schema import Scenario
from model.validation.regime import BEGIN, DEMAND_KEYS, END, plan

# a small, short community: the machinery, not the map's numbers
SMALL = ("population.households=600", "run.weeks=40", "run.rollout_week=10", "run.warmup_weeks=10")
ARMS = "traditional,separation_equal_staff,committee_expanded"


def _args(tmp_path: Path, *extra: str) -> list[str]:
    args = ["regime", "--reps", "1", "--demand", "0.6,1.4", "--staff", "4,6", "--arms", ARMS]
    for item in SMALL:
        args += ["--set", item]
    return [*args, "--backend", "serial", "--quiet", "--out", str(tmp_path / "out"), *extra]


@pytest.fixture(scope="module")
def mapped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small map, written with its docs page."""
    tmp_path = tmp_path_factory.mktemp("regime")
    assert main(_args(tmp_path, "--write-docs", str(tmp_path / "docs"))) == 0
    return tmp_path


def test_demand_scales_every_rate_and_staff_keeps_each_arms_meaning():
    cells, base = plan(("traditional", "separation_equal_staff", "committee_expanded"), (0.5, 1.0), (2, 6))
    defaults = Scenario()
    for key in DEMAND_KEYS:
        section, name = key.split(".")
        default = getattr(getattr(defaults, section), name)
        assert cells[("traditional", 0.5, 6)][section][name] == pytest.approx(default * 0.5)
        assert cells[("traditional", 1.0, 6)][section][name] == pytest.approx(default)
    assert base.committee.staff == 6
    assert cells[("traditional", 1.0, 2)]["committee"]["staff"] == 2
    assert cells[("traditional", 1.0, 2)]["rollout"]["set"] == {}
    equal = cells[("separation_equal_staff", 1.0, 6)]
    assert equal["committee"]["staff"] == 6
    assert equal["rollout"]["set"]["committee"]["staff"] == 3
    assert equal["rollout"]["set"]["government"]["workstation_staff"] == 3
    assert cells[("separation_equal_staff", 1.0, 2)]["rollout"]["set"]["committee"]["staff"] == 1
    assert cells[("committee_expanded", 0.5, 2)]["rollout"]["set"]["committee"]["staff"] == 5


def test_more_demand_does_not_raise_needs_met_on_time(mapped: Path):
    cells = pd.read_csv(mapped / "out" / "cells.csv")
    traditional = cells[cells["arm"] == "traditional"].set_index(["demand", "staff"])
    for staff in (4, 6):
        low = traditional.loc[(0.6, staff), "needs_met_on_time_after"]
        high = traditional.loc[(1.4, staff), "needs_met_on_time_after"]
        assert high <= low + 0.02, (staff, low, high)


def test_the_csv_files_and_the_page_have_the_grids_shape(mapped: Path):
    cells = pd.read_csv(mapped / "out" / "cells.csv")
    runs = pd.read_csv(mapped / "out" / "runs.csv")
    assert len(cells) == 3 * 2 * 2 and len(runs) == 3 * 2 * 2
    assert set(cells["reps"]) == {1}
    assert runs["seed"].nunique() == 1  # common seeds: the same replication seed in every cell
    page = (mapped / "docs" / "regime.md").read_text(encoding="utf-8")
    for arm in ARMS.split(","):
        section = page.split(f"### {arm}\n", 1)[1].strip().split("\n\n")[0]
        rows = section.splitlines()
        assert rows[0] == "| demand \\ staff | 4 | 6 |" and len(rows) == 4
        assert [row.split(" | ")[0] for row in rows[2:]] == ["| 0.6", "| 1.4"]
    assert "| **" not in page  # the shipped community (demand 1, staff 6) is not in this grid
    assert "### On needs met on time" in page and "### On the committee's self-governance share" in page
    assert f"commgov regime --reps 1 --arms {ARMS} --demand 0.6,1.4 --staff 4,6" in page


def test_the_default_cell_is_bold_and_the_interpretation_survives_a_rewrite(tmp_path: Path):
    docs = tmp_path / "docs"
    args = ["--demand", "1", "--staff", "6", "--arms", "traditional", "--write-docs", str(docs)]
    assert main(_args(tmp_path, *args)) == 0
    page = docs / "regime.md"
    text = page.read_text(encoding="utf-8")
    assert "| 1 | **" in text
    page.write_text(text.replace(f"{BEGIN}\n(Not written yet.)", f"{BEGIN}\nHand-written words."))
    assert main(_args(tmp_path, *args)) == 0
    assert f"{BEGIN}\nHand-written words.\n{END}" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "extra,fragment",
    [
        (["--reps", "0"], "--reps must be at least 1"),
        (["--demand", "1,x"], "--demand 1,x: expected positive numbers"),
        (["--demand", "-1"], "--demand -1: expected positive numbers"),
        (["--staff", "4.5"], "--staff 4.5: expected positive whole numbers"),
        (["--staff", "0,6"], "--staff 0,6: expected positive whole numbers"),
        (["--arms", "traditional,nonesuch"], "nonesuch"),
        (
            ["--arms", "traditional", "--set", "rollout.set.committee.staff=4"],
            "its reform sets committee.staff",
        ),
        (["--demand", "5000"], "demand 5000"),
        (["--set", "needs.nonesuch=1"], "nonesuch"),
        (["--backend", "dask"], "--backend"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, capsys, extra: list[str], fragment: str):
    docs = tmp_path / "docs"
    assert main([*_args(tmp_path, "--write-docs", str(docs)), *extra]) == 2
    error = capsys.readouterr().err
    assert fragment in error and len(error.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists() and not docs.exists()


def test_the_validation_page_links_the_map():
    from model.validation.report import _INTRO

    assert "[regime.md](regime.md)" in _INTRO
    assert "[regime.md](regime.md)" in (Path(__file__).parent.parent / "docs" / "validation.md").read_text()
