"""The experiment report: written at the end of every experiment, self-contained, in zh and en,
with the arrangements' differences, settings, results, figures, caveats and a reproduce command;
`commgov report` refuses a folder that is not a finished experiment's, writing nothing.

The experiments are tiny (200 households, 20 weeks, the reform at week 8) and shared by the
tests of this module.
"""

from __future__ import annotations

import html as html_module
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import test_experiment_support as support

from model import i18n
from model.analysis.results import load_results
from model.cli import main
from model.experiment.api import run_and_report
from model.experiment.runner import Options
from model.experiment.seeds import run_seed
from model.experiment.spec import spec_from_dict
from model.formatting import staff_number
from model.outcomes import BY_NAME
from model.report import arrangement_rows, assumed_parameters, settings_before_after, write_report
from model.report.resources import before_after

TINY = ["population.households=200", "run.weeks=20", "run.rollout_week=8", "rollout.ramp_weeks=4"]
OUTCOMES = ["needs_met_on_time", "trust", "public_cost"]
EXTERNAL = re.compile(
    r"""(?:src|href|action|data)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""",
    re.IGNORECASE,
)


def _run(directory: Path, **data) -> Path:
    base = {"replications": 2, "seed": 3, "set": list(TINY), "outcomes": OUTCOMES}
    spec = spec_from_dict({**base, **data}, "<test>", directory.name)
    run_and_report(spec, Options(backend="serial", out=directory, quiet=True, command="commgov test"))
    return directory


@pytest.fixture(scope="module")
def compare_dir(tmp_path_factory) -> Path:
    return _run(
        tmp_path_factory.mktemp("c") / "cmp",
        kind="compare",
        scenarios=["traditional", "separation"],
        replications=3,
    )


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory) -> Path:
    params = {
        "rollout.set.government.workstation_staff": [2, 6],
        "government.top_down_tasks_per_week": [20.0, 50.0],
    }
    return _run(
        tmp_path_factory.mktemp("s") / "sweep",
        kind="sweep",
        base="separation",
        params=params,
        replications=1,
        outcomes=OUTCOMES[:2],
    )


@pytest.fixture(scope="module")
def sensitivity_dir(tmp_path_factory) -> Path:
    ranges = {"behaviour.trust_contact_gain": [0.02, 0.2], "committee.staff": [2, 8]}
    return _run(
        tmp_path_factory.mktemp("t") / "sens",
        kind="sensitivity",
        base="traditional",
        ranges=ranges,
        replications=1,
        samples=4,
        bootstrap=20,
        outcomes=[*OUTCOMES[:2], "staff_workstation"],  # the last never varies in traditional
    )


