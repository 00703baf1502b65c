"""An exploration's figure per policy: PRIM's coverage–density trade-off, its points coloured by failure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D

from model import i18n
from model.analysis import explore_texts  # noqa: F401 - registers the exploration strings
from model.analysis.figures.labels import arm_label, param_label, wrap
from model.analysis.figures.style import OKABE_ITO, new_figure, number_axis, suptitle

FAIL, HOLD = OKABE_ITO["vermillion"], OKABE_ITO["blue"]


@dataclass
class PolicyView:
    """What one policy's figure shows: its judged points (`failed` set), its PRIM box and trajectory."""

    policy: str
    failure: str  # "any", or the one criterion whose box is shown
    points: pd.DataFrame
    boxes: pd.DataFrame
    tradeoff: pd.DataFrame


def _rows(table: pd.DataFrame, policy: str, failure: str) -> pd.DataFrame:
    if "policy" not in table or "failure" not in table:
        return table.iloc[0:0]
    return table[(table["policy"] == policy) & (table["failure"] == failure)]


def policy_view(
    summary: pd.DataFrame, points: pd.DataFrame, boxes: pd.DataFrame, tradeoff: pd.DataFrame, policy: str
) -> PolicyView:
    """A policy's failure by any criterion; when that has no box (it never or always fails), the first
    criterion alone that has one, so that the figure shows where something goes wrong."""
    rows = summary[summary["policy"] == policy]
    with_box = rows[rows["discovery"] == "box"]
    failure = "any"
    if len(with_box) and "any" not in set(with_box["failure"]):
        failure = str(with_box["failure"].iloc[0])
    mine = points[points["policy"] == policy]
    if failure == "any":
        mine = mine[~mine["unknown"].astype(bool)]
    else:
        mine = mine[mine[failure].notna()].assign(failed=mine[failure] == 1)
    return PolicyView(policy, failure, mine, _rows(boxes, policy, failure), _rows(tradeoff, policy, failure))


def shown_axes(boxes: pd.DataFrame, params: Sequence[str]) -> list[str]:
    """The two uncertainties to plot: the box's restricted ones first, then the others in spec order."""
    restricted = []
    if len(boxes) and "restricted" in boxes:
        restricted = [str(p) for p in boxes.loc[boxes["restricted"].fillna("") != "", "parameter"]]
    ordered = list(dict.fromkeys([*restricted, *params]))
    return ordered[:2]


def explore_figure(
    view: PolicyView, params: Sequence[str], *, lang: str = "en"
) -> tuple[MplFigure, str, str]:
    """Left: PRIM's peeling trajectory (density against coverage); right: the points and the box."""
    points, boxes, tradeoff = view.points, view.boxes, view.tradeoff
    fig = new_figure(11.5, 4.8)
    title = i18n.t("fig.explore.title", lang, policy=arm_label(view.policy, lang))
    if view.failure != "any":
        title += i18n.t("fig.explore.alone", lang, failure=view.failure)
    suptitle(fig, title, lang)
    left, right = fig.subplots(1, 2)
    if len(tradeoff):
        peeled = tradeoff[tradeoff["role"] != "reported"]
        scatter = left.scatter(
            peeled["coverage"], peeled["density"], c=peeled["res_dim"], cmap="viridis", s=22
        )
        left.plot(peeled["coverage"], peeled["density"], color="#999999", lw=0.8, zorder=0)
        chosen = tradeoff[tradeoff["role"] == "chosen"]
        left.scatter(chosen["coverage"], chosen["density"], s=160, facecolors="none", edgecolors="#000000")
        reported = tradeoff[tradeoff["role"] == "reported"]
        left.scatter(reported["coverage"], reported["density"], s=120, marker="*", color="#000000")
        fig.colorbar(scatter, ax=left, label=i18n.t("fig.explore.restricted", lang))
    else:
        status = "never" if not points["failed"].any() else "always"
        text = i18n.t("fig.explore.no_box", lang, status=i18n.t(f"fig.explore.{status}", lang))
        left.text(0.5, 0.5, text, ha="center", va="center", transform=left.transAxes)
    left.set_xlabel(i18n.t("fig.explore.coverage", lang))
    left.set_ylabel(i18n.t("fig.explore.density", lang))
    left.set_xlim(-0.02, 1.02)
    left.set_ylim(-0.02, 1.02)
    axes = shown_axes(boxes, params)
    x = axes[0]
    y = axes[1] if len(axes) > 1 else None
    failed = points["failed"].astype(bool)
    for mask, colour in ((~failed, HOLD), (failed, FAIL)):
        block = points[mask]
        right.scatter(block[x], block[y] if y else [0] * len(block), s=28, color=colour, alpha=0.85)
    for key, draw in ((x, right.axvline), (y, right.axhline)):
        if key is None or not len(boxes):
            continue
        row = boxes[boxes["parameter"] == key].iloc[0]
        for side, bound in (("low", row["low"]), ("high", row["high"])):
            if str(row["restricted"]) in (side, "both"):
                draw(float(bound), color="#333333", ls="--", lw=1)
    right.set_xlabel(wrap(param_label(x, lang), 50))
    if y:
        right.set_ylabel(wrap(param_label(y, lang), 40))
    else:
        right.set_yticks([])
    number_axis(right.xaxis)
    handles = [
        Line2D([], [], marker="o", ls="none", color=FAIL, label=i18n.t("fig.explore.fails", lang)),
        Line2D([], [], marker="o", ls="none", color=HOLD, label=i18n.t("fig.explore.holds", lang)),
    ]
    right.legend(handles=handles, loc="best", frameon=True)
    return fig, title, i18n.t("fig.explore.caption", lang)
