"""The report's Key findings, first on the page: what changed materially, in a sentence each.

A comparison: per arm against the reference, its staff and cost, then one sentence per outcome
whose verdict is better, worse, higher or lower (size, interval and minimum important difference),
with the bounds and mechanisms `explanations` reads from the runs; the unclear outcomes; the
outcomes left out of the tests; and, first of all, the runs that failed and the verdicts they
make provisional. A sweep: the point that moves each outcome most. A sensitivity analysis: the
parameter each outcome depends on most. An exploration: per policy its robustness and where it
fails. A search: the best setting within the limits and the cheapest one as good.
"""

from __future__ import annotations

import math

import pandas as pd

from model.analysis.figures import outcome_unit
from model.experiment.comparison import CONSTANT, DETERMINISTIC, DIRECTIONAL, NEGLIGIBLE, UNCLEAR, mid_of
from model.formatting import decimals_for, fixed, setting_number, staff_number, yuan_number
from model.report.context import Context
from model.report.explanations import bound_note, trust_note
from model.report.explore import explore_findings
from model.report.labels import join_words, setting_label, value_text
from model.report.markup import esc, section
from model.report.pilot import pilot_findings
from model.report.resources import COST, STAFF, Resources, arm_resources
from model.report.search import search_findings

ORDER = {"worse": 0, "better": 1, "lower": 2, "higher": 2}  # worse news first


def findings(ctx: Context) -> str:
    """The Key findings section of any experiment."""
    summary = ctx.r.summary
    if not len(summary):
        return section("findings", ctx.tr("findings"), f"<p>{esc(ctx.tr('report.no_statistics'))}</p>")
    kinds = {
        "compare": _compare,
        "sweep": _sweep,
        "sensitivity": _sobol,
        "explore": explore_findings,
        "search": search_findings,
        "pilot": pilot_findings,
    }
    body = kinds[ctx.r.kind](ctx)
    return section("findings", ctx.tr("findings"), body)


def _items(texts: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(t)}</li>" for t in texts if t) + "</ul>" if texts else ""


def _names(ctx: Context, outcomes: list[str]) -> str:
    return join_words([ctx.outcome(o) for o in dict.fromkeys(outcomes)], ctx.lang)


def _compare(ctx: Context) -> str:
    r, summary = ctx.r, ctx.r.summary
    parts = [_failed(ctx)]
    main = summary[summary["arm_a"] == r.reference]
    resources = arm_resources(r.runs, r.arms)
    order = {o: i for i, o in enumerate(r.outcomes)}
    for arm in [a for a in r.arms[1:] if a in set(main["arm_b"])]:
        rows = main[main["arm_b"] == arm].sort_values("outcome", key=lambda s: s.map(order))
        parts.append(
            f"<h3>{esc(ctx.tr('report.results.vs', arm=ctx.q(arm), reference=ctx.q(r.reference)))}</h3>"
        )
        parts.append(f"<p>{esc(_lead(ctx, rows, resources))} {esc(_counts(ctx, rows))}</p>")
        changed = rows[rows["verdict"].isin(DIRECTIONAL)]
        changed = changed.sort_values("verdict", key=lambda s: s.map(ORDER), kind="stable")
        parts.append(_items([_sentence(ctx, row) for _, row in changed.iterrows()]))
        extra = [trust_note(ctx, rows)]
        unclear = list(rows.loc[rows["verdict"] == UNCLEAR, "outcome"])
        if unclear:
            extra.append(ctx.tr("findings.unclear", outcomes=_names(ctx, unclear)))
        parts.append(_items([t for t in extra if t]))
    parts.append(_untested(ctx, main))
    return "\n".join(p for p in parts if p)


def _lead(ctx: Context, rows: pd.DataFrame, resources: dict[str, Resources] | None) -> str:
    """The two arms' staff posts and public cost: the outcomes' means when the comparison has them."""
    by = rows.set_index("outcome")
    arm = str(rows["arm_b"].iloc[0])
    if set(STAFF) | {COST} <= set(by.index):
        staff_a, staff_b = (float(by.loc[list(STAFF), c].sum()) for c in ("mean_a", "mean_b"))
        cost_a, cost_b = float(by.at[COST, "mean_a"]), float(by.at[COST, "mean_b"])
    elif resources is not None:
        staff_a, staff_b = resources[ctx.r.reference].total, resources[arm].total
        cost_a, cost_b = resources[ctx.r.reference].cost, resources[arm].cost
    else:
        return ""
    return ctx.tr(
        "findings.arm",
        staff_a=staff_number(staff_a),
        staff_b=staff_number(staff_b),
        cost_a=yuan_number(cost_a),
        cost_b=yuan_number(cost_b),
    )


def _counts(ctx: Context, rows: pd.DataFrame) -> str:
    verdicts = rows["verdict"]
    changed = int(verdicts.isin(DIRECTIONAL).sum())
    if not changed:
        return ctx.tr("findings.none")
    return ctx.tr(
        "findings.counts",
        total=len(rows),
        changed=changed,
        negligible=int((verdicts == NEGLIGIBLE).sum()),
        unclear=int((verdicts == UNCLEAR).sum()),
    )


