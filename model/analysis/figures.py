"""Figures of experiment results (matplotlib, drawn off-screen, no pyplot state).

    from model.analysis.results import load_results
    from model.analysis.figures import experiment_figures, save_figures
    figures = experiment_figures(load_results("results/separation_quick"), lang="zh")
    save_figures(figures, "results/separation_quick/figures")   # NAME.png and NAME.svg

- compare: outcome time series per arm (mean line, 95% band across replications, the reform
  week marked) and a forest plot of paired differences from the reference arm, coloured by
  whether each change is in the outcome's better direction (grey when it has none);
- sweep: response curves (one panel per outcome) and, for two grid parameters, heatmaps;
  Latin-hypercube sweeps show each outcome's point means against each parameter;
- sensitivity: first-order and total Sobol indices with their bootstrap intervals.

Colours are the Okabe–Ito palette (safe for colour-blind readers). Figures use `matplotlib.figure.
Figure` directly (no pyplot, no backend switch), so they can be drawn from a notebook, a worker
thread or a headless server alike. Chinese labels need a CJK font (`model.i18n.cjk_font`); without
one, figures fall back to English and `Figures.lang` says so.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.typing import RcKeyType
from scipy.stats import t as student_t

from model import i18n
from model.analysis import texts  # noqa: F401 - registers the figure strings
from model.analysis.results import Results
from model.files import write_file
from model.outcomes import BY_NAME, Direction, Pooling

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any common colour-vision
# deficiency. Arms take them in this order (yellow last: weak on white).
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
ARM_COLOURS = ("#000000", "#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
BETTER, WORSE, NEUTRAL_GREY = OKABE_ITO["blue"], OKABE_ITO["vermillion"], "#8C8C8C"

SMOOTH_WEEKS = 4  # ratio outcomes are noisy week by week: moving average over this many weeks
PER_FIGURE = 6  # panels of outcomes per time-series / sweep / Sobol figure
FOREST_PER_FIGURE = 8
DPI = 110

RC: dict[RcKeyType, Any] = {
    "font.size": 11,
    "axes.titlesize": 11.5,
    "axes.labelsize": 10.5,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "legend.fontsize": 10,
    "figure.titlesize": 14,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "axes.formatter.useoffset": False,
    "svg.fonttype": "path",  # glyphs as paths: the SVG shows the same text on any machine
    "svg.hashsalt": "commgov",  # stable ids: the same figure gives the same SVG
}


@dataclass
class Rendered:
    """One figure, drawn: its file stem, what it shows, and its bytes."""

    name: str
    title: str
    caption: str
    png: bytes
    svg: str


@dataclass
class Figures:
    """The figures of one experiment, and the language their labels are in."""

    items: list[Rendered]
    lang: str  # the language asked for
    label_lang: str  # the language of the labels: English when `lang` is zh and no CJK font exists

    @property
    def fell_back(self) -> bool:
        return self.label_lang != self.lang


# --------------------------------------------------------------------------------------------
# Text helpers


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int = 34) -> str:
    """Wrap at `width` columns, counting a Chinese character as two.

    Chinese text is cut into lines of about equal width, preferably after a punctuation mark,
    so that no line is left with a single character.
    """
    if _width(text) <= width:
        return text
    if not any(unicodedata.east_asian_width(c) in "WF" for c in text):
        return "\n".join(textwrap.wrap(text, width))
    lines = math.ceil(_width(text) / width)
    target = _width(text) / lines
    best, best_score = 1, math.inf
    for cut in range(1, len(text)):
        head = _width(text[:cut])
        if head > width:
            break
        score = abs(head - target) - (5 if text[cut - 1] in "：、，；,;: ）)" else 0)
        if score < best_score:
            best, best_score = cut, score
    return text[:best].rstrip() + "\n" + wrap(text[best:].lstrip(), width)


def arm_label(arm: str, lang: str) -> str:
    return i18n.scenario_label(arm, lang)


def outcome_title(name: str, lang: str) -> str:
    return i18n.outcome_label(name, lang) if name in BY_NAME else name


def outcome_unit(name: str, lang: str) -> str:
    return i18n.outcome_unit(name, lang) if name in BY_NAME else ""


def outcome_bounds(name: str) -> tuple[float, float]:
    """The values an outcome can take (confidence bands are clipped to them)."""
    unit = BY_NAME[name].unit if name in BY_NAME else ""
    if name == "satisfaction_elderly_gap":
        return -1.0, 1.0
    if unit in ("share", "0-1"):
        return 0.0, 1.0
    return (0.0, math.inf) if name in BY_NAME else (-math.inf, math.inf)


def direction_text(name: str, lang: str) -> str:
    direction = BY_NAME[name].direction if name in BY_NAME else Direction.NEUTRAL
    key = {Direction.HIGHER: "fig.higher_better", Direction.LOWER: "fig.lower_better"}
    return i18n.t(key.get(direction, "fig.no_direction"), lang)


def _with_note(text: str, note: str, lang: str) -> str:
    return f"{text}（{note}）" if lang == "zh" else f"{text} ({note})"


def panel_title(outcome: str, lang: str, width: int = 44) -> str:
    """An outcome's label and which way is better; the note on a line of its own when long."""
    text, note = outcome_title(outcome, lang), direction_text(outcome, lang)
    one = _with_note(text, note, lang)
    if _width(one) <= width:
        return one
    return wrap(text, width) + "\n" + (f"（{note}）" if lang == "zh" else f"({note})")


