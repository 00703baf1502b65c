"""The `commgov` command line.

Subcommands are registered by the module that owns them. Each such module defines

    def register(subparsers) -> None:
        parser = subparsers.add_parser("compare", help="...")
        parser.add_argument(...)
        parser.set_defaults(func=_compare)      # _compare(args) -> int (exit status)

and is listed in COMMAND_MODULES below. Keep those modules' top-level imports light (argparse,
pathlib): import pandas, numpy, mesa, matplotlib and pydantic inside the handler, so that
`commgov --help` stays fast. Bad input is raised as `model.errors.InputError` (or its subclass
`ScenarioError`); `main` prints it as one line, `commgov: error: <sentence>`, and returns 2.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

from model import i18n
from model.errors import InputError
from model.files import check_output_dir, safe_name, write_atomic
from model.formatting import table_number
from model.text_table import text_table

PROG = "commgov"

# Modules (besides this one) that add subcommands through `register(subparsers)`, in help order.
# e.g. "model.experiment.cli_commands" once it exists.
COMMAND_MODULES: tuple[str, ...] = (
    "model.experiment.commands",
    "model.report_command",
    "model.validation.commands",
    "model.dashboard.launch",
)


class UsageError(InputError):
    """A bad command line (unknown flag, missing argument, bad flag value)."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, reported by `main` like any bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


# --------------------------------------------------------------------------------------------
# Helpers other command modules may use


def add_set_option(parser: argparse.ArgumentParser) -> None:
    """The --set KEY=VALUE option, repeatable."""
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change one scenario value, e.g. --set government.workstation=true "
        "or --set rollout.set.government.workstation_staff=8 (repeatable)",
    )


# --------------------------------------------------------------------------------------------
# Tables for people

i18n.add_strings(
    {
        "run.heading": {
            "en": "{name}: {residents:,} residents, {weeks} weeks, seed {seed}",
            "zh": "{name}：居民 {residents:,} 人，{weeks} 周，随机种子 {seed}",
        },
        "run.outcome": {"en": "Outcome", "zh": "指标"},
        "run.unit": {"en": "unit", "zh": "单位"},
        "run.before": {"en": "before", "zh": "改革前"},
        "run.after": {"en": "after", "zh": "改革后"},
        "run.final": {"en": "final", "zh": "最后一季"},
        "run.no_reform": {
            "en": "No reform in this scenario (no [rollout.set]); before/after split at week {week}.",
            "zh": "本情景没有改革（未设置 [rollout.set]）；改革前/后以第 {week} 周为界。",
        },
        "run.windows": {
            "en": "before = weeks before the reform (week {week}); after = once it has rolled out; "
            "final = last quarter of the run.",
            "zh": "改革前 = 第 {week} 周之前；改革后 = 改革推行之后；最后一季 = 运行的最后一个季度。",
        },
        "run.ends_early": {
            "en": " This run ends before week {week}, so 'after' is empty.",
            "zh": "本次运行在第 {week} 周改革之前结束，“改革后”为空。",
        },
    }
)
_COLUMNS = ("outcome", "unit", "before", "after", "final")


def outcomes_table(outcomes: Any, lang: str = "en") -> str:
    """Rows = outcomes (label, unit); columns before / after / final, from a one-row frame."""
    from model.outcomes import OUTCOMES

    row = outcomes.iloc[0]
    lines: list[tuple[str, ...]] = [tuple(i18n.t(f"run.{column}", lang) for column in _COLUMNS)]
    for outcome in OUTCOMES:
        values = [row.get(f"{outcome.name}_{w}") for w in ("before", "after")]
        values.append(row.get(outcome.name))
        label, unit = i18n.outcome_label(outcome.name, lang), i18n.unit_label(outcome.unit, lang)
        lines.append((label, unit, *(table_number(v) for v in values)))
    return text_table(lines, left=2)


def add_lang_option(parser: argparse.ArgumentParser, what: str) -> None:
    """The --lang option of every command that writes text for people, alike in each of them."""
    parser.add_argument(
        "--lang",
        choices=i18n.LANGS,
        default=i18n.env_lang(),
        help=f"language of {what} (default: $COMMGOV_LANG, else en)",
    )


# --------------------------------------------------------------------------------------------
# commgov run


