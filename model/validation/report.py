"""The patterns' results for people: a text table, CSV files, figures and docs/validation.md."""

from __future__ import annotations

import math
import shutil
from functools import partial
from pathlib import Path

from model.files import write_atomic
from model.formatting import p_value, signed_significant
from model.text_table import text_table as aligned
from model.validation.figures import pattern_figure
from model.validation.pattern_run import PatternsResult

DOC_IMAGES = Path("images") / "validation"


def interval(low: float, high: float) -> str:
    if not (math.isfinite(low) and math.isfinite(high)):
        return ""
    return f"[{signed_significant(low)}, {signed_significant(high)}]"


def heading(result: PatternsResult) -> str:
    text = (
        f"Stylised patterns: {result.reps} paired replications (seed {result.seed}; the same seeds "
        "in every arm)"
    )
    if result.overrides:
        text += f"; every arm with --set {' '.join(result.overrides)}"
    return text


def text_table(result: PatternsResult) -> str:
    """The checks and the patterns' verdicts, as the command prints them."""
    header = ("check", "claim", "mean [95% CI]", "expected", "p", "verdict")
    lines = [header]
    for item in result.checks:
        r = item.result
        verdict = r.verdict if item.check.counts else f"({r.verdict})"
        lines.append(
            (
                item.check.id,
                item.check.claim,
                f"{signed_significant(r.mean)} {interval(r.ci_low, r.ci_high)}".strip(),
                item.check.expect.text,
                p_value(r.p),
                verdict,
            )
        )
    out = [heading(result), "", aligned(lines, left=len(header))]
    out += ["", "(check ids in brackets are context, not part of a pattern's verdict)", ""]
    for pattern in result.patterns:
        verdict = "holds" if result.holds(pattern) else "DOES NOT HOLD"
        out.append(f"Pattern {pattern.number}: {pattern.title}: {verdict}")
    held = sum(result.holds(p) for p in result.patterns)
    out.append(f"\n{held} of {len(result.patterns)} patterns hold.")
    return "\n".join(out)


def write_outputs(result: PatternsResult, out: Path) -> list[str]:
    """patterns.csv, replications.csv and one figure per pattern into `out`; returns file names."""
    out.mkdir(parents=True, exist_ok=True)
    table, values = result.table(), result.values()
    write_atomic(out / "patterns.csv", lambda p: table.to_csv(p, index=False))
    write_atomic(out / "replications.csv", lambda p: values.to_csv(p, index=False))
    written = ["patterns.csv", "replications.csv"]
    for pattern in result.patterns:
        name = f"pattern-{pattern.number}.png"
        write_atomic(out / name, partial(pattern_figure, result, pattern))
        written.append(name)
    return written


# --------------------------------------------------------------------------------------------
# docs/validation.md

_INTRO = """\
# Validation: stylised patterns

The model is checked against patterns that the case study, the governance literature and
statistics on volunteering describe (each pattern names its sources, listed in full in
[references.md](references.md); the model's figures and their sources are in
[parameters.md](parameters.md)). Each pattern is a small paired experiment: every arm runs on the
same seeds (common random numbers), each replication is reduced to one number (the paired
difference of an outcome between two arms, or one arm's value), and a one-sided test says whether
the numbers show what the pattern expects.

This page is written by the command, numbers and figures included:

    commgov patterns --reps {reps} --write-docs

(`--out DIR` also keeps `patterns.csv`, `replications.csv` and the figures; the command exits 0
only when every pattern holds). Extreme-condition tests are separate: `tests/test_extremes.py`.
How needs met on time and the separation arms' ranking change with demand and committee staff
is mapped on its own page, [regime.md](regime.md) (`commgov regime --write-docs`). The last two
sections rank the uncertain parameters by their Sobol indices and say which conclusions of the
separation experiment survive the top-ranked ones; `--write-docs` runs them too (the shipped
`experiments/sensitivity.toml`, or `--sensitivity SPEC`).

## How a check is decided

- **increase / decrease** (expected `> t` or `< t`): one-sided Wilcoxon signed-rank test of the
  per-replication values minus `t`; the check holds when p < 0.05 and the mean is on the expected
  side.
- **at most / at least a margin** ("does not clearly raise", "does not drop materially"): a
  one-sided t-test that the mean is inside the margin, i.e. the one-sided 95% confidence bound of
  the mean (column *bound*) lies inside it. A non-significant change is not enough: the
  replications must show that the change is small.
- A pattern holds when each of its checks holds. Every check must pass at 5% on its own (an
  intersection–union test), so no correction for the number of checks is needed. Rows marked
  *context* are shown to explain a setting; they do not count.
- Outcomes are pooled over the *after* window (from the end of the rollout ramp, week 64, to the
  end of the run, week 155) unless the pattern says otherwise. Intervals are two-sided 95%
  Student-t intervals of the mean over replications.

## Run settings

{settings}

## Summary

| # | pattern | verdict |
|---|---|---|
{summary}
"""


