"""Resident groups: their shares, each group difference switching off at its neutral value, the
per-group outcome columns adding up to the pooled ones, and the report's Groups section."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.cli import main
from model.experiment.api import compare
from model.group_record import resident_groups
from model.needs import ArrivalGroups, NeedKind, draw_arrivals
from model.outcomes import GAPS, GROUP_MEASURES, GROUP_OUTCOMES, GROUPS, NAMES, group_column
from model.population import synthesize
from model.report import write_report
from model.schema import NeedsSection, PopulationSection, Scenario
from model.simulate import run
from model.tenancy import Tenancy
from tests.model_helpers import small, stepped

NEUTRAL_RENTERS = (
    "population.renter_tie_factor=1",
    "population.renter_propensity_factor=1",
    "behaviour.renter_move_rate=0",
)
PARTITIONS = (
    ("elderly", "under_60"),
    ("renters", "owners"),
    ("low_income", "other_income"),
    ("disabled", "not_disabled"),
)


def population(**changes):
    return synthesize(PopulationSection(**changes), np.random.default_rng(11))


def test_groups_are_present_with_their_shares():
    people = population()
    households = people.households
    first = np.searchsorted(people.household, np.arange(households))
    assert people.renter[first].mean() == pytest.approx(0.2, abs=0.03)
    assert people.elderly_alone.sum() / people.elderly.sum() == pytest.approx(0.1, abs=0.03)
    assert people.elderly.mean() == pytest.approx(0.235, abs=0.02)
    assert people.size / households == pytest.approx(2.56, abs=0.06)
    sizes = np.bincount(people.household)
    assert (sizes[people.household[people.elderly_alone]] == 1).all()
    assert set(resident_groups(people)) == set(GROUPS)


def test_group_shares_can_be_zero():
    people = population(renter_share=0.0, elderly_alone_share=0.0)
    assert not people.renter.any() and not people.elderly_alone.any()
    assert people.elderly.mean() == pytest.approx(0.235, abs=0.02)


def test_renters_keep_fewer_ties_unless_the_factor_is_one():
    fewer, same = population(), population(renter_tie_factor=1.0)
    renter = fewer.renter
    degree = fewer.ties.degree()
    assert degree[renter].mean() < 0.8 * degree[~renter].mean()
    degree = same.ties.degree()
    assert degree[renter].mean() == pytest.approx(degree[~renter].mean(), rel=0.05)


def test_renters_volunteering_propensity_is_scaled_only_by_its_factor():
    lower, same = population(), population(renter_propensity_factor=1.0)
    renter = lower.renter
    assert np.array_equal(lower.propensity[~renter], same.propensity[~renter])
    assert np.allclose(lower.propensity[renter], 0.5 * same.propensity[renter])


@pytest.mark.parametrize("factor,ratio", [(2.0, 2.0), (1.0, 1.0)])
def test_elderly_alone_raise_care_requests_at_the_same_total(factor, ratio):
    people = population()
    groups = ArrivalGroups(people)
    needs = NeedsSection(elder_care_alone_factor=factor)
    rng = np.random.default_rng(5)
    counts = np.zeros(people.size)
    for _ in range(300):
        kinds, residents = draw_arrivals(groups, needs, rng)
        np.add.at(counts, residents[kinds == NeedKind.ELDER_CARE], 1)
    alone, others = people.elderly_alone, people.elderly & ~people.elderly_alone
    assert counts[alone].mean() / counts[others].mean() == pytest.approx(ratio, rel=0.15)
    expected = 300 * needs.elder_care_rate * people.elderly.sum()
    assert counts.sum() == pytest.approx(expected, rel=0.05)


def test_moving_renters_start_afresh_and_no_one_moves_at_rate_zero():
    people = population()
    model_behaviour = Scenario().behaviour
    before = people.trust.copy()
    tenancy = Tenancy(people, np.random.default_rng(1))
    tenancy.week(model_behaviour.model_copy(update={"renter_move_rate": 0.0}))
    assert tenancy.moved == 0 and np.array_equal(people.trust, before)
    people.volunteer[:] = True
    tenancy.week(model_behaviour.model_copy(update={"renter_move_rate": 1.0}))
    renter = people.renter
    assert tenancy.moved == np.count_nonzero(tenancy.renting)
    assert (people.trust[renter] == model_behaviour.trust_floor).all()
    assert (people.belonging[renter] == model_behaviour.belonging_floor).all()
    assert not people.volunteer[renter].any() and people.volunteer[~renter].all()
    assert np.array_equal(people.trust[~renter], before[~renter])


def test_renters_are_worse_off_through_the_named_mechanisms_only():
    def gaps(*overrides):
        row = run(small("traditional", *overrides)).outcomes.iloc[0]
        return [
            row[group_column(m, "owners") + "_after"] - row[group_column(m, "renters") + "_after"]
            for m in ("satisfaction", "trust", "belonging")
        ]

    satisfaction, trust, belonging = gaps()
    assert min(trust, belonging) > 0.03  # fewer ties, turnover back to the floors
    assert abs(satisfaction) < 0.03  # served like owners: satisfaction follows service (ODD §7.7)
    assert max(abs(g) for g in gaps(*NEUTRAL_RENTERS)) < 0.02


def test_group_numerators_add_up_to_the_pooled_ones():
    model = stepped(small("yicheng", weeks=30))
    record = model.record
    for measure in ("satisfaction", "trust", "belonging", "needs_met_on_time"):
        for parts in (*PARTITIONS, ("elderly_alone", "elderly_with_others")):
            whole = "elderly" if parts[0] == "elderly_alone" else None
            for table in (record.numerator, record.denominator):
                pooled = table[group_column(measure, whole) if whole else measure]
                summed = sum(table[group_column(measure, group)] for group in parts)
                assert np.allclose(pooled, summed), (measure, parts)
    span = slice(record.offset, None)
    flows = record.flows(30)
    kinds = ("admin", "elder_care", "disability", "dispute", "maintenance")
    closed = sum(flows[f"{end}_{k}"] for k in kinds for end in ("met", "escalated", "gave_up"))
    wait_sum = sum(flows[f"wait_sum_{k}"] for k in kinds)
    for parts in PARTITIONS:
        numerator = sum(record.numerator[group_column("wait_weeks", g)][span] for g in parts)
        denominator = sum(record.denominator[group_column("wait_weeks", g)][span] for g in parts)
        assert np.allclose(numerator, wait_sum) and np.allclose(denominator, closed)


def test_run_writes_group_columns_consistent_with_the_pooled_values(tmp_path):
    out = tmp_path / "run"
    args = ["run", "traditional", "--weeks", "20", "--set", "population.households=400", "--out", str(out)]
    assert main(args) == 0
    outcomes = pd.read_csv(out / "outcomes.csv")
    series = pd.read_csv(out / "timeseries.csv")
    for outcome in GROUP_OUTCOMES:
        for suffix in ("", "_before", "_after"):
            assert outcome.name + suffix in outcomes, outcome.name + suffix
        assert outcome.name in series, outcome.name
    for measure in ("satisfaction", "trust", "belonging"):
        pooled = series[measure]
        low = np.minimum(series[f"{measure}__renters"], series[f"{measure}__owners"])
        high = np.maximum(series[f"{measure}__renters"], series[f"{measure}__owners"])
        assert ((low - 1e-12 <= pooled) & (pooled <= high + 1e-12)).all(), measure


def test_group_outcomes_are_a_family_of_their_own():
    names = {o.name for o in GROUP_OUTCOMES}
    assert not names & set(NAMES)
    assert len(GROUP_OUTCOMES) == len(GROUP_MEASURES) * len(GROUPS)
    assert all(group in GROUPS and reference in GROUPS for group, reference in GAPS)


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    out = tmp_path_factory.mktemp("groups") / "cmp"
    compare(
        ["traditional", "yicheng"],
        reps=2,
        weeks=20,
        set=["population.households=300", "run.rollout_week=5", "rollout.ramp_weeks=0"],
        backend="serial",
        out=out,
        quiet=True,
        report=False,
    )
    return out


def test_experiments_store_group_columns_but_compare_only_the_main_family(compared):
    runs = pd.read_csv(compared / "runs.csv")
    assert all(o.name in runs for o in GROUP_OUTCOMES)
    summary = pd.read_csv(compared / "summary.csv")
    assert set(summary["outcome"]) == set(NAMES)
    series = pd.read_parquet(compared / "timeseries.parquet")
    assert "trust__renters" in series


@pytest.mark.parametrize("lang,heading,group", [("en", "Groups:", "Renters"), ("zh", "群体：", "租户")])
def test_the_report_has_a_groups_section(compared, tmp_path, lang, heading, group):
    text = write_report(compared, lang=lang, out=tmp_path / f"r.{lang}.html", save=False).read_text()
    assert '<section id="groups">' in text
    section = text[text.index('<section id="groups">') :]
    section = section[: section.index("</section>")]
    assert heading in section and group in section
    assert section.count("<table>") == 4  # values and gaps, for each of two arms
