"""Chinese and English labels, titles and captions of the experiment figures, registered with `model.i18n`.

Import this module (figures/labels.py does) before calling `model.i18n.t` on these `fig.` keys.
"""

from __future__ import annotations

from model.i18n import add_strings

STRINGS: dict[str, dict[str, str]] = {
    "fig.week": {"en": "Week", "zh": "周"},
    "fig.after_reform": {"en": " (after the reform)", "zh": "（改革后）"},
    "fig.reform": {"en": "reform (week {week})", "zh": "改革（第 {week} 周）"},
    "fig.ramp": {"en": "ramp-up ({weeks} weeks)", "zh": "过渡期（{weeks} 周）"},
    "fig.timeseries.title": {
        "en": "Outcomes week by week: mean of {reps} replications per arrangement, shaded 95% CI",
        "zh": "各项指标逐周变化：每种模式 {reps} 次重复的均值，阴影为 95% 置信区间",
    },
    "fig.timeseries.part": {"en": " (part {part} of {parts})", "zh": "（第 {part}/{parts} 部分）"},
    "fig.timeseries.caption": {
        "en": "Each line is the mean over replications (the same seeds in every arrangement); the band "
        "is its 95% t-interval. Ratio outcomes are smoothed over {smooth} weeks. The dashed line marks "
        "the reform; the grey span is its ramp-up. Bands are kept within the range of the values.",
        "zh": "每条线是各次重复的均值（各模式使用相同的随机种子），阴影为其 95% t 置信区间。比率类指标"
        "按 {smooth} 周平滑。虚线标出改革开始，灰色区域为过渡期。置信带限制在数值的实际范围内。",
    },
    "fig.timeseries.caption_no_reform": {
        "en": "Each line is the mean over replications (the same seeds in every arrangement); the band "
        "is its 95% t-interval. Ratio outcomes are smoothed over {smooth} weeks.",
        "zh": "每条线是各次重复的均值（各模式使用相同的随机种子），阴影为其 95% t 置信区间。比率类指标"
        "按 {smooth} 周平滑。",
    },
    "fig.forest.title": {
        "en": "Paired difference from the reference, “{reference}” (arrangement − reference), with "
        "simultaneous 95% CI",
        "zh": "相对于参照模式“{reference}”的配对差值（该模式 − 参照模式）及联合 95% 置信区间",
    },
    "fig.forest.caption": {
        "en": "One panel per outcome, in its own unit. Blue: the change is in the better direction; "
        "vermillion: the worse direction; grey: the outcome has no better direction. Bars are the "
        "intervals the verdicts are judged on (95% for all outcomes of a pair together). Filled "
        "markers are differences that matter (the interval excludes 0 and the difference exceeds "
        "the outcome's minimum important difference); hollow markers are negligible or unclear.",
        "zh": "每个指标一个分图，使用其自身单位。蓝色：变化朝向更好的方向；朱红色：朝向更差的方向；"
        "灰色：该指标无好坏方向。误差线为判定结论所依据的区间（每对模式的全部指标合计 95%）。"
        "实心标记为有实际意义的差异（区间不含 0 且差值超过该指标的最小重要差异）；空心标记为可忽略或不明确。",
    },
    "fig.better": {"en": "better", "zh": "更好"},
    "fig.worse": {"en": "worse", "zh": "更差"},
    "fig.neutral": {"en": "no better direction", "zh": "无好坏方向"},
    "fig.clear": {"en": "difference that matters", "zh": "有实际意义的差异"},
    "fig.not_clear": {"en": "negligible or unclear", "zh": "可忽略或不明确"},
    "fig.difference": {"en": "difference", "zh": "差值"},
    "fig.higher_better": {"en": "higher is better", "zh": "越高越好"},
    "fig.lower_better": {"en": "lower is better", "zh": "越低越好"},
    "fig.no_direction": {"en": "no better direction", "zh": "无好坏方向"},
    "fig.sweep.title": {
        "en": "Response to {param}: mean of {reps} replications per point, 95% CI",
        "zh": "各指标随{param}的变化：每个取值 {reps} 次重复的均值及 95% 置信区间",
    },
    "fig.sweep.caption": {
        "en": "Each point is the mean over replications (the same seeds at every point); bars and bands "
        "are 95% t-intervals.",
        "zh": "每个点为各次重复的均值（每个取值使用相同的随机种子）；误差线和阴影为 95% t 置信区间。",
    },
    "fig.heatmap.title": {
        "en": "Mean of each outcome by {rows} (rows) and {columns} (columns), {reps} replications per cell",
        "zh": "各指标按{rows}（行）与{columns}（列）的均值，每格 {reps} 次重复",
    },
    "fig.scatter.title": {
        "en": "Outcomes at {points} sampled points against each parameter: mean of {reps} replications "
        "per point, 95% CI",
        "zh": "{points} 个抽样点上各指标与各参数的关系：每点 {reps} 次重复的均值及 95% 置信区间",
    },
    "fig.heatmap.caption": {
        "en": "Each cell is the mean over replications at that combination of the two parameters; "
        "brighter is better for outcomes with a better direction.",
        "zh": "每个格子为两个参数该组合下各次重复的均值；对有好坏方向的指标，颜色越亮越好。",
    },
    "fig.sobol.title": {
        "en": "Sobol sensitivity: share of each outcome's variance due to each parameter, 95% bootstrap CI",
        "zh": "Sobol 敏感性：各参数对各指标方差的贡献，95% 自助法置信区间",
    },
    "fig.sobol.caption": {
        "en": "First order (S1): the share of the outcome's variance explained by the parameter alone. "
        "Total (ST): including its interactions with the others. Parameters sorted by total effect.",
        "zh": "一阶指数（S1）：该参数单独解释的方差比例。总效应指数（ST）：包括与其他参数交互作用在内的比例。"
        "参数按总效应排序。",
    },
    "fig.s1": {"en": "first order (S1)", "zh": "一阶 (S1)"},
    "fig.st": {"en": "total (ST)", "zh": "总效应 (ST)"},
    "fig.index": {"en": "Sobol index", "zh": "Sobol 指数"},
    "fig.no_data": {"en": "no values", "zh": "无数据"},
}

add_strings(STRINGS)
