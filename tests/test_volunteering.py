"""Volunteering responds to the work: burnout from hours given, crowd-out when others do the work,
and discouragement when wishes to take part find no place."""

from __future__ import annotations

import numpy as np

from model.simulate import run
from tests.model_helpers import small, stepped


def _registered(*overrides: str, name: str = "traditional", seeds: range = range(1, 4)) -> float:
    """Registered volunteers over the last year, mean of a few seeds."""
    values = [
        run(small(name, *overrides, weeks=104, seed=seed)).weekly["registered_volunteers"][-52:].mean()
        for seed in seeds
    ]
    return float(np.mean(values))


def _core_registered(*overrides: str) -> float:
    """Registered share of the civic core (propensity > 0.5) after two years, busy corps, 3 seeds."""
    busy = ("needs.elder_care_rate=0.05", "behaviour.crowd_out=0")  # the corps has work every week
    shares = []
    for seed in range(1, 4):
        population = stepped(small("traditional", *busy, *overrides, weeks=104, seed=seed)).population
        core = population.adult & (population.propensity > 0.5)
        shares.append(population.volunteer[core].mean())
    return float(np.mean(shares))


def test_burnout_thins_the_civic_core_and_more_so_with_longer_hours():
    off = "behaviour.burnout_quit_rate=0"
    usual_loss = _core_registered(off) - _core_registered()
    heavy = "behaviour.volunteer_hours=8"
    heavy_loss = _core_registered(heavy, off) - _core_registered(heavy)
    assert usual_loss > 0.05
    assert heavy_loss > usual_loss


def test_volunteers_drift_away_when_others_do_their_work():
    # in yicheng party groups, points and sponsored care take the work the volunteers did
    crowded = _registered(name="yicheng")
    not_crowded = _registered("behaviour.crowd_out=0", name="yicheng")
    assert crowded < not_crowded - 0.02


def test_wishes_that_find_no_place_discourage_and_the_discouraged_ask_less():
    scarce = ("self_governance.festivals_per_year=0", "committee.activities_share=0.01")
    model = stepped(small("traditional", *scarce, weeks=40))
    assert model.population.discouragement.mean() > 0.05
    calm = stepped(small("traditional", *scarce, "behaviour.apathy_gain=0", weeks=40))
    assert calm.population.discouragement.max() == 0.0
    discouraged = run(small("traditional", *scarce, weeks=40)).weekly["activity_attendance"][-20:].mean()
    keen = run(small("traditional", *scarce, "behaviour.apathy_gain=0", weeks=40)).weekly[
        "activity_attendance"
    ][-20:].mean()
    assert discouraged <= keen


def test_a_neighbourhood_point_builds_belonging_through_its_open_hours_not_its_plaque():
    points = "rollout.set.self_governance.neighbourhood_points=10"
    without = run(small("traditional", weeks=60)).summary["belonging_after"]
    idle = run(small("traditional", points, "self_governance.point_hours_per_week=0", weeks=60))
    working = run(small("traditional", points, weeks=60))
    assert idle.summary["belonging_after"] == without  # plaques alone: nothing
    assert working.summary["belonging_after"] > without + 0.01
