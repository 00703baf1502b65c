"""docs/parameters.md keeps up with the code.

Every scenario key (each field of each section of `model.schema.Scenario`) must have a row in
docs/parameters.md whose first cell is `section.key`, stating the current default and the schema's
bounds; every UPPER_CASE numeric module constant under model/ (found by importing every module and
inspecting it) must have a row whose second cell is `NAME`, stating its current value; tables of
numbers (dicts such as `EFFECTS`) must be named. Rows for keys or constants that no longer exist
fail too. Change a default or a constant and this test tells you to update the docs.

The repository also stands on its own: no tracked text file may point at the project's background
notes, a sibling folder or an absolute path on one machine; sources are cited directly
(docs/references.md).
"""

from __future__ import annotations

import importlib
import math
import re
import subprocess
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import BaseModel

from model.facilities import EFFECTS
from model.schema import Scenario
from model.subdistrict.schema import CommunityEntry, SubdistrictSection

ROOT = Path(__file__).resolve().parent.parent
PARAMETERS = ROOT / "docs" / "parameters.md"
MODEL_DIR = ROOT / "model"
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?")


# --- reading the document -----------------------------------------------------------------------


@cache
def rows() -> tuple[tuple[str, ...], ...]:
    """Cells of every markdown table row (separator rows left out)."""
    found = []
    for line in PARAMETERS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line.startswith("|") or re.fullmatch(r"\|[\s|:-]*\|", line):
            continue
        found.append(tuple(cell.strip() for cell in line.strip("|").split("|")))
    return tuple(found)


def rows_where(column: int, text: str) -> list[tuple[str, ...]]:
    return [row for row in rows() if len(row) > column and row[column] == text]


def numbers(cell: str) -> list[float]:
    return [float(match.replace(",", "")) for match in NUMBER.findall(cell)]


def states(cell: str, value: Any, rel_tol: float) -> bool:
    """Whether a table cell states `value`."""
    text = cell.replace("`", "").strip()
    if isinstance(value, bool | np.bool_):
        return str(bool(value)).lower() in text.lower().split()
    if isinstance(value, Enum):
        return str(value.value) in text
    if isinstance(value, str):
        return f'"{value}"' in text
    if isinstance(value, dict) and not value:
        return "{}" in text
    return any(math.isclose(n, float(value), rel_tol=rel_tol, abs_tol=1e-12) for n in numbers(text))


# --- reading the code ---------------------------------------------------------------------------


def sections() -> dict[str, type[BaseModel]]:
    return {
        name: field.annotation
        for name, field in Scenario.model_fields.items()
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)
    }


def scenario_fields() -> list[tuple[str, Any]]:
    """(dotted key, FieldInfo) of every scenario key: top-level scalars and every section's fields."""
    found = [(name, field) for name, field in Scenario.model_fields.items() if name not in sections()]
    for section, model in sections().items():
        found += [(f"{section}.{key}", field) for key, field in model.model_fields.items()]
    return found


def is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool | Enum)


def is_table_of_numbers(value: Any) -> bool:
    if not isinstance(value, dict) or not value:
        return False
    return all(is_number(v) or is_table_of_numbers(v) for v in value.values())


