"""A pilot evaluation's report parts: its design, a sentence per design and outcome, and the table."""

from __future__ import annotations

import math

import pandas as pd

from model.analysis.pilot_texts import rule_label, selection_text
from model.experiment.did import LEVEL
from model.experiment.pilot import ENOUGH_POWER
from model.formatting import decimals_for, fixed
from model.report.context import Context
from model.report.labels import join_words, quoted
from model.report.markup import esc, para, table


def pilot_design(ctx: Context) -> str:
    """The subdistrict, when the pilot starts, what it is compared with, and the designs tried."""
    design = ctx.r.spec.get("pilot") or {}
    communities = len(ctx.base.get("communities") or {})
    rules = [rule_label(rule, ctx.lang) for rule in design.get("selection") or []]
    text = ctx.tr(
        "pilot.design",
        subdistrict=ctx.q(ctx.base_name),
        communities=communities,
        start=design.get("start"),
        baseline=design.get("baseline_weeks"),
        sizes=join_words([str(n) for n in design.get("communities") or []], ctx.lang),
        lengths=join_words([str(n) for n in design.get("weeks") or []], ctx.lang),
        rules=join_words(rules, ctx.lang),
        count=len(ctx.r.summary.groupby("arm")) if len(ctx.r.summary) else 0,
    )
    return para(text)


def pilot_question(ctx: Context) -> str:
    """The question a pilot evaluation answers, in words."""
    outcomes = join_words([quoted(ctx.outcome(o)) for o in ctx.r.outcomes], ctx.lang)
    return ctx.tr("report.question.pilot", subdistrict=ctx.q(ctx.base_name), outcomes=outcomes)


def pilot_results(ctx: Context) -> str:
    """How the evaluation works, then per outcome a sentence per design and a table."""
    design = ctx.r.spec.get("pilot") or {}
    level = f"{LEVEL:.0%}"
    parts = [para(ctx.tr("pilot.intro", reps=ctx.r.replications, start=design.get("start"), level=level))]
    for outcome, block in ctx.r.summary.groupby("outcome", sort=False):
        parts.append(f"<h3>{esc(ctx.outcome(str(outcome)))}</h3>")
        parts.append(_sentences(ctx, block))
        parts.append(_table(ctx, block))
    parts.append(para(ctx.tr("pilot.table.note"), "note"))
    return "\n".join(parts)


def pilot_findings(ctx: Context) -> str:
    """Key findings: every design in words for the first outcome of interest (the others in Results)."""
    summary = ctx.r.summary
    outcome = str(summary["outcome"].iloc[0])
    block = summary[summary["outcome"] == outcome]
    intro = ctx.tr("pilot.findings.intro", outcome=ctx.outcome(outcome))
    plans = [rule_finding(ctx, rows) for _, rows in block.groupby("selection", sort=False)]
    summary_line = f"<summary>{esc(ctx.tr('pilot.findings.details'))}</summary>"
    details = f"<details>{summary_line}{_sentences(ctx, block)}</details>"
    parts = [para(intro), "<ul>" + "".join(f"<li>{esc(text)}</li>" for text in plans) + "</ul>", details]
    if summary["outcome"].nunique() > 1:
        parts.append(para(ctx.tr("pilot.findings.more"), "note"))
    return "\n".join(parts)


def rule_finding(ctx: Context, rows: pd.DataFrame) -> str:
    """One selection rule's designs in one sentence: the smallest that can show the effect, the best
    there is, or that its designs are biased."""
    rule = rule_label(str(rows["selection"].iloc[0]), ctx.lang)
    enough = f"{ENOUGH_POWER:.0%}"
    skewed = rows[[biased(row) for _, row in rows.iterrows()]]
    if len(skewed) * 2 > len(rows):  # mostly biased: its power is not evidence
        d = max(decimals_for(list(skewed["bias"]), 2), 2)
        low, high = fixed(float(skewed["bias"].min()), d), fixed(float(skewed["bias"].max()), d)
        return ctx.tr(
            "pilot.findings.biased", rule=rule, count=len(skewed), total=len(rows), low=low, high=high
        )
    fair = rows.drop(skewed.index).assign(cost=lambda f: f["pilots"] * f["weeks"])
    able = fair[fair["power"] >= ENOUGH_POWER].sort_values(["cost", "pilots"])
    if len(able):
        row = able.iloc[0]
        return ctx.tr(
            "pilot.findings.best",
            rule=rule,
            enough=enough,
            design=_label(ctx, row),
            power=f"{row['power']:.0%}",
        )
    row = fair.sort_values(["power", "cost"], ascending=[False, True]).iloc[0]
    return ctx.tr(
        "pilot.findings.none", rule=rule, enough=enough, design=_label(ctx, row), power=f"{row['power']:.0%}"
    )


