"""Writing output files: atomic replacement, folder-safe names, output folders checked before any work.

Standard library only, at the bottom of the layers, so every layer (and `commgov --help`) can use it.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from model.errors import InputError


def check_output_dir(out: Path) -> None:
    """Refuse, before any work, an output directory that cannot be created or written."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a directory; give another --out")
    probe = out
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        raise InputError(f"{out}: cannot be created because {probe} is not a directory")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise InputError(f"{out}: cannot be written (no permission in {probe})")


def write_atomic(path: Path, write: Callable[[Path], Any]) -> None:
    """Call write(temporary path) in path's folder, then rename it over `path` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def safe_name(name: str) -> str:
    """A scenario name usable as a folder name."""
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "scenario"
