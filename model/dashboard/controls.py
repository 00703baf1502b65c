"""The controls of one arm (scenario menu, community menu, key levers) and the checked inputs they share.

Every value from the browser goes through `guarded`: one a control cannot send (a tampered
browser, an identifier not on offer) changes nothing, and the page says so in one sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara

from model import i18n
from model.dashboard import catalogue
from model.dashboard.canvas import ARM_COLOURS
from model.dashboard.levers import KEY_LEVERS, whole_number
from model.dashboard.session import Settings, scenario_choices
from model.i18n import t


def line(text: str, style: str = "", css: str = "") -> None:
    """One line of text as a block (solara.Text is an inline span: lines would run together)."""
    solara.v.Html(tag="div", children=[text], style_=style, class_=css)


def guarded(handler: Callable[[Any], None], refused: solara.Reactive[bool]) -> Callable[[Any], None]:
    """`handler` for a value from the browser: one it refuses (ValueError) changes nothing and says so."""

    def guarded(value: Any) -> None:
        try:
            handler(value)
        except ValueError:
            refused.value = True
            return
        refused.value = False

    return guarded


def slider(
    label: str,
    value: int,
    bounds: tuple[int, int, int],
    on_value: Callable[[int], None],
    refused: solara.Reactive[bool],
    css: str = "",
) -> None:
    """A whole-number slider (`bounds` low, high, step) whose value from the browser is checked first."""
    low, high, step = bounds
    solara.v.Slider(
        label=label,
        v_model=value,
        min=low,
        max=high,
        step=step,
        thumb_label=True,
        dense=False,
        hide_details=True,
        on_v_model=guarded(lambda sent: on_value(whole_number(sent, low, high)), refused),
        class_=css,
    )


@solara.component
def LeverEditor(
    letter: str,
    settings: solara.Reactive[Settings],
    lang: str,
    on_change: Callable[[Settings], None],
    refused: solara.Reactive[bool],
) -> None:
    """Scenario select plus the key levers of one arm."""
    current = settings.value
    values = current.lever_values(letter)

    def pick(name: Any) -> None:
        if name != shown:
            on_change(current.with_scenario(letter, name))

    def setter(key: str) -> Callable[[Any], None]:
        def set_value(value: Any) -> None:
            updated = current.with_lever(letter, key, value)
            if updated != current:
                on_change(updated)

        return set_value

    offered = catalogue.current()
    shown = offered.menu_value(current.scenario(letter))

    colour = ARM_COLOURS[0 if letter == "A" else 1]
    with solara.Card(t("ui.arm", lang, arm=letter), style={"border-left": f"4px solid {colour}"}):
        solara.v.Select(
            label=t("ui.scenario", lang),
            items=[{"text": offered.label(n, lang), "value": n} for n in scenario_choices()],
            v_model=shown,
            on_v_model=guarded(pick, refused),
            class_=f"commgov-scenario-{letter.lower()}",
        )
        if offered.pick(current.scenario(letter)) is not None:
            CommunityPicker(letter, current, lang, on_change, refused)
        line(t("ui.levers", lang), "font-weight: bold; font-size: 0.85em")
        for lever in KEY_LEVERS:
            label = i18n.key_label(lever.key, lang)
            value = values[lever.key]
            css = f"commgov-lever-{letter.lower()}-{lever.key.replace('.', '-').replace('_', '-')}"
            with solara.Div(classes=[css]):
                if lever.kind == "checkbox":
                    solara.Checkbox(
                        label=label, value=bool(value), on_value=guarded(setter(lever.key), refused)
                    )
                elif lever.kind == "slider":
                    unit = i18n.key_unit(lever.key, lang)
                    slider(
                        f"{label}: {round(value)} {unit}".rstrip(),
                        round(value),
                        (lever.low, lever.high, lever.step),
                        setter(lever.key),
                        refused,
                    )
                else:
                    solara.v.Select(
                        label=label,
                        items=[
                            {"text": i18n.choice_label(lever.key, c, lang), "value": c}
                            for c in i18n.choices(lever.key)
                        ],
                        v_model=str(value),
                        on_v_model=guarded(setter(lever.key), refused),
                        dense=True,
                    )


@solara.component
def CommunityPicker(
    letter: str,
    current: Settings,
    lang: str,
    on_change: Callable[[Settings], None],
    refused: solara.Reactive[bool],
) -> None:
    """The second menu of an arm running a community: which one, with the reform or without."""
    offered = catalogue.current()
    ident = current.scenario(letter)
    reformed = offered.twin(ident, True) == ident
    shown = offered.twin(ident, True)

    def pick(chosen: Any) -> None:
        if chosen not in offered.community_ids(ident):
            raise ValueError("not a community of this subdistrict")
        if chosen != shown:
            on_change(current.with_scenario(letter, offered.twin(chosen, reformed)))

    def set_reform(value: Any) -> None:
        if not isinstance(value, bool):
            raise ValueError("the reform is on or off")
        if value != reformed:
            on_change(current.with_arm(letter, offered.twin(ident, value)))

    solara.v.Select(
        label=t("ui.community", lang),
        items=[{"text": offered.label(n, lang), "value": n} for n in offered.community_ids(ident)],
        v_model=shown,
        on_v_model=guarded(pick, refused),
        class_=f"commgov-community-{letter.lower()}",
    )
    with solara.Div(classes=[f"commgov-with-reform-{letter.lower()}"]):
        solara.Checkbox(
            label=t("ui.with_reform", lang), value=reformed, on_value=guarded(set_reform, refused)
        )