def html(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def text_of(page: str) -> str:
    """The page's visible text, roughly: no tags, no embedded images."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return html_module.unescape(re.sub(r"<[^>]+>", " ", page))


def assert_self_contained(page: str) -> None:
    assert not EXTERNAL.search(page), EXTERNAL.search(page).group(0)
    assert "<script" not in page and "<link" not in page and "<iframe" not in page
    for src in re.findall(r'src="([^"]*)"', page):
        assert src.startswith("data:image/png;base64,")


# --------------------------------------------------------------------------------------------
# Written at the end of every experiment


def test_every_experiment_ends_with_a_report_and_figures(compare_dir, sweep_dir, sensitivity_dir):
    for directory, figures in (
        (compare_dir, ["forest", "timeseries"]),
        (sweep_dir, ["heatmap", "sweep"]),
        (sensitivity_dir, ["sobol"]),
    ):
        assert (directory / "report.html").is_file()
        for name in figures:
            for ext in ("png", "svg"):
                path = directory / "figures" / f"{name}.{ext}"
                assert path.is_file() and path.stat().st_size > 1000, path
        assert (directory / "figures" / f"{figures[0]}.png").read_bytes().startswith(b"\x89PNG")
        assert_self_contained(html(directory / "report.html"))


def test_compare_report_holds_every_part(compare_dir):
    page = html(compare_dir / "report.html")
    text = text_of(page)
    for heading in (
        "Key findings",
        "Question",
        "Arrangements compared",
        "Run settings",
        "Results",
        "Figures",
        "Caveats",
        "Reproduce",
    ):
        assert f">{heading}</h2>" in page
    # the arrangements: the lever the reform sets, by arm, after the reform
    assert "After the reform (from week 8, over a 4-week ramp-up)" in text
    assert "government.workstation" in text and "Community affairs workstation" in text
    assert re.search(r"<td>off</td>\s*<td class=\"changed\">on</td>", page)
    # run settings: replications, weeks, seeds, backend, versions
    manifest = json.loads((compare_dir / "manifest.json").read_text())
    assert "3 per arrangement" in text and "20 weeks" in text and str(manifest["seeds"][0]) in text
    assert "serial" in text and f"mesa {manifest['versions']['mesa']}" in text
    # key findings come first: the staff and cost of the arms, then what changed
    assert page.index(">Key findings</h2>") < page.index(">Question</h2>")
    assert "Staff posts: 9 against 6; public cost: 690,000 against 480,000 yuan a year." in text
    # results: a row per outcome with its difference, the interval judged, the MID and verdict
    summary = pd.read_csv(compare_dir / "summary.csv")
    assert len(summary) == len(OUTCOMES)
    for outcome in OUTCOMES:
        assert BY_NAME[outcome].label_en in text
    assert text.count('class="verdict') == 0  # (text_of strips tags)
    assert page.count('class="verdict') == len(OUTCOMES)
    assert "Bonferroni" in text and "minimum important difference" in text and ">MID</th>" in page
    # figures embedded, captions present
    assert page.count("data:image/png;base64,") == 2
    assert "Paired difference from the reference" in text
    # caveats: assumptions and the too-few-replications warning
    assert "are assumptions" in text and "Only 3 paired replications" in text
    # reproduce
    assert "commgov test" in text and f"commgov report {compare_dir} --lang en" in text


def test_chinese_report_has_chinese_headings_outcomes_and_figures(compare_dir, tmp_path):
    out = tmp_path / "report.zh.html"
    assert write_report(compare_dir, lang="zh", out=out) == out
    page = html(out)
    assert '<html lang="zh-CN">' in page
    assert "主要发现" in page and "工作人员岗位：9 个对 6 个" in page
    for heading in ("研究问题", "比较的治理模式", "运行设置", "结果", "图表", "注意事项", "复现"):
        assert f">{heading}</h2>" in page
    for outcome in OUTCOMES:
        assert BY_NAME[outcome].label_zh in page
    assert "社区事务工作站" in page and "传统模式：居委会包揽一切" in page
    assert_self_contained(page)
    if i18n.cjk_font() is not None:
        assert (compare_dir / "figures" / "forest.zh.png").is_file()
        assert (compare_dir / "figures" / "timeseries.zh.svg").is_file()
        assert "图表使用英文标注" not in page


def test_chinese_report_says_when_figures_fall_back_to_english(compare_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "cjk_font", lambda: None)
    out = tmp_path / "report.zh.html"
    write_report(compare_dir, lang="zh", out=out, save=False)
    page = html(out)
    assert "本机未安装中文字体，因此图表使用英文标注" in page and "fonts-wqy-microhei" in page
    assert "Paired difference from the reference" in page  # the figure caption, in English


def test_sweep_report(sweep_dir):
    text = text_of(html(sweep_dir / "report.html"))
    assert "How do the outcomes of" in text and "Workstation staff" in text
    assert "Every combination of the values below (4 points)" in text
    assert "rollout.set.government.workstation_staff" in text and "2, 6" in text
    assert "Mean of each outcome by" in text  # the heatmap's title


def test_sensitivity_report(sensitivity_dir):
    text = text_of(html(sensitivity_dir / "report.html"))
    assert "Which of 2 uncertain parameters" in text
    assert "S1 [95% CI]" in text and "Trust gain per contact" in text
    assert "Sobol indices from 4 base samples are rough" in text
    assert "Constant across the whole sample: no parameter moves it" in text


# --------------------------------------------------------------------------------------------
# Resources: each arm's staff posts and public cost

STAFF = ["staff_committee", "staff_workstation", "staff_social_workers"]


def resources_rows(page: str) -> list[list[str]]:
    """The resources table's rows (the header first) as cell texts; [] when there is none."""
    block = re.search(r'<h3 id="resources">.*?</table>', page, re.S)
    if block is None:
        return []
    rows = re.findall(r"<tr>(.*?)</tr>", block.group(0), re.S)
    return [[html_module.unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r)] for r in rows]


