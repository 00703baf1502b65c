"""`commgov report DIR [--lang {en,zh}] [--out FILE]`: write an experiment's report again.

Top-level imports stay light (argparse) so `commgov --help` is fast.
"""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    from model.cli import add_lang_option

    report = subparsers.add_parser(
        "report",
        help="write the HTML report of an experiment's results folder",
        description="Write DIR/report.html (DIR/report.zh.html in Chinese, or --out FILE): one "
        "self-contained HTML file with the question, the arrangements compared, run settings, "
        "results, figures, caveats and the command that reproduces the experiment. The figures also "
        "go to DIR/figures/ as PNG and SVG. Every experiment writes a report when it ends; use this "
        "for another language or after changing the figures. Exit status 2 when DIR is not a "
        "finished experiment's folder.",
    )
    report.add_argument("directory", metavar="DIR", help="results folder of an experiment, e.g. results/NAME")
    add_lang_option(report, "the report and its figures")
    report.add_argument(
        "--out",
        metavar="FILE",
        help="where to write the report (default: DIR/report.html in English, DIR/report.LANG.html "
        "in another language, e.g. report.zh.html)",
    )
    report.set_defaults(func=_report)


def _report(args: argparse.Namespace) -> int:
    from model.report import write_report

    out = write_report(args.directory, lang=args.lang, out=args.out)
    print(f"wrote {out}")
    return 0
