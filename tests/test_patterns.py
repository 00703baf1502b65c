"""The validation suite: its tests, its measurements, each pattern's machinery, and the command."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model.cli import main
from model.community import CommunityModel
from model.scenario import load_scenario
from model.simulate import run
from model.validation.checks import Expect, evaluate
from model.validation.observe import observed_run
from model.validation.pattern_parts import ChangeGap, Lag, Replication, half_time
from model.validation.pattern_run import run_patterns
from model.validation.patterns import PATTERNS

# a small, short community: the machinery, not the verdicts (those need the full suite)
SMALL = ("population.households=600", "run.weeks=40", "run.rollout_week=10", "rollout.ramp_weeks=0")


TINY_SENSITIVITY = """\
name = "tiny-sensitivity"
kind = "sensitivity"
base = "yicheng"
replications = 1
samples = 2
bootstrap = 10
outcomes = ["trust"]
[ranges]
"behaviour.trust_decay" = [0.003, 0.03]
"behaviour.party_join_factor" = [1.5, 5.0]
"""

# --- the tests behind checks ------------------------------------------------------------------


def test_increase_holds_only_with_enough_consistent_evidence():
    assert evaluate([0.1, 0.2, 0.15, 0.3, 0.25], Expect("increase")).holds
    assert not evaluate([0.1, 0.2, 0.15], Expect("increase")).holds  # 3 values: p >= 0.125
    assert not evaluate([0.1, -0.2, 0.15, -0.3, 0.25], Expect("increase")).holds
    assert not evaluate([0.0] * 8, Expect("increase")).holds
    result = evaluate([0.0] * 8, Expect("increase"))
    assert result.p == 1.0 and result.mean == 0.0


def test_decrease_and_thresholds():
    assert evaluate([-1.0, -2.0, -1.5, -0.5, -3.0], Expect("decrease")).holds
    assert evaluate([0.85, 0.9, 0.88, 0.86, 0.95], Expect("increase", 0.8)).holds
    assert not evaluate([0.75, 0.76, 0.74, 0.77, 0.75], Expect("increase", 0.8)).holds


def test_margins_need_evidence_that_the_change_is_small():
    assert evaluate([0.0] * 5, Expect("at_most", 0.02)).holds
    assert evaluate([0.001, -0.002, 0.0, 0.003, 0.001], Expect("at_most", 0.02)).holds
    assert not evaluate([0.05, 0.06, 0.04, 0.05, 0.07], Expect("at_most", 0.02)).holds
    # a noisy, non-significant change is not evidence of no change
    noisy = evaluate([0.3, -0.25, 0.2, -0.3, 0.1], Expect("at_most", 0.02))
    assert not noisy.holds and noisy.bound > 0.02
    assert evaluate([-0.001, 0.0, 0.001, -0.002, 0.0], Expect("at_least", -0.02)).holds
    assert not evaluate([-0.1, -0.12, -0.09, -0.11, -0.1], Expect("at_least", -0.02)).holds


def test_missing_values_are_left_out():
    result = evaluate([0.1, math.nan, 0.2, 0.3, 0.2, 0.4], Expect("increase"))
    assert result.n == 5 and result.holds


def test_half_time_and_lag():
    weeks = np.arange(60)
    fast = np.where(weeks < 10, 0.0, 1 - np.exp(-(weeks - 10) / 3.0))
    slow = np.where(weeks < 10, 0.0, 1 - np.exp(-(weeks - 10) / 12.0))
    assert half_time(fast, 10, 1) == pytest.approx(3.0, abs=1)
    assert half_time(slow, 10, 1) == pytest.approx(9.0, abs=1)
    assert math.isnan(half_time(-fast, 10, 1))  # no positive response
    series = {
        "a": pd.DataFrame({"belonging": np.zeros(60), "registered_volunteers": np.zeros(60)}),
        "b": pd.DataFrame({"belonging": fast, "registered_volunteers": slow}),
    }
    rep = Replication(0, 1, {}, series, {"a": 10, "b": 10})
    lag = Lag("belonging", "registered_volunteers", "a", "b", smooth=1)
    assert lag.of(rep) == pytest.approx(6.0, abs=1)


# --- what the observing run measures ----------------------------------------------------------


def test_observed_run_adds_measurements_without_changing_the_run():
    scenario = load_scenario("yicheng", list(SMALL))
    plain, observed = run(scenario), observed_run(scenario)
    for name, value in plain.summary.items():
        assert observed.summary[name] == pytest.approx(value, nan_ok=True), name
    top = observed.summary["volunteer_hours_top_third_share"]
    assert 1 / 3 <= top <= 1
    assert 0 <= observed.summary["volunteer_inactive_month_share"] <= 1
    assert 0 <= observed.summary["care_provider_reach_low_income"] <= 1
    assert observed.summary["trust_all"] == pytest.approx(np.nanmean(plain.weekly["trust"]))


def test_care_provider_reach_is_zero_without_a_provider_and_high_when_sponsored():
    none = observed_run(load_scenario("traditional", list(SMALL)))
    sponsored = observed_run(load_scenario("traditional", [*SMALL, "market.elder_care=sponsored"]))
    assert none.summary["care_provider_reach_low_income"] == 0.0
    assert sponsored.summary["care_provider_reach_low_income"] > 0.8


def test_participation_measures_match_a_hand_count():
    scenario = load_scenario("self_governance", list(SMALL))
    observed = observed_run(scenario).summary
    model = CommunityModel(scenario, seed=scenario.run.seed)
    start, weeks = 10, 40
    registered_ever = np.zeros(model.population.size, dtype=bool)
    months = []  # (registered all month, of whom inactive all month)
    for week in range(weeks):
        if week == start:
            hours_before = model.population.volunteer_hours_total.copy()
        if week >= start and (week - start) % 4 == 0:
            members, turned_out = None, np.zeros(model.population.size, dtype=bool)
        model.step()
        if week < start:
            continue
        registered_ever |= model.population.volunteer
        members = (
            model.population.volunteer.copy() if members is None else members & model.population.volunteer
        )
        turned_out |= model.volunteers.active
        if (week - start) % 4 == 3:
            months.append((members.sum(), (members & ~turned_out).sum()))
    given = np.sort((model.population.volunteer_hours_total - hours_before)[registered_ever])[::-1]
    top = given[: int(np.ceil(len(given) / 3))].sum() / given.sum()
    assert observed["volunteer_hours_top_third_share"] == pytest.approx(top)
    inactive = sum(i for _, i in months) / sum(m for m, _ in months)
    assert observed["volunteer_inactive_month_share"] == pytest.approx(inactive)
    assert 0.3 < inactive < 1


def test_participation_measures_are_empty_without_volunteers():
    empty = observed_run(
        load_scenario(
            "traditional",
            [*SMALL, "self_governance.initial_volunteer_share=0.0", "behaviour.volunteer_join_rate=0.0"],
        )
    )
    assert math.isnan(empty.summary["volunteer_inactive_month_share"])
    assert math.isnan(empty.summary["volunteer_hours_top_third_share"])


# --- every pattern's machinery -----------------------------------------------------------------


def test_the_table_is_consistent():
    assert [p.number for p in PATTERNS] == list(range(1, len(PATTERNS) + 1))
    for pattern in PATTERNS:
        keys = [arm.key for arm in pattern.arms]
        assert len(keys) == len(set(keys)), pattern.number
        assert pattern.expectation and pattern.source and pattern.setting
        # every pattern names the mechanism behind it and what would make it fail
        assert pattern.mechanism and pattern.fails_if, pattern.number
        assert any(check.counts for check in pattern.checks)
        for check in pattern.checks:
            statistic = check.statistic
            for arm in (getattr(statistic, n, None) for n in ("a", "b", "c", "d", "arm")):
                assert arm is None or arm in keys, (pattern.number, check.id)


# expected sign of each counted check's mean, robust even on a small community and two replications
SIGNS = {"1": 1, "2": -1, "3": 1, "4a": -1, "5": -1, "6a": 1, "8a": 1, "9a": -1}


@pytest.mark.parametrize("number", [p.number for p in PATTERNS])
def test_each_pattern_runs_and_reports_every_check(number):
    result = run_patterns(reps=2, overrides=SMALL, only=[number], backend="serial")
    table = result.table()
    pattern = PATTERNS[number - 1]
    assert list(table["check"]) == [c.id for c in pattern.checks]
    assert set(table["verdict"]) <= {"holds", "does not hold"}
    assert (table["n"] <= 2).all()
    values = result.values()
    assert len(values) == 2 * len(pattern.checks)
    for item in result.checks:
        sign = SIGNS.get(item.check.id)
        if sign is not None:
            assert np.sign(item.result.mean) == sign, (item.check.id, item.values)


def test_paired_replications_share_seeds_and_identical_arms_run_once():
    result = run_patterns(reps=2, overrides=SMALL, only=[1, 2], backend="serial")
    reps = result.replications
    assert [r.seed for r in reps[1]] == [r.seed for r in reps[2]] == result.seeds
    # the traditional arm of patterns 1 and 2 is the same run
    assert reps[1][0].outcomes["traditional"] == reps[2][0].outcomes["traditional"]
    # nominal separation costs committee time in every replication (coordination, pushed tasks)
    assert all(v < 0 for v in next(c for c in result.checks if c.check.id == "2").values)


def test_real_separation_holds_and_nominal_separation_holds_with_five_replications():
    result = run_patterns(reps=5, overrides=SMALL, only=[1, 2], backend="serial")
    assert result.all_hold, result.table()


# --- the command -------------------------------------------------------------------------------


def _small_args(tmp_path, *extra):
    args = ["patterns", "--backend", "serial", "--quiet", "--out", str(tmp_path / "out")]
    return args + [f"--set={item}" for item in SMALL] + list(extra)


def test_command_writes_table_and_figures_and_exit_status_says_whether_all_hold(tmp_path, capsys):
    assert main(_small_args(tmp_path, "--reps", "6", "--only", "2")) == 0
    printed = capsys.readouterr().out
    assert "Pattern 2: Nominal separation costs committee time: holds" in printed
    out = tmp_path / "out"
    assert {p.name for p in out.iterdir()} == {"patterns.csv", "replications.csv", "pattern-2.png"}
    table = pd.read_csv(out / "patterns.csv")
    assert table.loc[0, "verdict"] == "holds"
    # two replications cannot show an increase at 5%: the command says so with status 1
    assert main(_small_args(tmp_path, "--reps", "2", "--only", "1")) == 1


@pytest.mark.parametrize(
    "extra,fragment",
    [
        (("--only", "12"), "no pattern numbered 12"),
        (("--only", "one"), "expected pattern numbers"),
        (("--reps", "0"), "--reps must be at least 1"),
        (("--only", "1", "--write-docs"), "leave out --only"),
        (("--set", "population.house=3"), "population.house"),
    ],
)
def test_command_refuses_bad_input_with_status_2_and_writes_nothing(tmp_path, capsys, extra, fragment):
    assert main(_small_args(tmp_path, *extra)) == 2
    error = capsys.readouterr().err
    assert fragment in error and len(error.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_write_docs_writes_the_page_and_its_figures(tmp_path, capsys):
    docs = tmp_path / "docs"
    spec = tmp_path / "tiny.toml"
    spec.write_text(TINY_SENSITIVITY, encoding="utf-8")
    status = main(_small_args(tmp_path, "--reps", "2", "--write-docs", str(docs), "--sensitivity", str(spec)))
    assert status in (0, 1)
    page = (docs / "validation.md").read_text(encoding="utf-8")
    for pattern in PATTERNS:
        assert f"## Pattern {pattern.number}: {pattern.title}" in page
        assert (docs / "images" / "validation" / f"pattern-{pattern.number}.png").stat().st_size > 1000
        assert f"images/validation/pattern-{pattern.number}.png" in page
    assert "commgov patterns --reps 2 --write-docs" in page
    # the sensitivity ranking and the conclusions rerun at the ends of the top parameter's range
    assert "## Sensitivity: which uncertain parameters matter" in page
    assert "| `behaviour.trust_decay` (rerun) | 0.003–0.03 |" in page
    assert "`behaviour.trust_decay=0.003`" in page
    assert {"sobol.csv", "conclusions.csv"} <= {p.name for p in (tmp_path / "out").iterdir()}


@pytest.mark.slow
def _published_verdicts() -> dict[int, str]:
    """Pattern number -> verdict, from the summary table of docs/validation.md."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "validation.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| [^|]+ \| (holds|\*\*does not hold\*\*) \|$", page, flags=re.MULTILINE)
    return {int(number): "holds" if verdict == "holds" else "fails" for number, verdict in rows}


def test_full_suite_at_default_settings_gives_the_published_verdicts():
    """docs/validation.md says which patterns hold and which fail; a rerun must agree with it.

    A pattern may fail (the page then says why); what may not happen is a page that no longer
    describes the model.
    """
    result = run_patterns(reps=20, backend="local")
    published = _published_verdicts()
    assert len(published) == len(result.patterns)
    measured = {
        number: "holds" if result.holds(pattern) else "fails"
        for number, pattern in enumerate(result.patterns, start=1)
    }
    assert measured == published, result.table()


def test_change_gap_is_the_difference_of_two_paired_differences():
    rep = Replication(0, 1, {k: {"x": v} for k, v in zip("abcd", (1.0, 4.0, 2.0, 3.0), strict=True)}, {}, {})
    assert ChangeGap("x", "a", "b", "c", "d").of(rep) == (4.0 - 1.0) - (3.0 - 2.0)
