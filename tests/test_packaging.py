"""Packaging: a built wheel works away from the checkout; the dashboard is an optional extra.

The wheel test builds the wheel from a copy of the checkout (`pip wheel`, which fetches setuptools
into its isolated build environment), installs it with --no-deps into a fresh venv and borrows
the dependencies already installed for this interpreter through a .pth file naming its
site-packages folders. A path line in a .pth file adds the folder without running the .pth files
inside it, so the checkout's editable install stays invisible: `model` is the installed copy.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from model.cli import main

REPO = Path(__file__).resolve().parent.parent
# Not needed to build the wheel, and possibly large or private to this machine.
LEFT_OUT = {".git", "results", "build", "dist", "test-artifacts", "__pycache__", "node_modules"}


def _ignore(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in LEFT_OUT or n.startswith(".") or n.endswith(".egg-info")}


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120):
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(bin folder of a fresh venv with the wheel installed, an empty working folder, its environment)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source, wheels, venv, work = tmp / "source", tmp / "wheels", tmp / "venv", tmp / "elsewhere"
    shutil.copytree(REPO, source, ignore=_ignore)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)], tmp)
    (wheel,) = wheels.glob("commgov-*.whl")
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python)]  # this pip, installing into the venv
    _run([*pip, "install", "--no-deps", "-q", str(wheel)], tmp)
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp)
    borrowed = [*site.getsitepackages(), *([site.getusersitepackages()] if site.ENABLE_USER_SITE else [])]
    (Path(purelib.stdout.strip()) / "_borrowed_dependencies.pth").write_text("\n".join(borrowed) + "\n")
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COMMGOV_LANG")}
    env["MPLBACKEND"] = "Agg"
    return venv / "bin", work, env


@pytest.mark.slow
def test_the_installed_package_is_the_wheel_not_the_checkout(installed):
    bin_dir, work, env = installed
    done = _run([str(bin_dir / "python"), "-c", "import model; print(model.__file__)"], work, env)
    assert Path(done.stdout.strip()).is_relative_to(bin_dir.parent)


@pytest.mark.slow
def test_a_shipped_scenario_runs_from_another_folder(installed):
    bin_dir, work, env = installed
    done = _run([str(bin_dir / "commgov"), "run", "yicheng", "--weeks", "10"], work, env)
    assert "yicheng: " in done.stdout
    (folder,) = (work / "results").glob("run-yicheng*")
    assert (folder / "timeseries.csv").is_file()


@pytest.mark.slow
def test_a_shipped_subdistrict_finds_its_type_presets_in_the_wheel(installed):
    bin_dir, work, env = installed
    done = _run([str(bin_dir / "commgov"), "run", "subdistrict_yicheng", "--weeks", "2"], work, env, 300)
    assert "subdistrict_yicheng: 10 communities" in done.stdout
    (folder,) = (work / "results").glob("run-subdistrict_yicheng*")
    assert (folder / "communities.csv").is_file()


@pytest.mark.slow
def test_a_shipped_experiment_runs_and_writes_its_report(installed):
    bin_dir, work, env = installed
    command = [str(bin_dir / "commgov"), "experiment", "separation_quick", "--reps", "2", "--quiet"]
    done = _run(command, work, env, timeout=300)
    assert "separation_quick: compare" in done.stdout
    report = (work / "results" / "separation_quick" / "report.html").read_text(encoding="utf-8")
    assert "docs/parameters.md was not found" not in report  # the parameter table ships too


@pytest.mark.slow
def test_the_patterns_text_ships_as_package_data(installed):
    bin_dir, work, env = installed
    code = "from model.validation.patterns import PATTERNS; print(PATTERNS[0].title)"
    assert "Real separation" in _run([str(bin_dir / "python"), "-c", code], work, env).stdout


@pytest.mark.slow
def test_the_schema_labels_ship_as_package_data(installed):
    bin_dir, work, env = installed
    code = "from model.i18n import key_label; print(key_label('government.workstation', 'zh'))"
    assert "社区事务工作站" in _run([str(bin_dir / "python"), "-c", code], work, env).stdout


@pytest.mark.slow
def test_the_wheel_has_the_same_code_digest_as_the_checkout(installed):
    """A worker installed from the wheel passes the dask backend's software check against a checkout."""
    from model.experiment.software import code_digest

    bin_dir, work, env = installed
    code = "from model.experiment.software import code_digest; print(code_digest())"
    assert _run([str(bin_dir / "python"), "-c", code], work, env).stdout.strip() == code_digest()


@pytest.mark.slow
def test_the_dashboard_command_is_there(installed):
    bin_dir, work, env = installed
    assert "--port" in _run([str(bin_dir / "commgov"), "dashboard", "--help"], work, env).stdout


def test_the_dashboard_without_its_extra_says_how_to_install_it(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "solara", None)  # as if not installed
    assert main(["dashboard"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "pip install 'commgov[dashboard]'" in error


def test_the_license_and_the_citation_agree_with_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    citation = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    assert citation.startswith("cff-version: 1.2.0\n")
    assert f"\nversion: {project['version']}\n" in citation and "\nlicense: MIT\n" in citation
    assert "MIT" in str(project["license"])
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n\nCopyright (c) ")
    assert "the commgov authors" in (REPO / "LICENSE").read_text(encoding="utf-8").splitlines()[2]
