"""Rerun the commands whose output the guides show and rewrite those blocks (`make guides`).

Documentation is part of the feature: the guides show real commands with their real output, rerun
when behaviour changes. A guide marks each block this tool maintains with an HTML comment on the
line right before the block's opening fence:

    <!-- file: mine/separation_6staff.toml -->
        The block is a file the reader is told to create. It is written from the guide before the
        commands below it run and removed when the guide is done (a different file already at that
        path is an error, never overwritten).
    <!-- run: commgov compare traditional separation --out results/guide-x | keep 1-12,30- -->
        The block becomes `$ COMMAND` followed by what the command printed.
    <!-- show: results/calibrate-traditional/calibrated.toml -->
        The block becomes that file as a command above it wrote it.

A command is `commgov ARGS` (run as `python -m model.cli ARGS`, the function behind the console
script) or `python ARGS`, split as a shell would (no pipes, no variables). It runs from the
repository root with this checkout first on PYTHONPATH, stdout and stderr in one stream,
unbuffered. Options after ` | `:

    keep 1-12,30-   keep these output lines (1-based, inclusive); every gap is shown as `…`
    status          show `$ echo $?` and the exit status (without it a non-zero status is an error)
    fresh DIR       delete DIR (under results/) first: for a script that resumes its results

The output is normalised the same way every time: a line redrawn with carriage returns keeps its
last state, trailing spaces and tqdm progress bars (elapsed times) are dropped, and the
repository's absolute path becomes `…` (so `file://…/results/x`). `commgov experiment`, `compare`
and `sweep` resume from a folder they wrote before, which would show old results after a model
change, so their folder (`--out`, or results/SPEC_NAME for `experiment`) is deleted before they run.
With the same code the same seeds give the same text: a second run leaves the guides unchanged.

    python -m tools.refresh_guides                        # every docs/*.md with a marker
    python -m tools.refresh_guides docs/calibration.md    # one guide
    python -m tools.refresh_guides --screenshots          # and retake the guides' screenshots
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MARKER = re.compile(r"<!-- (file|run|show): (.+?) -->")
FENCE = re.compile(r"(`{3,})[\w-]*")
PROGRESS_BAR = re.compile(r".*\d+%\|.*\|\s*\d+/\d+ \[")
MACHINE_PATH = re.compile(r"(?<![\w.…])/(?:work|home|root|tmp|Users|mnt|srv)/")
RESUMING = {"experiment", "compare", "sweep"}
GAP = "…"

# What runs a command: (words) -> (exit status, output).
Execute = Callable[[list[str]], tuple[int, str]]


class GuideError(Exception):
    """A marker the tool cannot honour, or a command that failed: nothing is written."""


@dataclass(frozen=True)
class Run:
    """A `run:` marker: the command as shown and its options."""

    command: str
    keep: tuple[tuple[int, int | None], ...] = ()
    status: bool = False
    fresh: str | None = None

    @property
    def words(self) -> list[str]:
        return shlex.split(self.command)


def parse_run(spec: str) -> Run:
    """The command and options of a `run:` marker's text."""
    command, *options = (part.strip() for part in spec.split(" | "))
    keep: tuple[tuple[int, int | None], ...] = ()
    status, fresh = False, None
    for option in options:
        name, _, value = option.partition(" ")
        if name == "keep" and re.fullmatch(r"\d+-\d*(,\d+-\d*)*", value):
            keep = tuple(
                (int(low), int(high) if high else None)
                for low, high in (item.split("-") for item in value.split(","))
            )
        elif name == "status" and not value:
            status = True
        elif name == "fresh" and value:
            fresh = value
        else:
            raise GuideError(f"run: {spec}: unknown option {option!r} (keep A-B,C-, status, fresh DIR)")
    words = shlex.split(command)
    if not words or words[0] not in ("commgov", "python"):
        raise GuideError(f"run: {spec}: a command starts with commgov or python")
    return Run(command, keep, status, fresh)


