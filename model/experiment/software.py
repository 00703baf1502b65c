"""What software a run depends on: the versions of Python and the packages, recorded in the manifest."""

from __future__ import annotations

import platform
from importlib import metadata

PACKAGES = ("commgov", "mesa", "numpy", "scipy", "pandas", "pyarrow", "pydantic")


def versions() -> dict[str, str]:
    """Python, the platform and the version of each package a run uses."""
    found = {"python": platform.python_version(), "platform": platform.platform()}
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found
