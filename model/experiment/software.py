"""What software a run depends on: package versions, and a digest of commgov's own code.

The manifest records `versions()`; the dask backend compares `software()` on every worker of an
external cluster with this process's before any run, since a machine with another Mesa, numpy or
commgov would give other results for the same seeds.
"""

from __future__ import annotations

import hashlib
import platform
from functools import cache
from importlib import metadata
from pathlib import Path

from model.shipped import DATA_DIR

PACKAGES = ("commgov", "mesa", "numpy", "scipy", "pandas", "pyarrow", "pydantic")
CODE_SUFFIXES = (".py", ".toml")  # the files of the model package that can change a result


def versions() -> dict[str, str]:
    """Python, the platform and the version of each package a run uses."""
    found = {"python": platform.python_version(), "platform": platform.platform()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


@cache
def code_digest() -> str:
    """SHA-256 (first 16 hex digits) of the model package's code, whatever its version number says.

    A wheel's copies of the shipped files (model/_shipped/) are left out: runs carry their scenario
    as data, and a source checkout has no such folder.
    """
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    files = [p for p in root.rglob("*") if p.suffix in CODE_SUFFIXES and p.is_file()]
    for path in sorted(p for p in files if DATA_DIR not in p.relative_to(root).parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def software() -> dict[str, str]:
    """What must be equal on two machines for equal results: versions (not the platform) and code."""
    found = versions()
    del found["platform"]
    return {**found, "python": ".".join(found["python"].split(".")[:2]), "code": code_digest()}


def differences(here: dict[str, str], there: dict[str, str]) -> list[str]:
    """What differs between two `software()` readings, as 'mesa 3.3.1 here, 3.5.0 there'."""
    names = sorted(set(here) | set(there), key=lambda name: (name != "code", name))
    return [
        f"{'its code' if name == 'code' else name} {here.get(name, 'missing')} here, "
        f"{there.get(name, 'missing')} there"
        for name in names
        if here.get(name) != there.get(name)
    ]
