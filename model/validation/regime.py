"""`commgov regime`: needs met on time over demand × committee staff, for several arrangements.

Every arm runs in every cell on the same seeds (replication r uses `run_seed(seed, r)`: common
random numbers). The command is registered in `model.validation.commands`, which reads ARMS,
DEMAND, STAFF and REPS from here for its help text: top-level imports stay light (no numpy,
pandas or pydantic), and the functions that run the map import what they need.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model.errors import InputError
from model.files import write_atomic

ARMS: tuple[str, ...] = ("traditional", "separation", "separation_equal_staff", "committee_expanded")
ARMS += ("separation_strict", "separation_nominal")
DEMAND = (0.6, 0.8, 1.0, 1.2, 1.4)
STAFF = (4, 5, 6, 7, 8)
REPS = 5
# Demand multiplies every resident need rate and the government's top-down tasks.
NEEDS = ("admin", "elder_care", "disability", "dispute", "maintenance")
DEMAND_KEYS = (*(f"needs.{need}_rate" for need in NEEDS), "government.top_down_tasks_per_week")
MET = "needs_met_on_time_after"
WAIT = "wait_weeks_admin_after"
SELF_GOVERNANCE = "committee_self_governance_share_after"
OUTCOMES = (MET, WAIT, SELF_GOVERNANCE)
COLUMNS = ("arm", "demand", "staff", "replication", "seed", *OUTCOMES)  # of runs.csv
# Arms whose reform moves committee posts keep their meaning relative to the staff before it:
# scenario name -> (committee staff after the reform minus before, at least 1; workstation staff,
# None: the arm's own).
ROLLOUT_STAFF: dict[str, tuple[int, int | None]] = {
    "separation_equal_staff": (-3, 3),  # three of the committee's posts become the workstation's
    "committee_expanded": (3, None),  # the three posts a workstation would have go to the committee
}
BEGIN = "<!-- interpretation: written by hand; kept when `commgov regime --write-docs` rewrites the page -->"
END = "<!-- end interpretation -->"


@dataclass(frozen=True)
class RegimeResult:
    """Per-run and per-cell outcomes of a regime map, and how it was run."""

    runs: Any  # pandas DataFrame: arm, demand, staff, replication, seed, MET, WAIT, SELF_GOVERNANCE
    cells: Any  # the same, averaged over replications (column reps)
    arms: tuple[str, ...]
    demand: tuple[float, ...]
    staff: tuple[int, ...]
    reps: int
    seed: int
    overrides: tuple[str, ...]
    base_staff: int
    community: str

    def grid(self, arm: str, column: str = MET) -> Any:
        """Rows demand, columns committee staff: the mean of `column` for `arm`."""
        rows = self.cells[self.cells["arm"] == arm]
        return rows.pivot(index="demand", columns="staff", values=column)

    def best(self, column: str) -> Any:
        """Rows demand, columns staff: the arm with the highest mean `column` and its lead."""
        import pandas as pd

        def pick(group: Any) -> str:
            ranked = group.dropna(subset=[column]).sort_values(column, ascending=False)
            if ranked.empty:
                return "–"
            values, names = ranked[column].to_numpy(), list(ranked["arm"])
            tied = int((values > values[0] - 0.0005).sum())  # shown as a lead of +0.000
            if tied > 1:
                return "tie: " + " = ".join(names[:tied])
            return f"{names[0]} (+{values[0] - values[1]:.3f})" if len(names) > 1 else names[0]

        picked = {key: pick(group) for key, group in self.cells.groupby(["demand", "staff"])}
        return pd.Series(picked).unstack()

    def is_default(self, demand: float, staff: int) -> bool:
        """Whether (demand, staff) is the shipped community."""
        return math.isclose(demand, 1.0) and staff == self.base_staff


def numbers(text: str, name: str, kind: type) -> tuple[Any, ...]:
    """Comma-separated positive numbers of `kind`, sorted and without repeats; bad input otherwise."""
    try:
        values = [kind(part) for part in text.split(",") if part.strip()]
    except ValueError:
        values = []
    if not values or any(not (math.isfinite(v) and v > 0) for v in values):
        what = "positive whole numbers such as 4,6,8" if kind is int else "positive numbers such as 0.6,1,1.4"
        raise InputError(f"--{name} {text}: expected {what}")
    return tuple(sorted(set(values)))


def plan(
    arms: tuple[str, ...], demand: tuple[float, ...], staff: tuple[int, ...], overrides: tuple[str, ...] = ()
) -> tuple[dict[tuple[str, float, int], dict[str, Any]], Any]:
    """Every cell's resolved scenario as plain data, and the first arm's base scenario."""
    from model.scenario import load_scenario, scenario_to_dict, with_overrides

    cells, first = {}, None
    for arm in arms:
        try:
            base = load_scenario(arm, list(overrides))
        except InputError as error:
            raise InputError(f"arm {arm}: {error}") from None
        if first is None:
            first = base
        if "staff" in base.rollout.set.get("committee", {}) and base.name not in ROLLOUT_STAFF:
            raise InputError(f"arm {arm}: its reform sets committee.staff, which the map cannot scale")
        offset, workstation = ROLLOUT_STAFF.get(base.name, (None, None))
        for d in demand:
            scaled = {}
            for key in DEMAND_KEYS:
                section, name = key.split(".")
                scaled[key] = round(getattr(getattr(base, section), name) * d, 12)
            for s in staff:
                changes: dict[str, Any] = {**scaled, "committee.staff": s}
                if offset is not None:
                    changes["rollout.set.committee.staff"] = max(1, s + offset)
                if workstation is not None:
                    changes["rollout.set.government.workstation_staff"] = workstation
                try:
                    cells[(arm, d, s)] = scenario_to_dict(with_overrides(base, changes))
                except InputError as error:
                    raise InputError(f"arm {arm}, demand {d:g}, staff {s}: {error}") from None
    return cells, first


def run_map(
    arms: tuple[str, ...] = ARMS,
    demand: tuple[float, ...] = DEMAND,
    staff: tuple[int, ...] = STAFF,
    reps: int = REPS,
    seed: int = 1,
    overrides: tuple[str, ...] = (),
    backend: str = "local",
    workers: int | None = None,
    quiet: bool = True,
) -> RegimeResult:
    """Run every arm in every (demand, staff) cell `reps` times on common seeds."""
    import pandas as pd
    from tqdm.auto import tqdm

    from model.experiment.backends import make_backend
    from model.experiment.seeds import run_seed
    from model.experiment.task import RunTask

    if reps < 1:
        raise InputError(f"--reps must be at least 1, got {reps}")
    cells, base = plan(arms, demand, staff, overrides)
    seeds = [run_seed(seed, rep) for rep in range(reps)]
    labels = [(*cell, rep, rep_seed) for cell in cells for rep, rep_seed in enumerate(seeds)]
    tasks = [RunTask(a, arms.index(a), rep, s, _seeded(cells[a, d, n], s)) for a, d, n, rep, s in labels]
    where = {task.key: i for i, task in enumerate(tasks)}
    runner = make_backend(backend, workers)
    rows: list[dict[str, Any]] = [{} for _ in tasks]  # in the planned order: arm, demand, staff, rep
    with tqdm(total=len(tasks), desc="regime", unit="run", disable=quiet, file=sys.stderr) as bar:
        try:
            for record in runner.run(tasks):
                if not record.ok:
                    raise RuntimeError(f"a run failed ({record.arm}, {record.params}): {record.error}")
                i = where[record.key]
                outcomes = [record.outcomes.get(name, math.nan) for name in OUTCOMES]
                rows[i] = dict(zip(COLUMNS, (*labels[i], *outcomes), strict=True))
                bar.update(1)
        finally:
            runner.close()
    runs = pd.DataFrame(rows)
    cells_table = runs.groupby(["arm", "demand", "staff"], sort=False, as_index=False).agg(
        reps=("replication", "size"), **{name: (name, "mean") for name in OUTCOMES}
    )
    r = base.run
    community = (
        f"{base.population.households:,} households, {r.weeks} weeks after a {r.warmup_weeks}-week "
        f"warm-up, reform at week {r.rollout_week} with a {base.rollout.ramp_weeks}-week ramp"
    )
    table = (runs, cells_table, arms, demand, staff, reps, seed, overrides)
    return RegimeResult(*table, base.committee.staff, community)


def _seeded(data: dict[str, Any], seed: int) -> dict[str, Any]:
    return {**data, "run": {**data["run"], "seed": seed}}


# --------------------------------------------------------------------------------------------
# Tables for people


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _cell(value: float) -> str:
    return f"{value:.2f}" if math.isfinite(value) else "–"


def text_tables(result: RegimeResult) -> str:
    """One table per arm of needs met on time (after the reform); * marks the shipped community."""
    out = [
        f"Needs met on time after the reform: mean of {_count(result.reps, 'replication')} per cell "
        f"(seed {result.seed}); rows demand ×, columns committee staff; * = shipped community"
    ]
    for arm in result.arms:
        grid = result.grid(arm)
        out += ["", arm, "demand " + "".join(f"{s:>8}" for s in grid.columns)]
        for d, row in grid.iterrows():
            marks = ["*" if result.is_default(d, s) else " " for s in grid.columns]
            out.append(f"{d:>6g} " + "".join(f"{_cell(v):>7}{m}" for v, m in zip(row, marks, strict=True)))
    return "\n".join(out)


def _markdown_table(result: RegimeResult, grid: Any) -> list[str]:
    lines = ["| demand \\ staff | " + " | ".join(str(s) for s in grid.columns) + " |"]
    lines.append("|---" * (len(grid.columns) + 1) + "|")
    for d, row in grid.iterrows():
        shown = [v if isinstance(v, str) else _cell(v) for v in row]
        cells = [f"**{v}**" if result.is_default(d, s) else v for s, v in zip(row.index, shown, strict=True)]
        lines.append(f"| {d:g} | " + " | ".join(cells) + " |")
    return lines


def command(result: RegimeResult) -> str:
    """The command line that writes this page."""
    options = {
        "arms": (",".join(result.arms), ",".join(ARMS)),
        "demand": (",".join(f"{d:g}" for d in result.demand), ",".join(f"{d:g}" for d in DEMAND)),
        "staff": (",".join(map(str, result.staff)), ",".join(map(str, STAFF))),
        "seed": (str(result.seed), "1"),
    }
    given = [f"--{name} {value}" for name, (value, default) in options.items() if value != default]
    sets = [f"--set {item}" for item in result.overrides]
    return " ".join(["commgov regime", f"--reps {result.reps}", *given, *sets, "--write-docs"])


_PAGE = """\
# Regime map: demand × committee staff

