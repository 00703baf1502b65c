"""Chinese and English text of a lever search's report section and figure, registered with `model.i18n`."""

from __future__ import annotations

from model.i18n import add_strings

STRINGS: dict[str, dict[str, str]] = {
    "report.kind.search": {
        "en": "budget-constrained lever search (differential evolution, the front re-run on fresh seeds)",
        "zh": "预算约束下的政策杠杆搜索（差分进化，前沿方案以新种子重新评估）",
    },
    "report.question.search": {
        "en": "Which settings of {levers} give the best {objectives} for their public cost{limits}?",
        "zh": "{levers}取何值，能以相应的公共支出取得最好的{objectives}{limits}？",
    },
    "search.limits": {
        "en": ", within {limits}",
        "zh": "（限于{limits}）",
    },
    "search.budget": {"en": "{budget} yuan a year", "zh": "每年 {budget} 元"},
    "search.cap": {"en": "{cap} staff posts", "zh": "{cap} 个工作人员编制"},
    "search.no_limits": {"en": "no limits", "zh": "无限制"},
    "search.intro": {
        "en": "The search tried {candidates} settings in {generations} generations of a differential "
        "evolution, every one on the same {reps} seeds (common random numbers), so that settings differ "
        "by their levers and not by their luck. It minimised a score: the objectives counted in their "
        "minimum important differences, a small weight on public cost so that the cheaper of two equal "
        "settings wins, and a heavy penalty beyond the limits. The {finalists} settings on the front of "
        "public cost against the objectives were then run again on {final} fresh seeds, which the search "
        "never saw; the table and the figure give those means, with 95% intervals. All values are the "
        "final quarter's.",
        "zh": "搜索用差分进化在 {generations} 代中尝试了 {candidates} 种设置，每种都使用相同的 {reps} 个随机"
        "种子（共同随机数），使各设置之间的差异来自杠杆而非运气。它最小化一个评分：各目标以其最小重要差异计，"
        "公共支出占很小的权重（两个同样好的设置中取较便宜者），超出限制则受重罚。随后，公共支出与各目标构成的"
        "前沿上的 {finalists} 种设置用搜索从未用过的 {final} 个新种子重新运行；表和图给出的是这些重新运行的"
        "均值及 95% 置信区间。所有数值均为最后一个季度的值。",
    },
    "search.levers": {"en": "Levers", "zh": "政策杠杆"},
    "search.fresh": {"en": "Fresh seeds for the front", "zh": "前沿重新评估的新种子"},
    "search.fresh_value": {
        "en": "{reps} replications numbered after the search's (which it never used): {seeds}",
        "zh": "{reps} 次重复，编号接在搜索所用的之后（搜索从未使用）：{seeds}",
    },
    "search.col.lever": {"en": "Lever", "zh": "杠杆"},
    "search.col.values": {"en": "Range or choices", "zh": "范围或选项"},
    "search.policy": {"en": "Arrangement", "zh": "治理模式"},
    "search.limits_are": {
        "en": "Limits: {limits}. Public cost and staff posts are judged on the means.",
        "zh": "限制：{limits}。公共支出和人员编制按均值判断。",
    },
    "search.front": {"en": "The front, on fresh seeds", "zh": "前沿（新种子重新评估）"},
    "search.col.setting": {"en": "Setting", "zh": "设置"},
    "search.col.cost": {"en": "Public cost [yuan per year]", "zh": "公共支出［元/年］"},
    "search.col.staff": {"en": "Staff posts", "zh": "人员编制"},
    "search.col.within": {"en": "Within the limits", "zh": "在限制内"},
    "search.col.front": {"en": "On the front", "zh": "在前沿上"},
    "search.yes": {"en": "yes", "zh": "是"},
    "search.no": {"en": "no", "zh": "否"},
    "search.mark.recommended": {"en": "recommended", "zh": "推荐"},
    "search.mark.enough": {"en": "cheapest as good", "zh": "同样好中最便宜"},
    "search.table.note": {
        "en": "On the front: no other finalist costs no more and is at least as good on every objective "
        "(judged on the fresh means, over every finalist, within the limits or not). Each cell gives the "
        "mean and its 95% interval.",
        "zh": "在前沿上：没有其他入围设置花费不更多、且在每个目标上至少同样好（按新种子的均值判断，"
        "包括超出限制的入围设置）。每格给出均值及其 95% 置信区间。",
    },
    "search.recommended": {
        "en": "Within the limits, the best setting on {objectives} (counted in their minimum important "
        "differences) is {setting}: {values}, at {cost} yuan a year and {staff} staff posts.",
        "zh": "在限制之内，按最小重要差异合计，{objectives}最好的设置是{setting}：{values}，"
        "每年花费 {cost} 元，人员编制 {staff} 个。",
    },
    "search.enough": {
        "en": "On the front, the cheapest setting less than the minimum important difference behind it on "
        "every objective is {setting}, at {cost} yuan a year and {staff} staff posts: spending beyond {cost} "
        "yuan a year buys gains below the minimum important difference.",
        "zh": "前沿上，在每个目标上落后它都不到最小重要差异的最便宜设置是{setting}，每年 {cost} 元、"
        "人员编制 {staff} 个：每年花费超过 {cost} 元，换来的改善都小于最小重要差异。",
    },
    "search.enough.itself": {
        "en": "No cheaper setting on the front comes within the minimum important difference of it on "
        "every objective: what it costs beyond the cheaper settings buys gains that matter.",
        "zh": "前沿上没有更便宜的设置能在每个目标上都与它相差不到最小重要差异：它比更便宜设置多花的钱，"
        "换来的改善是重要的。",
    },
    "search.none": {
        "en": "No setting on the front keeps within the limits; the cheapest, {setting}, costs {cost} yuan "
        "a year with {staff} staff posts.",
        "zh": "前沿上没有设置能保持在限制之内；最便宜的{setting}每年花费 {cost} 元，人员编制 {staff} 个。",
    },
    "search.over": {
        "en": "{over} of the {candidates} settings tried broke the budget or the staff cap; none of them "
        "can be recommended.",
        "zh": "所尝试的 {candidates} 种设置中有 {over} 种超出预算或人员编制上限，均不予推荐。",
    },
    "search.noise": {
        "en": "The front rests on {final} fresh replications a setting: settings whose intervals overlap "
        "may change places on a rerun, and differences below an outcome's minimum important difference "
        "are not worth acting on. The search saw only the settings it tried; a finer search (more "
        "generations or a larger population) may find better ones.",
        "zh": "前沿基于每种设置 {final} 次新的重复运行：置信区间重叠的设置在重新运行时可能交换位置，"
        "小于最小重要差异的差别不值得据以行动。搜索只看到它尝试过的设置；更细的搜索（更多代数或更大种群）"
        "可能找到更好的设置。",
    },
    "fig.search.title": {
        "en": "Public cost against {outcome}: the settings tried and the front",
        "zh": "公共支出与{outcome}：所尝试的设置与前沿",
    },
    "fig.search.caption": {
        "en": "Each panel: public cost across, an objective up. Grey dots: every setting the search tried "
        "(means over its seeds), crosses where it broke a limit. Blue: the front re-run on fresh seeds, "
        "with 95% intervals, joined in order of cost where it keeps within the limits. Star: the "
        "recommended setting; ring: the cheapest setting as good on every objective; dashed line: the "
        "budget.",
        "zh": "每幅子图：横轴为公共支出，纵轴为一个目标。灰点：搜索尝试过的每种设置（各种子的均值），"
        "叉号表示超出限制。蓝色：以新种子重新运行的前沿，带 95% 置信区间，限制之内的按花费连线。"
        "星号：推荐设置；圆圈：在每个目标上同样好中最便宜的设置；虚线：预算。",
    },
    "fig.search.cost": {"en": "public cost [thousand yuan per year]", "zh": "公共支出［千元/年］"},
    "fig.search.tried": {"en": "tried (search seeds)", "zh": "已尝试（搜索种子）"},
    "fig.search.over": {"en": "over a limit", "zh": "超出限制"},
    "fig.search.front": {"en": "front (fresh seeds)", "zh": "前沿（新种子）"},
    "fig.search.budget": {"en": "budget", "zh": "预算"},
}

add_strings(STRINGS)
