"""The tamper-evident store: foreign, swapped, altered or damaged run files are set aside and rerun,
never used; a lost manifest is rebuilt from the runs; --fresh deletes only what commgov wrote;
a failed write is one sentence and leaves nothing half-written."""

from __future__ import annotations

import errno
import json
import shutil
from pathlib import Path

import pytest
import test_experiment_support as support
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_experiment_support import HERE, run_files, tiny_spec

from model.cli import main
from model.experiment import runfile, store
from model.experiment.runner import Options, run_experiment
from model.experiment.spec import SpecError

TABLES = ("runs.csv", "summary.csv", "arms.csv")


def serial(out: Path, runner: str = "counting_run", **kw) -> Options:
    return Options(backend="serial", out=out, quiet=True, runner=f"{HERE}:{runner}", **kw)


def spec():
    return tiny_spec(replications=2)


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    """A finished tiny experiment (2 arms x 2 replications), copied by each test that alters it."""
    out = tmp_path_factory.mktemp("finished") / "out"
    run_experiment(spec(), serial(out))
    return out


def copy(finished: Path, where: Path) -> Path:
    out = where / "out"
    shutil.copytree(finished, out)
    return out


def tables(out: Path) -> dict[str, str]:
    return {name: (out / name).read_text() for name in TABLES}


def resume(out: Path) -> list[tuple[str, int]]:
    """Run the experiment again in `out`; the runs it had to do."""
    support.CALLS.clear()
    run_experiment(spec(), serial(out))
    return list(support.CALLS)


# --- run files -----------------------------------------------------------------------------


def _swap(files: list[Path], data: st.DataObject) -> None:
    a, b = data.draw(st.sampled_from(files)), data.draw(st.sampled_from(files))
    if a != b:
        a.rename(a.with_suffix(".swap"))
        b.rename(a)
        a.with_suffix(".swap").rename(b)


def _copy_over(files: list[Path], data: st.DataObject) -> None:
    a, b = data.draw(st.sampled_from(files)), data.draw(st.sampled_from(files))
    if a != b:
        shutil.copyfile(a, b)


def _flip(files: list[Path], data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(files))
    raw = bytearray(path.read_bytes())
    if not raw:
        return
    at = data.draw(st.integers(0, len(raw) - 1))
    raw[at] ^= data.draw(st.integers(1, 255))
    path.write_bytes(bytes(raw))


def _truncate(files: list[Path], data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(files))
    raw = path.read_bytes()
    if raw:
        path.write_bytes(raw[: data.draw(st.integers(0, len(raw) - 1))])


def _to_folder(files: list[Path], data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(files))
    path.unlink()
    path.mkdir()


def _edit_outcome(files: list[Path], data: st.DataObject) -> None:
    """Rewrite a stored outcome in the file's metadata, keeping a valid Parquet file."""
    import pyarrow.parquet as pq

    path = data.draw(st.sampled_from(files))
    try:
        table = pq.read_table(path)
        meta = json.loads(table.schema.metadata[runfile.META_KEY])
    except (OSError, ValueError, KeyError, TypeError):
        return  # already damaged by an earlier corruption
    meta["outcomes"]["trust"] = data.draw(st.floats(0, 1))
    metadata = {**table.schema.metadata, runfile.META_KEY: json.dumps(meta).encode()}
    pq.write_table(table.replace_schema_metadata(metadata), path)


CORRUPTIONS = [_swap, _copy_over, _flip, _truncate, _to_folder, _edit_outcome]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_run_files_never_change_the_resumed_tables(finished, tmp_path_factory, data):
    out = copy(finished, tmp_path_factory.mktemp("fuzz"))
    files = run_files(out)
    corruptions = data.draw(st.lists(st.sampled_from(CORRUPTIONS), min_size=1, max_size=3))
    for corrupt in corruptions:
        corrupt([p for p in files if p.is_file()] or files, data)
    damaged = sum(
        1 for p in files if not p.is_file() or p.read_bytes() != (finished / "runs" / p.name).read_bytes()
    )
    rerun = resume(out)
    assert tables(out) == tables(finished)
    # a changed byte that leaves every stored value intact (e.g. in Parquet's footer) needs no rerun
    assert len(rerun) <= damaged
    assert all(runfile.read(p, p.stem).ok for p in files)


def test_a_swapped_file_is_set_aside_with_one_warning(finished, tmp_path, capsys):
    out = copy(finished, tmp_path)
    a, b = run_files(out)[:2]
    a.rename(tmp_path / "a")
    b.rename(a)
    (tmp_path / "a").rename(b)
    assert len(resume(out)) == 2
    err = capsys.readouterr().err
    assert err.count("warning") == 1 and "2 stored run files were not used" in err
    assert "another run's results: 2" in err
    assert len(list((out / "runs" / "rejected").iterdir())) == 2  # kept for inspection
    assert tables(out) == tables(finished)


