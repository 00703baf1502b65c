"""What a first-time user meets: the README's opening, pipes, --lang, output folders, report names."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from model.cli import build_parser, main, run_folder

REPO = Path(__file__).resolve().parent.parent


def test_the_readme_opens_with_the_two_commands_then_says_how_to_reach_commgov():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    before, block, after = text.split("```", 3)[:3]
    assert "\n## " not in before  # the two commands come before any section
    commands = [line.split("#")[0].split() for line in block.splitlines() if line.startswith("make")]
    assert commands == [["make", "demo"], ["make", "test"]]
    opening = after.split("\n## ", 1)[0]
    assert ". .venv/bin/activate" in opening and ".venv/bin/commgov" in opening


# argparse drops a help text it cannot write, so --help still ends with 0
@pytest.mark.parametrize(("command", "status"), [(["--help"], 0), (["validate", "yicheng"], 141)])
def test_a_closed_pipe_ends_the_command_quietly(command, status):
    read, write = os.pipe()
    os.close(read)  # like `commgov ... | head -3` once head has exited
    try:
        done = subprocess.run(
            [sys.executable, "-m", "model.cli", *command],
            stdout=write,
            stderr=subprocess.PIPE,
            cwd=REPO,
            timeout=60,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (status, b"")


# Commands whose output has a Chinese version; the dashboard's --lang is its own module's.
LANG_COMMANDS = ("run", "report", "experiment", "compare", "sweep")


def _options(command: str) -> dict[str, argparse.Action]:
    (commands,) = (a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return {flag: action for action in commands.choices[command]._actions for flag in action.option_strings}


def test_every_command_that_writes_for_people_takes_the_same_lang_option(monkeypatch):
    monkeypatch.setenv("COMMGOV_LANG", "zh")
    for command in LANG_COMMANDS:
        lang = _options(command)["--lang"]
        assert (lang.choices, lang.default, lang.metavar) == (("en", "zh"), "zh", None), command
        assert lang.help.endswith("(default: $COMMGOV_LANG, else en)"), command
    monkeypatch.delenv("COMMGOV_LANG")
    assert _options("run")["--lang"].default == "en"


def test_the_same_options_have_the_same_metavars_everywhere():
    metavars: dict[str, set[str | None]] = {}
    for command in ("run", "experiment", "compare", "sweep", "patterns", "regime", "calibrate"):
        for flag, action in _options(command).items():
            if flag in ("--seed", "--weeks", "--reps", "--workers", "--set", "--out"):
                metavars.setdefault(flag, set()).add(action.metavar)
    assert {flag: len(found) for flag, found in metavars.items()} == dict.fromkeys(metavars, 1)


def test_commgov_lang_sets_the_language_of_the_run_table(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("COMMGOV_LANG", "zh")
    tiny = ["--weeks", "2", "--set", "population.households=100", "--out", str(tmp_path / "run")]
    assert main(["run", "traditional", *tiny]) == 0
    assert "指标" in capsys.readouterr().out


def test_a_report_in_another_language_is_written_beside_the_english_one(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("COMMGOV_LANG", raising=False)
    out = tmp_path / "cmp"
    tiny = ["--reps", "2", "--weeks", "4", "--set", "population.households=100", "--backend", "serial"]
    tiny += ["--outcomes", "trust", "--quiet", "--out", str(out)]
    assert main(["compare", "traditional", "separation", *tiny, "--lang", "zh"]) == 0
    assert f"report: {out / 'report.zh.html'}" in capsys.readouterr().out
    chinese = (out / "report.zh.html").read_bytes()
    assert not (out / "report.html").exists()
    assert main(["report", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote {out / 'report.html'}\n"
    assert (out / "report.zh.html").read_bytes() == chinese
    assert '<html lang="en"' in (out / "report.html").read_text(encoding="utf-8")


def test_runs_with_different_overrides_get_different_default_folders(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    tiny = ["traditional", "--weeks", "2", "--set", "population.households=100"]

    def folder(*extra: str) -> str:
        assert main(["run", *tiny, *extra]) == 0
        return capsys.readouterr().out.rsplit("wrote ", 1)[1].split(" (")[0]

    plain, staffed = folder(), folder("--set", "committee.staff=4")
    assert plain.startswith(f"results{os.sep}run-traditional-") and plain != staffed
    assert folder() == plain and folder("--set", "committee.staff=3", "--set", "committee.staff=4") == staffed
    assert folder("--seed", "3") == folder("--set", "run.seed=3")
    assert len(list((tmp_path / "results").iterdir())) == 3
    assert run_folder("traditional", []) == "run-traditional"


def test_the_demo_duration_is_stated_once_the_same_everywhere():
    places = ["README.md", "docs/guide-analysts.md", "experiments/separation_quick.toml"]
    texts = [" ".join((REPO / place).read_text(encoding="utf-8").split()) for place in places]
    assert all("about 25 s" in text for text in texts)  # measured: `make demo` once .venv exists
    stale = ("about a minute", "10 to 30 seconds", "about 7 s")
    assert not any(old in text for text in texts for old in stale)
