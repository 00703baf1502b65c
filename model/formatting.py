"""How numbers read wherever commgov shows them to people: every rule in one module, one name per use.

The variants differ only where their places need it: a fixed-width text table, a figure's axis, a
report column whose cells share their decimals, a setting as a scenario file gives it, a p-value,
a difference in the pattern pages, the calibration table, staff posts and yuan.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

MISSING = "–"  # what a missing or non-finite value reads as


def table_number(value: Any, signed: bool = False) -> str:
    """A number in a printed text table: 3 decimals below 100, 1 below 1,000, then whole and separated."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(x):
        return MISSING
    if math.isinf(x):
        return ("+" if signed and x > 0 else "") + ("inf" if x > 0 else "-inf")
    sign = "+" if signed else ""
    if abs(x) >= 1000:
        return f"{x:{sign},.0f}"
    if abs(x) >= 100:
        return f"{x:{sign}.1f}"
    return f"{x:{sign}.3f}"


def axis_number(value: float) -> str:
    """A figure's tick or annotation number: thousands separated, few decimals."""
    if value is None or not math.isfinite(value):
        return MISSING
    x = abs(value)
    if x >= 10000:
        return f"{value:,.0f}"
    if x >= 100:
        return f"{value:,.0f}" if float(value).is_integer() or x >= 1000 else f"{value:.1f}"
    if x >= 1 or x == 0:
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{value:.3g}"


def decimals_for(values: Sequence[float], digits: int = 3) -> int:
    """Decimals that show the largest of `values` with about `digits` significant digits."""
    finite = [abs(v) for v in values if v is not None and math.isfinite(v) and v != 0]
    if not finite:
        return 0
    return max(0, digits - 1 - math.floor(math.log10(max(finite))))


def fixed(value: float, decimals: int, sign: bool = True) -> str:
    """`value` with `decimals` decimals (a column's, see decimals_for), thousands separated, signed."""
    if value is None or not math.isfinite(value):
        return MISSING
    if round(value, decimals) == 0:
        value = 0.0
    return f"{value:{'+' if sign and value != 0 else ''},.{decimals}f}"


def setting_number(value: int | float) -> str:
    """A setting's number as a scenario gives it: whole when it is, up to 6 digits, separated from 10,000."""
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if not math.isfinite(value):
        return str(value)
    if value.is_integer():
        return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))
    return f"{value:,.6g}" if abs(value) < 1e15 else str(value)


def p_value(value: Any, spaced: bool = False) -> str:
    """A p-value to 3 decimals, "<0.001" below that ("< 0.001" when `spaced`, as the HTML report has it)."""
    try:
        p = float(value)
    except (TypeError, ValueError):
        return MISSING
    if not math.isfinite(p):
        return MISSING
    if p < 0.001:
        return "< 0.001" if spaced else "<0.001"
    return f"{p:.3f}"


def signed_significant(value: float) -> str:
    """A statistic in the pattern and robustness pages: signed, 3 significant digits, zeros kept: +0.0120."""
    if not math.isfinite(value):
        return MISSING
    return f"{value:+#.3g}"


def significant(value: float, digits: int) -> str:
    """`value` to `digits` significant digits, trailing zeros dropped, as the calibration table shows it."""
    return f"{value:.{digits}g}"


def staff_number(value: float) -> str:
    """Staff posts with at most one decimal: 6, 2.5."""
    if not math.isfinite(value):
        return MISSING
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def yuan_number(value: float) -> str:
    """Yuan, whole and thousands separated: 480,000."""
    return f"{round(value):,}" if math.isfinite(value) else MISSING
