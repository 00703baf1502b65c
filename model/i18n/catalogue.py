"""The string catalogue: entries {"en": ..., "zh": ...} under dotted keys, and `t`, the one lookup.

Entries come from `add_strings` (the package registers its data modules, other modules their own
strings when imported) and from sources registered with `add_source`: strings whose text lives
elsewhere (outcome labels in model/outcomes.py, the schema's labels in model/i18n/schema_labels.toml, titles
in the scenario files) are loaded the first time a key under their prefix is asked for, so importing
the catalogue stays cheap.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

LANGS: tuple[str, ...] = ("en", "zh")
DEFAULT_LANG = "en"
LANG_ENV = "COMMGOV_LANG"  # the dashboard and the commands read their default language from here

Strings = Mapping[str, Mapping[str, str]]  # {key: {"en": ..., "zh": ...}}

_STRINGS: dict[str, dict[str, str]] = {}
_SOURCES: dict[str, Callable[[], Strings]] = {}  # prefix -> loader, until it has been loaded


def check_lang(lang: str | None) -> str:
    """`lang` if it is a supported language ("en" when None); otherwise ValueError."""
    if lang is None:
        return DEFAULT_LANG
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def env_lang(default: str = DEFAULT_LANG) -> str:
    """The language named by $COMMGOV_LANG, or `default` when it is unset or not supported."""
    value = os.environ.get(LANG_ENV, "").strip().lower()
    return value if value in LANGS else default


def add_strings(strings: Strings, *, prefix: str = "") -> None:
    """Register strings {key: {"en": ..., "zh": ...}} under `prefix` + key; both languages are required.

    A key that already exists with different text is an error, so two modules cannot silently
    fight over one label.
    """
    for key, texts in strings.items():
        missing = [lang for lang in LANGS if not texts.get(lang)]
        if missing:
            raise ValueError(f"string {prefix + key!r} has no text for {', '.join(missing)}")
        entry = {lang: texts[lang] for lang in LANGS}
        if _STRINGS.get(prefix + key, entry) != entry:
            raise ValueError(f"string {prefix + key!r} is already defined differently")
        _STRINGS[prefix + key] = entry


def add_source(prefix: str, load: Callable[[], Strings]) -> None:
    """Strings under `prefix` given by `load()` (keys without the prefix), registered on first use."""
    _SOURCES[prefix] = load


def _load_sources(key: str, *, under: bool = False) -> None:
    """Register the sources that may hold `key` (`under`: or any key starting with it)."""
    for prefix in [p for p in _SOURCES if key.startswith(p) or (under and p.startswith(key))]:
        add_strings(_SOURCES[prefix](), prefix=prefix)
        del _SOURCES[prefix]  # only once it loaded: a source that failed fails again, visibly


def has(key: str) -> bool:
    """Whether the catalogue has `key`."""
    if key not in _STRINGS:
        _load_sources(key)
    return key in _STRINGS


def string_keys(prefix: str = "") -> list[str]:
    """Every key starting with `prefix`, sorted."""
    _load_sources(prefix, under=True)
    return sorted(k for k in _STRINGS if k.startswith(prefix))


def t(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """The text of `key` in `lang`, formatted with `values` (str.format); the key itself if unknown."""
    lang = check_lang(lang)
    if not has(key):
        return key
    text = _STRINGS[key][lang]
    return text.format(**values) if values else text