def _sentence(ctx: Context, row: pd.Series) -> str:
    """One outcome that changed materially: the verdict, both means, the difference and its interval."""
    name = str(row["outcome"])
    values = [float(row[c]) for c in ("mean_a", "mean_b", "diff", "verdict_ci_low", "verdict_ci_high")]
    places = decimals_for(values)
    a, b, diff, low, high = (fixed(v, places, sign=i >= 2) for i, v in enumerate(values))
    text = ctx.tr(
        "findings.sentence",
        outcome=ctx.outcome(name),
        verdict=ctx.tr("findings.verdict." + str(row["verdict"])),
        a=a,
        b=b,
        diff=diff,
        low=low,
        high=high,
        mid=setting_number(float(row["mid"])),
        unit=outcome_unit(name, ctx.lang),
        reference=ctx.q(str(row["arm_a"])),
        arm=ctx.q(str(row["arm_b"])),
    )
    notes = [bound_note(ctx, row)]
    if row["basis"] == DETERMINISTIC:
        notes.append(ctx.tr("findings.deterministic"))
    if int(row.get("pairs_lost", 0)):
        notes.append(f"({ctx.tr('findings.provisional')})")
    return " ".join([text, *[n for n in notes if n]])


def _untested(ctx: Context, rows: pd.DataFrame) -> str:
    """The outcomes judged without a test: constant everywhere, or the same difference in every pair."""
    texts = []
    for basis, key in (
        (CONSTANT, "findings.untested.constant"),
        (DETERMINISTIC, "findings.untested.deterministic"),
    ):
        outcomes = list(rows.loc[rows["basis"] == basis, "outcome"])
        if outcomes:
            texts.append(ctx.tr(key, outcomes=_names(ctx, outcomes)))
    return "".join(f'<p class="note">{esc(t)}</p>' for t in texts)


def _failed(ctx: Context) -> str:
    """The failed runs and the verdicts they leave on fewer pairs than planned; "" when none failed."""
    r, summary = ctx.r, ctx.r.summary
    if not r.failed_runs or "pairs_lost" not in summary:
        return ""
    short = summary[summary["pairs_lost"] > 0]
    pairs = [
        ctx.tr("findings.failed_pair", arm=ctx.q(b), reference=ctx.q(a), n=int(n))
        for (a, b), n in short.groupby(["arm_a", "arm_b"], sort=False)["n"].max().items()
    ]
    text = ctx.tr(
        "findings.failed",
        failed=r.failed_runs,
        total=len(r.runs),
        planned=r.replications,
        pairs=join_words(pairs, ctx.lang) if pairs else "–",
    )
    return f'<p class="failed"><b>{esc(text)}</b></p>'


def _sweep(ctx: Context) -> str:
    """Per outcome, the point farthest from the first one, when that distance matters."""
    r, summary = ctx.r, ctx.r.summary
    texts, flat = [], []
    for outcome in r.outcomes:
        block = summary[summary["outcome"] == outcome]
        mid = mid_of(outcome)
        moved = block[(block["diff_ci_low"] > 0) | (block["diff_ci_high"] < 0)]
        moved = moved[moved["diff"].abs() > mid]
        if not len(moved):
            flat.append(outcome)
            continue
        row = moved.loc[moved["diff"].abs().idxmax()]
        base = float(block.iloc[0]["mean"])
        values = [
            base,
            float(row["mean"]),
            float(row["diff"]),
            float(row["diff_ci_low"]),
            float(row["diff_ci_high"]),
        ]
        places = decimals_for(values)
        first, value, diff, low, high = (fixed(v, places, sign=i >= 2) for i, v in enumerate(values))
        point = ", ".join(
            f"{setting_label(p, ctx.lang)} = {value_text(p, row[p], ctx.lang)}" for p in r.parameters
        )
        texts.append(
            ctx.tr(
                "findings.sweep",
                outcome=ctx.outcome(outcome),
                point=point,
                base=first,
                value=value,
                diff=diff,
                low=low,
                high=high,
                mid=setting_number(mid),
                unit=outcome_unit(outcome, ctx.lang),
            )
        )
    if flat:
        texts.append(ctx.tr("findings.sweep_flat", outcomes=_names(ctx, flat)))
    return _items(texts)


def _sobol(ctx: Context) -> str:
    """Per outcome, the parameter with the largest total Sobol index."""
    r, summary = ctx.r, ctx.r.summary
    texts, constant = [], []
    for outcome in r.outcomes:
        block = summary[summary["outcome"] == outcome]
        if not len(block) or not block["total_order"].notna().any():
            if len(block) and "constant" in block and block["constant"].any():
                constant.append(outcome)
            continue
        row = block.loc[block["total_order"].idxmax()]
        total, low, high = (
            float(row[c]) for c in ("total_order", "total_order_ci_low", "total_order_ci_high")
        )
        texts.append(
            ctx.tr(
                "findings.sobol",
                outcome=ctx.outcome(outcome),
                param=setting_label(str(row["parameter"]), ctx.lang),
                total=fixed(total, 2, sign=False),
                low=fixed(low, 2, sign=False) if math.isfinite(low) else "–",
                high=fixed(high, 2, sign=False) if math.isfinite(high) else "–",
            )
        )
    if constant:
        texts.append(ctx.tr("findings.sobol_constant", outcomes=_names(ctx, constant)))
    return _items(texts)
