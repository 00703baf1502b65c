"""The report's Arrangements section: what differs between the arms' resolved scenarios, or what is varied."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from model import i18n
from model.dotted import flatten
from model.report.context import Context
from model.report.labels import setting_label, value_text
from model.report.markup import MAX_TABLE_ROWS, esc, section, table, wide_table
from model.report.pilot import pilot_design
from model.report.resources import resources_part
from model.schema import LABEL_KEYS

# Not settings of an arrangement: labels and the seed (the seed is set per replication)
_NOT_SETTINGS = (*LABEL_KEYS, "run.seed")


def settings_before_after(scenario: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any], set[str]]:
    """(settings from the start, settings once the reform is in force, keys the reform sets)."""
    data = {k: v for k, v in scenario.items() if k != "rollout"}
    rollout = dict(scenario.get("rollout") or {})
    reform = flatten(rollout.pop("set", {}) or {})
    before = {k: v for k, v in flatten(data).items() if k not in _NOT_SETTINGS}
    before |= {f"rollout.{k}": v for k, v in flatten(rollout).items()}
    after = {**before, **reform}
    return before, after, set(reform)


def arrangement_rows(scenarios: Mapping[str, Mapping[str, Any]]) -> tuple[list, list]:
    """Rows (key, {arm: value}, {arm: changed at the reform}) that differ, before and after the reform."""
    arms = list(scenarios)
    parts = {arm: settings_before_after(scenarios[arm]) for arm in arms}
    keys_before = list(dict.fromkeys(k for arm in arms for k in parts[arm][0]))
    reform_keys = {k for arm in arms for k in parts[arm][2]}
    keys_after = [k for k in dict.fromkeys(k for arm in arms for k in parts[arm][1]) if k in reform_keys]

    def differs(values: Iterable[Any]) -> bool:
        return len({repr(v) for v in values}) > 1

    before_rows: list[tuple[str, dict[str, Any], dict[str, bool]]] = []
    for key in keys_before:
        values = {arm: parts[arm][0].get(key) for arm in arms}
        if differs(values.values()):
            before_rows.append((key, values, {}))
    after_rows: list[tuple[str, dict[str, Any], dict[str, bool]]] = []
    for key in keys_after:
        values = {arm: parts[arm][1].get(key) for arm in arms}
        if differs(values.values()):
            changed = {arm: key in parts[arm][2] and parts[arm][0].get(key) != values[arm] for arm in arms}
            after_rows.append((key, values, changed))
    return before_rows, after_rows


def arrangements(ctx: Context) -> str:
    """A comparison's arms, their differing settings and resources; a sweep's or Sobol design's parameters."""
    if ctx.r.kind in ("compare", "explore", "search"):  # policies, as a comparison's arms
        arms = {a: [label] for a, label in zip(ctx.r.arms, _arm_headers(ctx, ctx.r.arms), strict=True)}
        resources = resources_part(ctx, [ctx.tr("report.resources.arrangement")], arms, len(arms))
        body = "\n".join(part for part in (_compare_arms(ctx), resources) if part)
        return section("arrangements", ctx.tr("report.arrangements"), body)
    if ctx.r.kind == "pilot":
        return section("arrangements", ctx.tr("report.arrangements"), pilot_design(ctx))
    return section("arrangements", ctx.tr("report.parameters"), _varied(ctx))


def _arm_headers(ctx: Context, arms: Sequence[str]) -> list[str]:
    """The arms' labels as column or row headers, the first marked as the reference (not a search's)."""
    mark = f" ({ctx.tr('report.reference')})" if ctx.r.kind != "search" else ""  # a search has none
    return [ctx.arm(a) + (mark if i == 0 else "") for i, a in enumerate(arms)]