def marked_blocks(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(kind, marker text, first body line, closing fence line) of every marked fenced block."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        marker = MARKER.fullmatch(line.strip())
        if not marker:
            continue
        fence = FENCE.fullmatch(lines[number + 1]) if number + 1 < len(lines) else None
        if not fence:
            raise GuideError(
                f"line {number + 1}: {line.strip()} is not followed by a fenced block at the start of a line"
            )
        ticks = fence.group(1)
        end = next((n for n in range(number + 2, len(lines)) if lines[n] == ticks), None)
        if end is None:
            raise GuideError(f"line {number + 2}: the block after {line.strip()} is never closed")
        yield marker.group(1), marker.group(2), number + 2, end


# --------------------------------------------------------------------------------------------
# Running a command and cleaning its output


def command_line(words: list[str]) -> list[str]:
    """The process to start for a guide's command: the guide's `commgov` is this checkout's."""
    program = [sys.executable, "-m", "model.cli"] if words[0] == "commgov" else [sys.executable]
    return [*program, *words[1:]]


def execute(words: list[str]) -> tuple[int, str]:
    """Run one guide command from the repository root; its exit status and combined output."""
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("COMMGOV_LANG", None)  # the guides show the default language unless a command says --lang
    done = subprocess.run(
        command_line(words),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        check=False,
    )
    return done.returncode, done.stdout


def normalise(output: str, root: Path) -> str:
    """Output as a terminal would leave it, without progress bars or this machine's paths."""
    lines = []
    for line in output.replace("\r\n", "\n").split("\n"):
        line = line.split("\r")[-1].rstrip()
        if not PROGRESS_BAR.match(line):
            lines.append(line)
    text = "\n".join(lines).strip("\n").replace(str(root), GAP)
    leak = MACHINE_PATH.search(text)
    if leak:
        context = text[max(0, leak.start() - 40) : leak.end() + 40]
        raise GuideError(f"the output names a path on this machine: {context!r}")
    return text


def trim(text: str, keep: tuple[tuple[int, int | None], ...]) -> str:
    """The kept lines of `text` (1-based ranges), with `…` for every gap."""
    if not keep:
        return text
    lines = text.split("\n")
    wanted = set()
    for low, high in keep:
        wanted.update(range(low - 1, min(high or len(lines), len(lines))))
    shown: list[str] = []
    for index, line in enumerate(lines):
        if index in wanted:
            shown.append(line)
        elif not shown or shown[-1] != GAP:
            shown.append(GAP)
    return "\n".join(shown)


def results_folder(words: list[str], root: Path) -> Path | None:
    """The folder a resuming command (experiment, compare, sweep) would resume from."""
    if words[0] != "commgov" or len(words) < 2 or words[1] not in RESUMING:
        return None
    from model.cli import build_parser
    from model.errors import InputError
    from model.experiment.spec import load_spec

    try:
        args = build_parser().parse_args(words[1:])
        if args.out:
            return root / args.out
        if args.command == "experiment":
            return root / "results" / load_spec(args.spec)[0].name
    except InputError as error:
        raise GuideError(f"{shlex.join(words)}: {error}") from error
    raise GuideError(f"{shlex.join(words)}: give --out, so the folder can be started afresh")


def clear(folder: Path, root: Path) -> None:
    """Delete a results folder, refusing anything that is not inside results/."""
    results = (root / "results").resolve()
    target = folder.resolve()
    if target == results or not target.is_relative_to(results):
        raise GuideError(f"{folder}: only a folder inside results/ is started afresh")
    shutil.rmtree(target, ignore_errors=True)


# --------------------------------------------------------------------------------------------
# Rewriting a guide


@contextmanager
def guide_files(root: Path) -> Iterator[Callable[[str, str], None]]:
    """write(path, text) for the files a guide has the reader create; removed again on exit."""
    created: list[Path] = []

    def write(relative: str, text: str) -> None:
        path = root / relative
        if path.exists():
            if path.read_text(encoding="utf-8") != text:
                raise GuideError(f"{relative} exists and differs from the guide's; move it away first")
            return
        missing = [parent for parent in reversed(path.parents) if not parent.exists()]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        created.extend([*missing, path])

    try:
        yield write
    finally:
        for path in reversed(created):
            with suppress(OSError):  # a folder the reader has since put other files in stays
                path.rmdir() if path.is_dir() else path.unlink()


def run_block(marker: Run, root: Path, run: Execute, log: Callable[[str], None]) -> list[str]:
    """The body of a `run:` block: the command line and its cleaned output."""
    folder = root / marker.fresh if marker.fresh else results_folder(marker.words, root)
    if folder is not None:
        clear(folder, root)
    started = time.monotonic()
    status, output = run(marker.words)
    log(f"  {marker.command}  ({time.monotonic() - started:.1f} s, exit status {status})")
    if status and not marker.status:
        raise GuideError(f"{marker.command} exited with status {status}:\n{output[-2000:]}")
    body = [f"$ {marker.command}", *trim(normalise(output, root), marker.keep).split("\n")]
    if marker.status:
        body += ["$ echo $?", str(status)]
    return body


def refresh(text: str, root: Path = ROOT, run: Execute = execute, log: Callable[[str], None] = print) -> str:
    """The guide `text` with every marked block brought up to date (commands run in order)."""
    lines = text.split("\n")
    blocks = list(marked_blocks(text))
    for kind, spec, _, _ in blocks:  # refuse a bad marker before running anything
        if kind == "run":
            parse_run(spec)
    updated, position = [], 0
    with guide_files(root) as write:
        for kind, spec, start, end in blocks:
            body = lines[start:end]
            if kind == "file":
                write(spec, "\n".join(body) + "\n")
            elif kind == "run":
                body = run_block(parse_run(spec), root, run, log)
            else:
                path = root / spec
                if not path.is_file():
                    raise GuideError(f"show: {spec}: no such file (a command above should write it)")
                body = normalise(path.read_text(encoding="utf-8"), root).split("\n")
            updated += [*lines[position:start], *body]
            position = end
    return "\n".join(updated + lines[position:])


@contextmanager
def fresh_matplotlib() -> Iterator[None]:
    """A matplotlib config folder of this run's own, its font list built before any command runs.

    matplotlib lists the installed fonts once and keeps the list: a CJK font installed later stays
    unseen, and zh figures silently fall back to English. A fresh list sees what is installed now,
    and building it first keeps its one-time notice out of the first command's output.
    """
    with tempfile.TemporaryDirectory(prefix="guides-mpl-") as folder:
        previous = os.environ.get("MPLCONFIGDIR")
        os.environ["MPLCONFIGDIR"] = folder
        subprocess.run(
            [sys.executable, "-c", "import matplotlib.font_manager"], capture_output=True, check=True
        )
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop("MPLCONFIGDIR")
            else:
                os.environ["MPLCONFIGDIR"] = previous


def guides_with_markers() -> list[Path]:
    """Every docs/*.md that marks a block."""
    return [
        path for path in sorted(DOCS.glob("*.md")) if any(marked_blocks(path.read_text(encoding="utf-8")))
    ]


def refresh_file(path: Path) -> None:
    """Rewrite one guide in place when its blocks changed, saying which commands ran."""
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:", flush=True)
    text = path.read_text(encoding="utf-8")
    new = refresh(text, log=lambda line: print(line, flush=True))
    if new != text:
        path.write_text(new, encoding="utf-8")
    print(f"  {'rewritten' if new != text else 'unchanged'}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Refresh the guides given (default: all with markers); --screenshots retakes the images too."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.refresh_guides", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "guides", nargs="*", type=Path, help="markdown files (default: docs/*.md with markers)"
    )
    parser.add_argument(
        "--screenshots",
        action="store_true",
        help="also retake the screenshots in docs/images/ (needs /usr/bin/chromium and playwright)",
    )
    args = parser.parse_args(argv)
    try:
        with fresh_matplotlib():
            for guide in args.guides or guides_with_markers():
                refresh_file(guide.resolve())
            if args.screenshots:
                from tools.guide_screenshots import retake

                for image in retake():
                    print(f"docs/images/{image.name}: {image.stat().st_size // 1024} KB", flush=True)
    except GuideError as error:
        print(f"refresh_guides: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
