"""The commgov command line: bad input is one line and exit status 2 with nothing written;
`run` writes its three files; `--help` stays light."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from model.cli import main

REPO = Path(__file__).resolve().parent.parent


def commgov_command() -> list[str]:
    script = Path(sys.executable).parent / "commgov"
    return [str(script)] if script.exists() else [sys.executable, "-m", "model.cli"]


def assert_bad_input(capsys, argv, out: Path, *fragments: str) -> str:
    status = main(argv)
    captured = capsys.readouterr()
    assert status == 2, captured
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    line = lines[0]
    assert line.startswith("commgov: error: ")
    assert "Traceback" not in captured.err
    for fragment in fragments:
        assert fragment in line, line
    assert not out.exists(), "nothing may be written for bad input"
    return line


BAD_FILES = {
    "syntax": ("[run]\nweeks = = 1\n", ["line 2"]),
    "unknown_section": (
        "[goverment]\nworkstation = true\n",
        ["'goverment'", "did you mean 'government'?"],
    ),
    "unknown_key": ("[run]\nweekz = 3\n", ["'run.weekz'", "did you mean 'run.weeks'?"]),
    "wrong_type": (
        '[run]\nweeks = "ten"\n',
        ["run.weeks", "must be an integer between 1 and 1040", "'ten'"],
    ),
    "float_for_int": (
        "[population]\nhouseholds = 3.5\n",
        ["population.households must be an integer between 1 and 400000, got 3.5"],
    ),
    "nan": (
        "[population]\nhousehold_size = nan\n",
        ["population.household_size", "finite number between 1 and 6", "nan"],
    ),
    "inf": (
        "[government]\nstaff_salary_yuan = inf\n",
        ["government.staff_salary_yuan", "between 0 and 10000000", "inf"],
    ),
    "too_big": (
        "[population]\nhouseholds = 1000000\n",
        ["population.households", "limit of what this machine simulates"],
    ),
    "bad_choice": (
        '[market]\nelder_care = "cheap"\n',
        ["market.elder_care", "one of 'none', 'fee', 'sponsored'"],
    ),
    "bad_rollout": (
        "[rollout.set.population]\nhouseholds = 2\n",
        ["rollout.set.population", "cannot change during a run"],
    ),
    "missing_extends": ('extends = "gone.toml"\n', ["extends = 'gone.toml'", "does not exist"]),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_scenario_file(capsys, write, tmp_path, case):
    text, fragments = BAD_FILES[case]
    path = write("bad.toml", text)
    out = tmp_path / "out"
    assert_bad_input(capsys, ["run", str(path), "--out", str(out)], out, str(path), *fragments)


def test_non_utf8_file(capsys, write, tmp_path):
    path = write("bad.toml", b'name = "\xff"\n')
    out = tmp_path / "out"
    assert_bad_input(capsys, ["run", str(path), "--out", str(out)], out, str(path), "not UTF-8", "line 1")


def test_missing_file_and_directory(capsys, tmp_path):
    out = tmp_path / "out"
    assert_bad_input(
        capsys, ["run", str(tmp_path / "nope.toml"), "--out", str(out)], out, "nope.toml", "no such"
    )
    assert_bad_input(capsys, ["run", str(tmp_path), "--out", str(out)], out, "is a directory")


def test_cyclic_extends(capsys, write, tmp_path):
    write("a.toml", 'extends = "b.toml"\n')
    path = write("b.toml", 'extends = "a.toml"\n')
    out = tmp_path / "out"
    assert_bad_input(
        capsys, ["run", str(path), "--out", str(out)], out, "b.toml -> a.toml -> b.toml", "cycle"
    )


@pytest.mark.parametrize(
    ("flags", "fragments"),
    [
        (
            ["--set", "goverment.workstation=true"],
            ["unknown key 'goverment.workstation'", "did you mean 'government.workstation'?"],
        ),
        (["--set", "run.weeks"], ["expected KEY=VALUE"]),
        (
            ["--weeks", "0"],
            ["run.weeks must be an integer between 1 and 1040, got 0", "command line"],
        ),
        (["--seed", "-1"], ["run.seed must be an integer between 0 and"]),
        (["--weeks", "ten"], ["argument --weeks: invalid int value: 'ten'"]),
        (["--bogus"], ["unrecognized arguments: --bogus"]),
        (["--lang", "fr"], ["argument --lang: invalid choice: 'fr'"]),
    ],
)
def test_bad_flags(capsys, write, tmp_path, flags, fragments):
    path = write("ok.toml", "")
    out = tmp_path / "out"
    assert_bad_input(capsys, ["run", str(path), "--out", str(out), *flags], out, *fragments)


def test_out_is_a_file(capsys, write, tmp_path):
    path = write("ok.toml", "")
    out = write("taken", "x")
    status = main(["run", str(path), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and "is not a directory" in err
    assert out.read_text() == "x"


def test_usage_errors(capsys):
    for argv in ([], ["frobnicate"], ["run"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("commgov: error: ")


def test_help_and_version(capsys):
    assert main(["--help"]) == 0
    assert "validate" in capsys.readouterr().out
    assert main(["run", "--help"]) == 0
    assert "--set KEY=VALUE" in capsys.readouterr().out
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("commgov ")


def test_validate(capsys, write):
    good = write("good.toml", "[run]\nweeks = 3\n")
    bad = write("bad.toml", "[run]\nweeks = 0\n")
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out == f"ok {good}\n"
    assert main(["validate", str(good), str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == f"ok {good}\n"
    assert captured.err == f"commgov: error: {bad}: run.weeks must be an integer between 1 and 1040, got 0\n"
    assert main(["validate", str(good), "--set", "run.weeks=0"]) == 2


def test_console_script_bad_input(write, tmp_path):
    """The real console script: exit 2, one line, no traceback, nothing written."""
    path = write("bad.toml", "[population]\nhouseholds = 3.5\n")
    out = tmp_path / "out"
    done = subprocess.run(
        [*commgov_command(), "run", str(path), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"commgov: error: {path}: population.households must be an integer between 1 and 400000, got 3.5\n"
    )
    assert not out.exists()


def test_help_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from model.cli import main\n"
        "main(['--help']); main(['run', '--help'])\n"
        "heavy = ('pandas', 'numpy', 'mesa', 'matplotlib', 'pydantic')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("HEAVY []")


# ---------------------------------------------------------------------------------------------
# End to end, once the simulation exists


def test_run_writes_three_files(tmp_path, capsys):
    pytest.importorskip("model.simulate")
    import pandas as pd

    from model.outcomes import RECORDED_BY_NAME
    from model.recorder import FLOW_NAMES
    from model.scenario import load_scenario

    out = tmp_path / "run"
    assert main(["run", "yicheng", "--weeks", "8", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Needs met on time" in printed and str(out) in printed
    assert sorted(p.name for p in out.iterdir()) == [
        "outcomes.csv",
        "scenario.toml",
        "timeseries.csv",
    ]
    series = pd.read_csv(out / "timeseries.csv", index_col="week")
    assert len(series) == 8
    assert list(series.columns) == [*RECORDED_BY_NAME, *FLOW_NAMES]  # the groups' outcomes included
    outcomes = pd.read_csv(out / "outcomes.csv")
    assert len(outcomes) == 1
    assert {"residents", "weeks"} <= set(outcomes.columns)
    assert int(outcomes["weeks"].iloc[0]) == 8
    resolved = load_scenario(out / "scenario.toml")
    assert resolved == load_scenario("yicheng", ["run.weeks=8"])


def test_run_chinese_table(tmp_path, capsys):
    pytest.importorskip("model.simulate")
    out = tmp_path / "zh"
    assert main(["run", "yicheng", "--weeks", "4", "--lang", "zh", "--out", str(out)]) == 0
    assert "需求按时满足率" in capsys.readouterr().out


def test_console_script_run(tmp_path):
    pytest.importorskip("model.simulate")
    out = tmp_path / "script"
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [*commgov_command(), "run", "yicheng", "--weeks", "4", "--seed", "7", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (out / "timeseries.csv").exists()


def test_run_notes_a_setting_the_reform_overrides(tmp_path, capsys):
    out = tmp_path / "out"
    status = main(
        [
            "run",
            "yicheng",
            "--weeks",
            "2",
            "--set",
            "population.households=50",
            "--set",
            "government.workstation_staff=3",
            "--out",
            str(out),
        ]
    )
    assert status == 0
    err = capsys.readouterr().err
    assert "note: government.workstation_staff applies before the reform only" in err
    assert "rollout.set.government.workstation_staff" in err
    assert "population.households" not in err


def test_reform_notes_name_only_keys_the_reform_sets():
    from model.scenario import load_scenario, reform_notes

    scenario = load_scenario("separation")
    notes = reform_notes(
        scenario, ["government.workstation_staff", "government.top_down_tasks_per_week", "run.weeks"]
    )
    assert len(notes) == 1 and "sets it to 3" in notes[0]
