"""Sweeps: response curves (one panel per outcome), heatmaps for two grid parameters, and each
outcome's point means against each parameter for Latin-hypercube sweeps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure as MplFigure

from model import i18n
from model.analysis.figures.labels import (
    direction_text,
    outcome_bounds,
    outcome_title,
    outcome_unit,
    panel_title,
    param_label,
    with_note,
    wrap,
)
from model.analysis.figures.style import ARM_COLOURS, new_figure, no_data, number_axis, panel_grid, suptitle
from model.formatting import decimals_for, fixed
from model.outcomes import BY_NAME, Direction


def _is_numeric(values: Sequence[Any]) -> bool:
    """Whether a parameter's values are numbers (drawn on a number axis) rather than choices."""
    return all(
        isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool) for v in values
    )


def _values(summary: pd.DataFrame, param: str) -> list[Any]:
    """A parameter's distinct values, sorted when they are numbers."""
    values = list(dict.fromkeys(summary[param].tolist()))
    return sorted(values) if _is_numeric(values) else values


def _text_value(param: str, value: Any, lang: str) -> str:
    """A parameter value as a tick label (whole floats without decimals, choices in `lang`)."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        value = int(value)
    if isinstance(value, np.bool_):
        value = bool(value)
    return i18n.value_text(param, value, lang)


def sweep_figure(
    summary: pd.DataFrame,
    params: Sequence[str],
    outcomes: Sequence[str],
    *,
    reps: int,
    lang: str = "en",
) -> tuple[MplFigure, str, str]:
    """Response curves: x = the first parameter, one line per value of the second (if any)."""
    x_param = params[0]
    group = params[1] if len(params) > 1 else None
    xs = _values(summary, x_param)
    numeric = _is_numeric(xs)
    groups = _values(summary, group) if group else [None]
    rows, columns = panel_grid(len(outcomes))
    fig = new_figure(4.6 * columns + 0.4, 3.2 * rows + 1.6)
    title = i18n.t("fig.sweep.title", lang, param=param_label(x_param, lang, unit=False), reps=reps)
    suptitle(fig, title, lang)
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    for index, (ax, outcome) in enumerate(zip(axes, outcomes, strict=False)):
        ax.set_title(
            panel_title(outcome, lang),
            loc="left",
        )
        block = summary[summary["outcome"] == outcome]
        floor, ceiling = outcome_bounds(outcome)
        for g_index, value in enumerate(groups):
            part = block if group is None else block[block[group] == value]
            part = part.set_index(x_param).reindex(xs)
            positions = np.asarray(xs, dtype=float) if numeric else np.arange(len(xs))
            colour = ARM_COLOURS[(g_index + (0 if group is None else 1)) % len(ARM_COLOURS)]
            label = None
            if index == 0 and group is not None:
                label = f"{param_label(group, lang)} = {_text_value(group, value, lang)}"
            mean = part["mean"].to_numpy(float)
            low = np.clip(part["mean_ci_low"].to_numpy(float), floor, ceiling)
            high = np.clip(part["mean_ci_high"].to_numpy(float), floor, ceiling)
            ax.fill_between(positions, low, high, color=colour, alpha=0.15, lw=0)
            ax.errorbar(
                positions,
                mean,
                yerr=[mean - low, high - mean],
                color=colour,
                marker="o",
                ms=5,
                lw=1.8,
                capsize=3,
                label=label,
            )
        if not numeric:
            ax.set_xticks(np.arange(len(xs)), [_text_value(x_param, x, lang) for x in xs])
        else:
            number_axis(ax.xaxis)
        ax.set_xlabel(wrap(param_label(x_param, lang), 44))
        ax.set_ylabel(outcome_unit(outcome, lang))
        number_axis(ax.yaxis)
    for ax in axes[len(outcomes) :]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncol=min(len(handles), 5), frameon=False)
    return fig, title, i18n.t("fig.sweep.caption", lang)


def heatmap_figure(
    summary: pd.DataFrame,
    params: Sequence[str],
    outcomes: Sequence[str],
    *,
    reps: int,
    lang: str = "en",
) -> tuple[MplFigure, str, str]:
    """Two grid parameters: one heatmap per outcome, rows = first parameter, columns = second."""
    y_param, x_param = params[0], params[1]
    ys, xs = _values(summary, y_param), _values(summary, x_param)
    rows, columns = panel_grid(len(outcomes))
    cell = 0.62
    width = max(3.6, cell * len(xs) + 2.4)
    height = max(2.6, cell * len(ys) + 1.4)
    fig = new_figure(width * columns + 0.6, height * rows + 1.4)
    title = i18n.t(
        "fig.heatmap.title",
        lang,
        rows=param_label(y_param, lang, False),
        columns=param_label(x_param, lang, False),
        reps=reps,
    )
    suptitle(fig, title, lang)
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    for ax, outcome in zip(axes, outcomes, strict=False):
        block = summary[summary["outcome"] == outcome]
        table = block.pivot_table(index=y_param, columns=x_param, values="mean", sort=False)
        table = table.reindex(index=ys, columns=xs)
        values = table.to_numpy(float)
        ax.set_title(wrap(outcome_title(outcome, lang), 40), loc="left")
        ax.grid(False)
        if not np.isfinite(values).any():
            no_data(ax, lang)
            continue
        direction = BY_NAME[outcome].direction if outcome in BY_NAME else Direction.NEUTRAL
        cmap = "cividis_r" if direction is Direction.LOWER else "cividis"
        edges_x, edges_y = np.arange(len(xs) + 1) - 0.5, np.arange(len(ys) + 1) - 0.5
        image = ax.pcolormesh(edges_x, edges_y, np.ma.masked_invalid(values), cmap=cmap)
        finite = values[np.isfinite(values)]
        middle = (finite.min() + finite.max()) / 2
        places = decimals_for(finite.tolist())
        for (i, j), value in np.ndenumerate(values):
            if not math.isfinite(value):
                continue
            bright = (value > middle) != (direction is Direction.LOWER)
            ax.text(
                j,
                i,
                fixed(value, places, sign=False),
                ha="center",
                va="center",
                fontsize=8.5,
                color="black" if bright else "white",
            )
        ax.set_xticks(np.arange(len(xs)), [_text_value(x_param, x, lang) for x in xs])
        ax.set_yticks(np.arange(len(ys)), [_text_value(y_param, y, lang) for y in ys])
        ax.set_xlim(-0.5, len(xs) - 0.5)
        ax.set_ylim(-0.5, len(ys) - 0.5)
        ax.set_xlabel(wrap(param_label(x_param, lang), 36))
        ax.set_ylabel(wrap(param_label(y_param, lang), 30))
        bar = fig.colorbar(image, ax=ax, shrink=0.9)
        bar.set_label(with_note(outcome_unit(outcome, lang), direction_text(outcome, lang), lang))
        number_axis(bar.ax.yaxis)
    for ax in axes[len(outcomes) :]:
        ax.set_visible(False)
    return fig, title, i18n.t("fig.heatmap.caption", lang)


def scatter_figure(
    summary: pd.DataFrame,
    params: Sequence[str],
    outcomes: Sequence[str],
    *,
    reps: int,
    lang: str = "en",
) -> tuple[MplFigure, str, str]:
    """Points drawn by Latin hypercube (or grids of 3+ parameters): point means against each parameter."""
    rows, columns = len(outcomes), len(params)
    fig = new_figure(3.4 * columns + 1.0, 2.7 * rows + 1.6)
    points = summary["point"].nunique() if "point" in summary else len(summary)
    title = i18n.t("fig.scatter.title", lang, points=points, reps=reps)
    suptitle(fig, title, lang)
    axes = fig.subplots(rows, columns, squeeze=False)
    for r, outcome in enumerate(outcomes):
        block = summary[summary["outcome"] == outcome]
        for c, param in enumerate(params):
            ax = axes[r, c]
            x = pd.to_numeric(block[param], errors="coerce").to_numpy(float)
            mean = block["mean"].to_numpy(float)
            low, high = block["mean_ci_low"].to_numpy(float), block["mean_ci_high"].to_numpy(float)
            ax.errorbar(
                x,
                mean,
                yerr=[mean - low, high - mean],
                ls="none",
                marker="o",
                ms=4,
                color=ARM_COLOURS[2],
                ecolor="#9DC3E6",
                elinewidth=1,
            )
            if c == 0:
                ax.set_ylabel(wrap(f"{outcome_title(outcome, lang)} [{outcome_unit(outcome, lang)}]", 30))
            if r == rows - 1:
                ax.set_xlabel(wrap(param_label(param, lang), 32))
            number_axis(ax.xaxis)
            number_axis(ax.yaxis)
    return fig, title, i18n.t("fig.sweep.caption", lang)

