"""The report's Reproduce section: the commands that run the experiment again and rewrite its report."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

from model.report.context import Context
from model.report.markup import esc, section


def reproduce(ctx: Context) -> str:
    """The command that runs the experiment again (when one can), and the one that writes this report."""
    m = ctx.r.manifest
    command = m.get("command") or _command(ctx)
    parts = []
    if command:
        parts += [f"<p>{esc(ctx.tr('report.reproduce.intro'))}</p>", f"<pre>{esc(command)}</pre>"]
    else:
        parts.append(f"<p>{esc(ctx.tr('report.reproduce.api'))}</p>")
    parts += [
        f"<p>{esc(ctx.tr('report.reproduce.report'))}</p>",
        f"<pre>{esc(report_command(ctx.r.directory, ctx.lang))}</pre>",
    ]
    return section("reproduce", ctx.tr("report.reproduce"), "\n".join(parts))


def _command(ctx: Context) -> str | None:
    """The command line equivalent to an experiment started from Python, when there is one."""
    m, spec = ctx.r.manifest, ctx.r.spec
    if m.get("spec_file"):
        return shlex.join(["commgov", "experiment", str(m["spec_file"]), "--out", str(ctx.r.directory)])
    if ctx.r.kind in ("sensitivity", "explore", "search", "pilot"):  # no command-line flags for their designs
        return None
    if any(str(s).startswith("<") for s in spec.get("scenarios") or []):
        return None
    if str(spec.get("base") or "").startswith("<"):
        return None
    if ctx.r.kind == "sweep" and spec.get("sampling", "grid") != "grid":
        return None
    if spec.get("adaptive") or spec.get("pairs", "all") != "all":  # no command-line flags for these
        return None
    words = ["commgov", ctx.r.kind]
    if ctx.r.kind == "compare":
        if any(not isinstance(s, str) for s in spec.get("scenarios") or []):
            return None
        words += list(spec.get("scenarios") or [])
    else:
        words.append(str(spec.get("base")))
        for key, values in (spec.get("params") or {}).items():
            words += ["--param", f"{key}={','.join(_toml(v) for v in values)}"]
    words += ["--reps", str(ctx.r.replications), "--seed", str(spec.get("seed"))]
    if spec.get("weeks") is not None:
        words += ["--weeks", str(spec["weeks"])]
    words += ["--outcomes", ",".join(spec.get("outcomes") or [])]
    for item in spec.get("set") or []:
        words += ["--set", str(item)]
    words += ["--out", str(ctx.r.directory)]
    return shlex.join(words)


def _toml(value: Any) -> str:
    """A --param value as the command line takes it: true and false for booleans."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def report_command(directory: Path | str, lang: str) -> str:
    """The `commgov report` command that writes a folder's report in `lang`."""
    return shlex.join(["commgov", "report", str(directory), "--lang", lang])