def expected_resources(directory: Path, arm: str) -> list[str]:
    """An arm's five resource cells, from the mean of runs.parquet's after-reform columns."""
    runs = pd.read_parquet(directory / "runs.parquet")
    runs = runs[(runs["arm"] == arm) & (runs["status"] == "ok")]
    after = {c: float(runs[f"{c}_after"].mean()) for c in [*STAFF, "public_cost"]}
    staff_before = sum(float(runs[f"{c}_before"].mean()) for c in STAFF)
    total = sum(after[c] for c in STAFF)

    def one(value: float) -> str:  # at most one decimal
        return f"{value:.1f}".removesuffix(".0")

    cells = [one(after[c]) for c in STAFF]
    cells.append(one(total) if one(staff_before) == one(total) else f"{one(staff_before)} → {one(total)}")
    cost, cost_before = round(after["public_cost"]), round(float(runs["public_cost_before"].mean()))
    cells.append(f"{cost:,}" if cost == cost_before else f"{cost_before:,} → {cost:,}")
    return cells


def test_compare_report_states_each_arms_staff_and_cost(compare_dir, tmp_path):
    out = tmp_path / "report.zh.html"
    write_report(compare_dir, lang="zh", out=out, save=False)
    for page, lang in ((html(compare_dir / "report.html"), "en"), (html(out), "zh")):
        # in the arrangements section, after the settings that differ
        section = re.search(r'<section id="arrangements">.*?</section>', page, re.S).group(0)
        assert '<h3 id="resources">' in section and section.index("<table") < section.index("resources")
        header, *rows = resources_rows(page)
        assert len(rows) == 2
        if lang == "en":
            assert header == [
                "Arrangement",
                "Committee staff [persons]",
                "Workstation staff [persons]",
                "Social workers [persons]",
                "Total staff posts [persons]",
                "Public cost [yuan per year]",
            ]
            assert "after the reform and its ramp-up (from week 12 to the end of the run)" in section
        else:
            assert header[0] == "治理模式" and header[-1] == "公共支出 [元/年]"
            assert "改革及过渡期之后（第 12 周至运行结束）" in section
        for row, arm in zip(rows, ["traditional", "separation"], strict=True):
            assert row[0].startswith(i18n.scenario_label(arm, lang))
            assert row[1:] == expected_resources(compare_dir, arm), (lang, arm)
        # what the reform buys: a staffed workstation, paid for
        traditional, separation = rows
        assert traditional[2] == "0" and float(separation[2]) > 0
        assert " → " not in traditional[4] and " → " in separation[4] and " → " in separation[5]
        assert re.fullmatch(r"\d{1,3}(,\d{3})+ → \d{1,3}(,\d{3})+", separation[5])


