"""A lever search's figure: public cost against each objective, the settings tried and the front."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D

from model import i18n
from model.analysis import search_texts  # noqa: F401 - registers the search strings
from model.analysis.figures.labels import outcome_bounds, outcome_title, panel_title
from model.analysis.figures.style import NEUTRAL_GREY, OKABE_ITO, new_figure, number_axis, suptitle

FRONT, OVER = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
THOUSAND = 1000.0  # the cost axis is in thousands of yuan a year


def _mark(flag: str, lang: str) -> str:
    return i18n.t(f"search.mark.{flag}", lang)


def _flag(frame: pd.DataFrame, name: str) -> np.ndarray:
    return frame[name].astype(bool).to_numpy() if name in frame else np.zeros(len(frame), dtype=bool)


def search_figure(
    candidates: pd.DataFrame,
    finalists: pd.DataFrame,
    objectives: Sequence[str],
    budget: float | None,
    *,
    lang: str = "en",
) -> tuple[MplFigure, str, str]:
    """One panel per objective: every candidate tried, the finalists with intervals, the front joined."""
    fig = new_figure(5.2 * len(objectives) + 0.8, 4.8)
    titles = [outcome_title(o, lang) for o in objectives]
    names = (
        "、".join(titles)
        if lang == "zh"
        else ", ".join(titles[:-1]) + " and " * (len(titles) > 1) + titles[-1]
    )
    title = i18n.t("fig.search.title", lang, outcome=names)
    suptitle(fig, title, lang)
    axes = np.atleast_1d(fig.subplots(1, len(objectives)))
    tried = candidates.drop_duplicates("candidate") if len(candidates) else candidates
    for ax, outcome in zip(axes, objectives, strict=True):
        ok = _flag(tried, "feasible")
        cost = tried["cost"].to_numpy(dtype=float) / THOUSAND if len(tried) else np.array([])
        ax.scatter(cost[ok], tried[outcome][ok], s=16, color=NEUTRAL_GREY, alpha=0.6)
        ax.scatter(cost[~ok], tried[outcome][~ok], s=22, color=OVER, marker="x", alpha=0.7)
        final = finalists.sort_values("cost")
        x = final["cost"].to_numpy(dtype=float) / THOUSAND
        y = final[outcome].to_numpy(dtype=float)
        floor, ceiling = outcome_bounds(outcome)  # an interval clipped to the values the outcome can take
        low = np.clip(final.get(f"{outcome}_ci_low", final[outcome]).to_numpy(dtype=float), floor, ceiling)
        high = np.clip(final.get(f"{outcome}_ci_high", final[outcome]).to_numpy(dtype=float), floor, ceiling)
        ax.errorbar(x, y, yerr=[y - low, high - y], fmt="o", color=FRONT, ms=6, capsize=3, zorder=3)
        joined = _flag(final, "feasible_front")
        ax.plot(x[joined], y[joined], color=FRONT, lw=1.2, zorder=2)
        for flag, style in (
            ("recommended", {"marker": "*", "s": 260}),
            ("enough", {"marker": "o", "s": 200}),
        ):
            mark = _flag(final, flag)
            face = "#000000" if flag == "recommended" else "none"
            ax.scatter(x[mark], y[mark], facecolors=face, edgecolors="#000000", zorder=4, **style)
        if budget is not None:
            ax.axvline(budget / THOUSAND, color="#333333", ls="--", lw=1)
        ax.set_title(panel_title(outcome, lang))
        ax.set_xlabel(i18n.t("fig.search.cost", lang))
        number_axis(ax.xaxis)
    handles = [
        Line2D([], [], marker="o", ls="none", color=NEUTRAL_GREY, label=i18n.t("fig.search.tried", lang)),
        Line2D([], [], marker="x", ls="none", color=OVER, label=i18n.t("fig.search.over", lang)),
        Line2D([], [], marker="o", color=FRONT, label=i18n.t("fig.search.front", lang)),
        Line2D([], [], marker="*", ls="none", color="#000000", ms=12, label=_mark("recommended", lang)),
        Line2D([], [], marker="o", ls="none", mfc="none", mec="#000000", ms=11, label=_mark("enough", lang)),
    ]
    if budget is not None:
        handles.append(Line2D([], [], color="#333333", ls="--", label=i18n.t("fig.search.budget", lang)))
    axes[-1].legend(handles=handles, loc="best", frameon=True, fontsize="small")
    return fig, title, i18n.t("fig.search.caption", lang)
