"""The Results section of an exploration: the uncertainties, what failing means, then per policy its
robustness, where it fails (PRIM, CART), its regret and its figure."""

from __future__ import annotations

import base64
import math

import pandas as pd

from model import i18n
from model.analysis import explore_texts  # noqa: F401 - registers the exploration strings
from model.analysis.figures import outcome_title, outcome_unit
from model.formatting import decimals_for, fixed, significant
from model.report.context import Context
from model.report.labels import quoted, setting_label
from model.report.markup import esc, labelled, para, table

DENSITY_TARGET = 0.8  # as model.experiment.discovery chooses boxes (the report reads, never recomputes)


def explore_results(ctx: Context) -> str:
    """Intro, uncertainties, failure criteria, an overview of the policies, then a part per policy."""
    r = ctx.r
    points = len(r.manifest.get("points") or [])
    parts = [
        para(ctx.tr("explore.intro", points=points, reps=r.replications)),
        f"<h3>{esc(ctx.tr('explore.uncertainties'))}</h3>",
        _uncertainties(ctx),
        para(ctx.tr("explore.failure", criteria=_criteria(ctx))),
        f"<h3>{esc(ctx.tr('explore.overview'))}</h3>",
        _overview(ctx),
        para(ctx.tr("explore.box.note", target=DENSITY_TARGET), "note"),
    ]
    regret, boxes, cart = r.table("regret.csv"), r.table("boxes.csv"), r.table("cart.csv")
    for number, (policy, block) in enumerate(r.summary.groupby("policy", sort=False), start=1):
        row = block.iloc[0]  # failing by any criterion
        parts.append(f"<h3>{esc(ctx.arm(str(policy)))}</h3>")
        parts.append(para(_robustness(ctx, row)))
        parts.append(para(_box(ctx, row, _rows(boxes, row))))
        leaves = _rows(cart, row)
        if len(leaves):
            parts.append(para(_cart(ctx, leaves), "note"))
        alone = [_alone(ctx, one, _rows(boxes, one)) for _, one in block.iloc[1:].iterrows()]
        if alone:
            parts.append(f"<ul>{''.join(f'<li>{esc(text)}</li>' for text in alone)}</ul>")
        parts.append(_regret(ctx, regret[regret["policy"] == policy] if "policy" in regret else regret))
        parts.append(embedded_figure(ctx, f"explore-{number}"))
    return "\n".join(parts)


