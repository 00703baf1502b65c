"""The report of an experiment: one self-contained HTML file an analyst can e-mail.

    from model.report import write_report
    write_report("results/separation_quick")              # -> results/separation_quick/report.html
    write_report("results/separation_quick", lang="zh")   # -> results/separation_quick/report.zh.html

It holds the question, the arrangements compared (the settings that differ between their resolved
scenarios, before and after the reform), the run settings, the results table, the figures
(embedded as base64 PNG; the PNG and SVG files go to DIR/figures/), caveats and the command that
reproduces it. Nothing is loaded from outside the file: no scripts, fonts, styles or images.
Every experiment writes one at its end (see `model.experiment.api.run_and_report`), in the
language of --lang or $COMMGOV_LANG (English by default); `commgov report DIR --lang zh` writes
DIR/report.zh.html beside the English DIR/report.html.
"""

from __future__ import annotations

import base64
import html
import math
import os
import re
import shlex
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from model import i18n, shipped
from model.analysis import texts
from model.analysis.figures import Figures, arm_label, experiment_figures, outcome_unit, save_figures
from model.analysis.figures import outcome_title as outcome_label
from model.analysis.results import Results, load_results
from model.dotted import flatten
from model.errors import InputError
from model.files import write_file
from model.formatting import decimals_for, fixed, p_value, setting_number
from model.outcomes import EMPTY_REASONS
from model.report_groups import group_section
from model.report_resources import resource_rows, window_note
from model.schema import LABEL_KEYS

REPORT = "report.html"
FIGURES = "figures"
PARAMETERS_DOC = shipped.ROOT / "docs" / "parameters.md"
MAX_TABLE_ROWS = 40
# Not settings of an arrangement: labels and the seed (the seed is set per replication)
_NOT_SETTINGS = (*LABEL_KEYS, "run.seed")
# Used when docs/parameters.md is not there (an installed package): the coefficients known to
# be guesses
FALLBACK_ASSUMED = ("behaviour.", "needs.")


def t(key: str, lang: str, **values: Any) -> str:
    return i18n.t(key, lang, **values)


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


# --------------------------------------------------------------------------------------------
# Values and labels


def value_text(key: str, value: Any, lang: str) -> str:
    """A setting's value as a person reads it (on/off, a choice in words, a number)."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return i18n.value_text(key, value, lang)
    if isinstance(value, int | float):
        return setting_number(value)
    if isinstance(value, list):
        return ", ".join(value_text(key, v, lang) for v in value)
    return i18n.value_text(key, value, lang)


def setting_label(key: str, lang: str) -> str:
    bare = key.removeprefix("rollout.set.") if key.count(".") >= 3 else key
    label = i18n.lever_label(bare, lang)
    unit = i18n.lever_unit(bare, lang)
    if unit and unit not in (i18n.unit_label("on/off", lang), i18n.unit_label("choice", lang)):
        label += f" [{unit}]"
    return label


def list_separator(lang: str) -> str:
    return "、" if lang == "zh" else ", "


def join_words(items: Sequence[str], lang: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return list_separator(lang).join(items[:-1]) + t("report.and", lang) + items[-1]


def quoted(text: str, lang: str) -> str:
    return f"“{text}”"


# --------------------------------------------------------------------------------------------
# Arrangements: what differs between the resolved scenarios


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


# --------------------------------------------------------------------------------------------
# Assumptions (docs/parameters.md)


def assumed_parameters(path: Path | None = None) -> tuple[dict[str, str], int] | None:
    """Scenario keys whose source in docs/parameters.md is "assumption", and how many keys it lists.

    None when the document is not there.
    """
    path = path or PARAMETERS_DOC
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    found: dict[str, str] = {}
    total = 0
    section = ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip().lower()
            continue
        if section != "scenario keys" or not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        key = cells[0].strip("`")
        total += 1
        source = cells[-1].strip("* ").lower()
        if source.startswith("assumption"):
            found[key] = cells[-1]
    return found, total


def is_assumed(key: str, assumed: Mapping[str, str] | None) -> bool:
    bare = key.removeprefix("rollout.set.") if key.count(".") >= 3 else key
    if assumed is None:
        return bare.startswith(FALLBACK_ASSUMED)
    return bare in assumed


# --------------------------------------------------------------------------------------------
# HTML pieces


CSS = """
:root { --ink: #1a1a1a; --muted: #5a5a5a; --line: #d9d9d9; --zebra: #f6f6f6;
        --better: #0072B2; --better-bg: #e1eef8; --worse: #B34700; --worse-bg: #fbe8dc; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
       "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
       color: var(--ink); line-height: 1.5; margin: 0; background: #fff; }
html:lang(zh-CN) body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
       "Microsoft YaHei", "WenQuanYi Micro Hei", system-ui, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 1.75rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 22px 0 6px; }
