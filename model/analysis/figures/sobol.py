"""Sensitivity: first-order and total Sobol indices per parameter, with their bootstrap intervals."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure as MplFigure

from model import i18n
from model.analysis.figures.labels import outcome_title, wrap
from model.analysis.figures.style import OKABE_ITO, new_figure, no_data, panel_grid, suptitle


def sobol_figure(
    summary: pd.DataFrame, outcomes: Sequence[str], *, lang: str = "en"
) -> tuple[MplFigure, str, str]:
    """Per outcome: S1 and ST per parameter, horizontal bars with 95% bootstrap intervals."""
    params = list(dict.fromkeys(summary["parameter"]))
    rows, columns = panel_grid(len(outcomes), 2 if len(params) > 5 else 3)
    panel_height = 0.5 * len(params) + 1.2
    fig = new_figure(6.0 * columns + 0.6 if columns < 3 else 15.5, panel_height * rows + 1.5)
    title = i18n.t("fig.sobol.title", lang)
    suptitle(fig, title, lang)
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    colours = {"first_order": OKABE_ITO["sky_blue"], "total_order": OKABE_ITO["blue"]}
    names = {"first_order": i18n.t("fig.s1", lang), "total_order": i18n.t("fig.st", lang)}
    for index, (ax, outcome) in enumerate(zip(axes, outcomes, strict=False)):
        block = summary[summary["outcome"] == outcome].sort_values("total_order", ascending=True)
        ax.set_title(wrap(outcome_title(outcome, lang), 40), loc="left")
        if not len(block):
            no_data(ax, lang)
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
        ax.set_yticks(y, [wrap(i18n.key_label(p, lang), 28) for p in block["parameter"]])
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

