"""The figures, drawn with matplotlib's Agg backend to PNG (no pyplot; Altair would load vega from a CDN).

Each canvas draws its static parts (axes, ticks, colour bar, legend) once and then only the
changing artists each week ("blitting"): a frame costs a few milliseconds instead of a full redraw.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Mapping
from typing import Any

import numpy as np

from model import i18n
from model.dashboard.geometry import BuildingLayout, MapData
from model.i18n import t
from model.outcomes import BY_NAME, Direction

MAP_RANGE = (0.2, 0.8)  # fixed colour scale, the same for both arms and every week
ARM_COLOURS = ("#1f77b4", "#d95f02")  # A blue, B orange, in maps' titles and in the plots
KEY_OUTCOMES = (
    "needs_met_on_time",
    "committee_self_governance_share",
    "trust",
    "belonging",
    "admin_backlog",
)


def _figure(width: float, height: float, dpi: int = 80) -> Any:
    """A matplotlib figure on an Agg canvas (no pyplot: nothing global, safe across sessions)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


def _rc(lang: str) -> dict[Any, Any]:
    """matplotlib settings for labels in `lang` (typed loosely: the stubs list every rcParams key)."""
    return i18n.figure_rc(lang)


def _canvas_png(figure: Any) -> bytes:
    """The canvas as it is now (after blitting) encoded as PNG."""
    from PIL import Image

    canvas = figure.canvas
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), bytes(canvas.buffer_rgba()), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class MapCanvas:
    """The community map of one arm: coloured buildings, ✕ for waiting disputes, dots for needs."""

    def __init__(self, layout: BuildingLayout, colour_by: str, lang: str, colour: str = "#333333") -> None:
        import matplotlib as mpl
        from matplotlib.lines import Line2D

        self.lang = i18n.figure_lang(lang)
        self.layout = layout
        self.rc = _rc(self.lang)
        with mpl.rc_context(self.rc):
            figure = _figure(5.6, 4.3)
            axes = figure.add_axes((0.01, 0.1, 0.86, 0.8))
            colour_axes = figure.add_axes((0.89, 0.15, 0.025, 0.7))
            cmap = mpl.colormaps["RdYlGn"].with_extremes(bad="#f2f2f2")
            blank = np.full((layout.height, layout.width), np.nan)
            self.image = axes.imshow(
                blank, cmap=cmap, vmin=MAP_RANGE[0], vmax=MAP_RANGE[1], interpolation="nearest", animated=True
            )
            empty = np.empty((0, 2))
            self.waiting = axes.scatter(empty[:, 0], empty[:, 1], c="black", alpha=0.55, linewidths=0)
            self.disputes = axes.scatter(
                empty[:, 0], empty[:, 1], s=70, marker="x", c="#c00000", linewidths=2.2
            )
            self.waiting.set_animated(True)
            self.disputes.set_animated(True)
            axes.set_xlim(-0.5, layout.width - 0.5)
            axes.set_ylim(layout.height - 0.5, -0.5)
            axes.set_axis_off()
            self.title = axes.set_title(" ", fontsize=11, color=colour, loc="left")
            self.title.set_animated(True)
            handles = [
                Line2D([], [], marker="o", linestyle="", color="black", alpha=0.55, markersize=5),
                Line2D([], [], marker="x", linestyle="", color="#c00000", markeredgewidth=2.2, markersize=7),
            ]
            axes.legend(
                handles,
                [t("ui.waiting_marker", self.lang), t("ui.dispute_marker", self.lang)],
                loc="upper center",
                bbox_to_anchor=(0.5, 0.0),
                ncol=2,
                fontsize=8,
                frameon=False,
                handletextpad=0.3,
            )
            bar = figure.colorbar(self.image, cax=colour_axes, extend="both")
            bar.ax.tick_params(labelsize=8)
            bar.set_label(t(f"map.{colour_by}", self.lang), fontsize=9)
            figure.canvas.draw()
            self.background = figure.canvas.copy_from_bbox(figure.bbox)
        self.figure = figure
        self.axes = axes
        self.lock = threading.Lock()

    def render(self, data: MapData, title: str) -> bytes:
        """This week's map as PNG: only the image, the markers and the title are redrawn."""
        import matplotlib as mpl

        layout = self.layout
        busy = data.waiting > 0
        hot = data.disputes > 0
        with self.lock, mpl.rc_context(self.rc):
            self.image.set_data(data.grid)
            self.waiting.set_offsets(np.column_stack([layout.x[busy], layout.y[busy]]))
            self.waiting.set_sizes(np.minimum(4.0 + 6.0 * data.waiting[busy], 60.0))
            self.disputes.set_offsets(np.column_stack([layout.x[hot], layout.y[hot]]))
            self.title.set_text(title)
            canvas = self.figure.canvas
            canvas.restore_region(self.background)
            for artist in (self.image, self.waiting, self.disputes, self.title):
                self.axes.draw_artist(artist)
            return _canvas_png(self.figure)


