"""Writing an experiment's report: where it goes, its figures saved beside it, bad output paths refused."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from model import i18n
from model.analysis.figures import Figures, experiment_figures, save_figures
from model.analysis.results import Results, load_results
from model.errors import InputError
from model.files import write_file
from model.report.context import Context
from model.report.page import html_page

REPORT = "report.html"
FIGURES = "figures"


def default_out(directory: Path | str, lang: str | None = None) -> Path:
    """DIR/report.html in English, DIR/report.LANG.html in another language: one never replaces another."""
    lang = i18n.check_lang(lang)
    return Path(directory) / (REPORT if lang == i18n.DEFAULT_LANG else f"report.{lang}.html")


def build_report(
    results: Results, lang: str = "en", figures: Figures | None = None, figures_folder: str | None = None
) -> str:
    """The report's HTML text (figures drawn here unless given)."""
    if figures is None:
        figures = experiment_figures(results, lang)
    return html_page(Context(results, lang, figures, figures_folder))


def _check_out(out: Path) -> None:
    """Refuse an --out that is a folder or cannot be written, before any work."""
    if out.exists() and out.is_dir():
        raise InputError(f"{out}: is a folder; give --out a file name, e.g. {out / REPORT}")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{out}: cannot be written because the folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{out}: cannot be written (no permission in {parent})")


def write_report(
    directory: Path | str, lang: str | None = None, out: Path | str | None = None, save: bool = True
) -> Path:
    """Write the report of the experiment in `directory` (and its figures to DIR/figures/).

    `lang` defaults to $COMMGOV_LANG, else English. Bad input (a missing folder, one that is not a
    finished experiment's, an unwritable --out) is an InputError raised before anything is written.
    """
    lang = i18n.check_lang(lang) if lang is not None else i18n.env_lang()
    results = load_results(directory)
    out = Path(out) if out is not None else default_out(directory, lang)
    _check_out(out)
    figures = experiment_figures(results, lang)
    folder = None
    if save:
        target = Path(directory) / FIGURES
        try:
            save_figures(figures, target)
            folder = f"{target}{'/' if not str(target).endswith('/') else ''}"
        except OSError as error:
            print(
                f"commgov: warning: figures not saved to {target}: {error.strerror or error}", file=sys.stderr
            )
    write_file(out, build_report(results, lang, figures, folder))
    return out
