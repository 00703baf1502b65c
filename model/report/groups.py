"""The report's Groups section: each resident group's person-level outcomes per arm, and equity gaps."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from model import i18n
from model.experiment.statistics import mean_ci
from model.formatting import decimals_for, fixed
from model.outcomes import GAPS, GROUP_MEASURES, GROUPS, Direction, Outcome, group_column
from model.report.context import Context
from model.report.markup import esc, section, table


def _values(runs: pd.DataFrame, arm: str, column: str) -> np.ndarray:
    """Final-quarter values of `column` in the arm's successful runs, by replication."""
    rows = runs[runs["arm"] == arm]
    if "replication" in rows:
        rows = rows.sort_values("replication")
    return pd.to_numeric(rows[column], errors="coerce").to_numpy(dtype=float)


def gap_values(runs: pd.DataFrame, arm: str, measure: Outcome, group: str, reference: str) -> np.ndarray:
    """Per replication: how much worse off `group` is than `reference` (positive: worse)."""
    mine = _values(runs, arm, group_column(measure.name, group))
    theirs = _values(runs, arm, group_column(measure.name, reference))
    return (mine - theirs) if measure.direction is Direction.LOWER else (theirs - mine)


def _cell(values: np.ndarray, places: int, interval: bool) -> str:
    """The mean over replications; signed and with its interval below when `interval` (a gap)."""
    ci = mean_ci(values)
    text = fixed(ci.mean, places, sign=interval)
    if interval and math.isfinite(ci.low) and math.isfinite(ci.high):
        text += f'<br><span class="ci">[{fixed(ci.low, places)}, {fixed(ci.high, places)}]</span>'
    return text


def groups(ctx: Context) -> str:
    """A value table and a gap table per arm (compare only); "" when the runs lack group columns."""
    results, lang = ctx.r, ctx.lang
    runs = results.runs
    columns = [group_column(m.name, g) for m in GROUP_MEASURES for g in GROUPS]
    if results.kind != "compare" or not len(runs) or any(c not in runs for c in columns):
        return ""
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    heads = [f"{i18n.outcome_label(m.name, lang)} [{i18n.unit_label(m.unit, lang)}]" for m in GROUP_MEASURES]
    parts = [f"<p>{esc(ctx.tr('report.groups.intro'))}</p>"]
    for name in results.arms:
        if not (ok["arm"] == name).any():
            continue
        rows = []
        for group in GROUPS:
            cells = []
            for m in GROUP_MEASURES:
                values = _values(ok, name, group_column(m.name, group))
                cells.append(_cell(values, decimals_for(list(values)), interval=False))
            rows.append([esc(ctx.tr(f"group.{group}")) + f"<br><code>{group}</code>", *cells])
        parts.append(f"<h3>{esc(ctx.tr('report.groups.values', arm=ctx.arm(name)))}</h3>")
        parts.append(_table([ctx.tr("report.groups.group"), *heads], rows))
        rows = []
        for group, reference in GAPS:
            cells = []
            for m in GROUP_MEASURES:
                values = gap_values(ok, name, m, group, reference)
                cells.append(_cell(values, decimals_for(list(values)), interval=True))
            pair = f"{ctx.tr(f'group.{group}')} ({ctx.tr(f'group.{reference}')})"
            rows.append([esc(pair), *cells])
        parts.append(f"<h3>{esc(ctx.tr('report.groups.gaps', arm=ctx.arm(name)))}</h3>")
        parts.append(_table([ctx.tr("report.groups.pair"), *heads], rows))
    parts.append(f'<p class="note">{esc(ctx.tr("report.groups.gap_note"))}</p>')
    return section("groups", ctx.tr("report.groups"), "\n".join(parts))


def _table(header: list[str], rows: list[list[str]]) -> str:
    """A table of plain-text headers over cells that are HTML already, numbers after the first column."""
    return table([esc(h) for h in header], rows, numeric=range(1, len(header)), raw=True)
