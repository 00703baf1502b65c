"""Which settings are assumptions: read from docs/parameters.md, for the report's caveats."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from model import shipped
from model.report.labels import bare_key

PARAMETERS_DOC = shipped.ROOT / "docs" / "parameters.md"
# Used when docs/parameters.md is not there (an installed package): the coefficients known to
# be guesses
FALLBACK_ASSUMED = ("behaviour.", "needs.")


def assumed_parameters(path: Path | None = None) -> tuple[dict[str, str], int] | None:
    """Scenario keys whose source in docs/parameters.md is "assumption", and how many keys it lists.

    None when the document is not there.
    """
    path = path or PARAMETERS_DOC
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    found: dict[str, str] = {}
    total = 0
    section = ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip().lower()
            continue
        if section != "scenario keys" or not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        key = cells[0].strip("`")
        total += 1
        source = cells[-1].strip("* ").lower()
        if source.startswith("assumption"):
            found[key] = cells[-1]
    return found, total


def is_assumed(key: str, assumed: Mapping[str, str] | None) -> bool:
    """Whether a setting is an assumption (by its prefix when docs/parameters.md is missing)."""
    bare = bare_key(key)
    if assumed is None:
        return bare.startswith(FALLBACK_ASSUMED)
    return bare in assumed
