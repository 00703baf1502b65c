"""The report of an experiment: one self-contained HTML file an analyst can e-mail.

    from model.report import write_report
    write_report("results/separation_quick")              # -> results/separation_quick/report.html
    write_report("results/separation_quick", lang="zh")   # -> results/separation_quick/report.zh.html

It holds the key findings (what changed by more than its minimum important difference, with the
bounds and mechanisms the runs show, and any failed runs), the question, the arrangements compared
(the settings that differ between their resolved scenarios, before and after the reform), the run
settings, the results table, the resident groups, the figures (embedded as base64 PNG; the PNG and
SVG files go to DIR/figures/), caveats and the command that reproduces it. Nothing is loaded from
outside the file: no scripts, fonts, styles or images. Every experiment writes one at its end (see
`model.experiment.api.run_and_report`), in the language of --lang or $COMMGOV_LANG (English by
default); `commgov report DIR --lang zh` writes DIR/report.zh.html beside the English
DIR/report.html.

One module per concern: writing.py (where the report and its figures go), page.py (the page and
its Figures section), a module per other section (findings.py with explanations.py for what the
runs show, question.py, arrangements.py with resources.py for its staff and cost table,
settings.py, results.py, groups.py, caveats.py, reproduce.py), and what they share: context.py
(the report being written), markup.py (style and HTML pieces), labels.py (names in running text),
assumptions.py (docs/parameters.md read). Numbers are formatted by `model.formatting`.
"""

from model.report.arrangements import arrangement_rows, settings_before_after
from model.report.assumptions import assumed_parameters
from model.report.writing import FIGURES, REPORT, build_report, default_out, write_report

__all__ = [
    "FIGURES",
    "REPORT",
    "arrangement_rows",
    "assumed_parameters",
    "build_report",
    "default_out",
    "settings_before_after",
    "write_report",
]