def _legend(scenario: Any, lang: str) -> str:
    week = scenario.run.rollout_week
    if not scenario.rollout.set:
        return i18n.t("run.no_reform", lang, week=week)
    text = i18n.t("run.windows", lang, week=week)
    if scenario.run.weeks <= week:
        text += i18n.t("run.ends_early", lang, week=week)
    return text


def run_folder(name: str, overrides: Sequence[str], parse: Any = None) -> str:
    """run-NAME, plus a short hash of any overrides: each set of changes gets its own, reused, folder.

    `parse` turns one override into (key, value); by default a scenario's `parse_override`.
    """
    from model.scenario import parse_override

    if not overrides:
        return f"run-{safe_name(name)}"
    parse = parse or parse_override
    settled = dict(parse(item) for item in overrides)  # a key set twice keeps its last value
    text = json.dumps(sorted((".".join(key), value) for key, value in settled.items()), default=str)
    return f"run-{safe_name(name)}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def checked_output_dir(out: Path) -> None:
    """`check_output_dir`, with a path the system cannot take (too long, say) refused in one sentence."""
    try:
        check_output_dir(out)
    except OSError as error:
        from model.scenario.reading import clip

        raise UsageError(f"--out {clip(str(out))}: {error.strerror or error}") from None


def add_allow_large_option(parser: argparse.ArgumentParser) -> None:
    """The --allow-large option: run work past the documented budget (docs/reliability.md)."""
    parser.add_argument(
        "--allow-large",
        action="store_true",
        help="run even when the estimated memory, runs or replications pass the limits in "
        "docs/reliability.md (Work budget)",
    )


def run_overrides(args: argparse.Namespace) -> list[str]:
    """The --set items of `commgov run`, with --seed and --weeks as run.seed and run.weeks."""
    overrides = list(args.set)
    if args.seed is not None:
        overrides.append(f"run.seed={args.seed}")
    if args.weeks is not None:
        overrides.append(f"run.weeks={args.weeks}")
    return overrides


