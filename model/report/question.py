"""The report's first section: the question the experiment asks, in words, and its description."""

from __future__ import annotations

from model.report.context import Context
from model.report.labels import join_words, quoted, setting_label
from model.report.markup import esc, section
from model.report.pilot import pilot_question
from model.report.search import lever_names, limits_text, objectives_text


def question(ctx: Context) -> str:
    """What the experiment compares, varies or ranks, and its description in the report's language."""
    r, lang = ctx.r, ctx.lang
    if r.kind == "compare":
        others = [ctx.q(a) for a in r.arms[1:]]
        subdistricts = any(isinstance(s.get("communities"), dict) for s in r.scenarios.values())
        key = "report.question.compare_subdistricts" if subdistricts else "report.question.compare"
        text = ctx.tr(key, arms=join_words(others, lang), reference=ctx.q(r.reference))
    elif r.kind == "sweep":
        params = [quoted(setting_label(p, lang)) for p in r.parameters]
        text = ctx.tr("report.question.sweep", base=ctx.q(ctx.base_name), params=join_words(params, lang))
    elif r.kind == "search":
        limits = limits_text(ctx)
        text = ctx.tr(
            "report.question.search",
            levers=join_words(lever_names(ctx), lang),
            objectives=objectives_text(ctx),
            limits=ctx.tr("search.limits", limits=limits) if limits else "",
        )
    elif r.kind == "pilot":
        text = pilot_question(ctx)
    elif r.kind == "explore":
        policies = join_words([ctx.q(a) for a in r.arms], lang)
        text = ctx.tr("report.question.explore", policies=policies, count=len(r.parameters))
    else:
        text = ctx.tr("report.question.sensitivity", count=len(r.parameters), base=ctx.q(ctx.base_name))
    parts = [f'<p class="question">{esc(text)}</p>']
    description = _description(ctx)
    if description:
        parts.append(f"<p>{esc(description)}</p>")
    parts.append(f'<p class="sub">{esc(ctx.tr("report.kind"))}: {esc(ctx.tr("report.kind." + r.kind))}</p>')
    return section("question", ctx.tr("report.question"), "\n".join(parts))


def _description(ctx: Context) -> str:
    """The experiment's description, from its spec: in Chinese when the report is and the spec has it."""
    text = str(ctx.r.manifest.get("description") or "")
    if ctx.lang == "zh":
        return str(ctx.r.spec.get("description_zh") or text)
    return text
