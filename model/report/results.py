"""The report's Results section: paired differences, a sweep's response tables, Sobol indices."""

from __future__ import annotations

import math

import pandas as pd

from model.analysis.figures import outcome_title as outcome_label
from model.analysis.figures import outcome_unit
from model.formatting import decimals_for, fixed, setting_number
from model.report.context import Context
from model.report.explore import explore_results
from model.report.labels import setting_label, value_text
from model.report.markup import MAX_TABLE_ROWS, esc, labelled, para, section, table, verdict_html
from model.report.pilot import pilot_results
from model.report.search import search_results


def results(ctx: Context) -> str:
    """The results table of a comparison, a sweep or a sensitivity analysis."""
    if not len(ctx.r.summary):
        return section(
            "results", ctx.tr("report.results"), f"<p>{esc(ctx.tr('report.no_statistics'))}</p>"
        )
    body = {
        "compare": _compare_results,
        "sweep": _sweep_results,
        "sensitivity": _sobol_results,
        "explore": explore_results,
        "search": search_results,
        "pilot": pilot_results,
    }[ctx.r.kind](ctx)
    return section("results", ctx.tr("report.results"), body)


def _pair_table(ctx: Context, rows: pd.DataFrame) -> str:
    """One pair of arms: each outcome's means, paired difference, the interval judged, MID and verdict."""
    lang = ctx.lang
    header = [
        ctx.tr("report.col.outcome"),
        ctx.tr("report.col.unit"),
        ctx.tr("report.col.direction"),
        ctx.tr("report.col.mean_reference"),
        ctx.tr("report.col.mean_compared"),
        ctx.tr("report.col.difference") + " [" + ctx.tr("report.col.verdict_ci") + "]",
        ctx.tr("report.col.mid"),
        ctx.tr("report.col.n"),
        ctx.tr("report.col.verdict"),
    ]
    body = []
    for _, row in rows.iterrows():
        name = str(row["outcome"])
        values = [float(row[c]) for c in ("mean_a", "mean_b", "diff", "verdict_ci_low", "verdict_ci_high")]
        places = decimals_for(values)
        diff = esc(fixed(values[2], places))
        if math.isfinite(values[3]) and math.isfinite(values[4]):
            ci = f"[{fixed(values[3], places)}, {fixed(values[4], places)}]"
            diff += f'<br><span class="ci">{esc(ci)}</span>'
        mid = float(row["mid"])
        direction = str(row.get("direction", "neutral"))
        verdict = verdict_html(str(row.get("verdict", "")), lang)
        if int(row.get("pairs_lost", 0)):
            verdict += f'<br><span class="ci">{esc(ctx.tr("findings.provisional"))}</span>'
        body.append(
            [
                esc(outcome_label(name, lang)) + f"<br><code>{esc(name)}</code>",
                esc(outcome_unit(name, lang)),
                esc(ctx.tr("report.direction." + direction))
                if direction in ("higher", "lower", "neutral")
                else "",
                esc(fixed(values[0], places, sign=False)),
                esc(fixed(values[1], places, sign=False)),
                diff,
                esc(setting_number(mid)),
                esc(str(int(row["n"])) if math.isfinite(float(row["n"])) else "–"),
                verdict,
            ]
        )
    return table(header, body, numeric=(3, 4, 5, 6, 7), raw=True)


def _compare_results(ctx: Context) -> str:
    """Each arm against the reference; every other pair folded away below."""
    r, summary = ctx.r, ctx.r.summary
    parts = [
        para(ctx.tr("report.results.compare_intro", reference=ctx.q(r.reference))),
        f'<p class="note">{esc(ctx.tr("report.caveat.final_quarter"))}</p>',
    ]
    order = {o: i for i, o in enumerate(r.outcomes)}
    main = summary[summary["arm_a"] == r.reference]
    for arm in [a for a in r.arms[1:] if a in set(main["arm_b"])]:
        rows = main[main["arm_b"] == arm].sort_values("outcome", key=lambda s: s.map(order))
        heading = ctx.tr("report.results.vs", arm=ctx.q(arm), reference=ctx.q(r.reference))
        parts.append(f"<h3>{esc(heading)}</h3>")
        parts.append(_pair_table(ctx, rows))
    rest = summary[summary["arm_a"] != r.reference]
    if len(rest):
        pairs = list(dict.fromkeys(zip(rest["arm_a"], rest["arm_b"], strict=True)))
        inner = []
        for a, b in pairs:
            rows = rest[(rest["arm_a"] == a) & (rest["arm_b"] == b)].sort_values(
                "outcome", key=lambda s: s.map(order)
            )
            inner.append(
                f"<h3>{esc(ctx.tr('report.results.vs', arm=ctx.q(b), reference=ctx.q(a)))}</h3>"
            )
            inner.append(_pair_table(ctx, rows))
        parts.append(
            f"<details><summary>{esc(ctx.tr('report.results.other_pairs', count=len(pairs)))}</summary>"
            + "\n".join(inner)
            + "</details>"
        )
    return "\n".join(parts)