def _settings(result: PatternsResult) -> str:
    lines = [
        f"- {result.reps} paired replications, experiment seed {result.seed} (replication seeds "
        "from `model.experiment.seeds.run_seed`, as in `commgov compare`).",
        "- Scenarios as shipped (3,000 households, 156 weeks, reform at week 52 with a 12-week "
        "ramp) with the overrides each pattern lists.",
    ]
    if result.overrides:
        lines.append(f"- Every arm also with `--set {' '.join(result.overrides)}`.")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _pattern_section(result: PatternsResult, pattern, image: str) -> str:
    verdict = "holds" if result.holds(pattern) else "does not hold"
    arms = "; ".join(
        f"*{arm.shown}*: `{arm.scenario}`" + (f" with `{' '.join(arm.set)}`" if arm.set else "")
        for arm in pattern.arms
    )
    lines = [
        f"## Pattern {pattern.number}: {pattern.title} — {verdict}",
        "",
        f"**Expectation.** {pattern.expectation}",
        "",
        f"**Source.** {pattern.source}",
        "",
        f"**Setting.** {pattern.setting}",
        "",
        f"**Arms.** {arms}.",
        "",
    ]
    lines += [
        "| check | claim | statistic | expected | n | mean [95% CI] | bound | test | p | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for item in result.checks:
        if item.pattern is not pattern:
            continue
        r, check = item.result, item.check
        unit = f" [{check.statistic.unit}]" if check.statistic.unit else ""
        verdict_cell = r.verdict if check.counts else f"{r.verdict} (context)"
        lines.append(
            "| "
            + " | ".join(
                _cell(cell)
                for cell in (
                    check.id,
                    check.claim,
                    check.statistic.describe(pattern.arm) + unit,
                    check.expect.text,
                    str(r.n),
                    f"{signed_significant(r.mean)} {interval(r.ci_low, r.ci_high)}".strip(),
                    signed_significant(r.bound),
                    check.expect.test,
                    p_value(r.p),
                    verdict_cell,
                )
            )
            + " |"
        )
    lines += ["", f"![Pattern {pattern.number}]({image})", ""]
    if pattern.mechanism:
        lines += [f"**Mechanism.** {pattern.mechanism}", ""]
    if pattern.fails_if:
        lines += [f"**What would make it fail.** {pattern.fails_if}", ""]
    return "\n".join(lines)


def markdown(result: PatternsResult, extra: str = "") -> str:
    def verdict(p) -> str:
        if result.holds(p):
            return "holds"
        return "**does not hold**"

    summary = "\n".join(f"| {p.number} | {p.title} | {verdict(p)} |" for p in result.patterns)
    text = _INTRO.format(reps=result.reps, settings=_settings(result), summary=summary)
    sections = [
        _pattern_section(result, pattern, f"{DOC_IMAGES.as_posix()}/pattern-{pattern.number}.png")
        for pattern in result.patterns
    ]
    return text + "\n" + "\n".join([*sections, extra] if extra else sections)


def write_docs(result: PatternsResult, figures: Path, docs: Path, extra: str = "") -> list[Path]:
    """docs/validation.md (with `extra` sections at the end) and its pattern-N.png figures."""
    written = []
    images = docs / DOC_IMAGES
    images.mkdir(parents=True, exist_ok=True)
    for pattern in result.patterns:
        name = f"pattern-{pattern.number}.png"
        write_atomic(images / name, partial(shutil.copyfile, figures / name))
        written.append(images / name)
    page = docs / "validation.md"
    write_atomic(page, lambda p: p.write_text(markdown(result, extra), encoding="utf-8"))
    written.append(page)
    return written