def _share_like(name: str) -> bool:
    """Whether outcome `name` lies in 0..1 (its axis never needs to grow)."""
    return BY_NAME[name].unit in ("share", "0-1")


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 x 10^k at or above `value` (axis tops that read well)."""
    if not np.isfinite(value) or value <= 0:
        return 1.0
    power = 10.0 ** np.floor(np.log10(value))
    return float(next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= value))


class OutcomePlots:
    """Key outcomes week by week for both arms, the reform week marked; axes grow only upwards."""

    def __init__(self, weeks: int, reform_week: int, labels: tuple[str, str], lang: str) -> None:
        import matplotlib as mpl

        self.lang = i18n.figure_lang(lang)
        self.rc = _rc(self.lang)
        self.tops: dict[str, float] = {name: 1.0 for name in KEY_OUTCOMES}
        with mpl.rc_context(self.rc):
            figure = _figure(15.0, 3.3)
            panels = figure.subplots(1, len(KEY_OUTCOMES))
            figure.subplots_adjust(left=0.04, right=0.99, top=0.78, bottom=0.2, wspace=0.32)
            self.lines: dict[str, list[Any]] = {}
            self.axes: dict[str, Any] = {}
            for axes, name in zip(panels, KEY_OUTCOMES, strict=True):
                self.axes[name] = axes
                self.lines[name] = [
                    axes.plot([], [], color=colour, linewidth=1.4, label=label, animated=True)[0]
                    for label, colour in zip(labels, ARM_COLOURS, strict=True)
                ]
                if 0 < reform_week < weeks:
                    axes.axvline(reform_week, color="#777777", linestyle="--", linewidth=0.9)
                axes.set_xlim(0, max(weeks, 1))
                axes.set_ylim(0.0, 1.0)
                arrow = "↑" if BY_NAME[name].direction is Direction.HIGHER else "↓"
                axes.set_title(f"{i18n.outcome_label(name, self.lang)} {arrow}", fontsize=9.5)
                axes.tick_params(labelsize=8)
                axes.set_xlabel(i18n.unit_label("weeks", self.lang), fontsize=8)
                axes.grid(alpha=0.3)
            first = panels[0]
            first.legend(loc="lower left", bbox_to_anchor=(0.0, 1.16), ncol=2, fontsize=9, frameon=False)
        self.figure = figure
        self.lock = threading.Lock()
        self.background: Any = None

    def _draw_background(self) -> None:
        """Draw everything once and keep it as the background the lines are drawn onto."""
        self.figure.canvas.draw()
        self.background = self.figure.canvas.copy_from_bbox(self.figure.bbox)

    def render(self, series: tuple[Mapping[str, np.ndarray], Mapping[str, np.ndarray]]) -> bytes:
        """The plots with both arms' series so far as PNG; an axis that must grow redraws once."""
        import matplotlib as mpl

        with self.lock, mpl.rc_context(self.rc):
            stale = self.background is None
            for name in KEY_OUTCOMES:
                if _share_like(name):
                    continue
                values = np.concatenate([np.asarray(s[name], dtype=float) for s in series])
                values = values[np.isfinite(values)]
                highest = float(values.max()) if len(values) else 0.0
                if highest > self.tops[name]:
                    self.tops[name] = _nice_ceiling(highest * 1.1)
                    self.axes[name].set_ylim(0.0, self.tops[name])
                    stale = True
            if stale:
                self._draw_background()
            canvas = self.figure.canvas
            canvas.restore_region(self.background)
            for name in KEY_OUTCOMES:
                for line, arm_series in zip(self.lines[name], series, strict=True):
                    values = arm_series[name]
                    line.set_data(np.arange(len(values)), values)
                    self.axes[name].draw_artist(line)
            return _canvas_png(self.figure)


def render_map(data: MapData, title: str, lang: str, colour: str = "#333333") -> bytes:
    """One map as PNG (builds a canvas; the page keeps its canvases between weeks)."""
    return MapCanvas(data.layout, data.colour_by, lang, colour).render(data, title)


def render_plots(
    series: tuple[Mapping[str, np.ndarray], Mapping[str, np.ndarray]],
    weeks: int,
    reform_week: int,
    labels: tuple[str, str],
    lang: str,
) -> bytes:
    """The outcome plots as PNG (builds a canvas; the page keeps its canvas between weeks)."""
    return OutcomePlots(weeks, reform_week, labels, lang).render(series)
