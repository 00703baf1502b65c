"""The table of current values: each outcome's mean over the last few weeks, for A and B and B − A."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from model import i18n
from model.dashboard.canvas import KEY_OUTCOMES
from model.i18n import t
from model.outcomes import BY_NAME, Direction

RECENT_WEEKS = 4  # the table shows the mean of the last few weeks (single weeks are noisy)
TABLE_OUTCOMES = (
    *KEY_OUTCOMES,
    "satisfaction",
    "wait_weeks_admin",
    "escalations_per_1000",
    "elder_care_met_low_income",
    "public_cost",
)


def recent_value(values: np.ndarray, weeks: int = RECENT_WEEKS) -> float:
    """Mean of the last `weeks` weekly values that have data (NaN when none)."""
    tail = np.asarray(values[-weeks:], dtype=float)
    tail = tail[np.isfinite(tail)]
    return float(tail.mean()) if len(tail) else float("nan")


def format_value(name: str, value: float) -> str:
    """A value as the table shows it: shares to 3 decimals, large numbers with thousands commas."""
    if not np.isfinite(value):
        return "–"
    unit = BY_NAME[name].unit
    if unit in ("share", "0-1"):
        return f"{value:.3f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if unit != "needs" else f"{value:.0f}"


@dataclass
class TableRow:
    """One outcome's row: its recent mean in A and in B."""

    name: str
    label: str
    unit: str
    a: float
    b: float

    @property
    def difference(self) -> float:
        """B − A."""
        return self.b - self.a


def table_rows(
    series: tuple[Mapping[str, np.ndarray], Mapping[str, np.ndarray]], lang: str
) -> list[TableRow]:
    """The rows of the table from both arms' weekly series, labelled in `lang`."""
    return [
        TableRow(
            name,
            i18n.outcome_label(name, lang),
            i18n.outcome_unit(name, lang),
            recent_value(series[0][name]),
            recent_value(series[1][name]),
        )
        for name in TABLE_OUTCOMES
    ]


def table_html(rows: list[TableRow], lang: str) -> str:
    """The current-values table as HTML (escaped)."""
    e = html.escape
    head = (
        f"<tr><th style='text-align:left'>{e(t('ui.outcome', lang))}</th>"
        f"<th>A</th><th>B</th><th>{e(t('ui.difference', lang))}</th>"
        f"<th style='text-align:left'>{e(t('ui.unit', lang))}</th></tr>"
    )
    body = []
    for row in rows:
        arrow = "↑" if BY_NAME[row.name].direction is Direction.HIGHER else "↓"
        diff = row.difference
        diff_text = "–" if not np.isfinite(diff) else ("+" if diff > 0 else "") + format_value(row.name, diff)
        body.append(
            f"<tr data-outcome='{e(row.name)}'><td>{e(row.label)} {arrow}</td>"
            f"<td class='value-a'>{e(format_value(row.name, row.a))}</td>"
            f"<td class='value-b'>{e(format_value(row.name, row.b))}</td>"
            f"<td class='value-diff'>{e(diff_text)}</td><td>{e(row.unit)}</td></tr>"
        )
    style = (
        "<style>.commgov-table td,.commgov-table th{padding:2px 10px;text-align:right;"
        "border-bottom:1px solid #ddd}.commgov-table td:first-child,.commgov-table td:last-child"
        "{text-align:left}</style>"
    )
    return f"{style}<table class='commgov-table'>{head}{''.join(body)}</table>"
