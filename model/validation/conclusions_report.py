"""The robustness results for people: two CSV tables and the sensitivity sections of validation.md."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from model.files import write_atomic
from model.formatting import signed_significant
from model.outcomes import BY_NAME
from model.validation.conclusions import DEFAULT, Robustness


def write_tables(result: Robustness, out: Path) -> list[str]:
    """sobol.csv (every index with its interval) and conclusions.csv (every rerun difference)."""
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "sobol.csv", lambda p: result.sobol.to_csv(p, index=False))
    write_atomic(out / "conclusions.csv", lambda p: result.differences.to_csv(p, index=False))
    return ["sobol.csv", "conclusions.csv"]


def _label(outcome: str) -> str:
    return BY_NAME[outcome].label_en if outcome in BY_NAME else outcome


def _index(row: pd.Series) -> str:
    if bool(row["constant"]):
        return "constant"
    value, low, high = row["total_order"], row["total_order_ci_low"], row["total_order_ci_high"]
    if not math.isfinite(value):
        return "–"
    return f"{value:.2f} [{low:.2f}, {high:.2f}]"


def spread_table(result: Robustness) -> str:
    """Per flagship outcome: how much the parameters move it against how much the seed does."""
    lines = [
        "| outcome | sd over the Sobol sample | sd over seeds at the defaults | ranked |",
        "|---|---|---|---|",
    ]
    for row in result.spread.itertuples():
        ranked = "yes" if row.ranked else "**no**: the seed moves it more"
        lines.append(f"| {_label(row.outcome)} | {row.sample_sd:.3g} | {row.seed_sd:.3g} | {ranked} |")
    return "\n".join(lines)


def _unranked(result: Robustness) -> str:
    """A note on the outcomes left unranked: their uncertainty lies outside the varied coefficients."""
    if result.spread["ranked"].all():
        return ""
    return (
        "\n\nThe varied coefficients shape how residents, volunteers and the committee's contacts "
        "respond; they do not change how much work arrives or how many staff meet it. An outcome they "
        "do not move depends on demand, the task flow and staffing instead, which "
        "[regime.md](regime.md) maps."
    )


def ranking_table(result: Robustness) -> str:
    """Parameters down, ranked outcomes across: total index [bootstrap interval]."""
    outcomes = [o for o in result.ranking.columns if o != "largest"]
    if not outcomes:
        return "No flagship outcome is moved more by the parameters than by the seed: nothing to rank."
    lines = [
        "| parameter | range | " + " | ".join(_label(o) for o in outcomes) + " |",
        "|---" * (len(outcomes) + 2) + "|",
    ]
    cells = result.sobol.set_index(["parameter", "outcome"])
    for parameter in result.ranking.index:
        low, high = result.ranges[parameter]
        name = f"`{parameter}`" + (" (rerun)" if parameter in result.top else "")
        row = [name, f"{low:g}–{high:g}", *(_index(cells.loc[(parameter, o)]) for o in outcomes)]
        lines.append("| " + " | ".join(row) + " |")
    constant = sorted(set(result.sobol.loc[result.sobol["constant"].astype(bool), "outcome"]))
    if constant:
        lines.append("")
        shown = ", ".join(_label(o).lower() for o in constant)
        lines.append(f"Constant across the whole sample (nothing to rank): {shown}.")
    return "\n".join(lines)


def _difference(row: pd.Series) -> str:
    low, high = signed_significant(row["diff_ci_low"]), signed_significant(row["diff_ci_high"])
    return f"{signed_significant(row['diff'])} [{low}, {high}]"


def conclusions_table(result: Robustness) -> str:
    """Each definite default conclusion, its difference at each range end, and whether it survives."""
    found = result.differences.set_index(["setting", "arm", "outcome"])
    settings = result.settings()[1:]
    lines = [
        "| arm − " + result.reference + " | outcome | default | " + " | ".join(f"`{s}`" for s in settings)
        + " | survives |",
        "|---" * (len(settings) + 4) + "|",
    ]
    for _, row in result.conclusions().iterrows():
        key = (row["arm"], row["outcome"])
        cells = [_difference(found.loc[(DEFAULT, *key)])]
        for setting in settings:
            other = found.loc[(setting, *key)]
            mark = "" if other["reading"] == row["default"] else f" **{other['reading']}**"
            cells.append(signed_significant(other["diff"]) + mark)
        verdict = "yes" if row["survives"] else "**no**"
        lines.append(f"| {row['arm']} | {_label(row['outcome'])} | " + " | ".join(cells) + f" | {verdict} |")
    return "\n".join(lines)


def _summary(result: Robustness) -> str:
    table = result.conclusions()
    if table.empty:
        return "No conclusion is definite at the defaults, so none can be tested for robustness."
    kept = int(table["survives"].sum())
    text = (
        f"{kept} of {len(table)} conclusions read the same at both ends of all {len(result.top)} "
        "parameters' ranges."
    )
    failing = table[~table["survives"]]
    if len(failing):
        parts = []
        for _, row in failing.iterrows():
            keys = [f"`{key}`" for key in result.top if not row[key]]
            parts.append(f"{row['arm']} on {_label(row['outcome']).lower()} (turns with {', '.join(keys)})")
        text += " Those that do not: " + "; ".join(parts) + "."
    unclear = result.differences[
        (result.differences["setting"] == DEFAULT) & (result.differences["reading"] == "unclear")
    ]
    if len(unclear):
        shown = [f"{r['arm']} on {_label(r['outcome']).lower()}" for _, r in unclear.iterrows()]
        text += " No clear difference at the defaults (not tested): " + "; ".join(shown) + "."
    return text


def sections(result: Robustness) -> str:
    """The two sections of docs/validation.md: the Sobol ranking and the surviving conclusions."""
    count = len(result.ranges)
    return f"""\
