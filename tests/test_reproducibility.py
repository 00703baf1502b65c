"""A run is a pure function of (resolved scenario, seed), and arrangements share community and needs."""

from __future__ import annotations

import numpy as np

from model.community import CommunityModel
from model.needs import IS_SERVICE
from model.simulate import run
from tests.model_helpers import small, stepped


def _same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> bool:
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k], equal_nan=True) for k in a)


def test_same_seed_gives_identical_bits():
    first, second = run(small("yicheng", seed=11)), run(small("yicheng", seed=11))
    assert _same(first.weekly, second.weekly)
    assert first.summary.keys() == second.summary.keys()
    assert all(np.array_equal(first.summary[k], second.summary[k], equal_nan=True) for k in first.summary)


def test_different_seeds_differ():
    assert not _same(run(small("yicheng", seed=1)).weekly, run(small("yicheng", seed=2)).weekly)


def test_seed_argument_overrides_scenario_seed():
    assert _same(run(small("traditional", seed=5)).weekly, run(small("traditional", seed=9), seed=5).weekly)


def _resident_needs(model: CommunityModel) -> tuple[np.ndarray, ...]:
    book = model.book
    n = book.count
    service = IS_SERVICE[book.kind[:n]]
    return book.kind[:n][service], book.resident[:n][service], book.arrived[:n][service]


def test_arrangements_face_the_same_community_and_the_same_needs():
    traditional = stepped(small("traditional", seed=4))
    yicheng = stepped(small("yicheng", seed=4))
    for name in (
        "household",
        "building",
        "age_group",
        "disabled",
        "employed",
        "party",
        "income",
        "propensity",
    ):
        assert np.array_equal(getattr(traditional.population, name), getattr(yicheng.population, name))
    assert np.array_equal(traditional.population.ties.targets, yicheng.population.ties.targets)
    for a, b in zip(_resident_needs(traditional), _resident_needs(yicheng), strict=True):
        assert np.array_equal(a, b)
    # ...while their responses differ
    assert not np.array_equal(traditional.population.trust, yicheng.population.trust)


def test_before_the_reform_an_arrangement_matches_its_baseline_exactly():
    traditional = run(small("traditional", seed=8)).weekly
    yicheng = run(small("yicheng", seed=8)).weekly
    for name, values in traditional.items():
        assert np.array_equal(values[:10], yicheng[name][:10], equal_nan=True), name
