"""Rows of cells as aligned plain text, for the tables commands print (wide characters count twice)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    """Columns `text` takes in a terminal: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    """`text` padded with spaces to `columns`, on the left when `right` (numbers)."""
    gap = " " * max(0, columns - width(text))
    return gap + text if right else text + gap


def text_table(lines: Sequence[tuple[str, ...]], left: int) -> str:
    """A header row, a rule, then the rows; the first `left` columns aligned left, the rest right."""
    widths = [max(width(line[i]) for line in lines) for i in range(len(lines[0]))]
    text = []
    for n, line in enumerate(lines):
        cells = [pad(cell, widths[i], right=i >= left) for i, cell in enumerate(line)]
        text.append("  ".join(cells).rstrip())
        if n == 0:
            text.append("  ".join("-" * w for w in widths))
    return "\n".join(text)
