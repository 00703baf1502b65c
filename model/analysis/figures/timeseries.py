"""Compare: each outcome over the weeks, one line per arm with its 95% band and the reform marked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure
from scipy.stats import t as student_t

from model import i18n
from model.analysis.figures.labels import arm_label, outcome_unit, panel_title, wrap
from model.analysis.figures.style import ARM_COLOURS, new_figure, no_data, number_axis, panel_grid, suptitle
from model.outcomes import BY_NAME, Pooling

SMOOTH_WEEKS = 4  # ratio outcomes are noisy week by week: moving average over this many weeks


def _t_half(std: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Half-width of the 95% t-interval of a mean of `n` values; NaN for fewer than two."""
    with np.errstate(invalid="ignore", divide="ignore"):
        q = student_t.ppf(0.975, np.maximum(n - 1, 1))
        half = q * std / np.sqrt(n)
    return np.where(n >= 2, half, np.nan)


def weekly_bands(series: pd.DataFrame, outcome: str, smooth: int = SMOOTH_WEEKS) -> pd.DataFrame:
    """Per arm and week: mean over replications, 95% t-interval (low, high), n.

    Ratio outcomes are first smoothed within each replication by a moving average over `smooth`
    weeks (weeks without events are skipped), since a week's share of, say, needs met on time
    rests on a handful of needs.
    """
    frame = series[["arm", "replication", "week", outcome]].copy()
    frame[outcome] = pd.to_numeric(frame[outcome], errors="coerce")
    pooling = BY_NAME[outcome].pooling if outcome in BY_NAME else Pooling.LEVEL
    if pooling is Pooling.RATIO and smooth > 1:
        frame = frame.sort_values(["arm", "replication", "week"])
        frame[outcome] = frame.groupby(["arm", "replication"], sort=False)[outcome].transform(
            lambda s: s.rolling(smooth, min_periods=1).mean()
        )
    stats = frame.groupby(["arm", "week"], sort=False)[outcome].agg(["mean", "std", "count"]).reset_index()
    half = _t_half(stats["std"].to_numpy(float), stats["count"].to_numpy(float))
    # a t-interval over few replications can run past anything the model can produce (a share
    # above 1, a negative waiting time): keep the band within the range of the values themselves
    values = frame[outcome].to_numpy(float)
    finite = values[np.isfinite(values)]
    low, high = (finite.min(), finite.max()) if len(finite) else (-np.inf, np.inf)
    stats["low"] = np.clip(stats["mean"] - half, low, high)
    stats["high"] = np.clip(stats["mean"] + half, low, high)
    return stats.rename(columns={"count": "n"})


def _mark_reform(ax: Axes, week: int | None, ramp: int, lang: str, label: bool) -> None:
    """A dashed line at the reform week and a shaded ramp-up after it."""
    if week is None:
        return
    if ramp > 0:
        ax.axvspan(
            week,
            week + ramp,
            color="#000000",
            alpha=0.07,
            lw=0,
            label=i18n.t("fig.ramp", lang, weeks=ramp) if label else None,
        )
    ax.axvline(
        week, color="#444444", ls="--", lw=1.2, label=i18n.t("fig.reform", lang, week=week) if label else None
    )


def timeseries_figure(
    series: pd.DataFrame,
    arms: Sequence[str],
    outcomes: Sequence[str],
    *,
    reps: int,
    rollout_week: int | None = None,
    ramp_weeks: int = 0,
    lang: str = "en",
    part: tuple[int, int] = (1, 1),
) -> tuple[MplFigure, str, str]:
    """Panels of outcomes over weeks: one line per arm with its 95% band. Returns (fig, title, caption)."""
    rows, columns = panel_grid(len(outcomes))
    fig = new_figure(4.6 * columns + 0.4, 3.1 * rows + 1.5)
    title = i18n.t("fig.timeseries.title", lang, reps=reps)
    if part[1] > 1:
        title += i18n.t("fig.timeseries.part", lang, part=part[0], parts=part[1])
    suptitle(fig, title, lang)
    axes = np.atleast_1d(fig.subplots(rows, columns, squeeze=False)).ravel()
    for index, (ax, outcome) in enumerate(zip(axes, outcomes, strict=False)):
        ax.set_title(
            panel_title(outcome, lang),
            loc="left",
        )
        if outcome not in series:
            no_data(ax, lang)
            continue
        bands = weekly_bands(series, outcome)
        drawn = False
        # Arms that behave alike draw the same line: the last arm goes first and widest, the
        # reference last and thinnest, so lines on top of each other show as nested stripes.
        for colour_index, arm in reversed(list(enumerate(arms))):
            band = bands[bands["arm"] == arm]
            if not len(band) or band["mean"].isna().all():
                continue
            colour = ARM_COLOURS[colour_index % len(ARM_COLOURS)]
            ax.fill_between(band["week"], band["low"], band["high"], color=colour, alpha=0.18, lw=0)
            ax.plot(
                band["week"],
                band["mean"],
                color=colour,
                lw=1.3 + 0.55 * colour_index,
                label=wrap(arm_label(arm, lang), 42),
            )
            drawn = True
        if not drawn:
            no_data(ax, lang)
            continue
        _mark_reform(ax, rollout_week, ramp_weeks, lang, label=index == 0)
        ax.set_ylabel(outcome_unit(outcome, lang))
        number_axis(ax.yaxis)
        ax.set_xlabel(i18n.t("fig.week", lang))
        ax.margins(x=0)
    for ax in axes[len(outcomes) :]:
        ax.set_visible(False)
    found: dict[str, Any] = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            found.setdefault(label, handle)
    names = [wrap(arm_label(arm, lang), 42) for arm in arms]
    labels = [n for n in names if n in found] + [n for n in found if n not in names]
    if labels:
        fig.legend(
            [found[n] for n in labels],
            labels,
            loc="outside lower center",
            ncol=min(len(labels), 4),
            frameon=False,
        )
    key = "fig.timeseries.caption" if rollout_week is not None else "fig.timeseries.caption_no_reform"
    return fig, title, i18n.t(key, lang, smooth=SMOOTH_WEEKS)