Where does a community sit, and do the separation conclusions hold there? Each table shows the
share of residents' needs met on time after the reform (`needs_met_on_time`, after window) for one
arrangement, over how much is asked of the community (rows) and how many posts its residents'
committee has before the reform (columns). The shipped community (demand 1, its committee staff)
is in **bold**. The stylised patterns are in [validation.md](validation.md).

This page is written by the command, numbers included:

    {command}

(`--out DIR` keeps `cells.csv`, the means per cell, and `runs.csv`, one row per run, both with
`wait_weeks_admin_after` and `committee_self_governance_share_after` too.)

## Run settings

- {reps} per cell, experiment seed {seed}; replication r has the same seed in every cell and arm
  (common random numbers).
- Arms: {arms}; {community}.
- Demand multiplies {keys} (the arm's values: the schema defaults for the shipped arms).
- Staff is `committee.staff` before the reform. Arms whose reform moves committee posts keep their
  meaning relative to it (`ROLLOUT_STAFF` in `model/validation/regime.py`): {rules}.

## Reading the map

{begin}
{interpretation}
{end}

## Needs met on time after the reform

{tables}

## Best arm per cell

The arm with the highest mean in each cell, with its lead over the next arm in brackets (means of
{reps}: a lead of a few thousandths is a tie; *tie* lists the arms within 0.0005 of the best).

### On needs met on time

{best_met}

### On the committee's self-governance share of hours

{best_self_governance}
"""


def markdown(result: RegimeResult, interpretation: str) -> str:
    """docs/regime.md: settings, the hand-written interpretation, one table per arm, best arms."""
    rules = [
        f"`{arm}` has staff {'+' if offset > 0 else '−'} {abs(offset)} (at least 1) on the committee after "
        f"the reform" + (f" and {ws} on the workstation" if ws else "")
        for arm, (offset, ws) in ROLLOUT_STAFF.items()
    ]
    tables = "\n\n".join(
        "\n".join([f"### {arm}", "", *_markdown_table(result, result.grid(arm))]) for arm in result.arms
    )
    overrides = f"; every arm with `--set {' '.join(result.overrides)}`" if result.overrides else ""
    return _PAGE.format(
        command=command(result),
        reps=_count(result.reps, "replication"),
        seed=result.seed,
        arms=", ".join(f"`{arm}`" for arm in result.arms),
        community=result.community + overrides,
        keys=", ".join(f"`{key}`" for key in DEMAND_KEYS),
        rules="; ".join(rules),
        begin=BEGIN,
        interpretation=interpretation.strip() or "(Not written yet.)",
        end=END,
        tables=tables,
        best_met="\n".join(_markdown_table(result, result.best(MET))),
        best_self_governance="\n".join(_markdown_table(result, result.best(SELF_GOVERNANCE))),
    )


def interpretation_of(page: Path) -> str:
    """The hand-written block of an existing page (empty when there is none)."""
    if not page.is_file():
        return ""
    text = page.read_text(encoding="utf-8")
    start, end = text.find(BEGIN), text.find(END)
    return text[start + len(BEGIN) : end].strip() if 0 <= start < end else ""


def write_outputs(result: RegimeResult, out: Path) -> list[str]:
    """cells.csv and runs.csv into `out`; returns the file names."""
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "cells.csv", lambda p: result.cells.to_csv(p, index=False))
    write_atomic(out / "runs.csv", lambda p: result.runs.to_csv(p, index=False))
    return ["cells.csv", "runs.csv"]


def write_docs(result: RegimeResult, docs: Path) -> Path:
    """DOCS/regime.md, keeping the hand-written interpretation of the page it replaces."""
    page = docs / "regime.md"
    text = markdown(result, interpretation_of(page))
    docs.mkdir(parents=True, exist_ok=True)
    write_atomic(page, lambda p: p.write_text(text, encoding="utf-8"))
    return page
