"""The explanations beside the key findings: given only when the recorded runs show the rule at
work (model/report/explanations.py), in both languages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from model.analysis.results import Results
from model.report.context import Context
from model.report.explanations import bound_note, trust_note

SCENARIOS = {
    "traditional": 'name = "traditional"\n[needs]\npatience_weeks = 8\n',
    "understaffed": 'name = "understaffed"\n[needs]\npatience_weeks = 8\n',
}


def _context(runs: pd.DataFrame, summary: pd.DataFrame, lang: str = "en") -> Context:
    manifest = {"kind": "compare", "scenarios": SCENARIOS, "experiment": "x"}
    return Context(Results(Path("x"), manifest, runs, summary), lang, None, None)


def _pair(rows: dict[str, tuple[float, float, str]]) -> pd.DataFrame:
    """Summary rows of traditional -> understaffed: outcome -> (mean_a, mean_b, verdict)."""
    return pd.DataFrame(
        [
            {"outcome": o, "arm_a": "traditional", "arm_b": "understaffed", "mean_a": a, "mean_b": b}
            | {"diff": b - a, "verdict": v}
            for o, (a, b, v) in rows.items()
        ]
    )


def _runs(outcome: str, a: list[float], b: list[float]) -> pd.DataFrame:
    rows = [{"arm": "traditional", "replication": i, "status": "ok", outcome: v} for i, v in enumerate(a)]
    rows += [{"arm": "understaffed", "replication": i, "status": "ok", outcome: v} for i, v in enumerate(b)]
    return pd.DataFrame(rows)


def test_trust_rising_while_service_falls_is_explained_by_the_committee_hours():
    rows = _pair(
        {
            "needs_met_on_time": (0.95, 0.30, "worse"),
            "trust": (0.47, 0.52, "better"),
            "committee_self_governance_share": (0.15, 0.45, "better"),
            "committee_admin_share": (0.70, 0.30, "better"),
        }
    )
    note = trust_note(_context(pd.DataFrame(), rows), rows)
    assert note.startswith("Why trust rose although Needs met on time got worse")
    assert "from 15% to 45%" in note and "from 70% to 30%" in note
    zh = trust_note(_context(pd.DataFrame(), rows, "zh"), rows)
    assert "为何需求按时满足率变差而信任上升" in zh and "15%" in zh


def test_no_explanation_when_the_hours_do_not_show_the_mechanism():
    rows = _pair(
        {
            "needs_met_on_time": (0.95, 0.30, "worse"),
            "trust": (0.47, 0.52, "better"),
            "committee_self_governance_share": (0.15, 0.10, "worse"),  # less contact, yet trust rose
            "committee_admin_share": (0.70, 0.75, "worse"),
        }
    )
    assert trust_note(_context(pd.DataFrame(), rows), rows) == ""
    agreeing = _pair({**{"trust": (0.47, 0.52, "better")}, "needs_met_on_time": (0.9, 0.95, "better")})
    assert trust_note(_context(pd.DataFrame(), agreeing), agreeing) == ""  # nothing to explain


def test_a_wait_at_the_patience_limit_in_every_run_is_flagged_as_a_ceiling():
    runs = _runs("wait_weeks_admin", [1.0, 1.2, 0.8], [8.0, 8.0, 8.0])
    row = _pair({"wait_weeks_admin": (1.0, 8.0, "worse")}).iloc[0]
    note = bound_note(_context(runs, pd.DataFrame()), row)
    assert "equals the patience limit (8 weeks) in every run" in note and "ceiling" in note
    below = _runs("wait_weeks_admin", [1.0, 1.2, 0.8], [7.0, 8.0, 7.5])
    assert bound_note(_context(below, pd.DataFrame()), row) == ""


def test_no_need_met_on_time_in_any_run_is_flagged_as_a_floor():
    runs = _runs("met_on_time_admin", [0.9, 0.95, 0.92], [0.0, 0.0, 0.0])
    row = _pair({"met_on_time_admin": (0.92, 0.0, "worse")}).iloc[0]
    assert "no such need was met on time in any run: this is a floor" in bound_note(
        _context(runs, pd.DataFrame()), row
    )
    assert "下限值" in bound_note(_context(runs, pd.DataFrame(), "zh"), row)
