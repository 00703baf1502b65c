"""Workshop dashboard: two governance arrangements side by side, on the same seed, week by week.

Start it with `commgov dashboard [--lang zh|en]` (see model/dashboard.py), which runs this file
with `solara run`. The page shows, for arrangements A and B (each a scenario from scenarios/ with
a handful of key levers editable): a community map (buildings coloured by residents' mean
satisfaction, belonging or trust; waiting disputes and needs as markers), plots of key outcomes
growing week by week, and a table of current values. Play, Step and Reset drive both together.

Design (see docs/decisions.md):
- `PairedCommunities` is one Mesa model holding two `CommunityModel`s built from the two
  arrangements with the same seed; its `step()` steps both. Every `__init__` argument is a keyword
  with a default, so a reset is `PairedCommunities(**kwargs)` with the current settings.
- Models are built inside the `Page` component (`solara.use_memo`), so every browser session has
  its own pair: Solara executes this module once per server, and a module-level model would be
  shared by every participant of a workshop.
- Figures are rendered with matplotlib's Agg backend to PNG (no Altair: vega comes from a CDN).
- Every label comes from model/i18n.py; the default language is $COMMGOV_LANG (en or zh).
"""

from __future__ import annotations

import html
import io
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import mesa
import numpy as np

from model import i18n
from model.i18n import t
from model.needs import NeedKind
from model.outcomes import BY_NAME, Direction
from model.schema import MAX_WEEKS, Scenario, after_reform

MAX_SEED = 2**63 - 1
DEFAULT_ARMS = ("traditional", "yicheng")
DEFAULT_SEED = 1
DEFAULT_REFORM_WEEK = 52
DEFAULT_WEEKS_PER_FRAME = 1
MIN_FRAME_SECONDS = 0.15  # playing never runs faster than this per frame (readable, light on CPU)
RECENT_WEEKS = 4  # the table shows the mean of the last few weeks (single weeks are noisy)
COLOUR_BY = ("satisfaction", "belonging", "trust")
ARM_COLOURS = ("#1f77b4", "#d95f02")  # A blue, B orange, in maps' titles and in the plots


# --------------------------------------------------------------------------------------------
# The levers a workshop edits


@dataclass(frozen=True)
class LeverControl:
    """One editable lever: a checkbox (bool), a slider (number) or a select (choice)."""

    key: str  # dotted schema key, e.g. "government.workstation"
    kind: str  # "checkbox" | "slider" | "select"
    low: int = 0
    high: int = 1
    step: int = 1


KEY_LEVERS: tuple[LeverControl, ...] = (
    LeverControl("government.workstation", "checkbox"),
    LeverControl("government.workstation_staff", "slider", 0, 30),
    LeverControl("government.shared_staff", "checkbox"),
    LeverControl("government.top_down_tasks_per_week", "slider", 0, 120, 2),
    LeverControl("government.gatekeeping", "checkbox"),
    LeverControl("party.stairwell_groups", "checkbox"),
    LeverControl("self_governance.neighbourhood_points", "slider", 0, 40),
    LeverControl("self_governance.volunteer_organisations", "checkbox"),
    LeverControl("market.elder_care", "select"),
    LeverControl("social_workers.count", "slider", 0, 20),
)
LEVERS_BY_KEY = {lever.key: lever for lever in KEY_LEVERS}

KEY_OUTCOMES = (
    "needs_met_on_time",
    "committee_self_governance_share",
    "trust",
    "belonging",
    "admin_backlog",
)
TABLE_OUTCOMES = (
    *KEY_OUTCOMES,
    "satisfaction",
    "wait_weeks_admin",
    "escalations_per_1000",
    "elder_care_met_low_income",
    "public_cost",
)


def parse_seed(text: str | int) -> int:
    """A seed typed in a text box, as an int in [0, 2**63 - 1]; ValueError otherwise."""
    if isinstance(text, bool):
        raise ValueError("a seed is a whole number, not true/false")
    if isinstance(text, int):
        value = text
    else:
        cleaned = str(text).strip().replace("_", "").replace(",", "")
        if not re.fullmatch(r"\+?\d+", cleaned):
            raise ValueError(f"a seed is a whole number from 0 to {MAX_SEED}, not {text!r}")
        value = int(cleaned)
    if not 0 <= value <= MAX_SEED:
        raise ValueError(f"a seed is a whole number from 0 to {MAX_SEED}, not {value}")
    return value