def _run(args: argparse.Namespace) -> int:
    from model.scenario import load_scenario, reform_notes, resolved_toml, scenario_to_dict
    from model.scenario.budget import check_run, estimate
    from model.subdistrict import is_subdistrict

    if is_subdistrict(args.scenario):
        from model.subdistrict_command import run_subdistrict_file

        return run_subdistrict_file(args)
    overrides = run_overrides(args)
    scenario = load_scenario(args.scenario, overrides)
    check_run(estimate(scenario_to_dict(scenario)), args.scenario, args.allow_large)
    out = Path(args.out) if args.out else Path("results") / run_folder(scenario.name, overrides)
    checked_output_dir(out)
    for note in reform_notes(scenario, (item.split("=", 1)[0].strip() for item in args.set)):
        print(f"{PROG}: note: {note}", file=sys.stderr)

    from model.simulate import run

    result = run(scenario)

    outcomes = result.outcomes
    first = outcomes.iloc[0]
    residents, weeks, seed = (int(first[column]) for column in ("residents", "weeks", "seed"))
    print(
        i18n.t(
            "run.heading", args.lang, name=result.scenario.name, residents=residents, weeks=weeks, seed=seed
        )
    )
    print(_legend(result.scenario, args.lang))
    print()
    print(outcomes_table(outcomes, args.lang))

    files = {
        "timeseries.csv": lambda p: result.timeseries.to_csv(p),
        "outcomes.csv": lambda p: outcomes.to_csv(p, index=False),
        "scenario.toml": lambda p: p.write_text(resolved_toml(result.scenario), encoding="utf-8"),
    }
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, write in files.items():
            write_atomic(out / name, write)
    except OSError as error:
        print(f"{PROG}: error: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"\nwrote {out}{os.sep} ({', '.join(files)})")
    return 0


# --------------------------------------------------------------------------------------------
# commgov validate


def _validate(args: argparse.Namespace) -> int:
    from model.scenario import load_scenario
    from model.subdistrict import is_subdistrict, load_subdistrict

    failed = 0
    for path in args.scenarios:
        try:
            load = load_subdistrict if is_subdistrict(path) else load_scenario
            load(path, args.set)
        except InputError as error:
            failed += 1
            print(f"{PROG}: error: {one_line(str(error))}", file=sys.stderr)
        else:
            print(f"ok {path}")
    return 2 if failed else 0


def register(subparsers: Any) -> None:
    """The subcommands this module owns: run, validate."""
    run = subparsers.add_parser(
        "run",
        help="run one scenario (or a subdistrict file) and print its outcomes",
        description="Run one scenario, print its outcomes before and after the reform, and "
        "write timeseries.csv, outcomes.csv and the resolved scenario.toml to --out. A subdistrict "
        "file (one that lists [[communities]]) runs every community and writes the pooled "
        "outcomes.csv and timeseries.csv, communities.csv and each community's resolved scenario.",
    )
    run.add_argument(
        "scenario", metavar="SCENARIO", help="scenario file, or the name of a shipped one (e.g. yicheng)"
    )
    run.add_argument("--seed", type=int, metavar="N", help="random seed (sets run.seed)")
    run.add_argument("--weeks", type=int, metavar="N", help="length of the run in weeks (sets run.weeks)")
    add_set_option(run)
    run.add_argument(
        "--out",
        metavar="DIR",
        help="output folder (default: results/run-NAME/, or results/run-NAME-HASH/ when --set, --seed "
        "or --weeks change the scenario: HASH is short and the same for the same changes)",
    )
    add_lang_option(run, "the printed table")
    add_allow_large_option(run)
    run.set_defaults(func=_run)

    validate = subparsers.add_parser(
        "validate",
        help="check scenario files without running them",
        description="Check scenario files; print 'ok PATH' for each valid one. "
        "Exit status 0 if all are valid, 2 otherwise.",
    )
    validate.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario files or names")
    add_set_option(validate)
    validate.set_defaults(func=_validate)


# --------------------------------------------------------------------------------------------
# Entry point


def build_parser() -> argparse.ArgumentParser:
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version("commgov")
    except PackageNotFoundError:
        release = "unknown"
    parser = _Parser(
        prog=PROG,
        description="Agent-based simulator of urban community governance arrangements.",
        epilog="Run 'commgov COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {release}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register(subparsers)
    for name in COMMAND_MODULES:
        import_module(name).register(subparsers)
    return parser


def require_dashboard_extra() -> None:
    """Refuse `commgov dashboard` in one sentence when the optional dashboard packages are missing."""
    from importlib.util import find_spec

    if any(find_spec(name) is None for name in ("solara", "solara_assets", "ipyvuetify")):
        raise InputError(
            "the dashboard needs the 'dashboard' extra: pip install 'commgov[dashboard]' "
            "(in a checkout: make venv, or pip install -e '.[dashboard]')"
        )


def check_environment(args: argparse.Namespace) -> None:
    """Refuse a $COMMGOV_LANG no language matches, for commands that write text in a language."""
    from model.i18n import LANG_ENV, LANGS

    value = os.environ.get(LANG_ENV, "").strip()
    if hasattr(args, "lang") and value and value.lower() not in LANGS:
        raise UsageError(
            f"environment variable {LANG_ENV}={value[:80]!r} is not a language commgov writes; "
            f"set it to {' or '.join(LANGS)}, or unset it"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    try:
        args = build_parser().parse_args(argv)
        check_environment(args)
        if args.command == "dashboard":
            require_dashboard_extra()
        return int(args.func(args))
    except SystemExit as done:  # --help and --version
        if done.code is None or isinstance(done.code, int):
            return done.code or 0
        print(f"{PROG}: error: {done.code}", file=sys.stderr)
        return 1
    except InputError as error:
        print(f"{PROG}: error: {one_line(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


def one_line(message: str, limit: int = 2000) -> str:
    """A message as one line of at most `limit` characters, whatever text it quotes."""
    flat = " ".join(message.splitlines())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def console_main() -> None:
    """Entry point of the `commgov` console script."""
    try:
        status = main()
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
    except BrokenPipeError:  # e.g. `commgov run yicheng | head -3`: stop quietly, like other tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 141  # 128 + SIGPIPE, what the shell reports for a tool the pipe stopped
    gc.freeze()  # at exit, skip the collector's walk over a large model's objects (~0.2 s)
    sys.exit(status)


if __name__ == "__main__":
    console_main()