def param_label(key: str, lang: str, unit: bool = True) -> str:
    """A lever's label in `lang` (marked when the reform sets it), with its unit unless `unit` is false."""
    label = i18n.lever_label(key, lang)
    shown = i18n.lever_unit(key, lang) if unit else ""
    if key.startswith("rollout.set."):
        label += i18n.t("fig.after_reform", lang)
    return f"{label} [{shown}]" if shown and shown not in ("on/off", "开/关", "choice", "选项") else label


def number(value: float) -> str:
    """A tick or annotation number: thousands separated, few decimals."""
    if value is None or not math.isfinite(value):
        return "–"
    x = abs(value)
    if x >= 10000:
        return f"{value:,.0f}"
    if x >= 100:
        return f"{value:,.0f}" if float(value).is_integer() or x >= 1000 else f"{value:.1f}"
    if x >= 1 or x == 0:
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{value:.3g}"


def signed(value: float) -> str:
    text = number(value)
    return text if text.startswith("-") or text == "–" or value == 0 else f"+{text}"


def decimals_for(values: Sequence[float], digits: int = 3) -> int:
    """Decimals that show the largest of `values` with about `digits` significant digits."""
    finite = [abs(v) for v in values if v is not None and math.isfinite(v) and v != 0]
    if not finite:
        return 0
    return max(0, digits - 1 - math.floor(math.log10(max(finite))))


def fixed(value: float, decimals: int, sign: bool = True) -> str:
    """`value` with `decimals` decimals, thousands separated, signed; '–' when not finite."""
    if value is None or not math.isfinite(value):
        return "–"
    if round(value, decimals) == 0:
        value = 0.0
    return f"{value:{'+' if sign and value != 0 else ''},.{decimals}f}"


# --------------------------------------------------------------------------------------------
# Drawing helpers


def _figure(width: float, height: float) -> MplFigure:
    return MplFigure(figsize=(width, height), dpi=DPI, layout="constrained")


def _suptitle(fig: MplFigure, title: str, lang: str) -> None:
    # about 9 columns of 14-point text per inch; CJK fonts often come in one weight only (asking
    # for bold would log a font warning)
    columns = int(fig.get_figwidth() * 9.0)
    fig.suptitle(wrap(title, columns), fontweight="bold" if lang == "en" else "normal")


def _rc(label_lang: str) -> dict[RcKeyType, Any]:
    return {**RC, **i18n.figure_rc(label_lang)}


def _render(fig: MplFigure, name: str, title: str, caption: str) -> Rendered:
    png, svg = io.BytesIO(), io.StringIO()
    fig.savefig(png, format="png", dpi=DPI, metadata={"Software": "commgov"})
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": "commgov"})
    return Rendered(name, title, caption, png.getvalue(), svg.getvalue())


def _number_axis(axis: Any, bins: int = 7) -> None:
    axis.set_major_locator(MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: number(v)))


