"""The page Solara serves (`solara run model.dashboard.page`): two arrangements side by side, week by week.

For arrangements A and B (each a scenario from the menu, or one community of a subdistrict, with a
handful of key levers editable; model/dashboard/controls.py) the page shows a community map
(buildings coloured by residents' mean satisfaction, belonging or trust; waiting disputes and needs
as markers), plots of key outcomes growing week by week, and a table of current values. Play, Step
and Reset drive both together. Models are built inside the `Dashboard` component
(`solara.use_memo`), so every browser session has its own pair: Solara executes this module once per
server, and a module-level model would be shared by every participant of a workshop. Every label
comes from model/i18n/; the default language is $COMMGOV_LANG (en or zh).
"""

from __future__ import annotations

import html
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import solara

from model import i18n
from model.dashboard import catalogue, communities
from model.dashboard.canvas import ARM_COLOURS
from model.dashboard.controls import LeverEditor, guarded, line, slider
from model.dashboard.frames import FrameRenderer
from model.dashboard.geometry import COLOUR_BY
from model.dashboard.levers import MAX_SEED, parse_seed
from model.dashboard.paired import PairedCommunities, Side
from model.dashboard.session import Settings, build_pair, settings_from_env
from model.dashboard.tables import RECENT_WEEKS, table_html
from model.i18n import t

DEFAULT_WEEKS_PER_FRAME = 1
MAX_WEEKS_PER_FRAME = 13
MIN_FRAME_SECONDS = 0.15  # playing never runs faster than this per frame (readable, light on CPU)


@solara.component
def SideView(arm: Side, title: str, changed: str, image: bytes, lang: str) -> None:
    """One arm's card: its title, scenario description, size, lever edits and map."""
    population = arm.model.population
    colour = ARM_COLOURS[0 if arm.letter == "A" else 1]
    with solara.Card(
        style={"border-top": f"4px solid {colour}"}, classes=[f"commgov-arm-{arm.letter.lower()}"]
    ):
        # (not solara.Markdown: it loads KaTeX, which solara-assets does not ship)
        solara.HTML(tag="h3", unsafe_innerHTML=html.escape(title), style={"margin": "0 0 4px 0"})
        offered = catalogue.current()
        picked = offered.pick(arm.name)
        if picked is not None:
            line(communities.context(picked, lang), "font-size: 0.85em", "commgov-context")
        line(offered.description(arm.name, lang, arm.model.settings.description), "font-size: 0.85em")
        residents = t(
            "ui.residents",
            lang,
            residents=population.size,
            buildings=population.buildings,
            compounds=population.compounds,
        )
        line(residents, "font-size: 0.85em; color: #555")
        line(changed, "font-size: 0.85em; color: #555", "commgov-changed")
        solara.Image(image, width="100%")


class Player:
    """What one session's play task reads, dropped by `forget` when the page closes.

    Solara 1.58 keeps the first function given to `use_task` for the life of the server (each task
    is a Singleton registered in solara.lifecycle), so the task gets this object's bound method,
    never a closure over the session's pair: a closed session leaves only this empty shell behind.
    """

    def __init__(self) -> None:
        self.session: tuple[PairedCommunities, Any, Any, Any] | None = None  # pair, playing, per_frame, tick

    def play(self) -> None:
        """Step both arms frame by frame while the session's Play is on."""
        if self.session is None:
            return
        model, playing, per_frame, tick = self.session
        while playing.value and model.running and not model.closed:
            started = time.perf_counter()
            model.advance(max(int(per_frame.value), 1))
            tick.value += 1  # re-renders this session's page
            time.sleep(max(MIN_FRAME_SECONDS - (time.perf_counter() - started), 0.01))
        if not model.running:
            playing.value = False

    def forget(self) -> None:
        """Drop the pair and the session's state (the task's thread keeps nothing else)."""
        self.session = None


@solara.component
def Page() -> None:
    """The page Solara serves: the dashboard in an app layout, behind a boundary that hides tracebacks."""
    error, clear = solara.use_exception()
    solara.use_effect(lambda: _log(error), [error])
    if error is None:
        Dashboard(app_layout=True).key("dashboard")
        return
    lang = i18n.env_lang()
    with solara.Column().key("failed"):
        solara.Error(t("ui.failed", lang), classes=["commgov-failed"])
        solara.Button(t("ui.reset", lang), on_click=clear, classes=["commgov-reset"])


def _log(error: BaseException | None) -> None:
    """An unexpected failure's traceback, for the server's log (the page shows one translated sentence)."""
    if error is not None:
        traceback.print_exception(error, file=sys.stderr)


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
    refused = solara.use_reactive(False)  # the browser sent a value no control can take

    # This session's own models: built here, never at module level.
    paired = solara.use_memo(
        lambda: build_pair(settings.value), dependencies=[settings.value, generation.value]
    )

    def release_later() -> Callable[[], None] | None:
        return paired.release if paired is not None else None

    solara.use_effect(release_later, [paired])

    def change_settings(updated: Settings) -> None:
        playing.value = False
        settings.value = updated

    def pick_colour(value: Any) -> None:
        if value not in COLOUR_BY:
            raise ValueError("not a colouring the map offers")
        colour_by.value = value

    player = solara.use_memo(Player, dependencies=[])
    player.session = (paired, playing, per_frame, tick) if paired is not None else None
    solara.use_effect(lambda: player.forget, [])  # the page closed: let the session go
    solara.lab.use_task(player.play, dependencies=[playing.value, paired], prefer_threaded=True)

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
            line(week_text, "font-weight: bold", "commgov-week")
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
            slider(
                f"{t('ui.reform_week', lang)}: {reform_week}",
                reform_week,
                (0, weeks, 1),
                lambda week: change_settings(replace(settings.value, reform_week=week)),
                refused,
                css="commgov-reform-week",
            )
            slider(
                f"{t('ui.weeks_per_frame', lang)}: {per_frame.value}",
                per_frame.value,
                (1, MAX_WEEKS_PER_FRAME, 1),
                per_frame.set,
                refused,
                css="commgov-per-frame",
            )
            solara.v.Select(
                label=t("ui.colour_by", lang),
                items=[{"text": t(f"map.{c}", lang), "value": c} for c in COLOUR_BY],
                v_model=colour_by.value,
                on_v_model=guarded(pick_colour, refused),
                dense=True,
                class_="commgov-colour-by",
            )
            line(t("ui.help", lang), "font-size: 0.8em; color: #555")
        for letter in ("A", "B"):
            LeverEditor(letter, settings, lang, change_settings, refused)

    if refused.value:
        solara.Warning(t("ui.refused", lang), classes=["commgov-refused"])
    if paired is None:
        solara.Error(t("ui.error", lang), classes=["commgov-error"])
    if paired is None or frame is None:
        return
    with solara.Columns([1, 1]):
        for index, arm in enumerate(paired.arms):
            SideView(arm, frame.arm_titles[index], frame.changed[index], frame.maps[index], lang)
    line(t("ui.map_legend", lang), "font-size: 0.8em; color: #555; margin: 0 12px")
    with solara.Card(t("ui.outcomes", lang)):
        solara.Image(frame.plots, width="100%")
    with solara.Card(t("ui.table", lang, n=RECENT_WEEKS)):
        solara.HTML(tag="div", unsafe_innerHTML=table_html(frame.rows, lang), classes=["commgov-values"])
