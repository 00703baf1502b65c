"""The report's Communities section: a subdistrict comparison's effects by community type and community.

Shown only when the experiment wrote communities.csv (its arms are subdistricts). The numbers are
`model.analysis.community_effects`; the figure is `model.analysis.figures.communities`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from model.analysis import subdistrict_texts  # noqa: F401 - registers the section's strings
from model.analysis.community_effects import (
    COMMUNITY_TABLE,
    community_effects,
    shown_outcomes,
    type_effects,
    type_title,
)
from model.experiment.comparison import NEGLIGIBLE, direction_of
from model.formatting import decimals_for, fixed
from model.outcomes import Direction
from model.report.context import Context
from model.report.markup import esc, para, section, table, verdict_html


def communities(ctx: Context) -> str:
    """The section, or "" when the experiment is not a comparison of subdistricts."""
    data = ctx.r.table(COMMUNITY_TABLE)
    if ctx.r.kind != "compare" or data.empty or "community" not in data:
        return ""
    outcomes = shown_outcomes(ctx.r.summary, ctx.r.outcomes)
    reference, arms = ctx.r.reference, ctx.r.arms
    by_community = community_effects(data, reference, arms, outcomes)
    by_type = type_effects(data, reference, arms, outcomes)
    count = data["community"].nunique()
    parts = [para(ctx.tr("report.communities.intro", count=count, reference=ctx.q(reference)))]
    all_outcomes = [o for o in ctx.r.outcomes if o in data]
    if len(all_outcomes) > len(outcomes):
        parts.append(
            para(ctx.tr("report.communities.more", shown=len(outcomes), count=len(all_outcomes)), "note")
        )
    for arm in arms:
        if arm == reference:
            continue
        mine = by_community[by_community["arm"] == arm]
        spread = [_spread(ctx, arm, outcome, mine[mine["outcome"] == outcome]) for outcome in outcomes]
        parts.append("<ul>" + "".join(f"<li>{esc(text)}</li>" for text in spread if text) + "</ul>")
        pair = {"arm": ctx.q(arm), "reference": ctx.q(reference)}
        parts.append(f"<h3>{esc(ctx.tr('report.communities.by_type', **pair))}</h3>")
        parts.append(_table(ctx, by_type[by_type["arm"] == arm], outcomes, ctx.tr("report.communities.type")))
        parts.append(f"<h3>{esc(ctx.tr('report.communities.by_community', **pair))}</h3>")
        parts.append(_table(ctx, mine, outcomes, ctx.tr("report.communities.community")))
    return section("communities", ctx.tr("report.communities"), "\n".join(parts))


def _spread(ctx: Context, arm: str, outcome: str, rows: pd.DataFrame) -> str:
    """One sentence: in how many communities the arm is better, worse, negligible or unclear."""
    rows = rows[rows["diff"].notna()]
    if rows.empty:
        return ""
    neutral = direction_of(outcome) is Direction.NEUTRAL
    verdicts = rows["verdict"].value_counts()
    top, bottom = rows.loc[rows["diff"].idxmax()], rows.loc[rows["diff"].idxmin()]
    places = decimals_for(list(rows["diff"]))
    key = "report.communities.spread_neutral" if neutral else "report.communities.spread"
    return ctx.tr(
        key,
        arm=ctx.arm(arm),
        outcome=ctx.outcome(outcome),
        count=len(rows),
        better=int(verdicts.get("higher" if neutral else "better", 0)),
        worse=int(verdicts.get("lower" if neutral else "worse", 0)),
        negligible=int(verdicts.get(NEGLIGIBLE, 0)),
        unclear=int(verdicts.get("unclear", 0)),
        largest=fixed(float(top["diff"]), places),
        top=str(top["unit"]),
        smallest=fixed(float(bottom["diff"]), places),
        bottom=str(bottom["unit"]),
    )


def _table(ctx: Context, rows: pd.DataFrame, outcomes: Sequence[str], first: str) -> str:
    """Units down (a type or a community, with its size), outcomes across: difference, interval, verdict."""
    units = rows.drop_duplicates("unit")
    places = {o: decimals_for(list(rows.loc[rows["outcome"] == o, "diff"].dropna())) for o in outcomes}
    body = []
    for unit in units.itertuples(index=False):
        kind = type_title(str(unit.type), ctx.lang)
        size = f"{int(unit.households):,} {ctx.tr('report.communities.households')}"
        if unit.unit == unit.type:
            name, detail = kind, f"{ctx.tr('report.communities.count', count=int(unit.communities))}, {size}"
        else:
            name, detail = str(unit.unit), f"{kind}, {size}"
        label = f'{esc(name)}<br><span class="ci">{esc(detail)}</span>'
        cells = [label]
        for outcome in outcomes:
            cell = rows[(rows["unit"] == unit.unit) & (rows["outcome"] == outcome)]
            if cell.empty:
                cells.append("")
                continue
            diff, low, high = (float(cell[c].iloc[0]) for c in ("diff", "low", "high"))
            p = places[outcome]
            text = esc(fixed(diff, p))
            if pd.notna(low) and pd.notna(high):
                text += f'<br><span class="ci">[{esc(fixed(low, p))}, {esc(fixed(high, p))}]</span>'
            cells.append(text + "<br>" + verdict_html(str(cell["verdict"].iloc[0]), ctx.lang))
        body.append(cells)
    header = [esc(first), *(esc(ctx.outcome(o)) for o in outcomes)]
    return table(header, body, numeric=range(1, len(header)), raw=True)
