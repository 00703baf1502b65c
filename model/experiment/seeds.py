"""Seeds of runs: a pure function of (experiment seed, replication index).

Never of execution order, worker or arm, so every arm of a comparison meets the same community
and the same needs in replication r (common random numbers), on any backend, in any order.
"""

from __future__ import annotations

import numpy as np


def run_seed(experiment_seed: int, replication: int) -> int:
    """A 63-bit seed for (0-based) replication `replication` of an experiment seeded so."""
    state = np.random.SeedSequence([experiment_seed, replication]).generate_state(1, dtype=np.uint64)
    return int(state[0] >> np.uint64(1))


def run_seeds(experiment_seed: int, replications: int) -> list[int]:
    return [run_seed(experiment_seed, rep) for rep in range(replications)]


def point_seed(experiment_seed: int, point: int, replication: int) -> int:
    """The seed of replication `replication` at point `point` of an exploration, whatever the policy.

    Every policy meets the same community and needs at a point (common random numbers); points
    differ from one another, so their noise is independent across the uncertainty space.
    """
    state = np.random.SeedSequence([experiment_seed, replication, point]).generate_state(1, dtype=np.uint64)
    return int(state[0] >> np.uint64(1))