def test_resources_table_is_left_out_when_the_runs_lack_its_columns(compare_dir, tmp_path):
    for dropped in (
        [c for c in pd.read_parquet(compare_dir / "runs.parquet") if c.startswith("staff_")],
        ["public_cost_after"],
    ):
        copy = tmp_path / dropped[0]
        shutil.copytree(compare_dir, copy)
        runs = pd.read_parquet(copy / "runs.parquet")
        runs.drop(columns=dropped).to_parquet(copy / "runs.parquet")
        for lang in ("en", "zh"):
            out = write_report(copy, lang=lang, out=copy / f"r.{lang}.html", save=False)
            page = html(out)
            assert resources_rows(page) == [] and 'id="resources"' not in page
            assert "Committee staff" not in page and "居委会工作人员 [人]" not in page
            assert '<section id="arrangements">' in page and "government.workstation" in page


def test_sweep_report_states_each_points_staff_and_cost(sweep_dir, sensitivity_dir):
    page = html(sweep_dir / "report.html")
    header, *rows = resources_rows(page)
    assert header[:2] == ["Workstation staff [persons]", "Top-down tasks per week [tasks/week]"]
    assert header[-1] == "Public cost [yuan per year]" and len(rows) == 4
    points = json.loads((sweep_dir / "manifest.json").read_text())["points"]
    for row, point in zip(rows, points, strict=True):
        staff = point["rollout.set.government.workstation_staff"]
        assert row[0] == str(staff) and row[3] == str(staff)  # the swept posts, once in force
        assert row[2:] == expected_resources(sweep_dir, point["arm"])
    assert resources_rows(html(sensitivity_dir / "report.html")) == []  # Sobol points: not listed


def test_a_resource_reads_before_and_after_only_when_the_two_differ():
    assert before_after(6, 12, staff_number) == "6 → 12" and before_after(6, 6.02, staff_number) == "6"
    assert before_after(float("nan"), 12, staff_number) == "12"