def _compare_arms(ctx: Context) -> str:
    """Each arm described, then a table of the settings that differ, before the reform and after it."""
    lang, scenarios = ctx.lang, ctx.r.scenarios
    arms = list(scenarios)
    items = []
    for name in arms:
        data = scenarios[name]
        own = str(data.get("description") or "")
        text = i18n.scenario_description(str(data.get("name") or name), lang, fallback=own)
        if isinstance(data.get("communities"), dict):  # a subdistrict: its rollout plan, not its file's words
            text = rollout_plan_text(ctx, data)
        items.append(f"<li><b>{ctx.arm_html(name)}</b>{' — ' + esc(text) if text else ''}</li>")
    parts = [f"<ul>{''.join(items)}</ul>"]
    before, after = arrangement_rows(scenarios)
    before = [row for row in before if not _reform_week_key(row[0])]  # the plans above say them
    if not before and not after and any(_reform_week_key(k) for k in flatten(scenarios[arms[0]])):
        return "\n".join(parts)
    if not before and not after:
        parts.append(f"<p>{esc(ctx.tr('report.arrangements.same'))}</p>")
        return "\n".join(parts)
    parts.append(f"<p>{esc(ctx.tr('report.arrangements.intro'))}</p>")
    header = [ctx.tr("report.setting"), *_arm_headers(ctx, arms)]
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = []
    week, ramp = ctx.r.run_setting("rollout_week", 0), ctx.r.ramp_weeks
    groups = (
        (ctx.tr("report.from_start"), before),
        (ctx.tr("report.after_reform", week=week, ramp=ramp), after),
    )
    for title, rows in groups:
        if not rows:
            continue
        body.append(f'<tr class="group"><th colspan="{len(header)}">{esc(title)}</th></tr>')
        for key, values, changed in rows:
            bare = key.removeprefix("rollout.set.")
            cells = [f"<td>{esc(setting_label(bare, lang))}<br><code>{esc(bare)}</code></td>"]
            for a in arms:
                cls = ' class="changed"' if changed.get(a) else ""
                cells.append(f"<td{cls}>{esc(value_text(bare, values[a], lang))}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
    parts.append(wide_table(f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>"))
    if after:
        parts.append(f'<p class="note">{esc(ctx.tr("report.bold_reform"))}</p>')
    return "\n".join(parts)


def _reform_week_key(key: str) -> bool:
    """Whether `key` is one community's reform week in a subdistrict's settings."""
    return key.startswith("communities.") and key.endswith(".reform_week")


def rollout_plan_text(ctx: Context, data: Mapping[str, Any]) -> str:
    """A subdistrict arm's rollout plan in words: which communities reform in which week, or never."""
    weeks = int((data.get("run") or {}).get("weeks") or 0)
    by_week: dict[int | None, list[str]] = {}
    for name, community in (data.get("communities") or {}).items():
        week = int(community.get("reform_week", weeks))
        by_week.setdefault(week if week < weeks else None, []).append(str(name))
    comma, semicolon = ("、", "；") if ctx.lang == "zh" else (", ", "; ")
    groups = [
        ctx.tr("report.plan.week", week=week, names=comma.join(names))
        for week, names in sorted((w, n) for w, n in by_week.items() if w is not None)
    ]
    if None in by_week:
        groups.append(ctx.tr("report.plan.never", names=comma.join(by_week[None])))
    return ctx.tr("report.plan", groups=semicolon.join(groups))


def _varied(ctx: Context) -> str:
    """The base scenario, the design, each varied parameter's values or range, and a sweep's resources."""
    r, lang, spec = ctx.r, ctx.lang, ctx.r.spec
    base = ctx.base
    description = i18n.scenario_description(ctx.base_name, lang, fallback=str(base.get("description") or ""))
    parts = [
        f"<p><b>{esc(ctx.tr('report.base'))}:</b> {ctx.arm_html(ctx.base_name)}"
        f"{' — ' + esc(description) if description else ''}</p>"
    ]
    points = len(r.arms)
    if r.kind == "sweep" and spec.get("sampling", "grid") == "grid":
        parts.append(f"<p>{esc(ctx.tr('report.sampling.grid', points=points))}</p>")
    elif r.kind == "sweep":
        parts.append(f"<p>{esc(ctx.tr('report.sampling.lhs', points=points))}</p>")
    else:
        parts.append(
            f"<p>{esc(ctx.tr('report.sampling.sobol', points=points, samples=spec.get('samples')))}</p>"
        )
    grid = spec.get("params") or {}
    ranges = spec.get("ranges") or {}
    before, after, _ = settings_before_after(base)
    rows = []
    for key in r.parameters:
        bare = key.removeprefix("rollout.set.")
        label = setting_label(bare, lang)
        if key.startswith("rollout.set."):
            label += ctx.tr("fig.after_reform")
        if key in grid:
            values = ", ".join(value_text(bare, v, lang) for v in grid[key])
        else:
            low, high = ranges.get(key, [None, None])
            values = f"{value_text(bare, low, lang)} – {value_text(bare, high, lang)}"
        current = (after if key.startswith("rollout.set.") else before).get(bare)
        shown = esc(value_text(bare, current, lang))
        rows.append([f"{esc(label)}<br><code>{esc(key)}</code>", esc(values), shown])
    header = [
        ctx.tr("report.parameter"),
        ctx.tr("report.values") if r.kind == "sweep" and grid else ctx.tr("report.range"),
        ctx.tr("report.in_base"),
    ]
    parts.append(table(header, rows, raw=True))
    if r.kind == "sweep":
        given = {str(p.get("arm")): p for p in r.manifest.get("points") or []}
        point_values = {
            a: [value_text(p, given.get(a, {}).get(p), lang) for p in r.parameters]
            for a in r.arms[:MAX_TABLE_ROWS]
        }
        labels = [setting_label(p, lang) for p in r.parameters]
        parts.append(resources_part(ctx, labels, point_values, len(r.arms)))
    return "\n".join(parts)
