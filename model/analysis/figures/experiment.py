"""An experiment's figures: every figure its kind calls for, drawn in one language, and saved.

figures = experiment_figures(load_results("results/separation_quick"), lang="zh")
save_figures(figures, "results/separation_quick/figures")   # NAME.png and NAME.svg
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib import rc_context
from matplotlib.figure import Figure as MplFigure

from model import i18n
from model.analysis.community_effects import COMMUNITY_TABLE, community_effects, shown_outcomes, type_title
from model.analysis.figures.communities import community_figure
from model.analysis.figures.explore import explore_figure, policy_view
from model.analysis.figures.forest import forest_figure
from model.analysis.figures.pilot import pilot_figure
from model.analysis.figures.search import search_figure
from model.analysis.figures.sobol import sobol_figure
from model.analysis.figures.style import DPI, style_rc
from model.analysis.figures.sweeps import heatmap_figure, scatter_figure, sweep_figure
from model.analysis.figures.timeseries import timeseries_figure
from model.analysis.results import Results
from model.files import write_file

PER_FIGURE = 6  # panels of outcomes per time-series / sweep / Sobol figure
FOREST_PER_FIGURE = 8
COMMUNITIES_PER_FIGURE = 16  # community panels per figure of a subdistrict comparison


Drawn = tuple[MplFigure, str, str]  # a drawn figure, its title and its caption


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
        """Whether the labels are in English although another language was asked for."""
        return self.label_lang != self.lang


def _render(fig: MplFigure, name: str, title: str, caption: str) -> Rendered:
    """The figure as PNG and SVG, with fixed metadata so the same figure gives the same bytes."""
    png, svg = io.BytesIO(), io.StringIO()
    fig.savefig(png, format="png", dpi=DPI, metadata={"Software": "commgov"})
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": "commgov"})
    return Rendered(name, title, caption, png.getvalue(), svg.getvalue())


def _chunks(items: Sequence[str], size: int) -> list[list[str]]:
    """`items` in runs of `size`, one per figure (one empty run when there are none)."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]


def _suffix(lang: str) -> str:
    """The file-name suffix of a language: none for English, `.zh` for Chinese."""
    return "" if lang == "en" else f".{lang}"


def add_communities(results: Results, label_lang: str, add: Callable[[str, Drawn], None]) -> None:
    """A subdistrict comparison's small multiples of community effects, COMMUNITIES_PER_FIGURE a figure."""
    table = results.table(COMMUNITY_TABLE)
    if table.empty or "community" not in table:
        return
    shown = shown_outcomes(results.summary, results.outcomes)
    effects = community_effects(table, results.reference, results.arms, shown)
    units = table.drop_duplicates("community")[["community", "type"]].itertuples(index=False)
    panels = [(str(name), type_title(str(kind), label_lang)) for name, kind in units]
    others = [arm for arm in results.arms if arm != results.reference]
    chunks = [panels[i : i + COMMUNITIES_PER_FIGURE] for i in range(0, len(panels), COMMUNITIES_PER_FIGURE)]
    for number_, chunk in enumerate(chunks, start=1):
        name = "communities" if len(chunks) == 1 else f"communities-{number_}"
        add(name, community_figure(effects, chunk, others, shown, lang=label_lang))


def experiment_figures(results: Results, lang: str = "en") -> Figures:
    """Every figure of an experiment, labelled in `lang` (English when no CJK font exists)."""
    lang = i18n.check_lang(lang)
    label_lang = i18n.figure_lang(lang)
    suffix = _suffix(lang)
    items: list[Rendered] = []
    outcomes = [o for o in results.outcomes if o in set(results.summary.get("outcome", []))]
    reps = results.replications

    def add(name: str, drawn: Drawn) -> None:
        fig, title, caption = drawn
        items.append(_render(fig, name + suffix, title, caption))

    with rc_context(style_rc(label_lang)):
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
            add_communities(results, label_lang, add)
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
        elif results.kind == "search":
            search = results.spec.get("search") or {}
            if len(results.summary):
                drawn = search_figure(
                    results.table("candidates.csv"),
                    results.summary,
                    list(search.get("objectives") or []),
                    search.get("budget_yuan"),
                    lang=label_lang,
                )
                add("search", drawn)
        elif results.kind == "pilot":
            chunks = _chunks(outcomes, PER_FIGURE)
            for number_, chunk in enumerate(chunks, start=1):
                add(
                    "pilot" if len(chunks) == 1 else f"pilot-{number_}",
                    pilot_figure(results.summary, chunk, lang=label_lang),
                )
        elif results.kind == "explore":
            points, boxes, tradeoff = (results.table(n) for n in ("points.csv", "boxes.csv", "tradeoff.csv"))
            for number_, policy in enumerate(results.arms if len(points) else [], start=1):
                view = policy_view(results.summary, points, boxes, tradeoff, policy)
                add(f"explore-{number_}", explore_figure(view, results.parameters, lang=label_lang))
        else:
            chunks = _chunks(outcomes, PER_FIGURE)
            for number_, chunk in enumerate(chunks, start=1):
                name = "sobol" if len(chunks) == 1 else f"sobol-{number_}"
                add(name, sobol_figure(results.summary, chunk, lang=label_lang))
    return Figures(items, lang, label_lang)


_FIGURE_FILE = re.compile(
    r"(timeseries|forest|sweep|heatmap|scatter|sobol|explore|search|pilot)(-\d+)?(\.(?P<lang>zh))?\.(png|svg)"
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
