"""What a first-time user meets: the README's opening, pipes, --lang, output folders, report names."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
