"""A pilot evaluation's figure: power against the number of pilot communities, a line per pilot length."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure as MplFigure

from model import i18n
from model.analysis.figures.labels import panel_title
from model.analysis.figures.style import ARM_COLOURS, new_figure, no_data, panel_grid, suptitle
from model.analysis.pilot_texts import rule_label
from model.experiment.did import LEVEL
from model.experiment.pilot import ENOUGH_POWER


def pilot_figure(
    summary: pd.DataFrame, outcomes: Sequence[str], *, lang: str = "en"
) -> tuple[MplFigure, str, str]:
    """A panel per outcome: power by pilot communities, a line per length (dashed: showcase selection)."""
    rows, columns = panel_grid(max(len(outcomes), 1))
    fig = new_figure(4.2 * columns + 1.2, 3.4 * rows + 0.8)
    title = i18n.t("fig.pilot.title", lang)
    suptitle(fig, title, lang)
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    lengths = sorted(set(summary["weeks"])) if len(summary) else []
    for ax, outcome in zip(axes, outcomes, strict=False):
        block = summary[summary["outcome"] == outcome] if len(summary) else summary
        if not len(block):
            no_data(ax, lang)
            continue
        for (rule, weeks), line in block.groupby(["selection", "weeks"], sort=False):
            line = line.sort_values("pilots")
            rule_text = rule_label(str(rule), lang)
            ax.plot(
                line["pilots"],
                line["power"],
                marker="o",
                color=ARM_COLOURS[(lengths.index(weeks) + 1) % len(ARM_COLOURS)],
                ls={"random": "-", "showcase": "--"}.get(str(rule), ":"),
                label=i18n.t("fig.pilot.line", lang, weeks=weeks, rule=rule_text),
            )
        ax.axhline(ENOUGH_POWER, color="#777777", ls=":", lw=1)
        ax.set_ylim(-0.03, 1.03)
        ax.set_xticks(sorted(set(block["pilots"])))
        ax.set_title(panel_title(outcome, lang))
        ax.set_xlabel(i18n.t("fig.pilot.x", lang))
        ax.set_ylabel(i18n.t("fig.pilot.y", lang))
        ax.legend(loc="best", frameon=True, fontsize="small")
    for ax in axes[len(outcomes) :]:
        ax.set_visible(False)
    caption = i18n.t("fig.pilot.caption", lang, level=f"{LEVEL:.0%}", enough=f"{ENOUGH_POWER:.0%}")
    return fig, title, caption
