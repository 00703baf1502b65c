"""A subdistrict comparison: small multiples, one panel per community, of each arm's effect in MIDs.

Each panel lists the outcomes down and shows the arm's paired difference from the reference in
that community, divided by the outcome's minimum important difference, so outcomes of different
units share one axis; the grey band is ±1 MID (too small to matter). The axis is linear within
±1 MID and logarithmic beyond, so a cost difference of fifteen MIDs and a trust difference of one
fit one panel. Colours and filled markers
follow the forest plot: blue better, vermillion worse, filled when the verdict is clear.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from model import i18n
from model.analysis.figures.forest import change_colour
from model.analysis.figures.labels import arm_label, outcome_title, wrap
from model.analysis.figures.style import new_figure, suptitle
from model.experiment.comparison import DIRECTIONAL, direction_of

PANEL_COLUMNS = 4  # community panels per row
MARKERS = ("o", "s", "D", "^", "v", "P")  # one per compared arm, in arm order


def community_figure(
    effects: pd.DataFrame,
    communities: Sequence[tuple[str, str]],
    arms: Sequence[str],
    outcomes: Sequence[str],
    *,
    lang: str = "en",
) -> tuple[MplFigure, str, str]:
    """One panel per (community, type label) in `communities`: outcomes down, effect in MIDs across."""
    columns = min(PANEL_COLUMNS, len(communities))
    rows = math.ceil(len(communities) / columns)
    fig = new_figure(3.1 * columns + 1.6, (0.32 * len(outcomes) + 0.9) * rows + 1.6)
    title = i18n.t("fig.communities.title", lang)
    suptitle(fig, title, lang)
    axes = fig.subplots(rows, columns, squeeze=False, sharex=True, sharey=True).ravel()
    scaled = effects[effects["mid"] > 0]
    ratio = scaled["diff"] / scaled["mid"]
    spans = [*(scaled["low"] / scaled["mid"]), *(scaled["high"] / scaled["mid"]), *ratio]
    finite = [v for v in spans if math.isfinite(v)]
    limit = max(2.0, *(abs(v) for v in finite)) * 1.08 if finite else 2.0
    powers = [10.0**k for k in range(0, 7) if 10.0**k <= limit]
    ticks = sorted({0.0, *powers, *(-p for p in powers)})
    ys = np.arange(len(outcomes))[::-1].astype(float)
    offsets = np.linspace(-0.22, 0.22, len(arms)) if len(arms) > 1 else [0.0]
    for ax, (community, kind) in zip(axes, communities, strict=False):
        ax.set_title(wrap(f"{community} · {kind}", 34), loc="left", fontsize=10)
        ax.axvspan(-1, 1, color="#EEEEEE", lw=0)
        ax.axvline(0, color="#333333", lw=0.8)
        ax.grid(axis="y", visible=False)
        mine = scaled[scaled["unit"] == community]
        for offset, marker, arm in zip(offsets, MARKERS, arms, strict=False):
            for y, outcome in zip(ys, outcomes, strict=True):
                row = mine[(mine["arm"] == arm) & (mine["outcome"] == outcome)]
                if row.empty or not math.isfinite(float(row["diff"].iloc[0])):
                    continue
                diff, low, high, mid = (float(row[c].iloc[0]) for c in ("diff", "low", "high", "mid"))
                colour = change_colour(diff, direction_of(outcome))
                clear = str(row["verdict"].iloc[0]) in DIRECTIONAL
                if math.isfinite(low) and math.isfinite(high):
                    ax.plot([low / mid, high / mid], [y + offset] * 2, color=colour, lw=1.6)
                ax.plot(
                    [diff / mid],
                    [y + offset],
                    marker=marker,
                    ms=5.5,
                    color=colour,
                    mec=colour,
                    mfc=colour if clear else "white",
                    ls="none",
                )
        ax.set_xscale("symlog", linthresh=1.0)  # linear within ±1 MID, logarithmic beyond
        ax.set_xlim(-limit, limit)
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}".replace("-", "−")))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_yticks(ys, [wrap(outcome_title(o, lang), 26) for o in outcomes])
        ax.set_ylim(-0.6, len(outcomes) - 0.4)
    for ax in axes[len(communities) :]:
        ax.set_visible(False)
    for index, ax in enumerate(axes[: len(communities)]):
        if index + columns >= len(communities):  # the lowest panel of its column
            ax.set_xlabel(wrap(i18n.t("fig.communities.axis", lang), 44), fontsize=9)
            ax.tick_params(axis="x", labelbottom=True)
    legend = [arm_label(arm, lang) for arm in arms]
    handles = [
        ax.plot([], [], marker=marker, ls="none", color="#555555", label=name)[0]
        for ax, marker, name in zip([axes[0]] * len(arms), MARKERS, legend, strict=False)
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=min(4, len(handles)), frameon=False)
    return fig, title, i18n.t("fig.communities.caption", lang)