p, li { max-width: 72em; }
.sub { color: var(--muted); margin: 0 0 12px; }
.question { font-size: 1.12rem; font-weight: 600; }
nav ol { columns: 2; margin: 6px 0 0; padding-left: 1.4em; }
table { border-collapse: collapse; margin: 8px 0 14px; font-size: 0.92rem; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 10px; text-align: left; vertical-align: top; }
th { background: #eeeeee; font-weight: 600; max-width: 14em; }
.wide { overflow-x: auto; }
.ci { color: var(--muted); font-size: 0.85rem; }
tbody tr:nth-child(even) td { background: var(--zebra); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.changed { font-weight: 700; }
tr.group th { background: #fff; border-bottom: 2px solid var(--ink); padding-top: 14px; }
.verdict { font-weight: 600; white-space: nowrap; padding: 1px 8px; border-radius: 10px; }
.v-better { color: var(--better); background: var(--better-bg); }
.v-worse { color: var(--worse); background: var(--worse-bg); }
.v-higher, .v-lower, .v-none { color: var(--muted); background: #eeeeee; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.86rem; }
code { color: #444; }
pre { background: #f3f3f3; padding: 10px 12px; overflow-x: auto; white-space: pre-wrap;
      word-break: break-all; border-left: 3px solid #999; }
figure { margin: 18px 0 28px; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 4px; max-width: 72em; }
figcaption b { color: var(--ink); }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; }
dl.settings dt { font-weight: 600; }
dl.settings dd { margin: 0; }
.caveats li { margin-bottom: 6px; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--muted); }
.note { color: var(--muted); font-size: 0.9rem; }
@media print { main { max-width: none; } nav { display: none; } figure { break-inside: avoid; } }
"""


def table(
    header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = (), raw=False
) -> str:
    """An HTML table; cells are escaped unless `raw` (then they are HTML already)."""

    def cell(tag: str, i: int, value: str) -> str:
        cls = ' class="num"' if i in numeric else ""
        return f"<{tag}{cls}>{value if raw else esc(value)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "\n".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    return wide_table(f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>")


def wide_table(inner: str) -> str:
    """A table that scrolls sideways on a narrow screen instead of overflowing the page."""
    return f'<div class="wide"><table>\n{inner}\n</table></div>'


def para(text: str, cls: str | None = None) -> str:
    """A paragraph of plain text."""
    return f'<p class="{cls}">{esc(text)}</p>' if cls else f"<p>{esc(text)}</p>"


def labelled(label: str, code: str) -> str:
    """A label for people with the name code uses below it."""
    return f"{esc(label)}<br><code>{esc(code)}</code>"


def verdict_html(verdict: str, lang: str) -> str:
    cls = {"better": "v-better", "worse": "v-worse", "higher": "v-higher", "lower": "v-lower"}.get(
        verdict, "v-none"
    )
    return f'<span class="verdict {cls}">{esc(t("report.verdict." + verdict, lang))}</span>'


# --------------------------------------------------------------------------------------------
# Sections


class Report:
    def __init__(self, results: Results, lang: str, figures: Figures | None, figures_folder: str | None):
        self.r, self.lang = results, i18n.check_lang(lang)
        self.figures, self.figures_folder = figures, figures_folder
        self.assumed_doc = assumed_parameters()
        self.assumed = self.assumed_doc[0] if self.assumed_doc else None

    # -- helpers ---------------------------------------------------------------------------
    def tr(self, key: str, **values: Any) -> str:
        return t(key, self.lang, **values)

    def arm(self, name: str) -> str:
        return arm_label(name, self.lang)

    def q(self, name: str) -> str:
        """An arm's label in quotes, for running text."""
        return quoted(self.arm(name), self.lang)

    def arm_html(self, name: str) -> str:
        label = self.arm(name)
        return esc(label) if label == name else f"{esc(label)} <code>{esc(name)}</code>"

    @property
    def base(self) -> dict[str, Any]:
        return next(iter(self.r.scenarios.values()), {})

    # -- question --------------------------------------------------------------------------
    def question(self) -> str:
        r, lang = self.r, self.lang
        if r.kind == "compare":
            others = [quoted(self.arm(a), lang) for a in r.arms[1:]]
            text = self.tr(
                "report.question.compare",
                arms=join_words(others, lang),
                reference=quoted(self.arm(r.reference), lang),
            )
        elif r.kind == "sweep":
            params = [quoted(setting_label(p, lang), lang) for p in r.parameters]
            text = self.tr(
                "report.question.sweep",
                base=quoted(self.arm(self.base_name), lang),
                params=join_words(params, lang),
            )
        else:
            text = self.tr(
                "report.question.sensitivity",
                count=len(r.parameters),
                base=quoted(self.arm(self.base_name), lang),
            )
        parts = [f'<p class="question">{esc(text)}</p>']
        description = self.description()
        if description:
            parts.append(f"<p>{esc(description)}</p>")
        parts.append(
            f'<p class="sub">{esc(self.tr("report.kind"))}: {esc(self.tr("report.kind." + r.kind))}</p>'
        )
        return self.section("question", self.tr("report.question"), "\n".join(parts))

    @property
    def base_name(self) -> str:
        return str(self.base.get("name") or self.r.spec.get("base") or "")

    def description(self) -> str:
        text = str(self.r.manifest.get("description") or "")
        if self.lang == "en" or not text:
            return text
        known = texts.EXPERIMENTS.get(self.r.name)
        if known and " ".join(known["en"].split()) == " ".join(text.split()):
            return known[self.lang]
        return text

    # -- arrangements ----------------------------------------------------------------------
    def arrangements(self) -> str:
        if self.r.kind == "compare":
            arms = {
                a: [self.arm(a) + (f" ({self.tr('report.reference')})" if i == 0 else "")]
                for i, a in enumerate(self.r.arms)
            }
            resources = self._resources([self.tr("report.resources.arrangement")], arms, len(arms))
            body = "\n".join(part for part in (self._compare_arms(), resources) if part)
            return self.section("arrangements", self.tr("report.arrangements"), body)
        return self.section("arrangements", self.tr("report.parameters"), self._varied())

    def _resources(self, label_header: list[str], labels: dict[str, list[str]], total: int) -> str:
        """Staff posts and public cost of each arm (row labels `labels`); "" when the runs lack them."""
        found = resource_rows(self.r, self.lang, labels)
        if found is None:
            return ""
        header, rows = found
        numeric = range(len(label_header), len(label_header) + len(header))
        parts = [
            f'<h3 id="resources">{esc(self.tr("report.resources"))}</h3>',
            table([*label_header, *header], rows, numeric=numeric),
            para(window_note(self.r, self.lang), "note"),
        ]
        if total > len(labels):
            parts.append(para(self.tr("report.resources.rows", shown=len(labels), total=total), "note"))
        return "\n".join(parts)

    def _compare_arms(self) -> str:
        lang, scenarios = self.lang, self.r.scenarios
        arms = list(scenarios)
        items = []
        for name in arms:
            data = scenarios[name]
            own = str(data.get("description") or "")
            text = i18n.scenario_description(str(data.get("name") or name), lang, fallback=own)
            items.append(f"<li><b>{self.arm_html(name)}</b>{' — ' + esc(text) if text else ''}</li>")
        parts = [f"<ul>{''.join(items)}</ul>"]
        before, after = arrangement_rows(scenarios)
        if not before and not after:
            parts.append(f"<p>{esc(self.tr('report.arrangements.same'))}</p>")
            return "\n".join(parts)
        parts.append(f"<p>{esc(self.tr('report.arrangements.intro'))}</p>")
        header = [self.tr("report.setting")] + [
            self.arm(a) + (f" ({self.tr('report.reference')})" if i == 0 else "") for i, a in enumerate(arms)
        ]
        head = "".join(f"<th>{esc(h)}</th>" for h in header)
        body = []
        week, ramp = self.r.run_setting("rollout_week", 0), self.r.ramp_weeks
        groups = (
            (self.tr("report.from_start"), before),
            (self.tr("report.after_reform", week=week, ramp=ramp), after),
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
        parts.append(
            f'<div class="wide"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
            + "\n".join(body)
            + "\n</tbody>\n</table></div>"
        )
        if after:
            note = self.tr("report.bold_reform")
            parts.append(f'<p class="note">{esc(note)}</p>')
        return "\n".join(parts)

    def _varied(self) -> str:
        r, lang, spec = self.r, self.lang, self.r.spec
        base = self.base
        description = i18n.scenario_description(
            self.base_name, lang, fallback=str(base.get("description") or "")
        )
        parts = [
            f"<p><b>{esc(self.tr('report.base'))}:</b> {self.arm_html(self.base_name)}"
            f"{' — ' + esc(description) if description else ''}</p>"
        ]
        points = len(r.arms)
        if r.kind == "sweep" and spec.get("sampling", "grid") == "grid":
            parts.append(f"<p>{esc(self.tr('report.sampling.grid', points=points))}</p>")
        elif r.kind == "sweep":
            parts.append(f"<p>{esc(self.tr('report.sampling.lhs', points=points))}</p>")
        else:
            parts.append(
                f"<p>{esc(self.tr('report.sampling.sobol', points=points, samples=spec.get('samples')))}</p>"
            )
        grid = spec.get("params") or {}
        ranges = spec.get("ranges") or {}
        before, after, _ = settings_before_after(base)
        rows = []
        for key in r.parameters:
            bare = key.removeprefix("rollout.set.") if key.startswith("rollout.set.") else key
            label = setting_label(bare, lang)
            if key.startswith("rollout.set."):
                label += self.tr("fig.after_reform")
            if key in grid:
                values = ", ".join(value_text(bare, v, lang) for v in grid[key])
            else:
                low, high = ranges.get(key, [None, None])
                values = f"{value_text(bare, low, lang)} – {value_text(bare, high, lang)}"
            current = (after if key.startswith("rollout.set.") else before).get(bare)
            rows.append(
                [
                    f"{esc(label)}<br><code>{esc(key)}</code>",
                    esc(values),
                    esc(value_text(bare, current, lang)),
                ]
            )
        header = [
            self.tr("report.parameter"),
            self.tr("report.values") if r.kind == "sweep" and grid else self.tr("report.range"),
            self.tr("report.in_base"),
        ]
        parts.append(table(header, rows, raw=True))
        if r.kind == "sweep":
            given = {str(p.get("arm")): p for p in r.manifest.get("points") or []}
            point_values = {
                a: [value_text(p, given.get(a, {}).get(p), lang) for p in r.parameters]
                for a in r.arms[:MAX_TABLE_ROWS]
            }
            labels = [setting_label(p, lang) for p in r.parameters]
            parts.append(self._resources(labels, point_values, len(r.arms)))
        return "\n".join(parts)

    # -- settings --------------------------------------------------------------------------
    def settings(self) -> str:
        r, m = self.r, self.r.manifest
        items: list[tuple[str, str]] = []
        reps = r.replications
        key = "report.replications_value" if r.kind == "compare" else "report.replications_point"
        items.append((self.tr("report.replications"), self.tr(key, reps=reps)))
        weeks = sorted({s.get("run", {}).get("weeks") for s in r.scenarios.values()} - {None})
        if weeks:
            items.append(
                (self.tr("report.weeks"), ", ".join(self.tr("report.weeks_value", weeks=w) for w in weeks))
            )
        if r.rollout_week is not None:
            items.append(
                (
                    self.tr("report.reform_week"),
                    self.tr("report.reform_value", week=r.rollout_week, ramp=r.ramp_weeks),
                )
            )
        else:
            items.append((self.tr("report.reform_week"), self.tr("report.no_reform")))
        households = self.base.get("population", {}).get("households")
        if households:
            residents = None
            if "residents" in r.runs and len(r.runs):
                residents = float(r.runs["residents"].mean())
            if residents is not None and math.isfinite(residents):
                items.append(
                    (
                        self.tr("report.community"),
                        self.tr(
                            "report.community_value",
                            households=int(households),
                            residents=round(residents),
                        ),
                    )
                )
        seeds = [str(s) for s in (m.get("seeds") or [])]
        shown = ", ".join(seeds[:3]) + (", …" if len(seeds) > 3 else "")
        items.append(
            (self.tr("report.seeds"), self.tr("report.seeds_value", seed=r.spec.get("seed"), seeds=shown))
        )
        runs = m.get("runs") or {}
        if runs:
            items.append(
                (
                    self.tr("report.runs"),
                    self.tr(
                        "report.runs_value",
                        total=runs.get("total", 0),
                        ok=runs.get("ok", 0),
                        failed=runs.get("failed", 0),
                    ),
                )
            )
        adaptive = m.get("adaptive")
        if adaptive:
            reason = self.tr(
                "report.adaptive.reached" if adaptive.get("reached") else "report.adaptive.not_reached"
            )
            items.append(
                (
                    self.tr("report.adaptive"),
                    self.tr(
                        "report.adaptive_value",
                        target=float(adaptive.get("target", 0)),
                        reason=reason,
                        reps=adaptive.get("replications"),
                        max=adaptive.get("max_replications"),
                    ),
                )
            )
        backend = m.get("backend") or {}
        if backend:
            items.append(
                (
                    self.tr("report.backend"),
                    self.tr(
                        "report.backend_value", name=backend.get("name"), workers=backend.get("workers") or 1
                    ),
                )
            )
        items.append((self.tr("report.when"), f"{m.get('started') or '–'} → {m.get('finished') or '–'}"))
        items.append((self.tr("report.status"), str(m.get("status") or "–")))
        if m.get("spec_file"):
            items.append((self.tr("report.spec_file"), str(m["spec_file"])))
        versions = m.get("versions") or {}
        if versions:
            items.append((self.tr("report.versions"), ", ".join(f"{k} {v}" for k, v in versions.items())))
        body = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items)
        return self.section("settings", self.tr("report.settings"), f'<dl class="settings">{body}</dl>')

    # -- results ---------------------------------------------------------------------------
    def results(self) -> str:
        if not len(self.r.summary):
            return self.section(
                "results", self.tr("report.results"), f"<p>{esc(self.tr('report.no_statistics'))}</p>"
            )
        body = {
            "compare": self._compare_results,
            "sweep": self._sweep_results,
            "sensitivity": self._sobol_results,
        }[self.r.kind]()
        return self.section("results", self.tr("report.results"), body)

    def _pair_table(self, rows) -> str:
        lang = self.lang
        header = [
            self.tr("report.col.outcome"),
            self.tr("report.col.unit"),
            self.tr("report.col.direction"),
            self.tr("report.col.mean_reference"),
            self.tr("report.col.mean_compared"),
            self.tr("report.col.difference") + " [" + self.tr("report.col.ci") + "]",
            self.tr("report.col.p"),
            self.tr("report.col.n"),
            self.tr("report.col.verdict"),
        ]
        body = []
        for _, row in rows.iterrows():
            name = str(row["outcome"])
            values = [float(row[c]) for c in ("mean_a", "mean_b", "diff", "diff_ci_low", "diff_ci_high")]
            places = decimals_for(values)
            diff = esc(fixed(values[2], places))
            if math.isfinite(values[3]) and math.isfinite(values[4]):
                ci = f"[{fixed(values[3], places)}, {fixed(values[4], places)}]"
                diff += f'<br><span class="ci">{esc(ci)}</span>'

            direction = str(row.get("direction", "neutral"))
            body.append(
                [
                    esc(outcome_label(name, lang)) + f"<br><code>{esc(name)}</code>",
                    esc(outcome_unit(name, lang)),
                    esc(self.tr("report.direction." + direction))
                    if direction in ("higher", "lower", "neutral")
                    else "",
                    esc(fixed(values[0], places, sign=False)),
                    esc(fixed(values[1], places, sign=False)),
                    diff,
                    esc(p_value(row.get("holm_p"), spaced=True)),
                    esc(str(int(row["n"])) if math.isfinite(float(row["n"])) else "–"),
                    verdict_html(str(row.get("verdict", "")), lang),
                ]
            )
        return table(header, body, numeric=(3, 4, 5, 6, 7), raw=True)

    def _compare_results(self) -> str:
        r, summary = self.r, self.r.summary
        parts = [
            para(self.tr("report.results.compare_intro", reference=self.q(r.reference))),
            f'<p class="note">{esc(self.tr("report.caveat.final_quarter"))}</p>',
        ]
        order = {o: i for i, o in enumerate(r.outcomes)}
        main = summary[summary["arm_a"] == r.reference]
        for arm in [a for a in r.arms[1:] if a in set(main["arm_b"])]:
            rows = main[main["arm_b"] == arm].sort_values("outcome", key=lambda s: s.map(order))
            heading = self.tr("report.results.vs", arm=self.q(arm), reference=self.q(r.reference))
            parts.append(f"<h3>{esc(heading)}</h3>")
            parts.append(self._pair_table(rows))
        rest = summary[summary["arm_a"] != r.reference]
        if len(rest):
            pairs = list(dict.fromkeys(zip(rest["arm_a"], rest["arm_b"], strict=True)))
            inner = []
            for a, b in pairs:
                rows = rest[(rest["arm_a"] == a) & (rest["arm_b"] == b)].sort_values(
                    "outcome", key=lambda s: s.map(order)
                )
                inner.append(
                    f"<h3>{esc(self.tr('report.results.vs', arm=self.q(b), reference=self.q(a)))}</h3>"
                )
                inner.append(self._pair_table(rows))
            parts.append(
                f"<details><summary>{esc(self.tr('report.results.other_pairs', count=len(pairs)))}</summary>"
                + "\n".join(inner)
                + "</details>"
            )
        return "\n".join(parts)

    def _mean_ci(self, row, places: int) -> str:
        mean, low, high = (float(row[c]) for c in ("mean", "mean_ci_low", "mean_ci_high"))
        text = fixed(mean, places, sign=False)
        if math.isfinite(low) and math.isfinite(high):
            text += f" [{fixed(low, places, sign=False)}, {fixed(high, places, sign=False)}]"
        return text

    def _sweep_results(self) -> str:
        r, lang, summary = self.r, self.lang, self.r.summary
        params = r.parameters
        parts = [
            f"<p>{esc(self.tr('report.results.sweep_intro'))}</p>",
            f'<p class="note">{esc(self.tr("report.caveat.final_quarter"))}</p>',
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
                            cells.append(self._mean_ci(match.iloc[0], places) if len(match) else "–")
                        body.append(cells)
                    parts.append(table(header, body, numeric=range(1, len(header))))
                else:
                    header = [
                        setting_label(first, lang),
                        self.tr("report.col.mean") + " [" + self.tr("report.col.ci") + "]",
                    ]
                    body = [
                        [value_text(first, row[first], lang), self._mean_ci(row, places)]
                        for _, row in block.iterrows()
                    ]
                    parts.append(table(header, body, numeric=(1,)))
            return "\n".join(parts)
        wide = summary.pivot_table(index=["point", *params], columns="outcome", values="mean", sort=False)
        outcomes = [o for o in r.outcomes if o in wide.columns]
        wide = wide[outcomes].reset_index()
        header = (
            [self.tr("report.col.point")]
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
                para(self.tr("report.results.sweep_rows", shown=MAX_TABLE_ROWS, total=len(wide)), "note")
            )
        return "\n".join(parts)

    def _sobol_results(self) -> str:
        r, lang, summary = self.r, self.lang, self.r.summary
        parts = [f"<p>{esc(self.tr('report.results.sobol_intro'))}</p>"]

        def index(row, name: str) -> str:
            value, low, high = (float(row[c]) for c in (name, f"{name}_ci_low", f"{name}_ci_high"))
            text = fixed(value, 2, sign=False)
            if math.isfinite(low) and math.isfinite(high):
                text += f" [{fixed(low, 2, sign=False)}, {fixed(high, 2, sign=False)}]"
            return text

        for outcome in r.outcomes:
            block = summary[summary["outcome"] == outcome].sort_values("total_order", ascending=False)
            if not len(block):
                continue
            parts.append(f"<h3>{esc(outcome_label(outcome, lang))}</h3>")
            if "constant" in block and block["constant"].any():
                parts.append(f"<p>{esc(self.tr('report.results.sobol_constant'))}</p>")
                continue
            body = [
                [
                    labelled(setting_label(str(row["parameter"]), lang), str(row["parameter"])),
                    esc(index(row, "first_order")),
                    esc(index(row, "total_order")),
                ]
                for _, row in block.iterrows()
            ]
            parts.append(
                table(
                    [self.tr("report.parameter"), self.tr("report.col.s1"), self.tr("report.col.st")],
                    body,
                    numeric=(1, 2),
                    raw=True,
                )
            )
        return "\n".join(parts)

    # -- figures ---------------------------------------------------------------------------
    def figures_section(self) -> str:
        items = self.figures.items if self.figures else []
        if not items:
            return self.section(
                "figures", self.tr("report.figures"), f"<p>{esc(self.tr('report.figures.none'))}</p>"
            )
        parts = []
        for item in items:
            data = base64.b64encode(item.png).decode("ascii")
            parts.append(
                f'<figure id="fig-{esc(item.name)}">'
                f'<img alt="{esc(item.title)}" src="data:image/png;base64,{data}">'
                f"<figcaption><b>{esc(item.title)}.</b> {esc(item.caption)}</figcaption></figure>"
            )
        if self.figures_folder:
            parts.append(
                f'<p class="note">{esc(self.tr("report.figures.files", folder=self.figures_folder))}</p>'
            )
        return self.section("figures", self.tr("report.figures"), "\n".join(parts))

    # -- caveats ---------------------------------------------------------------------------
    def caveats(self) -> str:
        r, m, lang = self.r, self.r.manifest, self.lang
        items = [esc(self.tr("report.caveat.model"))]
        # assumptions
        relevant = self._experiment_keys()
        if self.assumed_doc is not None:
            assumed, total = self.assumed_doc
            items.append(esc(self.tr("report.caveat.assumptions", count=len(assumed), total=total)))
        else:
            assumed = None
            items.append(esc(self.tr("report.caveat.assumptions_fallback")))
        here = [k for k in relevant if is_assumed(k, assumed)]
        if here:
            shown = [f"{setting_label(k, lang)} (<code>{esc(k)}</code>)" for k in here[:12]]
            text = esc(self.tr("report.caveat.assumptions_here", items="{items}")).replace(
                "{items}",
                list_separator(lang).join(shown)
                + (esc(self.tr("report.more", count=len(here) - 12)) if len(here) > 12 else ""),
            )
            items.append(text)
        if assumed:
            listing = "".join(
                f"<li>{esc(setting_label(k, lang))} <code>{esc(k)}</code></li>" for k in assumed
            )
            items.append(
                f"<details><summary>{esc(self.tr('report.caveat.assumption_list'))} ({len(assumed)})"
                f"</summary><ul>{listing}</ul></details>"
            )
        # adaptive replication
        adaptive = m.get("adaptive")
        if adaptive:
            worst = adaptive.get("worst_relative_half_width")
            if not adaptive.get("reached"):
                items.append(
                    esc(
                        self.tr(
                            "report.caveat.adaptive_not_reached",
                            reps=adaptive.get("replications"),
                            worst=float(worst) if worst is not None else math.inf,
                            target=float(adaptive.get("target", 0)),
                        )
                    )
                )
            else:
                items.append(
                    esc(
                        self.tr(
                            "report.caveat.adaptive_reached",
                            reps=adaptive.get("replications"),
                            target=float(adaptive.get("target", 0)),
                        )
                    )
                )
        # failed runs
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
                f"<li>{esc(self.arm(str(e.get('arm'))))} #{esc(e.get('replication'))}: "
                f"<code>{esc(e.get('error'))}</code></li>"
                for e in errors[:5]
            )
            items.append(
                esc(self.tr("report.caveat.failed", failed=failed, total=len(r.runs))) + f"<ul>{listing}</ul>"
            )
        # too few replications for a verdict
        if r.kind == "compare" and len(r.summary) and "n" in r.summary:
            fewest = int(r.summary["n"].min())
            if 0 < fewest < 6:  # (none at all: the failed runs say why)
                items.append(esc(self.tr("report.caveat.few_reps", reps=fewest)))
        # runs that end before the reform
        weeks = r.run_setting("weeks")
        if r.rollout_week is not None and weeks is not None and weeks <= r.rollout_week:
            items.append(esc(self.tr("report.caveat.before_reform", weeks=weeks, week=r.rollout_week)))
        # outcomes without any value
        for outcome in r.outcomes:
            if outcome in r.runs and len(r.runs) and r.runs[outcome].astype(float).isna().all():
                items.append(
                    esc(
                        self.tr(
                            "report.caveat.empty",
                            outcome=quoted(outcome_label(outcome, lang), lang),
                            reason=self._empty_reason(outcome),
                        )
                    )
                )
        if r.kind == "sensitivity":
            items.append(esc(self.tr("report.caveat.sobol", samples=r.spec.get("samples"))))
        if self.figures is not None and self.figures.fell_back:
            items.append(esc(self.tr("report.caveat.figure_font")))
        body = "".join(f"<li>{item}</li>" for item in items)
        return self.section("caveats", self.tr("report.caveats"), f'<ul class="caveats">{body}</ul>')

    def _empty_reason(self, outcome: str) -> str:
        for prefix in EMPTY_REASONS:
            if outcome.startswith(prefix):
                return self.tr("report.reason." + prefix)
        return self.tr("report.reason.other")

    def _experiment_keys(self) -> list[str]:
        """Settings this experiment chooses: those that differ between arms, those varied, --set ones."""
        keys: list[str] = []
        if self.r.kind == "compare":
            before, after = arrangement_rows(self.r.scenarios)
            keys += [k.removeprefix("rollout.set.") for k, _, _ in before + after]
        keys += [k.removeprefix("rollout.set.") if k.count(".") >= 3 else k for k in self.r.parameters]
        for item in self.r.spec.get("set") or []:
            keys.append(str(item).split("=", 1)[0].strip())
        return [k for k in dict.fromkeys(keys) if k not in ("run.weeks", "run.seed")]

    # -- reproduce -------------------------------------------------------------------------
    def reproduce(self) -> str:
        m = self.r.manifest
        command = m.get("command") or self._command()
        parts = []
        if command:
            parts += [f"<p>{esc(self.tr('report.reproduce.intro'))}</p>", f"<pre>{esc(command)}</pre>"]
        else:
            parts.append(f"<p>{esc(self.tr('report.reproduce.api'))}</p>")
        parts += [
            f"<p>{esc(self.tr('report.reproduce.report'))}</p>",
            f"<pre>{esc(report_command(self.r.directory, self.lang))}</pre>",
        ]
        return self.section("reproduce", self.tr("report.reproduce"), "\n".join(parts))

    def _command(self) -> str | None:
        """The command line equivalent to an experiment started from Python, when there is one."""
        m, spec = self.r.manifest, self.r.spec
        if m.get("spec_file"):
            return shlex.join(["commgov", "experiment", str(m["spec_file"]), "--out", str(self.r.directory)])
        if self.r.kind == "sensitivity" or any(str(s).startswith("<") for s in spec.get("scenarios") or []):
            return None
        if str(spec.get("base") or "").startswith("<"):
            return None
        if self.r.kind == "sweep" and spec.get("sampling", "grid") != "grid":
            return None
        if spec.get("adaptive") or spec.get("pairs", "all") != "all":  # no command-line flags for these
            return None
        words = ["commgov", self.r.kind]
        if self.r.kind == "compare":
            if any(not isinstance(s, str) for s in spec.get("scenarios") or []):
                return None
            words += list(spec.get("scenarios") or [])
        else:
            words.append(str(spec.get("base")))
            for key, values in (spec.get("params") or {}).items():
                words += ["--param", f"{key}={','.join(_toml(v) for v in values)}"]
        words += ["--reps", str(self.r.replications), "--seed", str(spec.get("seed"))]
        if spec.get("weeks") is not None:
            words += ["--weeks", str(spec["weeks"])]
        words += ["--outcomes", ",".join(spec.get("outcomes") or [])]
        for item in spec.get("set") or []:
            words += ["--set", str(item)]
        words += ["--out", str(self.r.directory)]
        return shlex.join(words)

    def groups(self) -> str:
        """Each resident group's outcomes and equity gaps (compare only; "" without group columns)."""
        body = group_section(self.r, self.lang, self.arm)
        return self.section("groups", self.tr("report.groups"), body) if body else ""

    # -- page ------------------------------------------------------------------------------
    def section(self, anchor: str, title: str, body: str) -> str:
        return f'<section id="{anchor}">\n<h2>{esc(title)}</h2>\n{body}\n</section>'

    def html(self) -> str:
        try:
            release = version("commgov")
        except PackageNotFoundError:
            release = "(development)"
        lang = self.lang
        sections = [
            self.question(),
            self.arrangements(),
            self.settings(),
            self.results(),
            self.groups(),
            self.figures_section(),
            self.caveats(),
            self.reproduce(),
        ]
        titles = re.findall(r'<section id="([^"]+)">\n<h2>([^<]*)</h2>', "\n".join(sections))
        nav = "".join(f'<li><a href="#{a}">{title}</a></li>' for a, title in titles)
        title = self.tr("report.title", name=self.r.name)
        date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        head = (
            f"<h1>{esc(title)}</h1>\n"
            f'<p class="sub">{esc(self.tr("report.generated", version=release, date=date))} '
            f"<code>{esc(self.r.directory)}</code></p>\n"
            f"<nav><b>{esc(self.tr('report.contents'))}</b><ol>{nav}</ol></nav>"
        )
        html_lang = "zh-CN" if lang == "zh" else "en"
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            f"{head}\n" + "\n".join(sections) + "\n</main>\n</body>\n</html>\n"
        )


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def report_command(directory: Path | str, lang: str) -> str:
    return shlex.join(["commgov", "report", str(directory), "--lang", lang])


# --------------------------------------------------------------------------------------------
# Entry points


def default_out(directory: Path | str, lang: str | None = None) -> Path:
    """DIR/report.html in English, DIR/report.LANG.html in another language: one never replaces another."""
    lang = i18n.check_lang(lang)
    return Path(directory) / (REPORT if lang == i18n.DEFAULT_LANG else f"report.{lang}.html")


def build_report(
    results: Results, lang: str = "en", figures: Figures | None = None, figures_folder: str | None = None
) -> str:
    """The report's HTML text (figures drawn here unless given)."""
    if figures is None:
        figures = experiment_figures(results, lang)
    return Report(results, lang, figures, figures_folder).html()


def _check_out(out: Path) -> None:
    if out.exists() and out.is_dir():
        raise InputError(f"{out}: is a folder; give --out a file name, e.g. {out / REPORT}")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{out}: cannot be written because the folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"{out}: cannot be written (no permission in {parent})")


def write_report(
    directory: Path | str, lang: str | None = None, out: Path | str | None = None, save: bool = True
) -> Path:
    """Write the report of the experiment in `directory` (and its figures to DIR/figures/).

    `lang` defaults to $COMMGOV_LANG, else English. Bad input (a missing folder, one that is not a
    finished experiment's, an unwritable --out) is an InputError raised before anything is written.
    """
    lang = i18n.check_lang(lang) if lang is not None else i18n.env_lang()
    results = load_results(directory)
    out = Path(out) if out is not None else default_out(directory, lang)
    _check_out(out)
    figures = experiment_figures(results, lang)
    folder = None
    if save:
        target = Path(directory) / FIGURES
        try:
            save_figures(figures, target)
            folder = f"{target}{'/' if not str(target).endswith('/') else ''}"
        except OSError as error:
            print(
                f"commgov: warning: figures not saved to {target}: {error.strerror or error}", file=sys.stderr
            )
    text = Report(results, lang, figures, folder).html()
    write_file(out, text)
    return out