## Sensitivity: which uncertain parameters matter

Total Sobol indices (the share of an outcome's variance that a parameter explains, its
interactions included) of the `yicheng` arrangement's final-quarter outcomes over the {count}
coefficients [parameters.md](parameters.md) marks **SA**, each uniform over its plausible range:
`commgov experiment sensitivity` ({result.samples} base samples, one seed for every sample, so
only the coefficients vary).

With one seed, a coefficient that changes how many random draws a week takes also reshuffles
chance, and a Sobol index cannot tell that apart from an effect. So each flagship outcome's spread
over the sample is first set against its spread over {result.reps} seeds at the defaults (the
`{result.spread_arm}` arm of the reruns below); an outcome the coefficients move less than the seed
does is not ranked:

{spread_table(result)}{_unranked(result)}

Total indices of the ranked outcomes, with 95% percentile bootstrap intervals over the base samples
({result.bootstrap} resamples); with {result.samples} base samples they are wide (an index above 1
is estimation error), and the ranking, not the second digit, is the finding. Rows are sorted by the
largest total index; the {len(result.top)} marked *rerun* are tested below. `sobol.csv` in the
command's `--out` folder has the first-order indices and every outcome of the experiment.

{ranking_table(result)}

## Which separation conclusions survive the top uncertain parameters

The arms of `experiments/separation.toml` rerun with {result.reps} paired replications at the
defaults and at each end of the range of the {len(result.top)} parameters ranked highest above,
everything else as shipped (final-quarter outcomes, as in the separation report). A conclusion is
an arm's paired difference from `{result.reference}` whose 95% interval excludes zero at the
defaults; it survives a parameter when it reads the same (higher, or lower) at both ends of that
parameter's range. A cell shows the difference at that end, with its reading in bold when it
differs from the default's. `conclusions.csv` has every difference with its interval
({result.runs:,} runs in all, the sensitivity sample included).

{conclusions_table(result)}

{_summary(result)}
"""
