"""Chinese and English text of the report's verdicts: replication to a verdict, key findings, failed runs.

Registered with `model.i18n` when imported (model/report/context.py does).
"""

from __future__ import annotations

from model.i18n import add_strings

STRINGS: dict[str, dict[str, str]] = {
    "report.adaptive_verdicts_value": {
        "en": "added {batch} at a time until no verdict was unclear; {reason} after {reps} replications "
        "(maximum {max}; the intervals allow for {looks} looks at the results)",
        "zh": "每次增加 {batch} 次，直到没有不明确的结论；{reps} 次重复后{reason}（上限 {max} 次；"
        "区间已考虑最多 {looks} 次查看结果）",
    },
    "report.adaptive.verdicts_reached": {"en": "every verdict was clear", "zh": "所有结论均已明确"},
    "report.caveat.adaptive_unclear": {
        "en": "Replications were added until no verdict was unclear, but at the maximum of {reps} these "
        "remain unclear: {outcomes}. Their differences lie too close to the minimum important "
        "difference for the runs to settle.",
        "zh": "重复次数已增加到不再有不明确的结论为止，但达到上限 {reps} 次后以下指标仍不明确：{outcomes}。"
        "它们的差异与最小重要差异过于接近，现有运行无法判定。",
    },
}

add_strings(STRINGS)