@cache
def model_modules() -> dict[str, Any]:
    """Every importable module under model/ (modules needing an absent optional package are left out)."""
    modules = {}
    for path in sorted(MODEL_DIR.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        try:
            modules[name] = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if (error.name or "").split(".")[0] == "model":
                raise
    return modules


# The simulation itself: its constants are model assumptions and must be documented. Tools around
# it (experiments, figures, dashboard) keep their own settings without a parameters.md row.
SIMULATION_MODULES = (
    "model.agents",
    "model.community",
    "model.facilities",
    "model.needs",
    "model.observation",
    "model.outcomes",
    "model.population",
    "model.recorder",
    "model.rollout",
    "model.schema",
    "model.simulate",
    "model.subdistrict",
)


@cache
def constants() -> tuple[tuple[str, str, Any], ...]:
    """(module, NAME, value) of every public UPPER_CASE number or table of numbers in the simulation."""
    found = []
    for module_name, module in model_modules().items():
        if not module_name.startswith(SIMULATION_MODULES):
            continue
        for name, value in vars(module).items():
            if not name.isupper() or name.startswith("_"):
                continue
            if is_number(value) or is_table_of_numbers(value):
                found.append((module_name, name, value))
    return tuple(found)


# --- the tests ----------------------------------------------------------------------------------


def test_the_document_exists_and_has_tables():
    assert PARAMETERS.is_file(), "docs/parameters.md is missing"
    assert len(rows()) > 100


def subdistrict_fields() -> list[tuple[str, Any]]:
    """(dotted key, FieldInfo) of a subdistrict file's own keys: [subdistrict] and each [[communities]]."""
    found = [(f"subdistrict.{key}", field) for key, field in SubdistrictSection.model_fields.items()]
    return found + [(f"communities.{key}", field) for key, field in CommunityEntry.model_fields.items()]


@pytest.mark.parametrize("key,field", scenario_fields(), ids=[k for k, _ in scenario_fields()])
def test_every_scenario_key_is_documented_with_its_default_and_bounds(key, field):
    check_documented(key, field)


@pytest.mark.parametrize("key,field", subdistrict_fields(), ids=[k for k, _ in subdistrict_fields()])
def test_every_subdistrict_key_is_documented_with_its_default_and_bounds(key, field):
    check_documented(key, field)


def check_documented(key: str, field: Any) -> None:
    """One row for `key`, stating its default ("required" when it has none) and its bounds."""
    found = rows_where(0, f"`{key}`")
    assert found, f"docs/parameters.md has no row for key `{key}`"
    assert len(found) == 1, f"docs/parameters.md has {len(found)} rows for `{key}`"
    row = found[0]
    if field.is_required():
        assert "required" in row[1], f"docs/parameters.md should say `{key}` is required"
    else:
        default = field.get_default(call_default_factory=True)
        assert default is None or states(row[1], default, rel_tol=1e-9), (
            f"docs/parameters.md gives {row[1]!r} as the default of `{key}`; the schema says {default!r}"
        )
    for meta in field.metadata:
        for bound in ("ge", "gt", "le", "lt"):
            limit = getattr(meta, bound, None)
            if limit is not None:
                assert states(row[2], limit, rel_tol=1e-9), (
                    f"docs/parameters.md gives {row[2]!r} as the allowed range of `{key}`; "
                    f"the schema has {bound}={limit!r}"
                )


def test_no_row_documents_a_scenario_key_that_does_not_exist():
    keys = {key for key, _ in scenario_fields()}
    pattern = re.compile(rf"`((?:{'|'.join(sections())})\.[a-z_]+)`")
    stale = sorted({m.group(1) for row in rows() if (m := pattern.fullmatch(row[0]))} - keys)
    assert not stale, f"docs/parameters.md documents scenario keys that no longer exist: {stale}"


def test_constants_are_found():
    names = {name for _, name, _ in constants()}
    assert {"SATISFACTION_SPREAD", "GINI_BINS", "EFFECTS", "FINAL_WEEKS"} <= names


def test_every_module_constant_is_documented_with_its_value():
    problems = []
    for module, name, value in constants():
        found = rows_where(1, f"`{name}`")
        if not found:
            problems.append(f"{module}.{name} has no row")
        elif not is_table_of_numbers(value) and not any(states(row[2], value, rel_tol=1e-3) for row in found):
            problems.append(f"{module}.{name} is {value!r}, documented as {[row[2] for row in found]}")
    assert not problems, "docs/parameters.md is behind the code:\n" + "\n".join(problems)


def test_no_row_documents_a_constant_that_does_not_exist():
    stale = []
    for row in rows():
        if len(row) > 1 and re.fullmatch(r"`model(\.\w+)*`", row[0]) and row[1].startswith("`"):
            module, name = row[0].strip("`"), row[1].strip("`")
            if module in model_modules() and not hasattr(model_modules()[module], name):
                stale.append(f"{module}.{name}")
    assert not stale, f"docs/parameters.md documents constants that no longer exist: {stale}"


@pytest.mark.parametrize("facility", sorted(EFFECTS))
def test_every_facility_effect_is_documented(facility):
    found = rows_where(0, f"`{facility}`")
    assert found, f"docs/parameters.md has no facility-effects row for `{facility}`"
    row = " | ".join(found[0])
    for effect, value in EFFECTS[facility].items():
        assert f"`{effect}`" in row, f"effect {effect} of {facility} is not documented"
        assert states(row, value, rel_tol=1e-9), f"value {value} of {facility}.{effect} is not documented"


# --- the repository stands on its own ----------------------------------------------------------

# Text files in which a reference to something outside the repository would go unnoticed.
TEXT_SUFFIXES = {".md", ".py", ".toml", ".cfg", ".ini", ".txt", ".yaml", ".yml", ".sh"}
TEXT_NAMES = {"Makefile", ".ci/run"}

# The project's background notes (they live outside the repository: cite the primary source, see
# docs/references.md), a sibling folder, and absolute paths on a particular machine. Written so
# that these definitions do not match themselves. The repository's own domain notes share a file
# name with the background notes: a mention is allowed only as the repository path docs/domain.md
# or as a Markdown link target, and such a link must resolve to a file in the repository
# (OWN_NOTES_LINK below). The design notes are docs/design.md, lower case, so DESIGN in capitals
# still means the background file.
OUTSIDE_REFERENCES = re.compile(
    r"\b(?:sources|DESIGN)\.md\b"
    r"|(?<!docs/)(?<!\]\()\bdomain\.md\b"
    r"|\.\./shared\b"
    r"|(?<![\w.])/(?:work|home|Users|root)/"
)
OWN_NOTES_LINK = re.compile(r"\]\((domain\.md)[#)]")


def tracked_text_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files are unknown")
    names = [name for name in listed.split("\0") if name]
    return [
        ROOT / name
        for name in names
        if (Path(name).suffix in TEXT_SUFFIXES or name in TEXT_NAMES or Path(name).name in TEXT_NAMES)
        and (ROOT / name).is_file()
    ]


def test_the_pattern_catches_outside_references():
    # "@" is removed before matching, so that this file does not trip its own test
    caught = [
        "see domain@.md",
        "shared/domain@.md",
        "(sources@.md: x)",
        "DESIGN@.md §2",
        ".@./shared/notes",
        "file:///w@ork/main/x",
        "/h@ome/someone/commgov",
        "cd /U@sers/me/",
    ]
    passed = [
        "docs/references.md",
        "https://example.org/home/page",
        "results/home/x",
        "a/../b",
        "docs/domain@.md",
        "docs/design.md",
        "[the domain notes](domain@.md#separation)",
        "[design](design.md)",
    ]
    assert all(OUTSIDE_REFERENCES.search(text.replace("@", "")) for text in caught)
    assert not any(OUTSIDE_REFERENCES.search(text.replace("@", "")) for text in passed)
    assert OWN_NOTES_LINK.search("[the domain notes](domain@.md#separation)".replace("@", ""))


def test_no_tracked_file_points_outside_the_repository():
    """Docs and code cite primary sources (docs/references.md) and repository paths only."""
    files = tracked_text_files()
    assert len(files) > 50
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if match := OUTSIDE_REFERENCES.search(line):
                found.append(
                    f"{path.relative_to(ROOT)}:{number}: {match.group(0)!r} in {line.strip()[:90]!r}"
                )
            for link in OWN_NOTES_LINK.finditer(line):  # a link to the notes must be one in the repository
                if not (path.parent / link.group(1)).is_file():
                    found.append(
                        f"{path.relative_to(ROOT)}:{number}: link to {link.group(1)!r}, which is not "
                        f"beside this file, in {line.strip()[:90]!r}"
                    )
    assert not found, (
        "these lines point outside the repository (cite the primary source in docs/references.md, "
        "or a file in the repository, instead):\n" + "\n".join(found)
    )
