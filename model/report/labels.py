"""How the report names things in running text: settings and their values, lists of words, quotations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from model import i18n
from model.formatting import MISSING, setting_number


def value_text(key: str, value: Any, lang: str) -> str:
    """A setting's value as a person reads it (on/off, a choice in words, a number)."""
    if value is None:
        return MISSING
    if isinstance(value, bool):
        return i18n.value_text(key, value, lang)
    if isinstance(value, int | float):
        return setting_number(value)
    if isinstance(value, list):
        return ", ".join(value_text(key, v, lang) for v in value)
    return i18n.value_text(key, value, lang)


def bare_key(key: str) -> str:
    """The setting a key names: `rollout.set.SECTION.KEY` is the reform's value of SECTION.KEY."""
    return key.removeprefix("rollout.set.") if key.count(".") >= 3 else key


def setting_label(key: str, lang: str) -> str:
    """A setting's label for people, with its unit in brackets unless it is on/off or a choice."""
    bare = bare_key(key)
    label = i18n.key_label(bare, lang)
    unit = i18n.key_unit(bare, lang)
    if unit and unit not in (i18n.unit_label("on/off", lang), i18n.unit_label("choice", lang)):
        label += f" [{unit}]"
    return label


def list_separator(lang: str) -> str:
    """What separates the items of a list in running text: a comma, or the Chinese enumeration comma."""
    return i18n.t("report.list_separator", lang)


def join_words(items: Sequence[str], lang: str) -> str:
    """Items in running text: "a, b and c", or "a、b和c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return list_separator(lang).join(items[:-1]) + i18n.t("report.and", lang) + items[-1]


def quoted(text: str) -> str:
    """A name in running text, in the curly quotes both languages use."""
    return f"“{text}”"
