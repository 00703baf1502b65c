"""Figures: statistics behind the bands, colours by direction, every kind drawn, both languages.

Built on small synthetic tables (no model runs), so they are quick.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from model import i18n, text_table
from model.analysis.figures import experiment_figures, save_figures
from model.analysis.figures.forest import change_colour, forest_figure
from model.analysis.figures.labels import wrap
from model.analysis.figures.sobol import sobol_figure
from model.analysis.figures.style import ARM_COLOURS, BETTER, NEUTRAL_GREY, OKABE_ITO, WORSE
from model.analysis.figures.sweeps import heatmap_figure, sweep_figure
from model.analysis.figures.timeseries import timeseries_figure, weekly_bands
from model.analysis.results import Results
from model.outcomes import Direction

CJK_RE = r"[\u4e00-\u9fff]"


@pytest.fixture
def no_cjk_font(monkeypatch):
    """As on a machine without any Chinese font."""
    monkeypatch.setattr(i18n, "cjk_font", lambda: None)


def series_frame(arms=("traditional", "separation"), reps=4, weeks=30, seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for a, arm in enumerate(arms):
        for rep in range(reps):
            for week in range(weeks):
                rows.append(
                    {
                        "arm": arm,
                        "replication": rep,
                        "week": week,
                        "trust": 0.5 + 0.01 * week * (a + 1) + rng.normal(0, 0.01),
                        "needs_met_on_time": min(1.0, max(0.0, 0.8 + rng.normal(0, 0.1))),
                        "public_cost": 480000.0 + 100000 * a * (week > 10),
                    }
                )
    return pd.DataFrame(rows)


def compare_summary(arms=("traditional", "separation", "yicheng")) -> pd.DataFrame:
    rows = []
    for arm in arms[1:]:
        rows += [
            {
                "outcome": "trust",
                "direction": "higher",
                "arm_a": arms[0],
                "arm_b": arm,
                "n": 10,
                "mean_a": 0.8,
                "mean_b": 0.85,
                "diff": 0.05,
                "diff_ci_low": 0.03,
                "diff_ci_high": 0.07,
                "verdict_ci_low": 0.03,
                "verdict_ci_high": 0.07,
                "holm_p": 0.002,
                "verdict": "better",
            },
            {
                "outcome": "public_cost",
                "direction": "lower",
                "arm_a": arms[0],
                "arm_b": arm,
                "n": 10,
                "mean_a": 480000.0,
                "mean_b": 900000.0,
                "diff": 420000.0,
                "diff_ci_low": 400000.0,
                "diff_ci_high": 440000.0,
                "verdict_ci_low": 400000.0,
                "verdict_ci_high": 440000.0,
                "holm_p": 0.002,
                "verdict": "worse",
            },
            {
                "outcome": "mediated_disputes_per_1000",
                "direction": "neutral",
                "arm_a": arms[0],
                "arm_b": arm,
                "n": 10,
                "mean_a": 2.0,
                "mean_b": 3.0,
                "diff": 1.0,
                "diff_ci_low": -1.0,
                "diff_ci_high": 3.0,
                "verdict_ci_low": -1.0,
                "verdict_ci_high": 3.0,
                "holm_p": 0.6,
                "verdict": "unclear",
            },
        ]
    return pd.DataFrame(rows)


def sweep_summary(two=True) -> pd.DataFrame:
    rows = []
    staff = [2, 4, 6]
    tasks = [20.0, 50.0] if two else [None]
    for outcome in ("trust", "public_cost"):
        for s in staff:
            for t in tasks:
                mean = (0.5 + 0.05 * s - (0.002 * t if t else 0)) if outcome == "trust" else 70000.0 * s
                row = {
                    "outcome": outcome,
                    "point": f"staff={s}",
                    "rollout.set.government.workstation_staff": s,
                    "mean": mean,
                    "mean_ci_low": mean * 0.95,
                    "mean_ci_high": mean * 1.05,
                }
                if two:
                    row["government.top_down_tasks_per_week"] = t
                rows.append(row)
    return pd.DataFrame(rows)


def sobol_summary() -> pd.DataFrame:
    rows = []
    for outcome in ("trust", "satisfaction"):
        for k, param in enumerate(
            ("behaviour.trust_decay", "behaviour.trust_contact_gain", "committee.staff")
        ):
            s1 = 0.1 * (k + 1)
            rows.append(
                {
                    "outcome": outcome,
                    "parameter": param,
                    "first_order": s1,
                    "first_order_ci_low": s1 - 0.05,
                    "first_order_ci_high": s1 + 0.05,
                    "total_order": s1 + 0.1,
                    "total_order_ci_low": s1,
                    "total_order_ci_high": s1 + 0.2,
                }
            )
    return pd.DataFrame(rows)


def scenario_text(name: str, reform: bool) -> str:
    text = f'name = "{name}"\n[run]\nweeks = 30\nseed = 1\nrollout_week = 10\n[rollout]\nramp_weeks = 4\n'
    if reform:
        text += "[rollout.set.government]\nworkstation = true\n"
    return text


def results(tmp_path, kind: str) -> Results:
    manifest = {"experiment": "test", "kind": kind, "replications": 4, "spec": {"outcomes": [], "seed": 1}}
    if kind == "compare":
        manifest["scenarios"] = {
            "traditional": scenario_text("traditional", False),
            "separation": scenario_text("separation", True),
        }
        manifest["spec"]["outcomes"] = ["trust", "public_cost", "needs_met_on_time"]
        summary = compare_summary(("traditional", "separation"))
        summary = pd.concat([summary, summary.iloc[[0]].assign(outcome="needs_met_on_time")])
        series = series_frame()
        path = tmp_path / "timeseries.parquet"
        series.to_parquet(path)
        runs = pd.DataFrame({"arm": ["traditional", "separation"], "replication": [0, 0], "status": "ok"})
        return Results(tmp_path, manifest, runs, summary, None, path)
    if kind == "sweep":
        manifest["parameters"] = [
            "rollout.set.government.workstation_staff",
            "government.top_down_tasks_per_week",
        ]
        manifest["spec"] |= {"sampling": "grid", "outcomes": ["trust", "public_cost"]}
        manifest["scenarios"] = {"base": scenario_text("separation", True)}
        summary = sweep_summary()
    else:
        manifest["spec"]["outcomes"] = ["trust", "satisfaction"]
        manifest["scenarios"] = {"base": scenario_text("yicheng", True)}
        summary = sobol_summary()
    return Results(tmp_path, manifest, pd.DataFrame({"arm": ["p0"], "status": ["ok"]}), summary)


# --------------------------------------------------------------------------------------------


def test_weekly_bands_are_t_intervals_of_the_replication_means():
    frame = series_frame(reps=5)
    bands = weekly_bands(frame, "trust")  # a level outcome: not smoothed
    week = frame[(frame["arm"] == "separation") & (frame["week"] == 12)]["trust"].to_numpy()
    row = bands[(bands["arm"] == "separation") & (bands["week"] == 12)].iloc[0]
    half = stats.t.ppf(0.975, 4) * week.std(ddof=1) / math.sqrt(5)
    assert row["mean"] == pytest.approx(week.mean())
    assert row["low"] == pytest.approx(week.mean() - half)
    assert row["high"] == pytest.approx(week.mean() + half)
    assert row["n"] == 5


def test_ratio_outcomes_are_smoothed_and_bands_stay_within_the_values():
    frame = series_frame(reps=3)
    bands = weekly_bands(frame, "needs_met_on_time", smooth=4)
    rep0 = frame[(frame["arm"] == "traditional")].pivot(
        index="week", columns="replication", values="needs_met_on_time"
    )
    expected = rep0.rolling(4, min_periods=1).mean().mean(axis=1)
    got = bands[bands["arm"] == "traditional"].set_index("week")["mean"]
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy())
    values = frame["needs_met_on_time"]
    assert bands["low"].min() >= values.min() - 1e-12 and bands["high"].max() <= values.max() + 1e-12


def test_one_replication_has_no_band():
    bands = weekly_bands(series_frame(reps=1), "trust")
    assert bands["low"].isna().all() and bands["mean"].notna().all()


@pytest.mark.parametrize(
    ("diff", "direction", "colour"),
    [
        (0.1, Direction.HIGHER, BETTER),
        (-0.1, Direction.HIGHER, WORSE),
        (0.1, Direction.LOWER, WORSE),
        (-5.0, "lower", BETTER),
        (3.0, "neutral", NEUTRAL_GREY),
        (0.0, "higher", NEUTRAL_GREY),
        (float("nan"), "higher", NEUTRAL_GREY),
    ],
)
def test_changes_are_coloured_by_the_outcomes_direction(diff, direction, colour):
    assert change_colour(diff, direction) == colour


def test_palette_is_okabe_ito():
    assert set(ARM_COLOURS) == set(OKABE_ITO.values())
    assert BETTER == "#0072B2" and WORSE == "#D55E00"


def test_forest_plot_colours_markers_and_prints_intervals():
    fig, title, caption = forest_figure(
        compare_summary(),
        "traditional",
        ["traditional", "separation", "yicheng"],
        ["trust", "public_cost", "mediated_disputes_per_1000"],
    )
    assert "Traditional" in title and "95% CI" in title and "minimum important difference" in caption
    axes = fig.axes
    assert len(axes) == 3
    colours = [line.get_color() for line in axes[0].lines if line.get_marker() == "o"]
    assert colours == [BETTER, BETTER]
    assert [line.get_color() for line in axes[1].lines if line.get_marker() == "o"] == [WORSE] * 2
    neutral = [line for line in axes[2].lines if line.get_marker() == "o"]
    assert all(
        line.get_color() == NEUTRAL_GREY and line.get_markerfacecolor() == "white" for line in neutral
    )
    printed = [text.get_text() for text in axes[1].texts]
    assert "+420,000  [+400,000, +440,000]" in printed


def test_time_series_mark_the_reform_and_ramp():
    fig, title, caption = timeseries_figure(
        series_frame(),
        ["traditional", "separation"],
        ["trust", "public_cost"],
        reps=4,
        rollout_week=10,
        ramp_weeks=4,
    )
    ax = fig.axes[0]
    assert "4 replications" in title and "95%" in title and "reform" in caption
    assert ax.get_title(loc="left").startswith("Trust in the residents' committee")
    assert "higher is better" in ax.get_title(loc="left")
    assert ax.get_ylabel() == "0-1"
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert dashed and dashed[0].get_xdata()[0] == 10
    labels = fig.legends[0].get_texts()
    assert any("reform (week 10)" in text.get_text() for text in labels)
    assert any("ramp-up (4 weeks)" in text.get_text() for text in labels)


def test_sweep_curves_and_heatmap_have_units_and_values():
    summary = sweep_summary()
    params = ["rollout.set.government.workstation_staff", "government.top_down_tasks_per_week"]
    fig, title, _ = sweep_figure(summary, params, ["trust", "public_cost"], reps=3)
    assert "Workstation staff" in title and "after the reform" in title
    assert fig.axes[0].get_xlabel().startswith("Workstation staff")
    assert len(fig.legends[0].get_texts()) == 2  # one line per value of the second parameter
    fig, title, _ = heatmap_figure(summary, params, ["trust", "public_cost"], reps=3)
    texts = [text.get_text() for text in fig.axes[0].texts]
    assert len(texts) == 6 and "0.760" in texts  # the same decimals in every cell
    one = sweep_summary(two=False)
    fig, _, _ = sweep_figure(one, params[:1], ["trust"], reps=3)
    assert not fig.legends


def test_sobol_bars_show_both_indices_sorted_by_total():
    fig, title, caption = sobol_figure(sobol_summary(), ["trust", "satisfaction"])
    assert "Sobol" in title and "(S1)" in caption and "(ST)" in caption
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "Committee staff"  # largest on top
    assert len(ax.patches) == 6


@pytest.mark.parametrize("kind", ["compare", "sweep", "sensitivity"])
def test_experiment_figures_png_and_svg(tmp_path, kind):
    figures = experiment_figures(results(tmp_path, kind), "en")
    names = [item.name for item in figures.items]
    expected = {"compare": ["timeseries", "forest"], "sweep": ["sweep", "heatmap"], "sensitivity": ["sobol"]}
    assert names == expected[kind]
    for item in figures.items:
        assert item.png.startswith(b"\x89PNG") and "<svg" in item.svg and item.title and item.caption
    written = save_figures(figures, tmp_path / "figures")
    assert sorted(p.name for p in written) == sorted(f"{n}.{e}" for n in names for e in ("png", "svg"))


def test_many_outcomes_split_into_several_figures_and_stale_ones_go(tmp_path):
    r = results(tmp_path, "compare")
    r.manifest["spec"]["outcomes"] = ["trust", "public_cost", "needs_met_on_time"]
    folder = tmp_path / "figures"
    folder.mkdir()
    (folder / "timeseries-3.png").write_bytes(b"old")
    (folder / "timeseries-3.zh.png").write_bytes(b"old zh")
    (folder / "notes.txt").write_text("mine")
    save_figures(experiment_figures(r, "en"), folder)
    assert not (folder / "timeseries-3.png").exists()
    assert (folder / "timeseries-3.zh.png").exists() and (folder / "notes.txt").exists()


@pytest.mark.skipif(
    i18n.cjk_font() is None, reason="no CJK font installed (apt-get install fonts-wqy-microhei)"
)
def test_chinese_figures_use_a_cjk_font(tmp_path):
    figures = experiment_figures(results(tmp_path, "compare"), "zh")
    assert figures.label_lang == "zh" and not figures.fell_back
    assert [item.name for item in figures.items] == ["timeseries.zh", "forest.zh"]
    assert "各项指标逐周变化" in figures.items[0].title
    family = i18n.cjk_font().replace(" ", "").lower()  # PostScript names vary in case: NotoSansCJKsc
    assert family in figures.items[0].svg.lower()  # glyphs drawn from the CJK font


def test_chinese_figures_fall_back_to_english_without_a_cjk_font(tmp_path, no_cjk_font):
    assert i18n.figure_lang("zh") == "en"
    figures = experiment_figures(results(tmp_path, "compare"), "zh")
    assert figures.fell_back and figures.lang == "zh" and figures.label_lang == "en"
    import re

    for item in figures.items:
        assert not re.search(CJK_RE, item.title + item.caption)
        assert "WenQuanYi" not in item.svg and "NotoSansCJK" not in item.svg


def test_wrap_counts_chinese_characters_as_two_columns():
    text = "需求按时满足率需求按时满足率"
    lines = wrap(text, 10).split("\n")
    assert "".join(lines) == text and len(lines) == 3
    assert all(4 <= text_table.width(line) <= 10 for line in lines)  # balanced: no line of one character
    assert wrap("名义分离：两块牌子、一套人马", 20).split("\n") == ["名义分离：", "两块牌子、一套人马"]
    assert wrap("Needs met on time", 10) == "Needs met\non time"