def _with_ci(row: pd.Series, name: str, places: int) -> str:
    """The value in column `name` with its interval (columns NAME_ci_low and NAME_ci_high), unsigned."""
    value, low, high = (float(row[c]) for c in (name, f"{name}_ci_low", f"{name}_ci_high"))
    text = fixed(value, places, sign=False)
    if math.isfinite(low) and math.isfinite(high):
        text += f" [{fixed(low, places, sign=False)}, {fixed(high, places, sign=False)}]"
    return text


def _sweep_results(ctx: Context) -> str:
    """A grid of one or two parameters as a response table per outcome; other designs as a table of points."""
    r, lang, summary = ctx.r, ctx.lang, ctx.r.summary
    params = r.parameters
    parts = [
        f"<p>{esc(ctx.tr('report.results.sweep_intro'))}</p>",
        f'<p class="note">{esc(ctx.tr("report.caveat.final_quarter"))}</p>',
    ]
    grid = r.spec.get("sampling", "grid") == "grid" and len(params) <= 2
    if grid:
        for outcome in r.outcomes:
            block = summary[summary["outcome"] == outcome]
            if not len(block):
                continue
            places = decimals_for(block["mean"].astype(float).tolist())
            parts.append(
                f"<h3>{esc(outcome_label(outcome, lang))} "
                f'<span class="note">[{esc(outcome_unit(outcome, lang))}]</span></h3>'
            )
            first = params[0]
            rows_values = list(dict.fromkeys(block[first].tolist()))
            if len(params) == 2:
                second = params[1]
                columns = list(dict.fromkeys(block[second].tolist()))
                header = [f"{setting_label(first, lang)} \\ {setting_label(second, lang)}"] + [
                    value_text(second, c, lang) for c in columns
                ]
                body = []
                for value in rows_values:
                    cells = [value_text(first, value, lang)]
                    for c in columns:
                        match = block[(block[first] == value) & (block[second] == c)]
                        cells.append(_with_ci(match.iloc[0], "mean", places) if len(match) else "–")
                    body.append(cells)
                parts.append(table(header, body, numeric=range(1, len(header))))
            else:
                header = [
                    setting_label(first, lang),
                    ctx.tr("report.col.mean") + " [" + ctx.tr("report.col.ci") + "]",
                ]
                body = [
                    [value_text(first, row[first], lang), _with_ci(row, "mean", places)]
                    for _, row in block.iterrows()
                ]
                parts.append(table(header, body, numeric=(1,)))
        return "\n".join(parts)
    wide = summary.pivot_table(index=["point", *params], columns="outcome", values="mean", sort=False)
    outcomes = [o for o in r.outcomes if o in wide.columns]
    wide = wide[outcomes].reset_index()
    header = (
        [ctx.tr("report.col.point")]
        + [setting_label(p, lang) for p in params]
        + [f"{outcome_label(o, lang)} [{outcome_unit(o, lang)}]" for o in outcomes]
    )
    places_of = {o: decimals_for(wide[o].astype(float).tolist()) for o in outcomes}
    body = []
    for _, row in wide.head(MAX_TABLE_ROWS).iterrows():
        body.append(
            [str(row["point"])]
            + [value_text(p, row[p], lang) for p in params]
            + [fixed(float(row[o]), places_of[o], sign=False) for o in outcomes]
        )
    parts.append(table(header, body, numeric=range(1, len(header))))
    if len(wide) > MAX_TABLE_ROWS:
        parts.append(
            para(ctx.tr("report.results.sweep_rows", shown=MAX_TABLE_ROWS, total=len(wide)), "note")
        )
    return "\n".join(parts)


def _sobol_results(ctx: Context) -> str:
    """Per outcome, each parameter's first-order and total Sobol indices, largest total first."""
    r, lang, summary = ctx.r, ctx.lang, ctx.r.summary
    parts = [f"<p>{esc(ctx.tr('report.results.sobol_intro'))}</p>"]

    for outcome in r.outcomes:
        block = summary[summary["outcome"] == outcome].sort_values("total_order", ascending=False)
        if not len(block):
            continue
        parts.append(f"<h3>{esc(outcome_label(outcome, lang))}</h3>")
        if "constant" in block and block["constant"].any():
            parts.append(f"<p>{esc(ctx.tr('report.results.sobol_constant'))}</p>")
            continue
        body = [
            [
                labelled(setting_label(str(row["parameter"]), lang), str(row["parameter"])),
                esc(_with_ci(row, "first_order", 2)),
                esc(_with_ci(row, "total_order", 2)),
            ]
            for _, row in block.iterrows()
        ]
        parts.append(
            table(
                [ctx.tr("report.parameter"), ctx.tr("report.col.s1"), ctx.tr("report.col.st")],
                body,
                numeric=(1, 2),
                raw=True,
            )
        )
    return "\n".join(parts)
