"""The guides' marked commands stay runnable, and tools/refresh_guides.py keeps rewriting them.

Nothing here simulates: every `run:` marker in docs/*.md must parse with the CLI's own parser and
name shipped scenarios, experiments and targets files or files the guide has the reader create
(which must load, unless the guide shows them failing); the rewriting is checked on a small
synthetic guide with a stand-in for running commands, so the tool cannot silently stop rewriting.
The workshop guide's tables of the dashboard's scenario menu and key levers are written by hand
(their last column explains each row) and checked here: the scenarios against the menu's order and
the files' titles, the levers against the dashboard's levers and their labels.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from model.cli import build_parser
from model.errors import InputError
from model.experiment.spec import load_spec
from model.scenario import load_scenario
from model.subdistrict import is_subdistrict, load_subdistrict
from model.validation.targets import load_targets
from tools.refresh_guides import (
    ROOT,
    GuideError,
    command_line,
    guide_files,
    guides_with_markers,
    marked_blocks,
    normalise,
    parse_run,
    refresh,
    results_folder,
)

GUIDES = guides_with_markers()


def blocks_of(guide: Path) -> list[tuple[str, str, str]]:
    """(kind, marker text, block body) of every marked block of a guide."""
    text = guide.read_text(encoding="utf-8")
    lines = text.split("\n")
    return [(kind, spec, "\n".join(lines[start:end])) for kind, spec, start, end in marked_blocks(text)]


def test_the_guides_with_output_are_marked():
    names = {path.name for path in GUIDES}
    assert {"guide-analysts.md", "calibration.md"} <= names


def test_the_analysts_guide_opens_with_what_make_demo_runs():
    recipe = (ROOT / "Makefile").read_text().split("\ndemo:")[1].split("\n")[1].strip()
    demo = recipe.removeprefix("$(VENV)/bin/")
    first = next(spec for kind, spec, _ in blocks_of(ROOT / "docs" / "guide-analysts.md") if kind == "run")
    assert parse_run(first).command == demo


def test_the_shown_commgov_is_the_console_script():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["commgov"] == "model.cli:console_main"
    assert command_line(["commgov", "run", "x"])[1:] == ["-m", "model.cli", "run", "x"]
    assert 'if __name__ == "__main__":\n    console_main()' in (ROOT / "model" / "cli.py").read_text()


def check_scenario(ref: str, created: set[str], expect_error: bool = False) -> None:
    """A scenario or subdistrict a command names loads (a shipped name, or a file the guide has written)."""
    if ref.startswith("results/"):
        return  # written by a command above it in the guide
    assert "/" not in ref or ref in created, f"{ref} is neither shipped nor a file the guide creates"
    path = ROOT / ref if "/" in ref else ref
    load = load_subdistrict if is_subdistrict(path) else load_scenario  # a subdistrict arm or base
    if expect_error:
        with pytest.raises(InputError):
            load(path)
    else:
        load(path)


@pytest.mark.parametrize("guide", GUIDES, ids=[path.name for path in GUIDES])
def test_every_marked_command_parses_and_names_what_exists(guide):
    blocks = blocks_of(guide)
    created = {spec for kind, spec, _ in blocks if kind == "file"}
    with guide_files(ROOT) as write:
        for kind, spec, body in blocks:
            if kind == "file":
                write(spec, body + "\n")
                if spec.endswith(".py"):
                    compile(body, spec, "exec")
            if kind != "run":
                continue
            run = parse_run(spec)
            words = run.words
            if words[0] == "python":
                assert words[1] in created, f"{spec}: the script is not a file the guide creates"
                continue
            args = build_parser().parse_args(words[1:])
            results_folder(words, ROOT)  # a resuming command says where it writes
            for ref in [*getattr(args, "scenarios", []), getattr(args, "scenario", None)]:
                if ref and args.command != "validate":
                    check_scenario(ref, created)
            if args.command == "validate":
                for ref in args.scenarios:
                    check_scenario(ref, created, expect_error=run.status)
            if getattr(args, "base", None):
                check_scenario(args.base, created)
            if args.command == "experiment":
                shipped, _ = load_spec(args.spec)
                for arm in shipped.scenarios or [shipped.base]:
                    check_scenario(arm if isinstance(arm, str) else arm.scenario, created)
            if args.command == "calibrate":
                load_targets(ROOT / args.targets)
    assert not any((ROOT / path).exists() for path in created), "the guide's files were not removed"


# --- the rewriting, on a synthetic guide --------------------------------------------------------

SYNTHETIC = """# A guide

<!-- file: mine/a.toml -->
```toml
x = 1
```

<!-- run: commgov compare a b --out results/x | keep 1-2,4- -->
```text
old output
```

Not marked, left alone:

```text
$ commgov run something
stale on purpose
```

<!-- show: results/x/written.txt -->
```text
```

