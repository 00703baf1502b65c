"""Each arm's resources for the report: staff posts and public money per year, after the reform."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from model import i18n
from model.analysis.results import Results
from model.formatting import MISSING, staff_number, yuan_number
from model.outcomes import PUBLIC_COST as COST
from model.outcomes import STAFF_POSTS as STAFF
from model.report.context import Context
from model.report.markup import esc, para, table

COLUMN_KEYS = ("committee", "workstation", "social_workers", "total", "cost")


@dataclass(frozen=True)
class Resources:
    """Means over an arm's finished runs: staff posts by body, and public cost in yuan per year."""

    staff: tuple[float, ...]
    cost: float
    staff_before: float = math.nan
    cost_before: float = math.nan

    @property
    def total(self) -> float:
        return float(sum(self.staff))


def arm_resources(runs: pd.DataFrame, arms: Sequence[str]) -> dict[str, Resources] | None:
    """Each arm's mean staff and cost after the reform; None when the runs lack them or hold no value."""
    after = [f"{name}_after" for name in (*STAFF, COST)]
    if not len(runs) or "arm" not in runs or any(c not in runs for c in after):
        return None
    ok = runs[runs["status"] == "ok"] if "status" in runs else runs
    before = [f"{name}_before" for name in (*STAFF, COST)]
    columns = after + [c for c in before if c in ok]
    means = ok.groupby("arm", sort=False)[columns].mean().reindex(list(arms))
    found: dict[str, Resources] = {}
    for arm in arms:
        row = {c: float(means.at[arm, c]) if c in means else math.nan for c in after + before}
        if not any(math.isfinite(row[c]) for c in after):  # never reformed within the run (a
            row |= {a: row[b] for a, b in zip(after, before, strict=True)}  # subdistrict plan): as before
        found[arm] = Resources(
            staff=tuple(row[c] for c in after[:3]),
            cost=row[after[3]],
            staff_before=sum(row[c] for c in before[:3]),
            cost_before=row[before[3]],
        )
    if not any(math.isfinite(r.total) or math.isfinite(r.cost) for r in found.values()):
        return None
    return found


def before_after(before: float, after: float, fmt: Callable[[float], str]) -> str:
    """The after value, or "before → after" when the two read differently."""
    old, new = fmt(before), fmt(after)
    return new if old in (new, MISSING) else f"{old} → {new}"


def header(lang: str) -> list[str]:
    """The labels of the five resource columns."""
    return [i18n.t(f"report.resources.{key}", lang) for key in COLUMN_KEYS]


def cells(resources: Resources) -> list[str]:
    """The five resource cells of one arm."""
    return [
        *(staff_number(v) for v in resources.staff),
        before_after(resources.staff_before, resources.total, staff_number),
        before_after(resources.cost_before, resources.cost, yuan_number),
    ]


def window_note(results: Results, lang: str) -> str:
    """Which window the figures are from (the recorder's after-reform window)."""
    week, ramp = int(results.run_setting("rollout_week", 0)), results.ramp_weeks
    weeks = int(results.run_setting("weeks", 0))
    start = week + ramp if week + ramp < weeks else week
    if any(isinstance(s.get("communities"), dict) for s in results.scenarios.values()):
        return i18n.t("report.resources.note_subdistrict", lang)
    key = "report.resources.note" if results.rollout_week is not None else "report.resources.note_no_reform"
    return i18n.t(key, lang, start=start)


def resource_rows(
    results: Results, lang: str, labels: Mapping[str, Sequence[str]]
) -> tuple[list[str], list[list[str]]] | None:
    """(the resource column labels, a row per arm: its `labels` then its resources); None without data."""
    found = arm_resources(results.runs, list(labels))
    if found is None:
        return None
    return header(lang), [[*labels[arm], *cells(found[arm])] for arm in labels]


def resources_part(ctx: Context, label_header: list[str], labels: dict[str, list[str]], total: int) -> str:
    """Staff posts and public cost of each arm (row labels `labels`); "" when the runs lack them."""
    found = resource_rows(ctx.r, ctx.lang, labels)
    if found is None:
        return ""
    columns, rows = found
    numeric = range(len(label_header), len(label_header) + len(columns))
    parts = [
        f'<h3 id="resources">{esc(ctx.tr("report.resources"))}</h3>',
        table([*label_header, *columns], rows, numeric=numeric),
        para(window_note(ctx.r, ctx.lang), "note"),
    ]
    if total > len(labels):
        parts.append(para(ctx.tr("report.resources.rows", shown=len(labels), total=total), "note"))
    return "\n".join(parts)