def _no_data(ax: Axes, lang: str) -> None:
    ax.text(
        0.5,
        0.5,
        i18n.t("fig.no_data", lang),
        ha="center",
        va="center",
        transform=ax.transAxes,
        color=NEUTRAL_GREY,
    )
    ax.set_xticks([])
    ax.set_yticks([])


def _grid(n: int, columns: int = 3) -> tuple[int, int]:
    columns = 2 if n in (2, 4) else min(columns, n)
    return math.ceil(n / columns), columns


def _chunks(items: Sequence[str], size: int) -> list[list[str]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]


def _t_half(std: np.ndarray, n: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        q = student_t.ppf(0.975, np.maximum(n - 1, 1))
        half = q * std / np.sqrt(n)
    return np.where(n >= 2, half, np.nan)


# --------------------------------------------------------------------------------------------
# Compare: time series


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
    rows, columns = _grid(len(outcomes))
    fig = _figure(4.6 * columns + 0.4, 3.1 * rows + 1.5)
    title = i18n.t("fig.timeseries.title", lang, reps=reps)
    if part[1] > 1:
        title += i18n.t("fig.timeseries.part", lang, part=part[0], parts=part[1])
    _suptitle(fig, title, lang)
    axes = np.atleast_1d(fig.subplots(rows, columns, squeeze=False)).ravel()
    for index, (ax, outcome) in enumerate(zip(axes, outcomes, strict=False)):
        ax.set_title(
            panel_title(outcome, lang),
            loc="left",
        )
        if outcome not in series:
            _no_data(ax, lang)
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
            _no_data(ax, lang)
            continue
        _mark_reform(ax, rollout_week, ramp_weeks, lang, label=index == 0)
        ax.set_ylabel(outcome_unit(outcome, lang))
        _number_axis(ax.yaxis)
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


# --------------------------------------------------------------------------------------------
# Compare: forest plot of paired differences


def change_colour(diff: float, direction: Direction | str) -> str:
    """Blue when `diff` moves the outcome the better way, vermillion the worse, grey if neither."""
    if isinstance(direction, str):
        direction = (
            Direction[direction.upper()] if direction.upper() in Direction.__members__ else Direction.NEUTRAL
        )
    if direction is Direction.NEUTRAL or not math.isfinite(diff) or diff == 0:
        return NEUTRAL_GREY
    return BETTER if (diff > 0) == (direction is Direction.HIGHER) else WORSE


def forest_figure(
    summary: pd.DataFrame,
    reference: str,
    arms: Sequence[str],
    outcomes: Sequence[str],
    *,
    lang: str = "en",
) -> tuple[MplFigure, str, str]:
    """One small panel per outcome (its own unit): arms down, difference from `reference` across."""
    rows = summary[summary["arm_a"] == reference]
    others = [arm for arm in arms if arm != reference and arm in set(rows["arm_b"])]
    heights = [0.42 * max(len(others), 1) + 0.75 for _ in outcomes]
    fig = _figure(11.5, sum(heights) + 1.9)
    title = i18n.t("fig.forest.title", lang, reference=arm_label(reference, lang))
    _suptitle(fig, title, lang)
    axes = fig.subplots(len(outcomes), 1, squeeze=False, gridspec_kw={"height_ratios": heights}).ravel()
    names = [wrap(arm_label(arm, lang), 28) for arm in others]
    for ax, outcome in zip(axes, outcomes, strict=True):
        block = rows[rows["outcome"] == outcome].set_index("arm_b")
        unit = outcome_unit(outcome, lang)
        note = f"{unit}{'；' if lang == 'zh' else '; '}{direction_text(outcome, lang)}"
        ax.set_title(f"{outcome_title(outcome, lang)}   [{note}]", loc="left", fontsize=11)
        ax.axvline(0, color="#333333", lw=1)
        ax.grid(axis="y", visible=False)
        ys = np.arange(len(others))[::-1]
        spans = []
        places = decimals_for(
            [
                float(block.loc[a, c])
                for a in others
                if a in block.index
                for c in ("diff", "diff_ci_low", "diff_ci_high")
            ]
        )
        for y, arm in zip(ys, others, strict=True):
            if arm not in block.index:
                continue
            row = block.loc[arm]
            diff, low, high = (float(row[c]) for c in ("diff", "diff_ci_low", "diff_ci_high"))
            if not math.isfinite(diff):
                ax.text(
                    0,
                    y,
                    i18n.t("fig.no_data", lang),
                    va="center",
                    ha="center",
                    color=NEUTRAL_GREY,
                    fontsize=9,
                )
                continue
            # a change that shows as 0 at the printed precision is no change: grey, not a colour
            shown = round(diff, places) if places else round(diff)
            colour = change_colour(shown and diff, str(row.get("direction", "neutral")))
            clear = str(row.get("verdict", "")) not in ("", "no clear difference", "nan")
            if math.isfinite(low) and math.isfinite(high):
                ax.plot([low, high], [y, y], color=colour, lw=2.2, solid_capstyle="butt")
                spans += [low, high]
            ax.plot(
                [diff],
                [y],
                marker="o",
                ms=8.5,
                color=colour,
                mec=colour,
                mew=1.8,
                mfc=colour if clear else "white",
                ls="none",
            )
            spans.append(diff)
            interval = fixed(diff, places)
            if math.isfinite(low) and math.isfinite(high):
                interval += f"  [{fixed(low, places)}, {fixed(high, places)}]"
            ax.annotate(
                interval,
                xy=(1.0, y),
                xycoords=("axes fraction", "data"),
                xytext=(8, 0),
                textcoords="offset points",
                va="center",
                ha="left",
                fontsize=9.5,
                color=colour,
            )
        ax.set_yticks(ys, names)
        ax.set_ylim(-0.6, len(others) - 0.4)
        if spans:
            low, high = min(*spans, 0.0), max(*spans, 0.0)
            pad = (high - low) * 0.08 or 1.0
            ax.set_xlim(low - pad, high + pad)
        _number_axis(ax.xaxis, bins=5)
    handles = [
        Line2D([], [], marker="o", ls="none", ms=8, color=BETTER, label=i18n.t("fig.better", lang)),
        Line2D([], [], marker="o", ls="none", ms=8, color=WORSE, label=i18n.t("fig.worse", lang)),
        Line2D([], [], marker="o", ls="none", ms=8, color=NEUTRAL_GREY, label=i18n.t("fig.neutral", lang)),
        Line2D([], [], marker="o", ls="none", ms=8, color="#555555", label=i18n.t("fig.clear", lang)),
        Line2D(
            [],
            [],
            marker="o",
            ls="none",
            ms=8,
            color="#555555",
            mfc="white",
            mew=1.8,
            label=i18n.t("fig.not_clear", lang),
        ),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=5, frameon=False)
    layout = fig.get_layout_engine()
    assert isinstance(layout, ConstrainedLayoutEngine)  # _figure makes every figure "constrained"
    layout.set(w_pad=0.05, h_pad=0.08)
    # room on the right for the printed intervals
    for ax in axes:
        ax.set_anchor("W")
    layout.set(rect=(0.01, 0, 0.81, 1))
    return fig, title, i18n.t("fig.forest.caption", lang)


# --------------------------------------------------------------------------------------------
# Sweeps


def _is_numeric(values: Sequence[Any]) -> bool:
    return all(
        isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool) for v in values
    )


