"""`commgov --help` start-up time: whole processes, alternating with a bare interpreter start."""

from __future__ import annotations

from benchmarks import _util

GOAL = ("<=", 0.5)  # seconds


def measure(runs: int = 9) -> list[dict]:
    """Median wall time of `commgov --help`; a bare `python -c pass` alternates with it."""
    help_times, bare_times = [], []
    for i in range(runs):
        order = ("help", "bare") if i % 2 == 0 else ("bare", "help")
        for side in order:
            if side == "help":
                help_times.append(_util.run_process([*_util.commgov(), "--help"]).wall)
            else:
                bare_times.append(_util.run_process([_util.python(), "-c", "pass"]).wall)
    r = _util.rounded
    return [
        _util.row(
            "cli_help_startup",
            "`commgov --help` start-up (whole process)",
            _util.median(help_times),
            "s",
            GOAL,
            details={
                "runs": runs,
                "min_max_s": [r(x) for x in _util.spread(help_times)],
                "bare_python_s": r(_util.median(bare_times)),
                "over_bare_python_s": r(_util.median(help_times) - _util.median(bare_times)),
            },
        )
    ]
