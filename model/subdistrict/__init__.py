"""A subdistrict: many communities of different types, shared resources and a staggered rollout.

    subdistrict = load_subdistrict("subdistrict_yicheng")   # scenarios/subdistrict_yicheng.toml
    result = run_subdistrict(subdistrict)
    result.outcomes, result.community_table                # pooled row; one row per community

One concern per module: `schema` (the file's keys), `allocation` (the task split and the pools),
`streams` (each community's seed from its name), `loading` (the file to resolved communities),
`pooling` (the subdistrict's outcomes from summed numerators and denominators) and `run`.
"""

from model.subdistrict.loading import Community, Subdistrict, is_subdistrict, load_subdistrict
from model.subdistrict.run import SubdistrictResult, run_subdistrict

__all__ = [
    "Community",
    "Subdistrict",
    "SubdistrictResult",
    "is_subdistrict",
    "load_subdistrict",
    "run_subdistrict",
]
