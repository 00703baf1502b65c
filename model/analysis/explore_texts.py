"""Chinese and English text of an exploration's report section and figures, registered with `model.i18n`."""

from __future__ import annotations

from model.i18n import add_strings

STRINGS: dict[str, dict[str, str]] = {
    "report.kind.explore": {
        "en": "exploration under deep uncertainty (policies across a Latin hypercube of uncertainties)",
        "zh": "深度不确定性下的探索（各方案在不确定因素的拉丁超立方样本上运行）",
    },
    "report.question.explore": {
        "en": "How do {policies} fare across {count} uncertain conditions, and under which conditions "
        "does each fail?",
        "zh": "在 {count} 项不确定条件下，{policies}各表现如何？每种方案在什么条件下失效？",
    },
    "explore.intro": {
        "en": "Every policy ran at each of {points} points of a Latin hypercube over the uncertainties "
        "below, {reps} replications per point, with the same seeds for every policy at a point "
        "(common random numbers). Means over replications decide failure and regret.",
        "zh": "每种方案都在下列不确定因素的拉丁超立方样本的 {points} 个点上运行，每点 {reps} 次重复；"
        "同一点上各方案使用相同的随机种子（共同随机数）。失效与遗憾值按各次重复的均值判断。",
    },
    "explore.uncertainties": {"en": "Uncertainties", "zh": "不确定因素"},
    "explore.failure": {
        "en": "A policy fails at a point when {criteria}.",
        "zh": "当{criteria}时，该方案在该点失效。",
    },
    "explore.or": {"en": " or ", "zh": "，或"},
    "explore.criterion.above": {"en": "{outcome} is above {bound}", "zh": "{outcome}高于{bound}"},
    "explore.criterion.below": {"en": "{outcome} is below {bound}", "zh": "{outcome}低于{bound}"},
    "explore.criterion.policy": {"en": "that of {policy}", "zh": "{policy}的值"},
    "explore.robustness": {
        "en": "Robustness {robustness}: it does not fail at {ok} of {points} points.",
        "zh": "稳健性 {robustness}：在 {points} 个点中有 {ok} 个点未失效。",
    },
    "explore.unknown": {
        "en": "{count} points could not be judged (an outcome had no value there).",
        "zh": "有 {count} 个点无法判断（某项指标在该点没有数值）。",
    },
    "explore.never": {
        "en": "It fails nowhere in the explored space: PRIM has no failure region to describe.",
        "zh": "在所探索的范围内它从未失效：PRIM 没有可描述的失效区域。",
    },
    "explore.always": {
        "en": "It fails everywhere in the explored space: PRIM has no boundary to describe.",
        "zh": "在所探索的范围内它处处失效：PRIM 没有可描述的边界。",
    },
    "explore.box": {
        "en": "PRIM: it fails when {conditions} (coverage {coverage}, density {density}, mass {mass}).",
        "zh": "PRIM：当{conditions}时它会失效（覆盖率 {coverage}，密度 {density}，质量 {mass}）。",
    },
    "explore.alone": {
        "en": "When {criterion} on its own: fails at {failed} of {points} points. {box}",
        "zh": "仅看{criterion}这一条：在 {points} 个点中有 {failed} 个失效。{box}",
    },
    "explore.box.spread": {
        "en": "PRIM: its failures are spread over the whole explored space; no restriction survives the "
        "significance check (it fails at a share {density} of the points).",
        "zh": "PRIM：它的失效点分布在整个探索范围内，没有一项限制通过显著性检验（失效点占比 {density}）。",
    },
    "explore.and": {"en": " and ", "zh": "且"},
    "explore.box.note": {
        "en": "Coverage is the share of the policy's failures inside the box, density the share of points "
        "inside it that fail, mass the share of all points inside it. The box shown is the most covering "
        "one with density of at least {target} (the densest if none reaches it), with the restrictions that "
        "chance could explain (quasi-p above 0.05) widened back; the whole coverage–density "
        "trade-off is in tradeoff.csv and the figure.",
        "zh": "覆盖率为该方案的失效点落在框内的比例，密度为框内各点中失效的比例，质量为框内点占全部点的比例。"
        "此处给出的是密度不低于 {target} 的框中覆盖率最高的一个（若均达不到，则取密度最高的），"
        "再放宽准 p 值大于 0.05、可由偶然解释的限制；"
        "完整的覆盖率—密度权衡见 tradeoff.csv 和图。",
    },
    "explore.cart": {
        "en": "CART, as a second view — its leaves where most points fail (coverage, density): {boxes}.",
        "zh": "作为补充，CART 中大部分点失效的叶节点（覆盖率，密度）：{boxes}。",
    },
    "explore.regret": {
        "en": "Regret: how far the policy falls behind the best policy at the same point, "
        "in each outcome's unit.",
        "zh": "遗憾值：在同一点上该方案落后于最优方案的差距，以各指标自身单位计。",
    },
    "explore.col.policy": {"en": "Policy", "zh": "方案"},
    "explore.col.robustness": {"en": "Robustness", "zh": "稳健性"},
    "explore.col.failed": {"en": "Points failed", "zh": "失效点数"},
    "explore.col.box": {"en": "Where it fails (PRIM)", "zh": "失效条件（PRIM）"},
    "explore.col.max_regret": {"en": "Max regret", "zh": "最大遗憾值"},
    "explore.col.p90_regret": {"en": "90th-percentile regret", "zh": "第 90 百分位遗憾值"},
    "explore.col.best_share": {"en": "Share of points best", "zh": "最优点占比"},
    "explore.col.low": {"en": "Low", "zh": "下限"},
    "explore.col.high": {"en": "High", "zh": "上限"},
    "explore.overview": {"en": "Overview", "zh": "总览"},
    "fig.explore.title": {
        "en": "Where “{policy}” fails: PRIM's coverage–density trade-off and the points",
        "zh": "“{policy}”在何处失效：PRIM 的覆盖率—密度权衡与各样本点",
    },
    "fig.explore.caption": {
        "en": "Left: each step of PRIM's peeling, its coverage against its density (colour: number of "
        "restricted uncertainties); the ringed step is the box chosen, the star the box reported once its "
        "restrictions that chance could explain (quasi-p above 0.05) are widened back. "
        "Right: the points over the two "
        "uncertainties that matter most (the box's first restrictions), vermillion where the policy fails, "
        "with the box's limits dashed.",
        "zh": "左：PRIM 逐步剥离的每一步，覆盖率对密度（颜色：受限的不确定因素个数），圈出的一步为选定的框，"
        "星号为放宽了可由偶然解释的限制（准 p 值大于 0.05）之后报告的框。"
        "右：按最重要的两个不确定因素（框最先限制的）画出各点，朱红色为方案失效的点，虚线为框的边界。",
    },
    "fig.explore.alone": {"en": " (by {failure} alone)", "zh": "（仅按 {failure}）"},
    "fig.explore.coverage": {"en": "coverage", "zh": "覆盖率"},
    "fig.explore.density": {"en": "density", "zh": "密度"},
    "fig.explore.restricted": {"en": "restricted uncertainties", "zh": "受限的不确定因素"},
    "fig.explore.fails": {"en": "fails", "zh": "失效"},
    "fig.explore.holds": {"en": "does not fail", "zh": "未失效"},
    "fig.explore.no_box": {"en": "no PRIM box: {status}", "zh": "无 PRIM 框：{status}"},
    "fig.explore.never": {"en": "never fails", "zh": "从未失效"},
    "fig.explore.always": {"en": "always fails", "zh": "处处失效"},
}

add_strings(STRINGS)