def _values(summary: pd.DataFrame, param: str) -> list[Any]:
    values = list(dict.fromkeys(summary[param].tolist()))
    return sorted(values) if _is_numeric(values) else values


def _text_value(param: str, value: Any, lang: str) -> str:
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
    rows, columns = _grid(len(outcomes))
    fig = _figure(4.6 * columns + 0.4, 3.2 * rows + 1.6)
    title = i18n.t("fig.sweep.title", lang, param=param_label(x_param, lang, unit=False), reps=reps)
    _suptitle(fig, title, lang)
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
            _number_axis(ax.xaxis)
        ax.set_xlabel(wrap(param_label(x_param, lang), 44))
        ax.set_ylabel(outcome_unit(outcome, lang))
        _number_axis(ax.yaxis)
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
    rows, columns = _grid(len(outcomes))
    cell = 0.62
    width = max(3.6, cell * len(xs) + 2.4)
    height = max(2.6, cell * len(ys) + 1.4)
    fig = _figure(width * columns + 0.6, height * rows + 1.4)
    title = i18n.t(
        "fig.heatmap.title",
        lang,
        rows=param_label(y_param, lang, False),
        columns=param_label(x_param, lang, False),
        reps=reps,
    )
    _suptitle(fig, title, lang)
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    for ax, outcome in zip(axes, outcomes, strict=False):
        block = summary[summary["outcome"] == outcome]
        table = block.pivot_table(index=y_param, columns=x_param, values="mean", sort=False)
        table = table.reindex(index=ys, columns=xs)
        values = table.to_numpy(float)
        ax.set_title(wrap(outcome_title(outcome, lang), 40), loc="left")
        ax.grid(False)
        if not np.isfinite(values).any():
            _no_data(ax, lang)
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
        bar.set_label(_with_note(outcome_unit(outcome, lang), direction_text(outcome, lang), lang))
        _number_axis(bar.ax.yaxis)
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
    fig = _figure(3.4 * columns + 1.0, 2.7 * rows + 1.6)
    points = summary["point"].nunique() if "point" in summary else len(summary)
    title = i18n.t("fig.scatter.title", lang, points=points, reps=reps)
    _suptitle(fig, title, lang)
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
            _number_axis(ax.xaxis)
            _number_axis(ax.yaxis)
    return fig, title, i18n.t("fig.sweep.caption", lang)


