"""Each community's random streams: derived from the subdistrict's seed and the community's name.

Not from its position in the file, so adding, removing, reordering or reforming one community
leaves every other community's draws as they were (common random numbers across rollout plans).
"""

from __future__ import annotations

import hashlib


def community_seed(seed: int, name: str) -> int:
    """The run seed of community `name` in a subdistrict run with `seed` (0 to 2**63 - 1)."""
    digest = hashlib.sha256(f"{seed}\x00{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1
