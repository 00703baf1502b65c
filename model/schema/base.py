"""What every scenario section shares: strict validation, the share field and the size limits."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# Largest population this machine simulates comfortably (about 1 GiB of state at this size).
MAX_HOUSEHOLDS = 400_000
MAX_WEEKS = 1_040
MAX_NAME = 120  # longest scenario name: it names output folders, and most file systems allow 255 bytes


class Section(BaseModel):
    """Base for every scenario section: unknown keys, NaN/inf and silent type coercion are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


def share(default: float, text: str) -> Any:
    """A field holding a share in [0, 1]."""
    return Field(default, ge=0.0, le=1.0, description=f"{text} [share 0-1]")