def test_caveats_for_failed_runs_and_an_unreached_adaptive_target(compare_dir, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(compare_dir, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["adaptive"] = {
        "target": 0.01,
        "max_replications": 3,
        "batch": 1,
        "replications": 3,
        "reached": False,
        "worst_relative_half_width": 0.25,
        "stopped_because": "maximum replications reached",
    }
    manifest["failed_runs"] = [
        {"arm": "separation", "replication": 1, "seed": 1, "error": "RuntimeError: boom"}
    ]
    (copy / "manifest.json").write_text(json.dumps(manifest))
    runs = pd.read_parquet(copy / "runs.parquet")
    runs.loc[4, ["status", "error"]] = ["failed", "RuntimeError: boom"]
    runs.to_parquet(copy / "runs.parquet")
    write_report(copy, save=False)
    text = text_of(html(copy / "report.html"))
    assert "adaptive-replication target was not reached" in text and "25.0%" in text
    assert "1 of 6 runs failed" in text and "RuntimeError: boom" in text


def test_a_failed_run_is_reported_and_its_verdicts_marked_provisional(tmp_path):
    support.FAIL_SEEDS[:] = [run_seed(3, 1)]  # the separation arm's second replication fails
    try:
        spec = spec_from_dict(
            {
                "kind": "compare",
                "scenarios": ["traditional", "separation"],
                "replications": 3,
                "seed": 3,
                "set": list(TINY),
                "outcomes": OUTCOMES,
            },
            "<test>",
            "failed",
        )
        runner = f"{support.HERE}:seed_fragile_run"
        run_and_report(spec, Options(backend="serial", out=tmp_path, quiet=True, runner=runner))
    finally:
        support.FAIL_SEEDS.clear()
    summary = pd.read_csv(tmp_path / "summary.csv")
    assert (summary["n"] == 2).all() and (summary["pairs_lost"] == 1).all()
    page = html(tmp_path / "report.html")
    findings = text_of(page[page.index('<section id="findings">') : page.index('<section id="question">')])
    assert "1 of 6 runs failed, so some verdicts rest on fewer pairs than the 3 planned" in findings
    assert (
        "“Separation with added staff” against “Traditional: the committee does everything”, 2 pairs"
        in findings
    )
    assert text_of(page).count("provisional") >= 1 + len(OUTCOMES)  # the notice, and every verdict
    write_report(tmp_path, lang="zh", save=False)
    zh = html(tmp_path / "report.zh.html")
    assert "6 次运行中有 1 次失败" in zh and "暂定" in zh


def test_key_findings_of_a_sweep_and_a_sensitivity_analysis(sweep_dir, sensitivity_dir):
    sweep = html(sweep_dir / "report.html")
    assert sweep.index(">Key findings</h2>") < sweep.index(">Question</h2>")
    # one replication per point: no interval, so no point can be said to move an outcome
    assert "No point moves these outcomes beyond their minimum important difference" in text_of(sweep)
    sobol = text_of(html(sensitivity_dir / "report.html"))
    assert "Trust in the residents' committee depends most on Trust gain per contact" in sobol
    assert "No parameter moves these outcomes: Workstation staff posts." in sobol


def test_a_report_failure_loses_no_result(tmp_path, monkeypatch, capsys):
    import model.experiment.api

    def broken(directory, *args, **kwargs):
        raise RuntimeError("no figures today")

    monkeypatch.setattr(model.experiment.api, "write_report", broken)
    out = tmp_path / "exp"
    spec = spec_from_dict(
        {
            "kind": "compare",
            "scenarios": ["traditional", "separation"],
            "replications": 1,
            "set": ["population.households=100", "run.weeks=4"],
            "outcomes": ["trust"],
        },
        "<test>",
        "broken",
    )
    result = run_and_report(spec, Options(backend="serial", out=out, quiet=True))
    assert result.status == "complete" and (out / "summary.csv").is_file()
    assert not (out / "report.html").exists()
    assert "report was not written (RuntimeError: no figures today)" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# commgov report


def test_cli_writes_the_report_where_asked(compare_dir, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", str(compare_dir), "--lang", "en", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    assert_self_contained(html(out))


def _listing(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.mark.parametrize("case", ["missing", "empty", "not_an_experiment", "a_file", "unfinished"])
def test_cli_refuses_a_folder_that_is_not_a_finished_experiment(tmp_path, capsys, case):
    target = tmp_path / "dir"
    if case == "empty":
        target.mkdir()
    elif case == "not_an_experiment":
        target.mkdir()
        (target / "notes.txt").write_text("hello")
    elif case == "a_file":
        target.write_text("not a folder")
    elif case == "unfinished":
        target.mkdir()
        (target / "manifest.json").write_text(
            json.dumps({"kind": "compare", "status": "interrupted", "command": "commgov experiment x"})
        )
    before = _listing(tmp_path)
    assert main(["report", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"commgov: error: {target}") and err.count("\n") == 1
    if case == "unfinished":
        assert "has not finished (status: interrupted)" in err and "commgov experiment x" in err
    assert _listing(tmp_path) == before  # nothing written


def test_cli_refuses_a_summary_from_before_the_minimum_important_differences(compare_dir, tmp_path, capsys):
    copy = tmp_path / "old"
    shutil.copytree(compare_dir, copy)
    summary = pd.read_csv(copy / "summary.csv")
    summary.drop(columns=["mid", "basis", "verdict_ci_low", "verdict_ci_high", "pairs_lost"]).to_csv(
        copy / "summary.csv", index=False
    )
    assert main(["report", str(copy)]) == 2
    err = capsys.readouterr().err
    assert "written by an older commgov" in err and "run its command again (commgov test)" in err
    report = (copy / "report.html").read_bytes()
    assert report == (compare_dir / "report.html").read_bytes()  # the old report is left as it was


def test_cli_refuses_an_out_file_in_a_missing_folder(compare_dir, tmp_path, capsys):
    figures_before = _listing(compare_dir)
    assert main(["report", str(compare_dir), "--out", str(tmp_path / "no" / "r.html")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert _listing(compare_dir) == figures_before


# --------------------------------------------------------------------------------------------
# Pieces


def test_arrangement_rows_diff_before_and_after_the_reform():
    a = {
        "name": "a",
        "run": {"weeks": 10, "seed": 1},
        "government": {"workstation": False, "staff": 6},
        "rollout": {"ramp_weeks": 12, "set": {}},
    }
    b = {
        "name": "b",
        "run": {"weeks": 10, "seed": 2},
        "government": {"workstation": False, "staff": 4},
        "rollout": {"ramp_weeks": 12, "set": {"government": {"workstation": True, "staff": 4}}},
    }
    before, after = arrangement_rows({"a": a, "b": b})
    assert [(k, v) for k, v, _ in before] == [("government.staff", {"a": 6, "b": 4})]
    assert [(k, v, c) for k, v, c in after] == [
        ("government.workstation", {"a": False, "b": True}, {"a": False, "b": True}),
        ("government.staff", {"a": 6, "b": 4}, {"a": False, "b": False}),
    ]
    settings, reformed, keys = settings_before_after(b)
    assert (
        "run.seed" not in settings
        and "name" not in settings
        and keys == {"government.workstation", "government.staff"}
    )
    assert reformed["government.workstation"] is True and settings["rollout.ramp_weeks"] == 12


def test_assumptions_come_from_the_parameters_document(tmp_path):
    doc = tmp_path / "parameters.md"
    doc.write_text(
        "# P\n## Scenario keys\n| key | default | source |\n|---|---|---|\n"
        "| `a.b` | 1 | assumption |\n| `a.c` | 2 | reported by X |\n| `a.d` | 3 | assumption; see Y |\n"
        "## Module constants\n| `m` | X | 1 | assumption |\n",
        encoding="utf-8",
    )
    found, total = assumed_parameters(doc)
    assert list(found) == ["a.b", "a.d"] and total == 3
    assert assumed_parameters(tmp_path / "missing.md") is None


def test_the_shipped_parameters_document_is_read():
    found = assumed_parameters()
    if found is None:
        pytest.skip("docs/parameters.md is not in this checkout")
    assumed, total = found
    assert "behaviour.trust_decay" in assumed and total > len(assumed) > 10


def test_without_the_parameters_document_a_short_list_is_used(compare_dir, tmp_path, monkeypatch):
    import model.report.assumptions

    monkeypatch.setattr(model.report.assumptions, "PARAMETERS_DOC", tmp_path / "missing.md")
    out = tmp_path / "r.html"
    write_report(compare_dir, out=out, save=False)
    assert "docs/parameters.md was not found" in html(out)


def test_load_results_reads_the_tables(compare_dir):
    results = load_results(compare_dir)
    assert results.kind == "compare" and results.arms == ["traditional", "separation"]
    assert results.reference == "traditional" and results.outcomes == OUTCOMES
    assert results.rollout_week == 8 and results.ramp_weeks == 4 and results.replications == 3
    assert len(results.timeseries) == 2 * 3 * 20


def test_an_experiment_run_from_python_gets_an_equivalent_command(compare_dir, tmp_path):
    copy = tmp_path / "api"
    shutil.copytree(compare_dir, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["command"] = None
    (copy / "manifest.json").write_text(json.dumps(manifest))
    write_report(copy, save=False)
    text = text_of(html(copy / "report.html"))
    expected = (
        "commgov compare traditional separation --reps 3 --seed 3 --outcomes needs_met_on_time,trust,"
        "public_cost --set population.households=200 --set run.weeks=20 --set run.rollout_week=8 "
        f"--set rollout.ramp_weeks=4 --out {copy}"
    )
    assert expected in text
    manifest["spec"]["adaptive"] = {"target": 0.1, "max_replications": 5}
    (copy / "manifest.json").write_text(json.dumps(manifest))
    write_report(copy, save=False)
    assert "settings no command line can give" in text_of(html(copy / "report.html"))
