"""Build step: copy the shipped scenarios, experiments, targets and parameter table into the wheel.

The repository's top-level folders stay the copy people read and edit; a wheel gets copies in
model/_shipped/ with the same layout, so an installed commgov finds them (model/shipped.py).
Everything else about the package is in pyproject.toml.
"""

import runpy
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED_MODULE = runpy.run_path(str(HERE / "model" / "shipped.py"))


class BuildPyWithShipped(build_py):
    """build_py, then copy the shipped files into the built package (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install runs from the checkout, which has the folders themselves
        target = Path(self.build_lib) / "model" / SHIPPED_MODULE["DATA_DIR"]
        for folder, pattern in SHIPPED_MODULE["SHIPPED"].items():
            files = sorted((HERE / folder).glob(pattern))
            if not files:
                raise FileNotFoundError(f"no {folder}/{pattern} to ship: build from a full checkout")
            (target / folder).mkdir(parents=True, exist_ok=True)
            for path in files:
                shutil.copyfile(path, target / folder / path.name)


setup(cmdclass={"build_py": BuildPyWithShipped})