# --- the manifest --------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["delete", "garble"])
def test_a_lost_manifest_is_rebuilt_from_the_runs(finished, tmp_path, capsys, damage):
    out = copy(finished, tmp_path)
    manifest = out / "manifest.json"
    manifest.unlink() if damage == "delete" else manifest.write_text("{ not json")
    assert resume(out) == []  # nothing rerun
    assert "rebuilt from the 4 stored runs" in capsys.readouterr().err
    assert json.loads(manifest.read_text())["status"] == "complete"
    assert tables(out) == tables(finished)


def test_a_lost_manifest_with_runs_of_another_spec_is_refused(finished, tmp_path):
    out = copy(finished, tmp_path)
    (out / "manifest.json").unlink()
    with pytest.raises(SpecError, match="4 of its 4 stored runs are not runs of this spec"):
        run_experiment(tiny_spec(replications=2, seed=8), serial(out))


def test_a_damaged_manifest_without_runs_beside_foreign_files_is_refused(tmp_path):
    (tmp_path / "manifest.json").write_text("{ not json")
    (tmp_path / "notes.txt").write_text("mine")
    for fresh in (False, True):
        with pytest.raises(SpecError, match=r"manifest is damaged|not a commgov experiment folder"):
            run_experiment(spec(), serial(tmp_path, fresh=fresh))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "notes.txt"]


# --- --fresh -------------------------------------------------------------------------------

NAMES = st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(top=st.lists(NAMES, max_size=4, unique=True), inside=st.lists(NAMES, max_size=3, unique=True))
def test_fresh_never_deletes_files_it_did_not_write(finished, tmp_path_factory, top, inside):
    out = copy(finished, tmp_path_factory.mktemp("fresh"))
    mine = [out / f"{n}.txt" for n in top] + [out / "runs" / f"{n}.parquet" for n in inside]
    for path in mine:
        path.write_text(path.name)
    run_experiment(tiny_spec(replications=1, seed=8), serial(out, fresh=True))
    assert all(path.read_text() == path.name for path in mine)
    assert len(run_files(out)) == 2 + len(inside)  # the old runs are gone, the user's kept


def test_fresh_refuses_a_folder_that_is_not_an_experiment(tmp_path, capsys):
    (tmp_path / "important.txt").write_text("mine")
    (tmp_path / "summary.csv").write_text("mine too")
    args = ["compare", "traditional", "separation", "--reps", "1", "--out", str(tmp_path), "--quiet"]
    assert main([*args, "--fresh", "--set", "run.weeks=5"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a commgov experiment folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["important.txt", "summary.csv"]


# --- failed writes -------------------------------------------------------------------------


def test_a_full_disk_is_one_sentence_and_nothing_half_written(tmp_path, monkeypatch, capsys):
    real = runfile.write_atomic
    written = []

    def full(path, write, durable=False):
        if written:

            def fail(tmp):
                write(tmp)
                raise OSError(errno.ENOSPC, "No space left on device")

            return real(path, fail, durable)
        written.append(path)
        return real(path, write, durable)

    monkeypatch.setattr(runfile, "write_atomic", full)
    args = ["compare", "traditional", "separation", "--reps", "2", "--set", "run.weeks=5"]
    assert main([*args, "--out", str(tmp_path / "out"), "--backend", "serial", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err
    assert len(run_files(tmp_path / "out")) == 1
    assert json.loads((tmp_path / "out" / "manifest.json").read_text())["status"] == "stopped by an error"
    assert not [p for p in (tmp_path / "out" / "runs").iterdir() if p.name.startswith(".tmp")]


def test_a_folder_in_place_of_the_manifest_is_one_sentence(finished, tmp_path):
    out = copy(finished, tmp_path)
    (out / "manifest.json").unlink()
    (out / "manifest.json").mkdir()
    with pytest.raises(SpecError, match=r"manifest.json: cannot be written \(Is a directory\)"):
        run_experiment(spec(), serial(out))


def test_an_unwritable_runs_folder_is_refused_before_any_run(finished, tmp_path, monkeypatch):
    out = copy(finished, tmp_path)
    monkeypatch.setattr(store.os, "access", lambda path, mode: Path(path).name != "runs")
    before = (out / "manifest.json").read_text()
    with pytest.raises(SpecError, match="runs: cannot be written"):
        run_experiment(spec(), serial(out))
    assert (out / "manifest.json").read_text() == before
