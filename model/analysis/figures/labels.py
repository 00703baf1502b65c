"""The words on figures: labels in either language, and wrapping (numbers are model.formatting's).

Chinese labels need a CJK font (`model.i18n.cjk_font`); without one, figures fall back to English.
"""

from __future__ import annotations

import math
import textwrap
import unicodedata

from model import i18n, text_table
from model.analysis import figure_texts  # noqa: F401 - registers the figure strings
from model.outcomes import BY_NAME, Direction


def wrap(text: str, width: int = 34) -> str:
    """Wrap at `width` columns, counting a Chinese character as two.

    Chinese text is cut into lines of about equal width, preferably after a punctuation mark,
    so that no line is left with a single character.
    """
    if text_table.width(text) <= width:
        return text
    if not any(unicodedata.east_asian_width(c) in "WF" for c in text):
        return "\n".join(textwrap.wrap(text, width))
    lines = math.ceil(text_table.width(text) / width)
    target = text_table.width(text) / lines
    best, best_score = 1, math.inf
    for cut in range(1, len(text)):
        head = text_table.width(text[:cut])
        if head > width:
            break
        score = abs(head - target) - (5 if text[cut - 1] in "：、，；,;: ）)" else 0)
        if score < best_score:
            best, best_score = cut, score
    return text[:best].rstrip() + "\n" + wrap(text[best:].lstrip(), width)


def arm_label(arm: str, lang: str) -> str:
    """An arm's (scenario's) display name in `lang`."""
    return i18n.scenario_label(arm, lang)


def outcome_title(name: str, lang: str) -> str:
    """An outcome's label in `lang` (its name when it is not a model outcome)."""
    return i18n.outcome_label(name, lang) if name in BY_NAME else name


def outcome_unit(name: str, lang: str) -> str:
    """An outcome's unit in `lang` (none when it is not a model outcome)."""
    return i18n.outcome_unit(name, lang) if name in BY_NAME else ""


def outcome_bounds(name: str) -> tuple[float, float]:
    """The values an outcome can take (confidence bands are clipped to them)."""
    unit = BY_NAME[name].unit if name in BY_NAME else ""
    if name == "satisfaction_elderly_gap":
        return -1.0, 1.0
    if unit in ("share", "0-1"):
        return 0.0, 1.0
    return (0.0, math.inf) if name in BY_NAME else (-math.inf, math.inf)


def direction_text(name: str, lang: str) -> str:
    """'higher is better', 'lower is better' or 'no better direction', in `lang`."""
    direction = BY_NAME[name].direction if name in BY_NAME else Direction.NEUTRAL
    key = {Direction.HIGHER: "fig.higher_better", Direction.LOWER: "fig.lower_better"}
    return i18n.t(key.get(direction, "fig.no_direction"), lang)


def with_note(text: str, note: str, lang: str) -> str:
    """`text (note)`, with full-width brackets in Chinese."""
    return f"{text}（{note}）" if lang == "zh" else f"{text} ({note})"


def panel_title(outcome: str, lang: str, width: int = 44) -> str:
    """An outcome's label and which way is better; the note on a line of its own when long."""
    text, note = outcome_title(outcome, lang), direction_text(outcome, lang)
    one = with_note(text, note, lang)
    if text_table.width(one) <= width:
        return one
    return wrap(text, width) + "\n" + (f"（{note}）" if lang == "zh" else f"({note})")


def param_label(key: str, lang: str, unit: bool = True) -> str:
    """A lever's label in `lang` (marked when the reform sets it), with its unit unless `unit` is false."""
    label = i18n.key_label(key, lang)
    shown = i18n.key_unit(key, lang) if unit else ""
    if key.startswith("rollout.set."):
        label += i18n.t("fig.after_reform", lang)
    return f"{label} [{shown}]" if shown and shown not in ("on/off", "开/关", "choice", "选项") else label
