"""Where the shipped files are read from: scenarios, experiment specs, calibration targets, parameters.

The repository's top-level folders (scenarios/, experiments/, validation/, docs/parameters.md) are
the copy people read and edit. A wheel carries copies of them in `model/_shipped/`, with the same
layout, put there by the build step in setup.py. Lookup order, in one place for every kind of file:

1. the path as given (relative to the working directory), also with ".toml" added;
2. a bare name (`yicheng`, `yicheng.toml`) in the kind's shipped folder, or a relative path
   (`scenarios/yicheng.toml`) under the shipped root;

where the shipped root is the repository when this package runs from a source checkout (found by
its pyproject.toml), else the installed package data. A stale copy inside a checkout's package is
never read.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = "_shipped"  # inside the package, in a built wheel only

# What the build copies into the package, relative to the repository root: folder -> file pattern.
SHIPPED: dict[str, str] = {
    "scenarios": "*.toml",
    "scenarios/types": "*.toml",  # community type presets that subdistrict files name
    "experiments": "*.toml",
    "validation": "*.toml",
    "docs": "parameters.md",
}


def _root() -> Path:
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "scenarios").is_dir():
        return checkout
    return PACKAGE_DIR / DATA_DIR


ROOT = _root()


def folder(kind: str) -> Path:
    """The shipped folder of one kind of file, e.g. folder("scenarios")."""
    return ROOT / kind


def names(kind: str) -> list[str]:
    """Names (file stems) of the shipped TOML files of one kind, sorted."""
    return sorted(path.stem for path in folder(kind).glob("*.toml"))


def find(ref: str | Path, kind: str) -> Path | None:
    """The file `ref` names (see the module's lookup order), or None when there is none.

    A path that exists as given is returned even when it is a folder, a dangling or looping link:
    reading it says what is wrong. A name the system cannot take (too long, a NUL byte) is None.
    """
    try:
        if os.path.lexists(ref):
            return Path(ref)
        path = Path(ref)
        candidates: list[Path] = []
        if path.suffix != ".toml":
            candidates.append(path.with_name(path.name + ".toml"))
        if not path.is_absolute():
            candidates += [named(ref, kind)] if len(path.parts) == 1 else [ROOT / path]
        return next((candidate for candidate in candidates if candidate.is_file()), None)
    except (OSError, ValueError):
        return None


def named(name: str | Path, kind: str) -> Path:
    """Where the shipped file of this kind called `name` (with or without ".toml") is or would be."""
    name = Path(name).name
    return folder(kind) / (name if name.endswith(".toml") else f"{name}.toml")
