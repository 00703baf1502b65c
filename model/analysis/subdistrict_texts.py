"""Chinese and English text of a subdistrict comparison's Communities section and figure."""

from __future__ import annotations

from model.i18n import add_strings

STRINGS: dict[str, dict[str, str]] = {
    "fig.communities.title": {
        "en": "Effect in each community, in minimum important differences (arrangement − reference)",
        "zh": "各社区的效应，以最小重要差异为单位（该模式 − 参照模式）",
    },
    "fig.communities.axis": {
        "en": "difference ÷ MID (grey: within ±1; log scale beyond)",
        "zh": "差值 ÷ 最小重要差异（灰色：±1 以内；其外为对数刻度）",
    },
    "fig.communities.caption": {
        "en": "One panel per community, with its type. Each marker is an arrangement's paired difference "
        "from the reference in that community's own final-quarter values, divided by the outcome's "
        "minimum important difference (MID); the line is its interval (95% for all communities and outcomes "
        "of the arrangement together). Blue is better, vermillion worse; a filled marker is a clear verdict.",
        "zh": "每个小图是一个社区（及其类型）。标记为该模式与参照模式在该社区末季度数值上的配对差值除以"
        "该指标的"
        "最小重要差异；横线为其置信区间（该模式所有社区和指标联合 95%）。蓝色为更好，朱红为更差；"
        "实心表示结论明确。",
    },
    "report.question.compare_subdistricts": {
        "en": "How do the outcomes of {arms} differ from those of {reference}, when every arrangement "
        "governs the same simulated subdistrict, community by community, and faces the same needs?",
        "zh": "在同一个模拟街道（各社区相同）、面对同样需求的条件下，"
        "{arms}的各项结果与{reference}相比有何不同？",
    },
    "report.plan": {"en": "reform weeks: {groups}", "zh": "各社区改革起始周：{groups}"},
    "report.plan.week": {"en": "week {week}: {names}", "zh": "第 {week} 周：{names}"},
    "report.plan.never": {"en": "not within the run: {names}", "zh": "运行期内不改革：{names}"},
    "report.resources.note_subdistrict": {
        "en": "Means over the replications of the subdistrict's totals, from the week every community "
        "that reforms within the run has finished its ramp-up (each arrangement's own week) to the end.",
        "zh": "各次重复中街道合计的均值，时段从运行期内推行改革的各社区全部完成过渡期的那一周"
        "（各模式各自的周）至运行结束。",
    },
    "report.communities": {"en": "Communities", "zh": "各社区"},
    "report.reform_per_community": {
        "en": "in each community's own reform week (see Arrangements compared)",
        "zh": "各社区在各自的改革周推行（见“比较的治理模式”）",
    },
    "report.communities.intro": {
        "en": "The results above pool the subdistrict's {count} communities. Here are each community's "
        "own final-quarter values: the effect of each arrangement against {reference} by community type "
        "(the household-weighted mean of its communities) and community by community. Each interval "
        "holds at 95% together with all the types (or communities) and outcomes of its arrangement, so "
        "with few replications many verdicts are unclear; communities.csv has every run's rows.",
        "zh": "上文结果汇总了街道的 {count} 个社区。本节给出各社区自身的末季度数值：各模式相对{referenc"
        "e}的效应，"
        "先按社区类型（其社区按户数加权平均），再逐个社区列出。每个区间与该模式所有类型（或社区）和指标联合"
        "成立于 95% 水平，因此重复次数少时许多结论不明确；每次运行的逐社区数据见 communities.csv。",
    },
    "report.communities.spread": {
        "en": "{arm}, {outcome}: better in {better} of {count} communities, worse in {worse}, "
        "negligible in {negligible}, unclear in {unclear}; largest {largest} in {top}, smallest {smallest} "
        "in {bottom}.",
        "zh": "{arm}，{outcome}：{count} 个社区中 {better} 个更好、{worse} 个更差、{negligible} 个差异"
        "可忽略、"
        "{unclear} 个不明确；最大 {largest}（{top}），最小 {smallest}（{bottom}）。",
    },
    "report.communities.spread_neutral": {
        "en": "{arm}, {outcome}: higher in {better} of {count} communities, lower in {worse}, "
        "negligible in {negligible}, unclear in {unclear}; largest {largest} in {top}, smallest {smallest} "
        "in {bottom}.",
        "zh": "{arm}，{outcome}：{count} 个社区中 {better} 个更高、{worse} 个更低、{negligible} 个差异"
        "可忽略、"
        "{unclear} 个不明确；最大 {largest}（{top}），最小 {smallest}（{bottom}）。",
    },
    "report.communities.by_type": {
        "en": "{arm} against {reference}, by community type",
        "zh": "{arm}相对{reference}：按社区类型",
    },
    "report.communities.by_community": {
        "en": "{arm} against {reference}, community by community",
        "zh": "{arm}相对{reference}：逐个社区",
    },
    "report.communities.type": {"en": "Type", "zh": "类型"},
    "report.communities.community": {"en": "Community", "zh": "社区"},
    "report.communities.households": {"en": "households", "zh": "户"},
    "report.communities.count": {"en": "{count} communities", "zh": "{count} 个社区"},
    "report.communities.more": {
        "en": "The tables show {shown} of the {count} outcomes (those with a clear subdistrict verdict "
        "first); communities.csv has them all.",
        "zh": "表中列出 {count} 项指标中的 {shown} 项（街道层面结论明确的优先）；communities.csv 含全部"
        "指标。",
    },
}

add_strings(STRINGS)