# --------------------------------------------------------------------------------------------
# Sensitivity


def sobol_figure(
    summary: pd.DataFrame, outcomes: Sequence[str], *, lang: str = "en"
) -> tuple[MplFigure, str, str]:
    """Per outcome: S1 and ST per parameter, horizontal bars with 95% bootstrap intervals."""
    params = list(dict.fromkeys(summary["parameter"]))
    rows, columns = _grid(len(outcomes), 2 if len(params) > 5 else 3)
    panel_height = 0.5 * len(params) + 1.2
    fig = _figure(6.0 * columns + 0.6 if columns < 3 else 15.5, panel_height * rows + 1.5)
    title = i18n.t("fig.sobol.title", lang)
    _suptitle(fig, title, lang)
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    colours = {"first_order": OKABE_ITO["sky_blue"], "total_order": OKABE_ITO["blue"]}
    names = {"first_order": i18n.t("fig.s1", lang), "total_order": i18n.t("fig.st", lang)}
    for index, (ax, outcome) in enumerate(zip(axes, outcomes, strict=False)):
        block = summary[summary["outcome"] == outcome].sort_values("total_order", ascending=True)
        ax.set_title(wrap(outcome_title(outcome, lang), 40), loc="left")
        if not len(block):
            _no_data(ax, lang)
            continue
        y = np.arange(len(block))
        for offset, index_name in ((0.2, "first_order"), (-0.2, "total_order")):
            value = block[index_name].to_numpy(float)
            low = block[f"{index_name}_ci_low"].to_numpy(float)
            high = block[f"{index_name}_ci_high"].to_numpy(float)
            err = np.vstack([np.clip(value - low, 0, None), np.clip(high - value, 0, None)])
            ax.barh(
                y + offset,
                value,
                height=0.38,
                color=colours[index_name],
                label=names[index_name] if index == 0 else None,
            )
            ax.errorbar(
                value,
                y + offset,
                xerr=np.nan_to_num(err),
                ls="none",
                color="#333333",
                elinewidth=1,
                capsize=2.5,
            )
        ax.axvline(0, color="#333333", lw=0.8)
        ax.set_yticks(y, [wrap(i18n.lever_label(p, lang), 28) for p in block["parameter"]])
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(i18n.t("fig.index", lang))
        lows = block[["first_order_ci_low", "total_order_ci_low", "first_order"]].to_numpy(float)
        highs = block[["first_order_ci_high", "total_order_ci_high", "total_order"]].to_numpy(float)
        lo = np.nanmin(np.append(lows[np.isfinite(lows)], 0.0))
        hi = np.nanmax(np.append(highs[np.isfinite(highs)], 1.0))
        ax.set_xlim(max(lo, -0.5) - 0.02, min(hi, 1.5) + 0.02)
    for ax in axes[len(outcomes) :]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncol=2, frameon=False)
    return fig, title, i18n.t("fig.sobol.caption", lang)