def _typed(key: str, value: Any) -> Any:
    """A lever value converted to the schema field's type (sliders give ints, TOML floats)."""
    section, name = key.split(".")
    annotation = Scenario.model_fields[section].annotation.model_fields[name].annotation
    if annotation is float:
        return float(value)
    if annotation is int:
        return int(value)
    if annotation is bool:
        return bool(value)
    return getattr(value, "value", value)  # choices travel as their text


@lru_cache(maxsize=64)
def _scenario_file(name: str) -> Scenario:
    from model.scenario import load_scenario

    return load_scenario(name)


def scenario_levers(name: str) -> dict[str, Any]:
    """The key levers of scenario `name` as in force after its reform (what the editor shows)."""
    after = after_reform(_scenario_file(name))
    return {lever.key: _typed(lever.key, _lever_value(after, lever.key)) for lever in KEY_LEVERS}


def _lever_value(scenario: Scenario, key: str) -> Any:
    section, name = key.split(".")
    return getattr(getattr(scenario, section), name)


def arm_scenario(
    name: str,
    levers: Mapping[str, Any] | None = None,
    *,
    seed: int = DEFAULT_SEED,
    reform_week: int | None = DEFAULT_REFORM_WEEK,
    households: int | None = None,
    weeks: int | None = None,
) -> Scenario:
    """Scenario `name` with lever edits applied to the arrangement after its reform.

    Edits go to rollout.set, so both arms share the "before" arrangement of their scenario
    files and change at the same reform week (0 = the edited arrangement from the start).
    """
    from model.scenario import load_scenario

    overrides: dict[str, Any] = {f"rollout.set.{key}": _typed(key, v) for key, v in (levers or {}).items()}
    overrides["run.seed"] = seed
    if reform_week is not None:
        overrides["run.rollout_week"] = int(reform_week)
    if households is not None:
        overrides["population.households"] = int(households)
    if weeks is not None:
        overrides["run.weeks"] = int(weeks)
    return load_scenario(name, overrides)


# --------------------------------------------------------------------------------------------
# The paired model


@dataclass
class Arm:
    """One side of the comparison."""

    letter: str
    name: str  # scenario name
    levers: dict[str, Any]  # edits relative to the scenario (after its reform)
    model: Any  # CommunityModel
    layout: BuildingLayout


class PairedCommunities(mesa.Model):
    """Two communities, identical residents (same seed), under two arrangements, stepped together."""

    def __init__(
        self,
        scenario_a: str = DEFAULT_ARMS[0],
        scenario_b: str = DEFAULT_ARMS[1],
        levers_a: Mapping[str, Any] | None = None,
        levers_b: Mapping[str, Any] | None = None,
        seed: int | str = DEFAULT_SEED,
        reform_week: int | None = DEFAULT_REFORM_WEEK,
        households: int | None = None,
        weeks: int | None = None,
    ) -> None:
        from model.community import CommunityModel

        seed_value = parse_seed(seed)
        super().__init__(rng=np.random.default_rng(seed_value))  # Mesa 3.3 to 3.5 accept rng=
        self.seed_value = seed_value
        self.kwargs: dict[str, Any] = {
            "scenario_a": scenario_a,
            "scenario_b": scenario_b,
            "levers_a": dict(levers_a or {}),
            "levers_b": dict(levers_b or {}),
            "seed": seed_value,
            "reform_week": reform_week,
            "households": households,
            "weeks": weeks,
        }
        self.lock = threading.RLock()
        self.closed = False
        arms = []
        for letter, name, levers in (("A", scenario_a, levers_a), ("B", scenario_b, levers_b)):
            scenario = arm_scenario(
                name,
                levers,
                seed=seed_value,
                reform_week=reform_week,
                households=households,
                weeks=weeks,
            )
            community = CommunityModel(scenario)
            arms.append(Arm(letter, name, dict(levers or {}), community, layout_of(community.population)))
        self.arms: tuple[Arm, Arm] = (arms[0], arms[1])
        self.running = self.weeks > 0

    @property
    def week(self) -> int:
        """Weeks simulated so far (both arms always agree)."""
        return self.arms[0].model.week

    @property
    def weeks(self) -> int:
        return min(arm.model.settings.run.weeks for arm in self.arms)

    @property
    def reform_week(self) -> int:
        return self.arms[0].model.settings.run.rollout_week

    def step(self) -> None:
        """One week in both communities."""
        with self.lock:
            if self.week >= self.weeks:
                self.running = False
                return
            for arm in self.arms:
                arm.model.step()
            self.running = self.week < self.weeks

    def advance(self, weeks: int) -> int:
        """Step up to `weeks` weeks (fewer at the end of the run); returns how many were run."""
        done = 0
        while done < weeks and self.running and not self.closed:
            self.step()
            done += 1
        return done

    def reset(self) -> PairedCommunities:
        """A fresh pair built from the same arguments (week 0 again)."""
        return type(self)(**self.kwargs)

    def release(self) -> None:
        """Forget Mesa's bookkeeping of the two communities (a long workshop resets many times)."""
        from model.simulate import release

        self.closed = True
        for arm in self.arms:
            release(arm.model)


