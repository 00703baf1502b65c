"""Chinese and English text of the report's verdicts: key findings, failed runs, replication to a verdict.

Registered with `model.i18n` when imported (model/report/context.py does).
"""

from __future__ import annotations

from model.i18n import add_strings

STRINGS: dict[str, dict[str, str]] = {
    "findings": {"en": "Key findings", "zh": "主要发现"},
    "findings.arm": {
        "en": "Staff posts: {staff_b} against {staff_a}; public cost: {cost_b} against {cost_a} yuan a year.",
        "zh": "工作人员岗位：{staff_b} 个对 {staff_a} 个；公共支出：每年 {cost_b} 元对 {cost_a} 元。",
    },
    "findings.counts": {
        "en": "Of {total} outcomes: {changed} beyond their minimum important difference (below), "
        "{negligible} negligible, {unclear} unclear.",
        "zh": "{total} 项指标中，{changed} 项的差异超过其最小重要差异（见下），{negligible} 项差异可忽略，"
        "{unclear} 项不明确。",
    },
    "findings.none": {
        "en": "No outcome differs by more than its minimum important difference.",
        "zh": "没有指标的差异超过其最小重要差异。",
    },
    "findings.unclear": {
        "en": "Unclear (the interval reaches beyond the minimum important difference, but does not show "
        "a difference that large; more replications may settle them): {outcomes}.",
        "zh": "不明确（区间超出最小重要差异，但不足以表明差异有那么大；"
        "增加重复次数可能得出结论）：{outcomes}。",
    },
    "findings.sentence": {
        "en": "{outcome} is {verdict}: {a} under {reference}, {b} under {arm} [{unit}], a difference of "
        "{diff} [{low}, {high}], beyond the minimum important difference of {mid}.",
        "zh": "{outcome}{verdict}：{reference}为 {a}，{arm}为 {b}（{unit}），差值 {diff} [{low}, {high}]，"
        "超过最小重要差异 {mid}。",
    },
    "findings.deterministic": {
        "en": "The difference is the same in every pair of runs: the arrangement sets it, chance does not.",
        "zh": "各对运行中差值完全相同：由治理模式决定，而非随机因素。",
    },
    "findings.ceiling.patience": {
        "en": "Under {arm} it equals the patience limit ({limit} weeks) in every run: residents gave "
        "up on every such need, so this is a ceiling and the real difference may be larger.",
        "zh": "在{arm}下，它在每次运行中都等于耐心上限（{limit} 周）：居民放弃了所有此类需求，"
        "这是一个上限值，真实差异可能更大。",
    },
    "findings.ceiling.none_met": {
        "en": "Under {arm} no such need was met on time in any run: this is a floor, and the real "
        "difference may be larger.",
        "zh": "在{arm}下，任何一次运行都没有按时满足此类需求：这是一个下限值，真实差异可能更大。",
    },
    "findings.ceiling.all_met": {
        "en": "Under {arm} every such need was met on time in every run: this is a ceiling, and the "
        "real difference may be larger.",
        "zh": "在{arm}下，每次运行都按时满足了所有此类需求：这是一个上限值，真实差异可能更大。",
    },
    "findings.why.trust_up": {
        "en": "Why trust rose although {services} got worse: in the model trust grows with the "
        "committee's contact with residents (meetings, visits, activities) and falls with needs left "
        "overdue. The committee's hours on self-governance went from {sg_a} to {sg_b} of its time and "
        "on administrative work from {ad_a} to {ad_b}: the contact it gained outweighed the waiting.",
        "zh": "为何{services}变差而信任上升：模型中，信任随居委会与居民的接触（会议、走访、活动）而增加，"
        "随逾期未办的需求而下降。居委会用于自治的时间占比从 {sg_a} 变为 {sg_b}，用于行政事务的从 {ad_a} "
        "变为 {ad_b}：增加的接触超过了等待带来的损失。",
    },
    "findings.why.trust_down": {
        "en": "Why trust fell although {services} improved: in the model trust grows with the "
        "committee's contact with residents (meetings, visits, activities) and falls with needs left "
        "overdue. The committee's hours on self-governance went from {sg_a} to {sg_b} of its time and "
        "on administrative work from {ad_a} to {ad_b}: the contact it lost outweighed the shorter waits.",
        "zh": "为何{services}改善而信任下降：模型中，信任随居委会与居民的接触（会议、走访、活动）而增加，"
        "随逾期未办的需求而下降。居委会用于自治的时间占比从 {sg_a} 变为 {sg_b}，用于行政事务的从 {ad_a} "
        "变为 {ad_b}：减少的接触超过了等待缩短带来的好处。",
    },
    "findings.verdict.better": {"en": "better", "zh": "更好"},
    "findings.verdict.worse": {"en": "worse", "zh": "更差"},
    "findings.verdict.higher": {"en": "higher", "zh": "更高"},
    "findings.verdict.lower": {"en": "lower", "zh": "更低"},
    "findings.provisional": {"en": "provisional", "zh": "暂定"},
    "findings.failed": {
        "en": "{failed} of {total} runs failed, so some verdicts rest on fewer pairs than the {planned} "
        "planned: {pairs}. Those verdicts are provisional (marked in the results): with the missing "
        "pairs a difference could be called otherwise. Running the same command again retries only "
        "the failed runs.",
        "zh": "{total} 次运行中有 {failed} 次失败，部分结论所依据的配对少于计划的 {planned} 对：{pairs}。"
        "这些结论为暂定（结果表中已标出）：补齐缺失的配对后结论可能不同。再次运行同一命令只会重试失败的运行。",
    },
    "findings.failed_pair": {
        "en": "{arm} against {reference}, {n} pairs",
        "zh": "{arm}对{reference}，{n} 对",
    },
    "findings.untested.constant": {
        "en": "The same in every run of every arrangement, so left out of the tests: {outcomes}.",
        "zh": "在所有模式的每次运行中都相同，因此不参与检验：{outcomes}。",
    },
    "findings.untested.deterministic": {
        "en": "The same difference in every pair of runs, judged by its size alone and left out of "
        "the tests: {outcomes}.",
        "zh": "各对运行中差值完全相同，仅按其大小判定，不参与检验：{outcomes}。",
    },
    "findings.sweep": {
        "en": "{outcome} changes most at {point}: {base} at the first point, {value} there [{unit}], "
        "a difference of {diff} [{low}, {high}], beyond its minimum important difference of {mid}.",
        "zh": "{outcome}在{point}处变化最大：第一个取值点为 {base}，该处为 {value}（{unit}），差值 {diff} "
        "[{low}, {high}]，超过最小重要差异 {mid}。",
    },
    "findings.sweep_flat": {
        "en": "No point moves these outcomes beyond their minimum important difference with an "
        "interval excluding 0: {outcomes}.",
        "zh": "没有任何取值点使以下指标的变化超过最小重要差异且区间不含 0：{outcomes}。",
    },
    "findings.sobol": {
        "en": "{outcome} depends most on {param} (total Sobol index {total} [{low}, {high}]).",
        "zh": "{outcome}主要取决于{param}（总效应 Sobol 指数 {total} [{low}, {high}]）。",
    },
    "findings.sobol_constant": {
        "en": "No parameter moves these outcomes: {outcomes}.",
        "zh": "没有参数能改变以下指标：{outcomes}。",
    },
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