def _sentences(ctx: Context, block: pd.DataFrame) -> str:
    """One outcome's designs in words, as a list."""
    return "<ul>" + "".join(f"<li>{esc(sentence(ctx, row))}</li>" for _, row in block.iterrows()) + "</ul>"


def biased(row: pd.Series) -> bool:
    """Whether the bias's interval excludes 0."""
    low, high = float(row["bias_low"]), float(row["bias_high"])
    return math.isfinite(low) and math.isfinite(high) and (low > 0 or high < 0)


def verdict(ctx: Context, row: pd.Series, decimals: int) -> str:
    """Whether the design can show the effect: never, only through bias, needn't, can, or not reliably."""
    if float(row["bounded"]) == 0:
        return ctx.tr("pilot.verdict.unbounded")
    if biased(row) and float(row["power"]) >= ENOUGH_POWER:
        return ctx.tr("pilot.verdict.biased_power", bias=fixed(float(row["bias"]), decimals))
    if abs(float(row["true_effect"])) < float(row["mid"]):
        return ctx.tr("pilot.verdict.below_mid", mid=fixed(float(row["mid"]), decimals, sign=False))
    if float(row["power"]) >= ENOUGH_POWER:
        return ctx.tr("pilot.verdict.enough")
    return ctx.tr("pilot.verdict.too_few")


def sentence(ctx: Context, row: pd.Series) -> str:
    """One design and outcome in words: true effect, the pilot's estimate, bias, power and a verdict."""
    values = [float(row[c]) for c in ("true_effect", "estimate", "bias", "typical_low", "typical_high")]
    d = max(decimals_for(values, 2), 2)
    outcome = ctx.outcome(str(row["outcome"]))
    first = str((ctx.r.outcomes or [row["outcome"]])[0])
    selection = selection_text(str(row["selection"]), ctx.lang, quoted(ctx.outcome(first)))
    text = ctx.tr(
        "pilot.sentence",
        pilots=_communities(ctx, int(row["pilots"])),
        selection=selection,
        weeks=int(row["weeks"]),
        outcome=quoted(outcome),
        true=fixed(float(row["true_effect"]), d),
        everywhere=fixed(float(row["effect_everywhere"]), d),
        estimate=fixed(float(row["estimate"]), d),
        low=_bound(float(row["typical_low"]), d),
        high=_bound(float(row["typical_high"]), d),
        bias=fixed(float(row["bias"]), d),
        bias_low=fixed(float(row["bias_low"]), d),
        bias_high=fixed(float(row["bias_high"]), d),
        power=f"{float(row['power']):.0%}",
        verdict=verdict(ctx, row, d),
    )
    if biased(row) and float(row["power"]) < ENOUGH_POWER:
        text += " " + ctx.tr("pilot.biased")
    return text


def _communities(ctx: Context, count: int) -> str:
    """'1 community', '2 communities'."""
    return ctx.tr("pilot.communities.one") if count == 1 else ctx.tr("pilot.communities.many", count=count)


def _bound(value: float, decimals: int) -> str:
    """An interval's bound; an unbounded side as ∞."""
    if math.isinf(value):
        return "+∞" if value > 0 else "-∞"
    return fixed(value, decimals)


def _label(ctx: Context, row: pd.Series) -> str:
    rule = rule_label(str(row["selection"]), ctx.lang)
    return ctx.tr("pilot.label", pilots=int(row["pilots"]), weeks=int(row["weeks"]), rule=rule)


def _table(ctx: Context, block: pd.DataFrame) -> str:
    """One outcome: each design's true effects, estimate, typical interval, bias, RMSE, coverage, power."""
    d = max(decimals_for(list(block["true_effect"]) + list(block["estimate"]), 2), 2)
    rows = []
    for _, row in block.iterrows():
        rows.append(
            [
                _label(ctx, row),
                fixed(float(row["true_effect"]), d),
                fixed(float(row["effect_everywhere"]), d),
                fixed(float(row["estimate"]), d),
                f"[{_bound(float(row['typical_low']), d)}, {_bound(float(row['typical_high']), d)}]",
                f"{fixed(float(row['bias']), d)} "
                f"[{fixed(float(row['bias_low']), d)}, {fixed(float(row['bias_high']), d)}]",
                fixed(float(row["rmse"]), d, sign=False),
                f"{float(row['coverage']):.0%}",
                f"{float(row['power']):.0%}",
                f"{float(row['power_mid']):.0%}",
            ]
        )
    columns = (
        "design",
        "true",
        "everywhere",
        "estimate",
        "interval",
        "bias",
        "rmse",
        "coverage",
        "power",
        "power_mid",
    )
    return table([ctx.tr(f"pilot.col.{c}") for c in columns], rows, numeric=tuple(range(1, len(columns))))
