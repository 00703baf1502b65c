"""The benchmark suite runs and writes well-formed JSON with every row (no timed assertions)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # benchmarks/ is a folder of the repository, not an installed package
    sys.path.insert(0, str(REPO))

from benchmarks import _util, breakdown, suite  # noqa: E402


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, dict]:
    out = tmp_path_factory.mktemp("bench") / "latest.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done, json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.timeout(900)
def test_quick_suite_writes_every_row(quick_run: tuple[subprocess.CompletedProcess, dict]) -> None:
    done, report = quick_run
    assert report["schema"] == 1
    assert report["quick"] is True
    assert report["command"].startswith("python -m benchmarks")
    assert report["errors"] == []
    for key in ("nproc", "cpu_model", "python", "numpy", "mesa"):
        assert report["machine"][key] not in (None, "")

    ids = [row["id"] for row in report["rows"]]
    assert sorted(ids) == sorted(suite.ROW_IDS)
    for row in report["rows"]:
        assert set(row) == {"id", "name", "value", "unit", "goal", "status", "details"}
        assert row["status"] in _util.STATUSES, row
        assert isinstance(row["name"], str) and row["name"]
        assert isinstance(row["details"], dict)
        if row["value"] is None:
            assert row["status"] == _util.NOT_AVAILABLE, row
        else:
            assert isinstance(row["value"], int | float) and math.isfinite(row["value"]), row
            assert row["value"] > 0, row
        if row["goal"] is not None:
            assert row["goal"]["op"] in ("<=", ">=")
            assert isinstance(row["goal"]["value"], int | float)

    # every row is in the printed table, which ends by naming the file it wrote
    for row in report["rows"]:
        assert row["name"] in done.stdout
    assert "wrote " in done.stdout


def test_quick_suite_breakdown_accounts_for_the_run(
    quick_run: tuple[subprocess.CompletedProcess, dict],
) -> None:
    report = quick_run[1]["breakdown"]
    assert isinstance(report["not_instrumented"], list)  # model functions renamed since: listed
    assert report["weeks"] == 8
    phases = report["phases_s"]
    assert "weekly steps" in phases
    assert all(value >= 0 for value in phases.values())
    assert sum(phases.values()) == pytest.approx(report["whole_process_s"], rel=0.05)
    assert set(report["step_parts_s"]) >= set(breakdown.STEP_PARTS)


def test_row_status_follows_the_goal() -> None:
    assert _util.row("a", "a", 0.2, "ratio", ("<=", 0.25))["status"] == _util.PASS
    assert _util.row("a", "a", 0.3, "ratio", ("<=", 0.25))["status"] == _util.FAIL
    assert _util.row("a", "a", 2.0, "x", (">=", 1.8))["status"] == _util.PASS
    assert _util.row("a", "a", 1.0, "x", (">=", 1.8))["status"] == _util.FAIL
    assert _util.row("a", "a", 1.0, "s")["status"] == _util.INFO
    assert _util.row("a", "a", None, "s", ("<=", 1.0))["status"] == _util.NOT_AVAILABLE
    assert _util.row("a", "a", 9.0, "s", ("<=", 1.0), status=_util.INFO)["status"] == _util.INFO


def test_experiment_speedup_is_found_in_any_reasonable_key() -> None:
    assert suite._find_speedup({"speedup": 1.9, "serial_runs_per_minute": 10}) == 1.9
    assert suite._find_speedup({"local_speed_up_2_workers": 1.7}) == 1.7
    assert suite._find_speedup({"runs_per_minute": 3}) is None
    assert suite._find_speedup(None) is None


def test_json_is_strict_and_table_shows_missing_values() -> None:
    report = {
        "rows": [
            _util.row("x", "not there", None, "s", status=_util.NOT_AVAILABLE),
            _util.row("y", "there", 0.123, "s", ("<=", 0.5)),
        ],
        "bad": float("nan"),
    }
    clean = suite._jsonable(report)
    json.dumps(clean, allow_nan=False)
    assert clean["bad"] is None
    text = suite.table(clean)
    assert "not available yet" in text and "≤ 0.5 s" in text and "pass" in text