# --------------------------------------------------------------------------------------------
# An experiment's figures


def _suffix(lang: str) -> str:
    return "" if lang == "en" else f".{lang}"


def experiment_figures(results: Results, lang: str = "en") -> Figures:
    """Every figure of an experiment, labelled in `lang` (English when no CJK font exists)."""
    lang = i18n.check_lang(lang)
    label_lang = i18n.figure_lang(lang)
    suffix = _suffix(lang)
    items: list[Rendered] = []
    outcomes = [o for o in results.outcomes if o in set(results.summary.get("outcome", []))]
    reps = results.replications

    def add(name: str, drawn: tuple[MplFigure, str, str]) -> None:
        fig, title, caption = drawn
        items.append(_render(fig, name + suffix, title, caption))

    with rc_context(_rc(label_lang)):
        if results.kind == "compare":
            series = results.timeseries
            chunks = _chunks(outcomes, PER_FIGURE)
            if len(series):
                for number_, chunk in enumerate(chunks, start=1):
                    name = "timeseries" if len(chunks) == 1 else f"timeseries-{number_}"
                    add(
                        name,
                        timeseries_figure(
                            series,
                            results.arms,
                            chunk,
                            reps=reps,
                            rollout_week=results.rollout_week,
                            ramp_weeks=results.ramp_weeks,
                            lang=label_lang,
                            part=(number_, len(chunks)),
                        ),
                    )
            forest_chunks = _chunks(outcomes, FOREST_PER_FIGURE)
            for number_, chunk in enumerate(forest_chunks, start=1):
                name = "forest" if len(forest_chunks) == 1 else f"forest-{number_}"
                add(
                    name,
                    forest_figure(results.summary, results.reference, results.arms, chunk, lang=label_lang),
                )
        elif results.kind == "sweep":
            params = results.parameters
            grid = results.spec.get("sampling", "grid") == "grid"
            chunks = _chunks(outcomes, PER_FIGURE)
            for number_, chunk in enumerate(chunks, start=1):
                tail = "" if len(chunks) == 1 else f"-{number_}"
                if grid and len(params) <= 2:
                    add(
                        f"sweep{tail}",
                        sweep_figure(results.summary, params, chunk, reps=reps, lang=label_lang),
                    )
                    if len(params) == 2:
                        add(
                            f"heatmap{tail}",
                            heatmap_figure(results.summary, params, chunk, reps=reps, lang=label_lang),
                        )
            if not (grid and len(params) <= 2):
                for number_, chunk in enumerate(_chunks(outcomes, 4), start=1):
                    add(
                        f"sweep-{number_}",
                        scatter_figure(results.summary, params, chunk, reps=reps, lang=label_lang),
                    )
        else:
            chunks = _chunks(outcomes, PER_FIGURE)
            for number_, chunk in enumerate(chunks, start=1):
                name = "sobol" if len(chunks) == 1 else f"sobol-{number_}"
                add(name, sobol_figure(results.summary, chunk, lang=label_lang))
    return Figures(items, lang, label_lang)


_FIGURE_FILE = re.compile(
    r"(timeseries|forest|sweep|heatmap|scatter|sobol)(-\d+)?(\.(?P<lang>zh))?\.(png|svg)"
)


def save_figures(figures: Figures, folder: Path | str) -> list[Path]:
    """Write NAME.png and NAME.svg for every figure into `folder` (each file written atomically)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # figures of an earlier report in this language that this one does not draw (fewer outcomes)
    keep = {f"{item.name}.{ext}" for item in figures.items for ext in ("png", "svg")}
    for old in folder.iterdir():
        match = _FIGURE_FILE.fullmatch(old.name)
        if match and (match.group("lang") or "en") == figures.lang and old.name not in keep:
            old.unlink(missing_ok=True)
    written = []
    for item in figures.items:
        png, svg = folder / f"{item.name}.png", folder / f"{item.name}.svg"
        write_file(png, item.png)
        write_file(svg, item.svg)
        written += [png, svg]
    return written
