"""Compare: a forest plot of each arm's paired difference from the reference arm, per outcome.

Coloured by whether each change is in the outcome's better direction (grey when it has none);
a filled marker is a clear difference, an open one is not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure as MplFigure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D

from model import i18n
from model.analysis.figures.labels import (
    arm_label,
    direction_text,
    outcome_title,
    outcome_unit,
    wrap,
)
from model.analysis.figures.style import BETTER, NEUTRAL_GREY, WORSE, new_figure, number_axis, suptitle
from model.experiment.comparison import DIRECTIONAL
from model.formatting import decimals_for, fixed
from model.outcomes import Direction

INTERVAL = ("diff", "verdict_ci_low", "verdict_ci_high")  # the difference and the interval it is judged on


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
    fig = new_figure(11.5, sum(heights) + 1.9)
    title = i18n.t("fig.forest.title", lang, reference=arm_label(reference, lang))
    suptitle(fig, title, lang)
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
                for c in INTERVAL
            ]
        )
        for y, arm in zip(ys, others, strict=True):
            if arm not in block.index:
                continue
            row = block.loc[arm]
            diff, low, high = (float(row[c]) for c in INTERVAL)
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
            clear = str(row.get("verdict", "")) in DIRECTIONAL
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
        number_axis(ax.xaxis, bins=5)
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

