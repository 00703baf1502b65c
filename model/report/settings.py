"""The report's Settings section: how the experiment was run, for anyone repeating or judging it."""

from __future__ import annotations

import math
from typing import Any

from model.analysis import (  # noqa: F401 - register the pilot, search and subdistrict strings
    pilot_texts,
    search_texts,
    subdistrict_texts,
)
from model.report.context import Context
from model.report.markup import esc, section


def settings(ctx: Context) -> str:
    """How the experiment was run: replications, weeks, the reform, the community, seeds, runs, versions."""
    r, m = ctx.r, ctx.r.manifest
    items: list[tuple[str, str]] = []
    reps = r.replications
    key = {"compare": "report.replications_value", "pilot": "pilot.replications_value"}.get(
        r.kind, "report.replications_point"
    )
    items.append((ctx.tr("report.replications"), ctx.tr(key, reps=reps)))
    weeks = sorted({s.get("run", {}).get("weeks") for s in r.scenarios.values()} - {None})
    if weeks:
        items.append(
            (ctx.tr("report.weeks"), ", ".join(ctx.tr("report.weeks_value", weeks=w) for w in weeks))
        )
    if r.kind == "pilot":  # the pilots' reform week (the other run never reforms)
        start = (r.spec.get("pilot") or {}).get("start")
        items.append((ctx.tr("report.reform_week"), ctx.tr("pilot.reform_value", week=start)))
    elif any("communities" in s for s in r.scenarios.values()):  # subdistricts: a week per community
        items.append((ctx.tr("report.reform_week"), ctx.tr("report.reform_per_community")))
    elif r.rollout_week is not None:
        items.append(
            (
                ctx.tr("report.reform_week"),
                ctx.tr("report.reform_value", week=r.rollout_week, ramp=r.ramp_weeks),
            )
        )
    else:
        items.append((ctx.tr("report.reform_week"), ctx.tr("report.no_reform")))
    households = ctx.base.get("population", {}).get("households")
    if households:
        residents = None
        if "residents" in r.runs and len(r.runs):
            residents = float(r.runs["residents"].mean())
        if residents is not None and math.isfinite(residents):
            items.append(
                (
                    ctx.tr("report.community"),
                    ctx.tr(
                        "report.community_value",
                        households=int(households),
                        residents=round(residents),
                    ),
                )
            )
    seeds = [str(s) for s in (m.get("seeds") or [])]
    shown = ", ".join(seeds[:3]) + (", …" if len(seeds) > 3 else "")
    items.append(
        (ctx.tr("report.seeds"), ctx.tr("report.seeds_value", seed=r.spec.get("seed"), seeds=shown))
    )
    fresh = [str(s) for s in (m.get("search") or {}).get("fresh_seeds") or []]
    if fresh:  # a search's front, run again on replications the search never used
        shown = ", ".join(fresh[:3]) + (", …" if len(fresh) > 3 else "")
        items.append((ctx.tr("search.fresh"), ctx.tr("search.fresh_value", reps=len(fresh), seeds=shown)))
    runs = m.get("runs") or {}
    if runs:
        items.append(
            (
                ctx.tr("report.runs"),
                ctx.tr(
                    "report.runs_value",
                    total=runs.get("total", 0),
                    ok=runs.get("ok", 0),
                    failed=runs.get("failed", 0),
                ),
            )
        )
    adaptive = m.get("adaptive")
    if adaptive:
        items.append((ctx.tr("report.adaptive"), _adaptive(ctx, adaptive)))
    backend = m.get("backend") or {}
    if backend:
        items.append(
            (
                ctx.tr("report.backend"),
                ctx.tr(
                    "report.backend_value", name=backend.get("name"), workers=backend.get("workers") or 1
                ),
            )
        )
    items.append((ctx.tr("report.when"), f"{m.get('started') or '–'} → {m.get('finished') or '–'}"))
    items.append((ctx.tr("report.status"), str(m.get("status") or "–")))
    if m.get("spec_file"):
        items.append((ctx.tr("report.spec_file"), str(m["spec_file"])))
    versions = m.get("versions") or {}
    if versions:
        items.append((ctx.tr("report.versions"), ", ".join(f"{k} {v}" for k, v in versions.items())))
    body = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items)
    return section("settings", ctx.tr("report.settings"), f'<dl class="settings">{body}</dl>')


def _adaptive(ctx: Context, adaptive: dict[str, Any]) -> str:
    """How adaptive replication stopped: by verdicts, or by the precision target."""
    values = {"reps": adaptive.get("replications"), "max": adaptive.get("max_replications")}
    if adaptive.get("stop") == "verdicts":
        reached = "verdicts_reached" if adaptive.get("reached") else "not_reached"
        return ctx.tr(
            "report.adaptive_verdicts_value",
            batch=adaptive.get("batch"),
            looks=adaptive.get("looks"),
            reason=ctx.tr("report.adaptive." + reached),
            **values,
        )
    reason = ctx.tr("report.adaptive.reached" if adaptive.get("reached") else "report.adaptive.not_reached")
    return ctx.tr("report.adaptive_value", target=float(adaptive.get("target", 0)), reason=reason, **values)