<!-- run: commgov validate mine/a.toml | status -->
```text
```
"""


def fake_commands(root: Path, log: list[list[str]]):
    """A stand-in for running commands: checks what the tool prepared and prints fixed output."""

    def run(words: list[str]) -> tuple[int, str]:
        log.append(words)
        assert (root / "mine" / "a.toml").read_text() == "x = 1\n"
        if words[1] == "validate":
            return 2, "commgov: error: mine/a.toml: something\n"
        assert not (root / "results" / "x" / "stale").exists(), "the resumable folder was not cleared"
        (root / "results" / "x").mkdir(parents=True)
        (root / "results" / "x" / "written.txt").write_text(f"made in {root}/results/x\n")
        output = (
            "first\rfirst, redrawn\n"
            "second\n"
            "a: 100%|██████████| 5/5 [00:01<00:00,  3.21run/s]\n"
            "third\n"
            "fourth\n"
            f"open file://{root}/results/x/report.html\n"
        )
        return 0, output

    return run


def test_marked_blocks_are_rewritten_and_the_rest_left_alone(tmp_path):
    (tmp_path / "results" / "x").mkdir(parents=True)
    (tmp_path / "results" / "x" / "stale").write_text("from an older model")
    log: list[list[str]] = []
    new = refresh(SYNTHETIC, root=tmp_path, run=fake_commands(tmp_path, log), log=lambda _: None)
    assert log == [
        ["commgov", "compare", "a", "b", "--out", "results/x"],
        ["commgov", "validate", "mine/a.toml"],
    ]
    assert (
        "```text\n$ commgov compare a b --out results/x\nfirst, redrawn\nsecond\n…\nfourth\n"
        "open file://…/results/x/report.html\n```" in new
    )
    assert "old output" not in new
    assert "$ commgov run something\nstale on purpose" in new
    assert "```text\nmade in …/results/x\n```" in new
    assert "$ commgov validate mine/a.toml\ncommgov: error: mine/a.toml: something\n$ echo $?\n2\n```" in new
    assert not (tmp_path / "mine").exists(), "the guide's file was left behind"
    # the same output again: nothing changes
    again = refresh(new, root=tmp_path, run=fake_commands(tmp_path, []), log=lambda _: None)
    assert again == new


def test_a_failing_command_without_status_stops_the_guide(tmp_path):
    text = "<!-- run: commgov validate nothing -->\n```text\n```\n"
    with pytest.raises(GuideError, match="exited with status 2"):
        refresh(text, root=tmp_path, run=lambda words: (2, "bad"), log=lambda _: None)


@pytest.mark.parametrize(
    "text, message",
    [
        ("<!-- run: commgov run x -->\nno block here\n", "not followed by a fenced block"),
        ("<!-- run: commgov run x -->\n```text\nnever closed\n", "never closed"),
        ("<!-- run: ls -la -->\n```text\n```\n", "starts with commgov or python"),
        ("<!-- run: commgov run x | tail 3 -->\n```text\n```\n", "unknown option"),
        ("<!-- run: commgov compare a b -->\n```text\n```\n", "give --out"),
        ("<!-- run: python x.py | fresh ../elsewhere -->\n```text\n```\n", "only a folder inside results/"),
    ],
)
def test_bad_markers_are_refused(tmp_path, text, message):
    with pytest.raises(GuideError, match=message):
        refresh(text, root=tmp_path, run=lambda words: (0, ""), log=lambda _: None)


def test_a_file_the_reader_already_has_is_never_overwritten(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "a.toml").write_text("mine, not the guide's\n")
    with pytest.raises(GuideError, match="exists and differs"):
        refresh("<!-- file: mine/a.toml -->\n```toml\nx = 1\n```\n", root=tmp_path, log=lambda _: None)
    assert (tmp_path / "mine" / "a.toml").read_text() == "mine, not the guide's\n"


def test_a_machine_path_never_reaches_a_guide(tmp_path):
    assert normalise(f"see {tmp_path}/results/x", tmp_path) == "see …/results/x"
    with pytest.raises(GuideError, match="path on this machine"):
        normalise("see /" + "srv/elsewhere/results/x", tmp_path)  # split: no machine path in the repo


# --------------------------------------------------------------------------------------------
# The workshop guide's tables of the dashboard's scenario menu and key levers

WORKSHOPS = ROOT / "docs" / "guide-workshops.md"


def table_rows(guide: Path, header: str) -> list[list[str]]:
    """The cells of every row of the guide's table whose header line is `header`."""
    lines = [line.strip() for line in guide.read_text(encoding="utf-8").split("\n")]
    rows = []
    for line in lines[lines.index(header) + 2 :]:  # after the header and its separator
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_workshop_guide_lists_the_scenario_menu_with_the_files_titles():
    from model.dashboard.session import scenario_choices

    rows = table_rows(WORKSHOPS, "| title | 中文 | file |")
    names = [re.match(r"`([\w-]+)`", file) for _, _, file in rows]
    assert all(names), "every row of the scenario table names its file first, as `name`"
    assert [n.group(1) for n in names if n] == scenario_choices(), "the table is not the menu, in its order"
    for (title, title_zh, _), name in zip(rows, names, strict=True):
        ident = name.group(1) if name else ""
        scenario = load_subdistrict(ident).spec if is_subdistrict(ident) else load_scenario(ident)
        assert (title, title_zh) == (scenario.title, scenario.title_zh), (
            f"docs/guide-workshops.md titles {scenario.name} {title!r} / {title_zh!r}; its file says "
            f"{scenario.title!r} / {scenario.title_zh!r}"
        )


def test_the_workshop_guide_lists_the_key_levers_with_the_dashboards_labels():
    from model import i18n
    from model.dashboard.levers import KEY_LEVERS

    rows = [(en, zh) for en, zh, _ in table_rows(WORKSHOPS, "| lever | 中文 | |")]
    labels = [(i18n.key_label(c.key, "en"), i18n.key_label(c.key, "zh")) for c in KEY_LEVERS]
    assert rows == labels, "the guide's key levers table differs from the dashboard's levers and labels"
