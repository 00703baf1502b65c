"""One week's frame for both arms: the two maps, the outcome plots and the table, drawn off the page."""

from __future__ import annotations

import time
from dataclasses import dataclass

from model import i18n
from model.dashboard import catalogue
from model.dashboard.canvas import ARM_COLOURS, MapCanvas, OutcomePlots
from model.dashboard.geometry import map_data
from model.dashboard.paired import PairedCommunities, Side
from model.dashboard.tables import TableRow, table_rows
from model.i18n import t


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


def arm_title(arm: Side, lang: str) -> str:
    """The heading of one arm: "A: <scenario title>"."""
    return f"{arm.letter}: {catalogue.current().label(arm.name, lang)}"


def changed_text(arm: Side, lang: str) -> str:
    """The arm's lever edits as one sentence (or that it runs its scenario as the file says)."""
    if not arm.edits:  # a subdistrict's community runs as the subdistrict has it, not as a file
        community = catalogue.current().pick(arm.name) is not None
        return t("ui.unchanged_community" if community else "ui.unchanged", lang)
    items = "; ".join(
        f"{i18n.key_label(key, lang)} = {i18n.value_text(key, value, lang)}"
        for key, value in arm.edits.items()
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