# --------------------------------------------------------------------------------------------
# The community map


@dataclass(frozen=True)
class BuildingLayout:
    """Where each building sits on the map: compounds are blocks, buildings cells in a block."""

    x: np.ndarray  # column of each building
    y: np.ndarray  # row of each building
    width: int
    height: int
    compound_centres: tuple[tuple[float, float], ...]


def layout_of(population: Any) -> BuildingLayout:
    """Compounds as near-square blocks of cells, blocks in near-square rows, one cell apart."""
    compound_of = np.asarray(population.building_compound)
    buildings = len(compound_of)
    compounds = int(compound_of.max()) + 1 if buildings else 0
    per_compound = np.bincount(compound_of, minlength=compounds) if buildings else np.zeros(0, int)
    largest = int(per_compound.max()) if buildings else 1
    block_w = max(int(np.ceil(np.sqrt(largest))), 1)
    block_h = max(int(np.ceil(largest / block_w)), 1)
    blocks_per_row = max(int(np.ceil(np.sqrt(max(compounds, 1) * block_h / block_w * 4 / 3))), 1)
    first = np.searchsorted(compound_of, np.arange(compounds)) if buildings else np.zeros(0, int)
    index_in_compound = np.arange(buildings) - first[compound_of] if buildings else np.zeros(0, int)
    block_col = compound_of % blocks_per_row
    block_row = compound_of // blocks_per_row
    x = block_col * (block_w + 1) + index_in_compound % block_w
    y = block_row * (block_h + 1) + index_in_compound // block_w
    rows = int(np.ceil(compounds / blocks_per_row)) if compounds else 1
    centres = tuple(
        (
            float((c % blocks_per_row) * (block_w + 1) + (block_w - 1) / 2),
            float((c // blocks_per_row) * (block_h + 1) + (block_h - 1) / 2),
        )
        for c in range(compounds)
    )
    return BuildingLayout(
        x=x.astype(np.int32),
        y=y.astype(np.int32),
        width=int(min(blocks_per_row, max(compounds, 1)) * (block_w + 1) - 1),
        height=int(rows * (block_h + 1) - 1),
        compound_centres=centres,
    )


@dataclass
class MapData:
    """What the map of one community shows this week."""

    grid: np.ndarray  # (height, width): mean colour attribute of the building in each cell, NaN = none
    building_values: np.ndarray  # mean colour attribute per building
    disputes: np.ndarray  # neighbour disputes waiting, per building
    waiting: np.ndarray  # residents' needs waiting (every kind), per building
    layout: BuildingLayout
    colour_by: str


def map_data(
    community: Any, colour_by: str = "satisfaction", layout: BuildingLayout | None = None
) -> MapData:
    """Per-building means and waiting needs of `community`, laid out on the map grid."""
    if colour_by not in COLOUR_BY:
        raise ValueError(f"colour_by must be one of {', '.join(COLOUR_BY)}, not {colour_by!r}")
    population = community.population
    layout = layout or layout_of(population)
    buildings = len(population.building_compound)
    residents = np.bincount(population.building, minlength=buildings)
    total = np.bincount(population.building, weights=getattr(population, colour_by), minlength=buildings)
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(residents > 0, total / np.maximum(residents, 1), np.nan)
    book = community.book
    waiting = book.waiting
    who = book.resident[waiting]
    kinds = book.kind[waiting]
    own = who >= 0  # top-down tasks belong to nobody
    where = population.building[who[own]]
    waiting_count = np.bincount(where, minlength=buildings)
    disputes = np.bincount(where[kinds[own] == NeedKind.DISPUTE], minlength=buildings)
    grid = np.full((layout.height, layout.width), np.nan)
    grid[layout.y, layout.x] = values
    return MapData(grid, values, disputes, waiting_count, layout, colour_by)


# --------------------------------------------------------------------------------------------
# Figures (matplotlib Agg, no pyplot). Each canvas draws its static parts (axes, ticks, colour
# bar, legend) once and then only the changing artists each week ("blitting"): a frame costs a
# few milliseconds instead of a full redraw.

MAP_RANGE = (0.2, 0.8)  # fixed colour scale, the same for both arms and every week


def _figure(width: float, height: float, dpi: int = 80) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(figure)
    return figure


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
        self.rc = i18n.figure_rc(self.lang)
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
        self.rc = i18n.figure_rc(self.lang)
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
        self.figure.canvas.draw()
        self.background = self.figure.canvas.copy_from_bbox(self.figure.bbox)

    def render(self, series: tuple[Mapping[str, np.ndarray], Mapping[str, np.ndarray]]) -> bytes:
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


def recent_value(values: np.ndarray, weeks: int = RECENT_WEEKS) -> float:
    """Mean of the last `weeks` weekly values that have data (NaN when none)."""
    tail = np.asarray(values[-weeks:], dtype=float)
    tail = tail[np.isfinite(tail)]
    return float(tail.mean()) if len(tail) else float("nan")


def format_value(name: str, value: float) -> str:
    if not np.isfinite(value):
        return "–"
    unit = BY_NAME[name].unit
    if unit in ("share", "0-1"):
        return f"{value:.3f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if unit != "needs" else f"{value:.0f}"


@dataclass
class TableRow:
    name: str
    label: str
    unit: str
    a: float
    b: float

    @property
    def difference(self) -> float:
        return self.b - self.a


def table_rows(
    series: tuple[Mapping[str, np.ndarray], Mapping[str, np.ndarray]], lang: str
) -> list[TableRow]:
    return [
        TableRow(
            name,
            i18n.outcome_label(name, lang),
            i18n.outcome_unit(name, lang),
            recent_value(series[0][name]),
            recent_value(series[1][name]),
        )
        for name in TABLE_OUTCOMES
    ]


def table_html(rows: list[TableRow], lang: str) -> str:
    """The current-values table as HTML (escaped)."""
    e = html.escape
    head = (
        f"<tr><th style='text-align:left'>{e(t('ui.outcome', lang))}</th>"
        f"<th>A</th><th>B</th><th>{e(t('ui.difference', lang))}</th>"
        f"<th style='text-align:left'>{e(t('ui.unit', lang))}</th></tr>"
    )
    body = []
    for row in rows:
        arrow = "↑" if BY_NAME[row.name].direction is Direction.HIGHER else "↓"
        diff = row.difference
        diff_text = "–" if not np.isfinite(diff) else ("+" if diff > 0 else "") + format_value(row.name, diff)
        body.append(
            f"<tr data-outcome='{e(row.name)}'><td>{e(row.label)} {arrow}</td>"
            f"<td class='value-a'>{e(format_value(row.name, row.a))}</td>"
            f"<td class='value-b'>{e(format_value(row.name, row.b))}</td>"
            f"<td class='value-diff'>{e(diff_text)}</td><td>{e(row.unit)}</td></tr>"
        )
    style = (
        "<style>.commgov-table td,.commgov-table th{padding:2px 10px;text-align:right;"
        "border-bottom:1px solid #ddd}.commgov-table td:first-child,.commgov-table td:last-child"
        "{text-align:left}</style>"
    )
    return f"{style}<table class='commgov-table'>{head}{''.join(body)}</table>"


@dataclass
class Frame:
    """Everything the page shows for one week, rendered outside the component tree."""

    week: int
    weeks: int
    maps: tuple[bytes, bytes]
    plots: bytes
    rows: list[TableRow]
    render_seconds: float = 0.0
    arm_titles: tuple[str, str] = ("", "")
    changed: tuple[str, str] = ("", "")


def arm_title(arm: Arm, lang: str) -> str:
    return f"{arm.letter}: {i18n.scenario_label(arm.name, lang)}"


def changed_text(arm: Arm, lang: str) -> str:
    if not arm.levers:
        return t("ui.unchanged", lang)
    items = "; ".join(
        f"{i18n.lever_label(key, lang)} = {i18n.value_text(key, value, lang)}"
        for key, value in arm.levers.items()
    )
    return t("ui.changed", lang, items=items)


class FrameRenderer:
    """The canvases of one pair in one language and colouring, kept between weeks."""

    def __init__(self, paired: PairedCommunities, colour_by: str = "satisfaction", lang: str = "en") -> None:
        self.paired = paired
        self.colour_by = colour_by
        self.lang = lang
        figure_lang = i18n.figure_lang(lang)
        self.titles = tuple(arm_title(arm, figure_lang) for arm in paired.arms)
        self.letters = tuple(arm.letter for arm in paired.arms)
        self.maps = tuple(
            MapCanvas(arm.layout, colour_by, lang, colour)
            for arm, colour in zip(paired.arms, ARM_COLOURS, strict=True)
        )
        self.plots = OutcomePlots(paired.weeks, paired.reform_week, (self.titles[0], self.titles[1]), lang)

    def frame(self) -> Frame:
        """Snapshot both arms under the pair's lock, then draw maps, plots and table."""
        paired, lang = self.paired, self.lang
        started = time.perf_counter()
        with paired.lock:
            week = paired.week
            data = tuple(map_data(arm.model, self.colour_by, arm.layout) for arm in paired.arms)
            series = tuple(arm.model.record.series(week) for arm in paired.arms)
        week_text = t("ui.week_of", i18n.figure_lang(lang), week=week, weeks=paired.weeks)
        maps = tuple(
            canvas.render(d, f"{letter} · {week_text}")
            for canvas, d, letter in zip(self.maps, data, self.letters, strict=True)
        )
        plots = self.plots.render((series[0], series[1]))
        return Frame(
            week=week,
            weeks=paired.weeks,
            maps=(maps[0], maps[1]),
            plots=plots,
            rows=table_rows((series[0], series[1]), lang),
            render_seconds=time.perf_counter() - started,
            arm_titles=(arm_title(paired.arms[0], lang), arm_title(paired.arms[1], lang)),
            changed=(changed_text(paired.arms[0], lang), changed_text(paired.arms[1], lang)),
        )


def render_frame(paired: PairedCommunities, colour_by: str = "satisfaction", lang: str = "en") -> Frame:
    """One frame drawn from scratch (the page keeps a FrameRenderer between weeks instead)."""
    return FrameRenderer(paired, colour_by, lang).frame()


# --------------------------------------------------------------------------------------------
# Settings of one browser session


@dataclass(frozen=True)
class Settings:
    """Everything that defines the pair; changing any of it rebuilds the models at week 0."""

    scenario_a: str = DEFAULT_ARMS[0]
    scenario_b: str = DEFAULT_ARMS[1]
    levers_a: tuple[tuple[str, Any], ...] = ()
    levers_b: tuple[tuple[str, Any], ...] = ()
    seed: int = DEFAULT_SEED
    reform_week: int = DEFAULT_REFORM_WEEK
    households: int | None = None
    weeks: int | None = None

    def kwargs(self) -> dict[str, Any]:
        return {
            "scenario_a": self.scenario_a,
            "scenario_b": self.scenario_b,
            "levers_a": dict(self.levers_a),
            "levers_b": dict(self.levers_b),
            "seed": self.seed,
            "reform_week": self.reform_week,
            "households": self.households,
            "weeks": self.weeks,
        }

    def scenario(self, letter: str) -> str:
        return self.scenario_a if letter == "A" else self.scenario_b

    def levers(self, letter: str) -> dict[str, Any]:
        return dict(self.levers_a if letter == "A" else self.levers_b)

    def with_scenario(self, letter: str, name: str) -> Settings:
        """Pick another scenario for one arm; its lever edits are dropped."""
        if letter == "A":
            return replace(self, scenario_a=name, levers_a=())
        return replace(self, scenario_b=name, levers_b=())

    def with_lever(self, letter: str, key: str, value: Any) -> Settings:
        """Edit one lever of one arm; an edit back to the scenario's own value is dropped."""
        value = _typed(key, value)
        levers = self.levers(letter)
        if scenario_levers(self.scenario(letter)).get(key) == value:
            levers.pop(key, None)
        else:
            levers[key] = value
        frozen = tuple(sorted(levers.items()))
        return replace(self, levers_a=frozen) if letter == "A" else replace(self, levers_b=frozen)

    def lever_values(self, letter: str) -> dict[str, Any]:
        """What the editor shows: the scenario's levers after its reform, with this arm's edits."""
        return {**scenario_levers(self.scenario(letter)), **self.levers(letter)}


def settings_from_env() -> Settings:
    """Defaults, with $COMMGOV_DASHBOARD_HOUSEHOLDS / _WEEKS for small demonstrations and tests."""
    import os

    def number(name: str) -> int | None:
        text = os.environ.get(name, "").strip()
        return int(text) if text.isdigit() and int(text) > 0 else None

    weeks = number("COMMGOV_DASHBOARD_WEEKS")
    return Settings(
        households=number("COMMGOV_DASHBOARD_HOUSEHOLDS"),
        weeks=min(weeks, MAX_WEEKS) if weeks else None,
    )


def build_pair(settings: Settings) -> tuple[PairedCommunities | None, str]:
    """The pair for `settings`, or None and a sentence saying why it could not be built."""
    from model.errors import InputError

    try:
        return PairedCommunities(**settings.kwargs()), ""
    except (InputError, ValueError) as error:
        return None, str(error)


def scenario_choices() -> list[str]:
    from model.scenario import shipped_scenarios

    names = shipped_scenarios()
    known = [n for n in i18n.known_scenarios() if n in names]
    return known + [n for n in names if n not in known]


# --------------------------------------------------------------------------------------------
# The page (Solara components)

import solara  # noqa: E402  (kept below the logic so that its tests read it first)


def _line(text: str, style: str = "", css: str = "") -> None:
    """One line of text as a block (solara.Text is an inline span: lines would run together)."""
    solara.v.Html(tag="div", children=[text], style_=style, class_=css)


@solara.component
def LeverEditor(letter: str, settings: solara.Reactive[Settings], lang: str, on_change: Any) -> None:
    """Scenario select plus the key levers of one arm."""
    current = settings.value
    values = current.lever_values(letter)

    def pick(name: str) -> None:
        if name and name != current.scenario(letter):
            on_change(current.with_scenario(letter, name))

    def setter(key: str):
        def set_value(value: Any) -> None:
            updated = current.with_lever(letter, key, value)
            if updated != current:
                on_change(updated)

        return set_value

    colour = ARM_COLOURS[0 if letter == "A" else 1]
    with solara.Card(t("ui.arm", lang, arm=letter), style={"border-left": f"4px solid {colour}"}):
        solara.v.Select(
            label=t("ui.scenario", lang),
            items=[{"text": i18n.scenario_label(n, lang), "value": n} for n in scenario_choices()],
            v_model=current.scenario(letter),
            on_v_model=pick,
            class_=f"commgov-scenario-{letter.lower()}",
        )
        _line(t("ui.levers", lang), "font-weight: bold; font-size: 0.85em")
        for lever in KEY_LEVERS:
            label = i18n.lever_label(lever.key, lang)
            value = values[lever.key]
            css = f"commgov-lever-{letter.lower()}-{lever.key.replace('.', '-').replace('_', '-')}"
            with solara.Div(classes=[css]):
                if lever.kind == "checkbox":
                    solara.Checkbox(label=label, value=bool(value), on_value=setter(lever.key))
                elif lever.kind == "slider":
                    unit = i18n.lever_unit(lever.key, lang)
                    solara.SliderInt(
                        f"{label}: {round(value)} {unit}".rstrip(),
                        value=round(value),
                        min=lever.low,
                        max=lever.high,
                        step=lever.step,
                        on_value=setter(lever.key),
                    )
                else:
                    solara.v.Select(
                        label=label,
                        items=[
                            {"text": i18n.choice_label(lever.key, c, lang), "value": c}
                            for c in i18n.choices(lever.key)
                        ],
                        v_model=str(value),
                        on_v_model=setter(lever.key),
                        dense=True,
                    )


@solara.component
def ArmView(arm: Arm, title: str, changed: str, image: bytes, lang: str) -> None:
    population = arm.model.population
    colour = ARM_COLOURS[0 if arm.letter == "A" else 1]
    with solara.Card(
        style={"border-top": f"4px solid {colour}"}, classes=[f"commgov-arm-{arm.letter.lower()}"]
    ):
        # (not solara.Markdown: it loads KaTeX, which solara-assets does not ship)
        solara.HTML(tag="h3", unsafe_innerHTML=html.escape(title), style={"margin": "0 0 4px 0"})
        description = i18n.scenario_description(arm.name, lang, arm.model.settings.description)
        _line(description, "font-size: 0.85em")
        residents = t(
            "ui.residents",
            lang,
            residents=population.size,
            buildings=population.buildings,
            compounds=population.compounds,
        )
        _line(residents, "font-size: 0.85em; color: #555")
        _line(changed, "font-size: 0.85em; color: #555", "commgov-changed")
        solara.Image(image, width="100%")


@solara.component
def Page() -> None:
    """The page Solara serves: the dashboard in an app layout (controls in the sidebar)."""
    Dashboard(app_layout=True)


@solara.component
def Dashboard(app_layout: bool = True) -> None:
    """Everything on the page; `app_layout=False` puts the controls inline (for tests)."""
    lang_state = solara.use_reactive(i18n.env_lang())
    lang = lang_state.value
    settings = solara.use_reactive(settings_from_env())
    generation = solara.use_reactive(0)  # bumped by Reset: a new pair from the same settings
    tick = solara.use_reactive(0)  # bumped after each frame of stepping
    playing = solara.use_reactive(False)
    colour_by = solara.use_reactive(COLOUR_BY[0])
    per_frame = solara.use_reactive(DEFAULT_WEEKS_PER_FRAME)
    seed_text = solara.use_reactive(str(settings.value.seed))
    seed_error = solara.use_reactive("")

    # This session's own models: built here, never at module level.
    paired, build_error = solara.use_memo(
        lambda: build_pair(settings.value), dependencies=[settings.value, generation.value]
    )

    def release_later():
        return paired.release if paired is not None else None

    solara.use_effect(release_later, [paired])

    def change_settings(updated: Settings) -> None:
        playing.value = False
        settings.value = updated

    def play_loop() -> None:
        model = paired
        while playing.value and model is not None and model.running and not model.closed:
            started = time.perf_counter()
            model.advance(max(int(per_frame.value), 1))
            tick.value += 1  # re-renders this session's page
            time.sleep(max(MIN_FRAME_SECONDS - (time.perf_counter() - started), 0.01))
        if model is not None and not model.running:
            playing.value = False

    solara.lab.use_task(play_loop, dependencies=[playing.value, paired], prefer_threaded=True)

    renderer = solara.use_memo(
        lambda: FrameRenderer(paired, colour_by.value, lang) if paired is not None else None,
        dependencies=[paired, colour_by.value, lang],
    )
    frame = solara.use_memo(
        lambda: renderer.frame() if renderer is not None else None,
        dependencies=[renderer, tick.value],
    )

    def step() -> None:
        if paired is not None:
            paired.advance(max(int(per_frame.value), 1))
            tick.value += 1

    def reset() -> None:
        playing.value = False
        generation.value += 1

    def set_seed(text: str) -> None:
        seed_text.value = text
        try:
            seed = parse_seed(text)
        except ValueError:
            seed_error.value = t("ui.seed_error", lang, max=MAX_SEED, seed=settings.value.seed)
            return
        seed_error.value = ""
        if seed != settings.value.seed:
            change_settings(replace(settings.value, seed=seed))

    solara.Title(t("ui.title", lang))
    with solara.AppBar() if app_layout else solara.Row():
        if app_layout:
            solara.AppBarTitle(t("ui.title", lang))
        for code, name in (("zh", "中文"), ("en", "English")):
            solara.Button(
                name,
                text=True,
                on_click=lambda code=code: lang_state.set(code),
                disabled=lang == code,
                classes=[f"commgov-lang-{code}"],
            )

    running = paired is not None and paired.running
    with solara.Sidebar() if app_layout else solara.Column():
        with solara.Card(t("ui.run", lang)):
            week_text = t("ui.week_of", lang, week=paired.week, weeks=paired.weeks) if paired else "–"
            _line(week_text, "font-weight: bold", "commgov-week")
            with solara.Row():
                solara.Button(
                    t("ui.pause" if playing.value else "ui.play", lang),
                    icon_name="mdi-pause" if playing.value else "mdi-play",
                    color="primary",
                    on_click=lambda: playing.set(not playing.value),
                    disabled=not running,
                    classes=["commgov-play"],
                )
                solara.Button(
                    t("ui.step", lang),
                    color="primary",
                    on_click=step,
                    disabled=playing.value or not running,
                    classes=["commgov-step"],
                )
                solara.Button(t("ui.reset", lang), on_click=reset, classes=["commgov-reset"])
            if paired is not None and not paired.running:
                solara.Info(t("ui.finished", lang))
            solara.InputText(
                t("ui.seed", lang),
                value=seed_text.value,
                on_value=set_seed,
                continuous_update=False,
                error=seed_error.value or False,
                message=t("ui.seed_hint", lang),
                classes=["commgov-seed"],
            )
            weeks = paired.weeks if paired is not None else 156
            reform_week = min(settings.value.reform_week, weeks)
            solara.SliderInt(
                f"{t('ui.reform_week', lang)}: {reform_week}",
                value=reform_week,
                min=0,
                max=weeks,
                on_value=lambda week: change_settings(replace(settings.value, reform_week=int(week))),
            )
            solara.SliderInt(
                f"{t('ui.weeks_per_frame', lang)}: {per_frame.value}",
                value=per_frame.value,
                min=1,
                max=13,
                on_value=per_frame.set,
            )
            solara.v.Select(
                label=t("ui.colour_by", lang),
                items=[{"text": t(f"map.{c}", lang), "value": c} for c in COLOUR_BY],
                v_model=colour_by.value,
                on_v_model=colour_by.set,
                dense=True,
            )
            _line(t("ui.help", lang), "font-size: 0.8em; color: #555")
        for letter in ("A", "B"):
            LeverEditor(letter, settings, lang, change_settings)

    if build_error:
        solara.Error(t("ui.error", lang, error=build_error))
    if paired is None or frame is None:
        return
    with solara.Columns([1, 1]):
        for index, arm in enumerate(paired.arms):
            ArmView(arm, frame.arm_titles[index], frame.changed[index], frame.maps[index], lang)
    _line(t("ui.map_legend", lang), "font-size: 0.8em; color: #555; margin: 0 12px")
    with solara.Card(t("ui.outcomes", lang)):
        solara.Image(frame.plots, width="100%")
    with solara.Card(t("ui.table", lang, n=RECENT_WEEKS)):
        solara.HTML(tag="div", unsafe_innerHTML=table_html(frame.rows, lang), classes=["commgov-values"])


__all__ = [
    "KEY_LEVERS",
    "KEY_OUTCOMES",
    "Arm",
    "BuildingLayout",
    "Dashboard",
    "Frame",
    "FrameRenderer",
    "MapCanvas",
    "MapData",
    "OutcomePlots",
    "Page",
    "PairedCommunities",
    "Settings",
    "arm_scenario",
    "build_pair",
    "layout_of",
    "map_data",
    "parse_seed",
    "render_frame",
    "render_map",
    "render_plots",
    "scenario_levers",
]
