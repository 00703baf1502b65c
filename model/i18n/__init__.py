"""Chinese and English text for everything a person reads: one catalogue, one lookup.

Every string is an entry {"en": ..., "zh": ...} under a dotted key, and `t` looks it up:

    t("ui.step", "zh")                          -> "单步"
    t("ui.week_of", "en", week=3, weeks=156)    -> "Week 3 of 156"
    outcome_label("trust", "zh")                -> "对居委会的信任"   (key outcome.trust)
    key_label("government.workstation", "zh") -> "社区事务工作站"   (catalogue key key.government.workstation)
    unit_label("hours/week", "zh")              -> "小时/周"         (key unit.hours/week)
    scenario_label("market", "zh")              -> "市场运作"        (key scenario.market)

Where the entries come from, by key prefix:

    ui., map.                   the dashboard (model/i18n/ui.py)
    key., unit., choice.        the schema's keys, units and choice values (model/i18n/schema_labels.toml)
    outcome., group.            the outcomes' and resident groups' labels in model/outcomes.py
    scenario.                   title, title_zh, description, description_zh of each shipped scenario file
    fig., report., run., ...    the modules that show them, with `add_strings` (model/analysis/*_texts.py)

Languages are "en" and "zh"; an unknown language raises ValueError and an unknown key comes back
as the key itself (visible, not fatal). Only the standard library is imported here, so that
command-line options can read LANGS and env_lang() without slowing `commgov --help`: the outcomes
(numpy), the schema (pydantic), the scenario files and matplotlib are read when first needed.
"""

from __future__ import annotations

from functools import cache, partial
from typing import TYPE_CHECKING, Any

from model.i18n import ui
from model.i18n.catalogue import (
    DEFAULT_LANG,
    LANG_ENV,
    LANGS,
    add_source,
    add_strings,
    check_lang,
    env_lang,
    has,
    string_keys,
    t,
)
from model.i18n.labels import (
    choice_label,
    choices,
    group_strings,
    key_description,
    key_label,
    key_unit,
    outcome_label,
    outcome_strings,
    outcome_unit,
    scenario_description,
    scenario_label,
    scenario_strings,
    schema_keys,
    schema_strings,
    unit_label,
    value_text,
)

if TYPE_CHECKING:  # for annotations only: matplotlib is imported where used (see above)
    from matplotlib.typing import RcKeyType

__all__ = [
    "CJK_FONTS",
    "DEFAULT_LANG",
    "LANGS",
    "LANG_ENV",
    "add_strings",
    "check_lang",
    "choice_label",
    "choices",
    "cjk_font",
    "env_lang",
    "figure_lang",
    "figure_rc",
    "has",
    "key_description",
    "key_label",
    "key_unit",
    "outcome_label",
    "outcome_unit",
    "scenario_description",
    "scenario_label",
    "schema_keys",
    "string_keys",
    "t",
    "unit_label",
    "value_text",
]

add_strings(ui.STRINGS)
add_source("key.", partial(schema_strings, "key"))
add_source("unit.", partial(schema_strings, "unit"))
add_source("choice.", partial(schema_strings, "choice"))
add_source("outcome.", outcome_strings)
add_source("group.", group_strings)
add_source("scenario.", scenario_strings)


# --------------------------------------------------------------------------------------------
# Figures: Chinese needs a CJK font; without one, figures fall back to English labels

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)


@cache
def cjk_font() -> str | None:
    """The first installed font family that can show Chinese in matplotlib, or None."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def figure_lang(lang: str) -> str:
    """The language figures can be labelled in: `lang`, or English when no CJK font exists."""
    lang = check_lang(lang)
    return lang if lang != "zh" or cjk_font() else "en"


def figure_rc(lang: str) -> dict[RcKeyType, Any]:
    """matplotlib rc settings for figures in `lang` (use with matplotlib.rc_context)."""
    font = cjk_font() if figure_lang(lang) == "zh" else None
    if font is None:
        return {}
    return {"font.sans-serif": [font, "DejaVu Sans"], "axes.unicode_minus": False}
