"""Hostile input and the work budget: each refused in one sentence, exit status 2, nothing written."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from model.analysis.figures.style import new_figure, style_rc
from model.cli import main
from model.experiment.spec import load_spec
from model.experiment.work_budget import budget
from model.scenario import load_scenario, scenario_to_dict
from model.scenario.budget import MAX_RUN_BYTES, BudgetError, check_run, estimate
from model.scenario.reading import MAX_INPUT_BYTES, MAX_NESTING, MAX_SHOWN


def refused(capsys, argv: list[str], out: Path, *fragments: str) -> str:
    """Run the command line; it must exit 2 with one line on stderr holding `fragments`, writing nothing."""
    status = main(argv)
    captured = capsys.readouterr()
    assert status == 2, captured
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("commgov: error: "), captured.err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert not os.path.lexists(out), "nothing may be written for bad input"
    return lines[0]


def run_scenario(capsys, path: Path, out: Path, *fragments: str) -> str:
    return refused(capsys, ["run", str(path), "--out", str(out)], out, str(path), *fragments)


def run_spec(capsys, path: Path, out: Path, *fragments: str) -> str:
    argv = ["experiment", str(path), "--out", str(out), "--backend", "serial", "--quiet"]
    return refused(capsys, argv, out, str(path), *fragments)


# --- files that are not regular, too large, too deep, or loop ------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("runner", [run_scenario, run_spec], ids=["scenario", "spec"])
def test_non_regular_files_are_refused_without_reading_them(capsys, tmp_path, fifo, runner):
    out = tmp_path / "out"
    runner(capsys, fifo, out, "is not a regular file")  # would hang if opened for reading blocking
    runner(capsys, Path("/dev/zero"), out, "is not a regular file")  # would read without end
    runner(capsys, tmp_path, out, "is a directory")


@pytest.mark.parametrize("runner", [run_scenario, run_spec], ids=["scenario", "spec"])
def test_too_large_too_deep_and_symlink_loops(capsys, write, tmp_path, runner):
    out = tmp_path / "out"
    big = write("big.toml", "# padding\n" * (MAX_INPUT_BYTES // 10 + 1))
    runner(capsys, big, out, "is larger than 1024 KiB")
    for text in ("a = " + "[" * 5000 + "]" * 5000, "a" + ".a" * 5000 + " = 1", "a = " + "[" * 11 + "]" * 11):
        runner(capsys, write("deep.toml", text), out, f"more than {MAX_NESTING} levels deep")
    os.symlink("loop2.toml", tmp_path / "loop1.toml")
    os.symlink("loop1.toml", tmp_path / "loop2.toml")
    runner(capsys, tmp_path / "loop1.toml", out, "symbolic link that loops")


@pytest.mark.parametrize(
    ("target", "fragment"),
    [
        ("/dev/zero", "is not a regular file"),
        ("pipe.toml", "is not a regular file"),
        ("loop1.toml", "symbolic link that loops"),
        ("not_toml.txt", "is not valid TOML"),
        ("self.toml", "is a cycle"),
    ],
)
def test_extends_problems_name_the_users_file_and_the_key(capsys, write, tmp_path, fifo, target, fragment):
    os.symlink("loop2.toml", tmp_path / "loop1.toml")
    os.symlink("loop1.toml", tmp_path / "loop2.toml")
    write("not_toml.txt", "root:x:0:0:root:/root:/bin/bash\n")
    path = write("self.toml", f'extends = "{target}"\n')
    line = run_scenario(capsys, path, tmp_path / "out", "extends", fragment)
    assert "Traceback" not in line


def test_long_keys_and_values_are_clipped(capsys, write, tmp_path):
    path = write("long.toml", "[run]\n" + "k" * 200_000 + " = 1\n")
    line = run_scenario(capsys, path, tmp_path / "out", "unknown key 'run.kkk", "…")
    assert len(line) < 300
    path = write("long.toml", f'[market]\nelder_care = "{"x" * 10_000}"\n')
    assert len(run_scenario(capsys, path, tmp_path / "out", "market.elder_care", "…")) < 400
    spec = write("spec.toml", 'kind = "compare"\nscenarios = ["a", "b"]\n' + "z" * 100_000 + " = 1\n")
    line = run_spec(capsys, spec, tmp_path / "out", "unknown key 'zzz", "…")
    assert len(line) < 100 + len(str(spec)) + MAX_SHOWN


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (f'name = "{"n" * 5000}"\n', ["name", "at most 120 characters"]),
        ('name = "two\\nlines"\n', ["name", "one line"]),
        ("[population]\nchild_share = 1.0\nelderly_share = 1.0\n", ["child_share + elderly_share"]),
        (
            "[population]\nparty_member_share = 0.7\nin_service_member_share = 0.7\n",
            ["party_member_share + in_service_member_share", "must not exceed 1"],
        ),
    ],
)
def test_names_and_shares_that_cannot_be(capsys, write, tmp_path, text, fragments):
    run_scenario(capsys, write("bad.toml", text), tmp_path / "out", *fragments)


def test_bad_language_in_the_environment(capsys, write, tmp_path, monkeypatch):
    monkeypatch.setenv("COMMGOV_LANG", "klingon")
    out = tmp_path / "out"
    argv = ["run", str(write("ok.toml", "")), "--out", str(out)]
    refused(capsys, argv, out, "COMMGOV_LANG='klingon'", "en or zh")


def test_figures_draw_dollar_signs_as_typed():
    from matplotlib import rc_context

    with rc_context(style_rc("en")):
        figure = new_figure(3, 2)
        figure.suptitle("a$^{$ arm costs $5")  # invalid mathtext: drawing it used to raise
        figure.savefig(io.BytesIO(), format="svg")


# --- the work budget -------------------------------------------------------------------------------

HUGE = """[population]
households = 400000
household_size = 6.0
ties_within_building = 50.0
ties_across_buildings = 50.0
[needs]
admin_rate = 5.0
activity_rate = 5.0
patience_weeks = 520
[committee]
staff = 0
"""


def test_a_run_past_the_memory_budget_is_refused_unless_allowed(capsys, write, tmp_path):
    path = write("huge.toml", HUGE)
    run_scenario(capsys, path, tmp_path / "out", "GiB of memory", "--allow-large")
    cost = estimate(scenario_to_dict(load_scenario(path)))
    assert cost.peak_bytes > MAX_RUN_BYTES
    check_run(cost, "huge.toml", allow_large=True)  # allowed: no error
    with pytest.raises(BudgetError):
        check_run(cost, "huge.toml", allow_large=False)


def test_the_estimate_is_small_for_shipped_scenarios_and_grows_with_size():
    small = estimate(scenario_to_dict(load_scenario("traditional")))
    assert small.peak_bytes < 2**30 and small.seconds < 30
    larger = estimate(scenario_to_dict(load_scenario("traditional", ["population.households=30000"])))
    assert larger.peak_bytes > small.peak_bytes and larger.seconds > 5 * small.seconds


COMPARE = 'kind = "compare"\nscenarios = ["traditional", "yicheng"]\n'
TEN_VALUES = ", ".join(str(v / 100) for v in range(1, 11))
TEN_KEYS = (
    "admin_rate", "activity_rate", "dispute_rate", "maintenance_rate", "disability_rate",
    "elder_care_rate", "work_cv", "seal_hours", "referral_hours", "admin_hours",
)


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (
            'kind = "sweep"\nbase = "traditional"\n[params]\n'
            + "".join(f'"needs.{key}" = [{TEN_VALUES}]\n' for key in TEN_KEYS),
            ["100,000,000,000 runs", "the limit is 1,000,000"],
        ),
        (COMPARE + "replications = 100000\n", ["replications = 100,000", "--allow-large"]),
        (
            'kind = "sweep"\nbase = "traditional"\nreplications = 1000\n[params]\n'
            '"committee.staff" = [' + ", ".join(str(v) for v in range(101)) + "]\n",
            ["101,000 runs", "more than 100,000", "--allow-large"],
        ),
    ],
    ids=["grid-1e10", "replications", "runs"],
)
def test_experiments_past_the_budget_are_refused_before_they_run(capsys, write, tmp_path, text, fragments):
    run_spec(capsys, write("big.toml", text), tmp_path / "out", *fragments)


def test_a_long_experiment_prints_its_estimate(write):
    path = write("long.toml", COMPARE + "replications = 900\n")
    spec, _ = load_spec(path)
    line = budget(spec, path)
    assert line is not None and line.startswith("1,800 runs, about ") and "peak memory about" in line
    quick = write("quick.toml", COMPARE + "replications = 2\n")
    assert budget(load_spec(quick)[0], quick) is None


def test_names_the_system_cannot_take_are_refused(capsys, write, tmp_path):
    long = "x" * 5000
    out = tmp_path / long
    refused(capsys, ["run", str(write("ok.toml", "")), "--out", str(out)], out, "--out", "File name too long")
    out = tmp_path / "out"
    refused(capsys, ["compare", "traditional", long, "--out", str(out)], out, "no such scenario file", "…")
    refused(capsys, ["run", long, "--out", str(out)], out, "no such scenario file")


def test_text_extending_an_unusable_file_names_the_text(tmp_path):
    from model.scenario import ScenarioError, loads_scenario

    (tmp_path / "base.toml").write_text("a = [[[[[[[[[[[[1]]]]]]]]]]]]\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"^<text>: extends leads to a file that cannot be used: .*deep"):
        loads_scenario('extends = "base.toml"\n', base_dir=tmp_path)
