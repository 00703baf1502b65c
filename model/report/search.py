"""The Results section and Key findings of a lever search: the levers and limits, the front re-run on
fresh seeds, the recommended setting and the cheapest one as good, in words."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from model.analysis import search_texts  # noqa: F401 - registers the search strings
from model.analysis.figures.labels import outcome_bounds
from model.formatting import decimals_for, fixed, significant, staff_number, yuan_number
from model.report.context import Context
from model.report.explore import embedded_figure
from model.report.labels import join_words, setting_label, value_text
from model.report.markup import esc, para, table


def _search(ctx: Context) -> dict[str, Any]:
    return ctx.r.spec.get("search") or {}


def limits_text(ctx: Context) -> str:
    """The budget and the staff cap in words (or that there are none)."""
    search, words = _search(ctx), []
    if search.get("budget_yuan") is not None:
        words.append(ctx.tr("search.budget", budget=yuan_number(float(search["budget_yuan"]))))
    if search.get("staff_cap") is not None:
        words.append(ctx.tr("search.cap", cap=search["staff_cap"]))
    return join_words(words, ctx.lang) if words else ""


def objectives_text(ctx: Context) -> str:
    return join_words([ctx.outcome(o) for o in _search(ctx).get("objectives") or []], ctx.lang)


def lever_names(ctx: Context) -> list[str]:
    """The levers in words: the arrangement (when there is a choice), then each parameter."""
    names = [ctx.tr("search.policy")] if len(ctx.r.arms) > 1 else []
    return names + [setting_label(key, ctx.lang) for key in ctx.r.parameters]


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def setting(ctx: Context, row: pd.Series) -> str:
    """A candidate in words: its arrangement (in quotes) and its lever values."""
    parts = [
        f"{setting_label(key, ctx.lang)} {value_text(key, _plain(row[key]), ctx.lang)}"
        for key in ctx.r.parameters
    ]
    text = ("；" if ctx.lang == "zh" else "; ").join(parts)
    policy = ctx.q(str(row["policy"]))
    return f"{policy}（{text}）" if ctx.lang == "zh" else f"{policy} ({text})"


def _values(ctx: Context, row: pd.Series) -> str:
    objectives = _search(ctx).get("objectives") or []
    return join_words([f"{ctx.outcome(o)} {significant(float(row[o]), 3)}" for o in objectives], ctx.lang)


def search_findings(ctx: Context) -> str:
    """Key findings: the recommended setting, the cheapest as good, what broke the limits."""
    summary = ctx.r.summary
    items = []
    good = summary[summary["feasible"].astype(bool)]
    if len(good):
        best = good[good["recommended"].astype(bool)].iloc[0]
        items.append(
            ctx.tr(
                "search.recommended",
                objectives=objectives_text(ctx),
                setting=setting(ctx, best),
                values=_values(ctx, best),
                cost=yuan_number(float(best["cost"])),
                staff=staff_number(float(best["staff"])),
            )
        )
        enough = good[good["enough"].astype(bool)]
        if len(enough) and enough.iloc[0]["candidate"] != best["candidate"]:
            row = enough.iloc[0]
            cost, staff = yuan_number(float(row["cost"])), staff_number(float(row["staff"]))
            items.append(ctx.tr("search.enough", setting=setting(ctx, row), cost=cost, staff=staff))
        else:
            items.append(ctx.tr("search.enough.itself"))
    else:
        row = summary.sort_values("cost").iloc[0]
        cost, staff = yuan_number(float(row["cost"])), staff_number(float(row["staff"]))
        items.append(ctx.tr("search.none", setting=setting(ctx, row), cost=cost, staff=staff))
    tried = ctx.r.table("candidates.csv")
    if len(tried) and "feasible" in tried:
        unique = tried.drop_duplicates("candidate")
        over = int((~unique["feasible"].astype(bool)).sum())
        if over:
            items.append(ctx.tr("search.over", over=over, candidates=len(unique)))
    return "<ul>" + "".join(f"<li>{esc(text)}</li>" for text in items) + "</ul>"


def search_results(ctx: Context) -> str:
    """How the search went, its levers and limits, the front on fresh seeds as a table and a figure."""
    search, info = _search(ctx), ctx.r.manifest.get("search") or {}
    final = int(search.get("final_replications") or 0)
    intro = ctx.tr(
        "search.intro",
        candidates=info.get("candidates", 0),
        generations=info.get("generations", 0),
        reps=ctx.r.replications,
        finalists=len(ctx.r.summary),
        final=final,
    )
    return "\n".join(
        [
            para(intro),
            f"<h3>{esc(ctx.tr('search.levers'))}</h3>",
            _levers(ctx),
            para(ctx.tr("search.limits_are", limits=limits_text(ctx) or ctx.tr("search.no_limits"))),
            f"<h3>{esc(ctx.tr('search.front'))}</h3>",
            _front(ctx),
            para(ctx.tr("search.table.note"), "note"),
            embedded_figure(ctx, "search"),
            para(ctx.tr("search.noise", final=final), "note"),
        ]
    )


def _levers(ctx: Context) -> str:
    spec, rows = ctx.r.spec, []
    if len(ctx.r.arms) > 1:
        rows.append([esc(ctx.tr("search.policy")), esc(join_words([ctx.q(a) for a in ctx.r.arms], ctx.lang))])
    for key, (low, high) in (spec.get("ranges") or {}).items():
        rows.append(
            [esc(setting_label(key, ctx.lang)), esc(f"{significant(low, 3)} – {significant(high, 3)}")]
        )
    for key, values in (spec.get("params") or {}).items():
        shown = join_words([value_text(key, v, ctx.lang) for v in values], ctx.lang)
        rows.append([esc(setting_label(key, ctx.lang)), esc(shown)])
    return table([ctx.tr("search.col.lever"), ctx.tr("search.col.values")], rows, raw=True)


def _cell(row: pd.Series, name: str, places: int) -> str:
    """A mean and, when known, its 95% interval (clipped to the values the outcome can take)."""
    mean = fixed(float(row[name]), places, sign=False)
    low, high = row.get(f"{name}_ci_low", math.nan), row.get(f"{name}_ci_high", math.nan)
    if low is None or not math.isfinite(float(low)):
        return mean
    floor, ceiling = outcome_bounds(name)
    low, high = max(float(low), floor), min(float(high), ceiling)
    return f"{mean} [{fixed(low, places, sign=False)}, {fixed(high, places, sign=False)}]"


def _front(ctx: Context) -> str:
    summary = ctx.r.summary
    objectives = list(_search(ctx).get("objectives") or [])
    places = {o: decimals_for(list(summary[o].astype(float))) for o in objectives}
    yes, no = ctx.tr("search.yes"), ctx.tr("search.no")
    body = []
    for _, row in summary.iterrows():
        marks = [ctx.tr(f"search.mark.{flag}") for flag in ("recommended", "enough") if bool(row[flag])]
        label = esc(setting(ctx, row)) + (f" <b>({esc(', '.join(marks))})</b>" if marks else "")
        body.append(
            [
                label,
                esc(_cell(row, "public_cost", 0)),
                esc(staff_number(float(row["staff"]))),
                *(esc(_cell(row, o, places[o])) for o in objectives),
                esc(yes if bool(row["feasible"]) else no),
                esc(yes if bool(row["front"]) else no),
            ]
        )
    header = [
        ctx.tr("search.col.setting"),
        ctx.tr("search.col.cost"),
        ctx.tr("search.col.staff"),
        *(ctx.outcome(o) for o in objectives),
        ctx.tr("search.col.within"),
        ctx.tr("search.col.front"),
    ]
    return table(header, body, numeric=tuple(range(1, 3 + len(objectives))), raw=True)
