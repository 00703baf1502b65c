"""The report's Caveats section: what a reader must keep in mind before trusting the results."""

from __future__ import annotations

import math

from model.analysis.figures import outcome_title as outcome_label
from model.outcomes import EMPTY_REASONS
from model.report.arrangements import arrangement_rows
from model.report.assumptions import is_assumed
from model.report.context import Context
from model.report.labels import bare_key, list_separator, quoted, setting_label
from model.report.markup import esc, section


def caveats(ctx: Context) -> str:
    """What to keep in mind reading the results: assumptions, replications, failed runs, empty outcomes."""
    r, lang = ctx.r, ctx.lang
    items = [esc(ctx.tr("report.caveat.model")), *_assumptions(ctx), *_runs(ctx)]
    for outcome in r.outcomes:
        if outcome in r.runs and len(r.runs) and r.runs[outcome].astype(float).isna().all():
            text = ctx.tr(
                "report.caveat.empty",
                outcome=quoted(outcome_label(outcome, lang)),
                reason=_empty_reason(ctx, outcome),
            )
            items.append(esc(text))
    if r.kind == "sensitivity":
        items.append(esc(ctx.tr("report.caveat.sobol", samples=r.spec.get("samples"))))
    if ctx.figures is not None and ctx.figures.fell_back:
        items.append(esc(ctx.tr("report.caveat.figure_font")))
    body = "".join(f"<li>{item}</li>" for item in items)
    return section("caveats", ctx.tr("report.caveats"), f'<ul class="caveats">{body}</ul>')


def _assumptions(ctx: Context) -> list[str]:
    """How many settings are assumptions, which of them this experiment chooses, and the full list."""
    lang = ctx.lang
    items = []
    if ctx.assumed_doc is not None:
        assumed, total = ctx.assumed_doc
        items.append(esc(ctx.tr("report.caveat.assumptions", count=len(assumed), total=total)))
    else:
        assumed = None
        items.append(esc(ctx.tr("report.caveat.assumptions_fallback")))
    here = [k for k in _experiment_keys(ctx) if is_assumed(k, assumed)]
    if here:
        shown = [f"{setting_label(k, lang)} (<code>{esc(k)}</code>)" for k in here[:12]]
        text = esc(ctx.tr("report.caveat.assumptions_here", items="{items}")).replace(
            "{items}",
            list_separator(lang).join(shown)
            + (esc(ctx.tr("report.more", count=len(here) - 12)) if len(here) > 12 else ""),
        )
        items.append(text)
    if assumed:
        listing = "".join(f"<li>{esc(setting_label(k, lang))} <code>{esc(k)}</code></li>" for k in assumed)
        items.append(
            f"<details><summary>{esc(ctx.tr('report.caveat.assumption_list'))} ({len(assumed)})"
            f"</summary><ul>{listing}</ul></details>"
        )
    return items


def _runs(ctx: Context) -> list[str]:
    """Adaptive replication short of its target, failed runs, too few replications, runs ending early."""
    r, m = ctx.r, ctx.r.manifest
    items = []
    adaptive = m.get("adaptive")
    if adaptive and adaptive.get("stop") == "verdicts":
        unclear = [ctx.outcome(o) for o in adaptive.get("unclear") or []]
        if unclear:
            text = ctx.tr(
                "report.caveat.adaptive_unclear",
                reps=adaptive.get("replications"),
                outcomes=list_separator(ctx.lang).join(unclear),
            )
            items.append(esc(text))
    elif adaptive:
        reps, target = adaptive.get("replications"), float(adaptive.get("target", 0))
        if adaptive.get("reached"):
            text = ctx.tr("report.caveat.adaptive_reached", reps=reps, target=target)
        else:
            worst = adaptive.get("worst_relative_half_width")
            widest = float(worst) if worst is not None else math.inf
            text = ctx.tr("report.caveat.adaptive_not_reached", reps=reps, worst=widest, target=target)
        items.append(esc(text))
    failed = r.failed_runs
    if failed:
        errors = m.get("failed_runs") or []
        if not errors and "error" in r.runs:
            bad = r.runs[r.runs["status"] != "ok"]
            errors = [
                {"arm": a, "replication": rep, "error": e}
                for a, rep, e in zip(bad["arm"], bad["replication"], bad["error"], strict=True)
            ]
        listing = "".join(
            f"<li>{esc(ctx.arm(str(e.get('arm'))))} #{esc(e.get('replication'))}: "
            f"<code>{esc(e.get('error'))}</code></li>"
            for e in errors[:5]
        )
        items.append(
            esc(ctx.tr("report.caveat.failed", failed=failed, total=len(r.runs))) + f"<ul>{listing}</ul>"
        )
    if r.kind == "compare" and len(r.summary) and "n" in r.summary:
        fewest = int(r.summary["n"].min())
        if 0 < fewest < 6:  # (none at all: the failed runs say why)
            items.append(esc(ctx.tr("report.caveat.few_reps", reps=fewest)))
    weeks = r.run_setting("weeks")
    if r.rollout_week is not None and weeks is not None and weeks <= r.rollout_week:
        items.append(esc(ctx.tr("report.caveat.before_reform", weeks=weeks, week=r.rollout_week)))
    return items


def _empty_reason(ctx: Context, outcome: str) -> str:
    """Why an outcome can have no value at all, from its name."""
    for prefix in EMPTY_REASONS:
        if outcome.startswith(prefix):
            return ctx.tr("report.reason." + prefix)
    return ctx.tr("report.reason.other")


def _experiment_keys(ctx: Context) -> list[str]:
    """Settings this experiment chooses: those that differ between arms, those varied, --set ones."""
    keys: list[str] = []
    if ctx.r.kind == "compare":
        before, after = arrangement_rows(ctx.r.scenarios)
        keys += [k.removeprefix("rollout.set.") for k, _, _ in before + after]
    keys += [bare_key(k) for k in ctx.r.parameters]
    for item in ctx.r.spec.get("set") or []:
        keys.append(str(item).split("=", 1)[0].strip())
    return [k for k in dict.fromkeys(keys) if k not in ("run.weeks", "run.seed")]
