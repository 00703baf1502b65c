"""The house style of figures: colour-blind-safe colours, matplotlib settings, and drawing helpers.

Colours are the Okabe–Ito palette (safe for colour-blind readers). Figures use `matplotlib.figure.
Figure` directly (no pyplot, no backend switch), so they can be drawn from a notebook, a worker
thread or a headless server alike.
"""

from __future__ import annotations

import math
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.typing import RcKeyType

from model import i18n
from model.analysis.figures.labels import wrap
from model.formatting import axis_number

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
    "text.parse_math": False,  # names users give (arms) may hold '$': draw them as typed, not as maths
}


def new_figure(width: float, height: float) -> MplFigure:
    """A figure of `width` x `height` inches with constrained layout (no pyplot, so any thread may draw)."""
    return MplFigure(figsize=(width, height), dpi=DPI, layout="constrained")


def suptitle(fig: MplFigure, title: str, lang: str) -> None:
    """The figure's title, wrapped to its width; bold in English only."""
    # about 9 columns of 14-point text per inch; CJK fonts often come in one weight only (asking
    # for bold would log a font warning)
    columns = int(fig.get_figwidth() * 9.0)
    fig.suptitle(wrap(title, columns), fontweight="bold" if lang == "en" else "normal")


def style_rc(label_lang: str) -> dict[RcKeyType, Any]:
    """The house style with the fonts that can draw `label_lang`."""
    return {**RC, **i18n.figure_rc(label_lang)}


def number_axis(axis: Any, bins: int = 7) -> None:
    """Round ticks labelled like the tables: thousands separated, few decimals."""
    axis.set_major_locator(MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: axis_number(v)))


def no_data(ax: Axes, lang: str) -> None:
    """An empty panel saying there is nothing to draw, rather than an empty frame."""
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


def panel_grid(n: int, columns: int = 3) -> tuple[int, int]:
    """(rows, columns) for `n` panels: two columns for 2 or 4, else up to `columns`."""
    columns = 2 if n in (2, 4) else min(columns, n)
    return math.ceil(n / columns), columns

