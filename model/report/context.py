"""What every section of the report reads: the results, the language, the figures, the assumptions."""

from __future__ import annotations

from typing import Any

from model import i18n
from model.analysis import (
    findings_texts,  # noqa: F401 - registers the verdict strings
    report_texts,  # noqa: F401 - registers the section strings
)
from model.analysis.figures import Figures, arm_label, outcome_title
from model.analysis.results import Results
from model.report.assumptions import assumed_parameters
from model.report.labels import quoted
from model.report.markup import esc


class Context:
    """One report being written: its results, language and figures, and the labels its sections share."""

    def __init__(self, results: Results, lang: str, figures: Figures | None, figures_folder: str | None):
        self.r, self.lang = results, i18n.check_lang(lang)
        self.figures, self.figures_folder = figures, figures_folder
        self.assumed_doc = assumed_parameters()

    def tr(self, key: str, **values: Any) -> str:
        """The report's text `key` in its language."""
        return i18n.t(key, self.lang, **values)

    def arm(self, name: str) -> str:
        """An arm's label in the report's language."""
        return arm_label(name, self.lang)

    def outcome(self, name: str) -> str:
        """An outcome's label in the report's language."""
        return outcome_title(name, self.lang)

    def q(self, name: str) -> str:
        """An arm's label in quotes, for running text."""
        return quoted(self.arm(name))

    def arm_html(self, name: str) -> str:
        """An arm's label, with the name code uses beside it when the two differ."""
        label = self.arm(name)
        return esc(label) if label == name else f"{esc(label)} <code>{esc(name)}</code>"

    @property
    def base(self) -> dict[str, Any]:
        """The first arm's resolved scenario: a sweep's or a sensitivity analysis's base."""
        return next(iter(self.r.scenarios.values()), {})

    @property
    def base_name(self) -> str:
        """The base scenario's name."""
        return str(self.base.get("name") or self.r.spec.get("base") or "")
