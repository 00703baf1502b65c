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


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_MODE = 0o666 & ~_umask()  # what open() gives a new file; mkstemp makes 0600 files
TEMPORARY_PREFIX = ".tmp-"  # a file being written; a kill may leave one, which is safe to delete


def write_atomic(path: Path, write: Callable[[Path], Any], durable: bool = False) -> None:
    """Call write(temporary path) in path's folder, then rename it over `path` in one step.

    Readers (and a rerun after a kill) see the old file or the whole new one, never a part; the
    file is readable as any new file would be. `durable` also flushes it to disk before the rename
    (against power loss), which costs a few milliseconds a file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX, suffix=".partial")
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, _MODE)
        if durable:
            with open(temporary, "rb") as written:
                os.fsync(written.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_file(path: Path, data: bytes | str) -> None:
    """Write `data` (text as UTF-8) to `path` atomically."""
    if isinstance(data, bytes):
        write_atomic(path, lambda temporary: temporary.write_bytes(data))
    else:
        write_atomic(path, lambda temporary: temporary.write_text(data, encoding="utf-8"))


def safe_name(name: str) -> str:
    """A scenario name usable as a folder name."""
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "scenario"