def explore_findings(ctx: Context) -> str:
    """Key findings of an exploration: per policy, how robust it is and where it fails, in words."""
    boxes = ctx.r.table("boxes.csv")
    items = []
    for policy, block in ctx.r.summary.groupby("policy", sort=False):
        row = block.iloc[0]  # failing by any criterion
        box = _box(ctx, row, _rows(boxes, row))
        items.append(f"<li><b>{esc(ctx.arm(str(policy)))}</b>: {esc(_robustness(ctx, row))} {esc(box)}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _rows(frame: pd.DataFrame, row: pd.Series) -> pd.DataFrame:
    """The rows of a per-policy table (boxes.csv, cart.csv) for the policy and failure of a summary row."""
    if "policy" not in frame or "failure" not in frame:
        return frame.iloc[0:0]
    return frame[(frame["policy"] == row["policy"]) & (frame["failure"] == row["failure"])]


def _alone(ctx: Context, row: pd.Series, limits: pd.DataFrame) -> str:
    """One criterion on its own: how often it makes the policy fail, and where."""
    criterion = _criterion(ctx, _failure_of(ctx, str(row["failure"])))
    return ctx.tr(
        "explore.alone",
        criterion=criterion,
        failed=int(row["failed_points"]),
        points=int(row["points"]),
        box=_box(ctx, row, limits),
    )


def _failure_of(ctx: Context, label: str) -> dict:
    """The spec's failure criterion whose label (`outcome side bound`) is `label`."""
    for failure in ctx.r.spec.get("failure") or []:
        side = "above" if failure.get("above") is not None else "below"
        bound = failure[side]
        shown = bound if isinstance(bound, str) else f"{float(bound):g}"
        if f"{failure['outcome']} {side} {shown}" == label:
            return failure
    return {"outcome": label, "above": label}


def _uncertainties(ctx: Context) -> str:
    ranges = ctx.r.spec.get("ranges") or {}
    rows = [
        [labelled(setting_label(key, ctx.lang), key), esc(significant(low, 3)), esc(significant(high, 3))]
        for key, (low, high) in ranges.items()
    ]
    header = [ctx.tr("report.parameter"), ctx.tr("explore.col.low"), ctx.tr("explore.col.high")]
    return table(header, rows, numeric=(1, 2), raw=True)


def _criteria(ctx: Context) -> str:
    return ctx.tr("explore.or").join(_criterion(ctx, f) for f in ctx.r.spec.get("failure") or [])


def _criterion(ctx: Context, failure: dict) -> str:
    """One failure criterion in words, e.g. `“Trust” is below that of “Traditional”`."""
    side = "above" if failure.get("above") is not None else "below"
    bound = failure[side]
    shown = (
        ctx.tr("explore.criterion.policy", policy=ctx.q(bound))
        if isinstance(bound, str)
        else f"{significant(float(bound), 3)} {outcome_unit(failure['outcome'], ctx.lang)}"
    )
    outcome = quoted(outcome_title(failure["outcome"], ctx.lang))
    return ctx.tr(f"explore.criterion.{side}", outcome=outcome, bound=shown)


def _share(value: float) -> str:
    return fixed(value, 2, sign=False) if math.isfinite(value) else "–"


def _overview(ctx: Context) -> str:
    body = []
    boxes = ctx.r.table("boxes.csv")
    for _, row in ctx.r.summary.groupby("policy", sort=False).head(1).iterrows():
        body.append(
            [
                ctx.arm_html(str(row["policy"])),
                esc(_share(float(row["robustness"]))),
                esc(f"{int(row['failed_points'])} / {int(row['points'])}"),
                esc(_box(ctx, row, _rows(boxes, row), short=True)),
            ]
        )
    header = [
        ctx.tr("explore.col.policy"),
        ctx.tr("explore.col.robustness"),
        ctx.tr("explore.col.failed"),
        ctx.tr("explore.col.box"),
    ]
    return table(header, body, numeric=(1, 2), raw=True)


def _robustness(ctx: Context, row: pd.Series) -> str:
    points, failed = int(row["points"]), int(row["failed_points"])
    text = ctx.tr(
        "explore.robustness", robustness=_share(float(row["robustness"])), ok=points - failed, points=points
    )
    if int(row.get("unknown_points", 0)):
        text += " " + ctx.tr("explore.unknown", count=int(row["unknown_points"]))
    return text


def _conditions(ctx: Context, limits: pd.DataFrame) -> str:
    """A box's restricted dimensions in words, e.g. `trust decay > 0.02 and admin requests < 0.03`."""
    words = []
    for _, row in limits[limits["restricted"].fillna("") != ""].iterrows():
        name = i18n.key_label(str(row["parameter"]), ctx.lang)
        low, high = significant(float(row["low"]), 3), significant(float(row["high"]), 3)
        words.append(
            f"{low} < {name} < {high}"
            if row["restricted"] == "both"
            else f"{name} > {low}"
            if row["restricted"] == "low"
            else f"{name} < {high}"
        )
    return ctx.tr("explore.and").join(words)


def _box(ctx: Context, row: pd.Series, limits: pd.DataFrame, short: bool = False) -> str:
    status = str(row.get("discovery", ""))
    if status != "box" or not len(limits):
        return (
            ctx.tr("fig.explore.never" if status == "never fails" else "fig.explore.always")
            if short
            else (ctx.tr("explore.never" if status == "never fails" else "explore.always"))
        )
    stats = {k: _share(float(row[k])) for k in ("coverage", "density", "mass")}
    conditions = _conditions(ctx, limits)
    if not conditions:
        return ctx.tr("explore.box.spread", density=stats["density"])
    return ctx.tr("explore.box", conditions=conditions, **stats)


def _cart(ctx: Context, leaves: pd.DataFrame) -> str:
    boxes = []
    for _, leaf in leaves.groupby("leaf", sort=True):
        first = leaf.iloc[0]
        stats = f" ({_share(float(first['coverage']))}, {_share(float(first['density']))})"
        boxes.append(_conditions(ctx, leaf) + stats)
    return ctx.tr("explore.cart", boxes=("；" if ctx.lang == "zh" else "; ").join(boxes))


def _regret(ctx: Context, rows: pd.DataFrame) -> str:
    if not len(rows):
        return ""
    body = []
    for _, row in rows.iterrows():
        values = [float(row[c]) for c in ("mean", "max_regret", "p90_regret")]
        places = decimals_for(values)
        name = str(row["outcome"])
        body.append(
            [
                labelled(outcome_title(name, ctx.lang), name),
                esc(outcome_unit(name, ctx.lang)),
                esc(fixed(values[0], places, sign=False)),
                esc(fixed(values[1], places, sign=False)),
                esc(fixed(values[2], places, sign=False)),
                esc(_share(float(row["best_share"]))),
            ]
        )
    header = [
        ctx.tr("report.col.outcome"),
        ctx.tr("report.col.unit"),
        ctx.tr("report.col.mean"),
        ctx.tr("explore.col.max_regret"),
        ctx.tr("explore.col.p90_regret"),
        ctx.tr("explore.col.best_share"),
    ]
    return para(ctx.tr("explore.regret"), "note") + table(header, body, numeric=(2, 3, 4, 5), raw=True)


def embedded_figure(ctx: Context, stem: str) -> str:
    """The figure `stem`, embedded where its part of the results is (it is also in Figures)."""
    items = ctx.figures.items if ctx.figures else []
    for item in items:
        if item.name.split(".")[0] == stem:
            data = base64.b64encode(item.png).decode("ascii")
            return (
                f'<figure><img alt="{esc(item.title)}" src="data:image/png;base64,{data}">'
                f"<figcaption><b>{esc(item.title)}.</b> {esc(item.caption)}</figcaption></figure>"
            )
    return ""
