"""Chinese and English text of the experiment report's sections, registered with `model.i18n`.

Import this module (the report package does) before calling `model.i18n.t` on these `report.` keys.
"""

from __future__ import annotations

from model.i18n import add_strings

STRINGS: dict[str, dict[str, str]] = {
    "report.title": {"en": "Experiment report: {name}", "zh": "实验报告：{name}"},
    "report.generated": {
        "en": "Written by commgov {version} on {date}.",
        "zh": "由 commgov {version} 于 {date} 生成。",
    },
    "report.contents": {"en": "Contents", "zh": "目录"},
    "report.question": {"en": "Question", "zh": "研究问题"},
    "report.question.compare": {
        "en": "How do the outcomes of {arms} differ from those of {reference}, when every arrangement "
        "governs the same simulated community and faces the same needs?",
        "zh": "在同一个模拟社区、面对同样需求的条件下，{arms}的各项结果与{reference}相比有何不同？",
    },
    "report.question.sweep": {
        "en": "How do the outcomes of {base} respond to {params}?",
        "zh": "{base}的各项结果如何随{params}变化？",
    },
    "report.question.sensitivity": {
        "en": "Which of {count} uncertain parameters drive the outcomes of {base} (Sobol indices)?",
        "zh": "在 {count} 个不确定参数中，哪些主导了{base}的结果（Sobol 指数）？",
    },
    "report.kind": {"en": "Kind of experiment", "zh": "实验类型"},
    "report.kind.compare": {"en": "comparison of arrangements", "zh": "治理模式比较"},
    "report.kind.sweep": {"en": "parameter sweep", "zh": "参数扫描"},
    "report.kind.sensitivity": {"en": "sensitivity analysis (Sobol)", "zh": "敏感性分析（Sobol）"},
    "report.arrangements": {"en": "Arrangements compared", "zh": "比较的治理模式"},
    "report.arrangements.intro": {
        "en": "Only the settings that differ between the arrangements are listed; everything else is "
        "the same in all of them (the full resolved scenarios are in manifest.json).",
        "zh": "只列出各模式之间不同的设置，其余设置完全相同（完整的情景设置见 manifest.json）。",
    },
    "report.arrangements.same": {
        "en": "The arrangements have identical settings.",
        "zh": "各模式的设置完全相同。",
    },
    "report.from_start": {"en": "From the start", "zh": "从一开始"},
    "report.after_reform": {
        "en": "After the reform (from week {week}, over a {ramp}-week ramp-up)",
        "zh": "改革之后（从第 {week} 周起，过渡期 {ramp} 周）",
    },
    "report.setting": {"en": "Setting", "zh": "设置"},
    "report.key": {"en": "key", "zh": "键"},
    "report.reference": {"en": "reference", "zh": "参照"},
    "report.base": {"en": "Scenario varied", "zh": "被改变的情景"},
    "report.parameters": {"en": "Parameters varied", "zh": "改变的参数"},
    "report.parameter": {"en": "Parameter", "zh": "参数"},
    "report.values": {"en": "Values", "zh": "取值"},
    "report.range": {"en": "Range (uniform)", "zh": "范围（均匀分布）"},
    "report.in_base": {"en": "In the scenario", "zh": "情景中的取值"},
    "report.sampling.grid": {
        "en": "Every combination of the values below ({points} points).",
        "zh": "下列取值的全部组合（{points} 个点）。",
    },
    "report.sampling.lhs": {
        "en": "{points} points drawn by Latin hypercube sampling over the ranges below.",
        "zh": "在下列范围内以拉丁超立方抽样抽取 {points} 个点。",
    },
    "report.sampling.sobol": {
        "en": "{points} points of Saltelli's Sobol design ({samples} base samples) over the ranges below.",
        "zh": "在下列范围内按 Saltelli 的 Sobol 设计取 {points} 个点（{samples} 个基础样本）。",
    },
    "report.settings": {"en": "Run settings", "zh": "运行设置"},
    "report.replications": {"en": "Replications", "zh": "重复次数"},
    "report.replications_value": {
        "en": "{reps} per arrangement, paired (the same seeds in every arrangement)",
        "zh": "每种模式 {reps} 次，配对（各模式使用相同的随机种子）",
    },
    "report.replications_point": {
        "en": "{reps} per point (the same seeds at every point)",
        "zh": "每个取值 {reps} 次（每个取值使用相同的随机种子）",
    },
    "report.weeks": {"en": "Length of each run", "zh": "每次运行时长"},
    "report.weeks_value": {"en": "{weeks} weeks", "zh": "{weeks} 周"},
    "report.reform_week": {"en": "Reform", "zh": "改革"},
    "report.reform_value": {
        "en": "from week {week}, ramp-up {ramp} weeks",
        "zh": "从第 {week} 周起，过渡期 {ramp} 周",
    },
    "report.no_reform": {"en": "none", "zh": "无"},
    "report.community": {"en": "Community", "zh": "社区规模"},
    "report.community_value": {
        "en": "{households:,} households (about {residents:,} residents)",
        "zh": "{households:,} 户（约 {residents:,} 名居民）",
    },
    "report.seeds": {"en": "Seeds", "zh": "随机种子"},
    "report.seeds_value": {
        "en": "experiment seed {seed}; replication i runs with a seed derived from (experiment seed, i): "
        "{seeds}",
        "zh": "实验种子 {seed}；第 i 次重复使用由（实验种子, i）派生的种子：{seeds}",
    },
    "report.runs": {"en": "Runs", "zh": "运行次数"},
    "report.runs_value": {
        "en": "{total} in all, {ok} finished, {failed} failed",
        "zh": "共 {total} 次，完成 {ok} 次，失败 {failed} 次",
    },
    "report.adaptive": {"en": "Adaptive replication", "zh": "自适应重复"},
    "report.adaptive_value": {
        "en": "target: 95% CI half-width at most {target:.0%} of the mean; {reason} after {reps} "
        "replications (maximum {max})",
        "zh": "目标：95% 置信区间半宽不超过均值的 {target:.0%}；{reps} 次重复后{reason}（上限 {max} 次）",
    },
    "report.adaptive.reached": {"en": "target reached", "zh": "已达到目标"},
    "report.adaptive.not_reached": {"en": "maximum reached", "zh": "已达到重复次数上限"},
    "report.backend": {"en": "Backend", "zh": "计算后端"},
    "report.backend_value": {
        "en": "{name}; worker processes: {workers}",
        "zh": "{name}；工作进程数：{workers}",
    },
    "report.when": {"en": "Started, finished", "zh": "开始、结束时间"},
    "report.status": {"en": "Status", "zh": "状态"},
    "report.versions": {"en": "Versions", "zh": "软件版本"},
    "report.spec_file": {"en": "Experiment spec", "zh": "实验配置文件"},
    "report.results": {"en": "Results", "zh": "结果"},
    "report.results.compare_intro": {
        "en": "Differences are arrangement − {reference}, paired over replications that share a seed; "
        "n is the number of pairs. The interval is a paired t-interval widened so that the intervals "
        "of all tested outcomes of a pair hold together at 95% (Bonferroni). MID is the outcome's "
        "minimum important difference (docs/parameters.md). Better or worse (higher or lower when "
        "no direction is better): the interval excludes 0 and the difference exceeds the MID; "
        "negligible: the whole interval lies within ± the MID; unclear: neither. The Wilcoxon p "
        "(Holm-adjusted), effect sizes (Cohen's d_z) and the unwidened 95% intervals are in summary.csv.",
        "zh": "差值为该模式 − {reference}，按共用随机种子的重复配对计算；配对数为重复的对数。区间为配对 t "
        "区间，并按 Bonferroni 方法加宽，使每对模式所有受检验指标的区间合计满足 95% 置信水平。"
        "最小重要差异（MID）见 docs/parameters.md。更好或更差（无好坏方向的指标为更高或更低）：区间不含 0 "
        "且差值超过最小重要差异；可忽略：整个区间都在 ± 最小重要差异之内；不明确：两者都不满足。"
        "Wilcoxon p 值（Holm 校正）、效应量（Cohen's d_z）和未加宽的 95% 区间见 summary.csv。",
    },
    "report.results.vs": {"en": "{arm} compared with {reference}", "zh": "{arm}与{reference}相比"},
    "report.results.other_pairs": {
        "en": "Other pairs of arrangements ({count})",
        "zh": "其他模式两两比较（{count} 组）",
    },
    "report.results.sweep_intro": {
        "en": "Mean of each outcome at each point, with its 95% t-interval.",
        "zh": "各指标在每个取值下的均值及 95% t 置信区间。",
    },
    "report.results.sweep_rows": {
        "en": "The first {shown} of {total} points; all of them are in summary.csv.",
        "zh": "仅显示 {total} 个点中的前 {shown} 个；全部结果见 summary.csv。",
    },
    "report.results.sobol_intro": {
        "en": "First-order (S1) and total (ST) Sobol indices with 95% bootstrap intervals, parameters "
        "by total effect.",
        "zh": "一阶（S1）与总效应（ST）Sobol 指数及 95% 自助法置信区间，参数按总效应排序。",
    },
    "report.results.sobol_constant": {
        "en": "Constant across the whole sample: no parameter moves it, so it has no Sobol indices.",
        "zh": "在全部样本中保持不变：没有参数能改变它，因此没有 Sobol 指数。",
    },
    "report.col.outcome": {"en": "Outcome", "zh": "指标"},
    "report.col.unit": {"en": "Unit", "zh": "单位"},
    "report.col.direction": {"en": "Better when", "zh": "方向"},
    "report.col.mean": {"en": "Mean", "zh": "均值"},
    "report.col.mean_reference": {"en": "Mean, reference", "zh": "参照模式均值"},
    "report.col.mean_compared": {"en": "Mean, compared", "zh": "对比模式均值"},
    "report.col.ci": {"en": "95% CI", "zh": "95% 置信区间"},
    "report.col.verdict_ci": {"en": "interval judged", "zh": "判定区间"},
    "report.col.mid": {"en": "MID", "zh": "最小重要差异"},
    "report.col.difference": {"en": "Difference", "zh": "差值"},
    "report.col.verdict": {"en": "Verdict", "zh": "结论"},
    "report.col.n": {"en": "n", "zh": "配对数"},
    "report.col.point": {"en": "Point", "zh": "取值点"},
    "report.col.s1": {"en": "S1 [95% CI]", "zh": "S1 [95% 置信区间]"},
    "report.col.st": {"en": "ST [95% CI]", "zh": "ST [95% 置信区间]"},
    "report.direction.higher": {"en": "higher", "zh": "越高越好"},
    "report.direction.lower": {"en": "lower", "zh": "越低越好"},
    "report.direction.neutral": {"en": "neither", "zh": "无好坏"},
    "report.verdict.better": {"en": "better", "zh": "更好"},
    "report.verdict.worse": {"en": "worse", "zh": "更差"},
    "report.verdict.higher": {"en": "higher", "zh": "更高"},
    "report.verdict.lower": {"en": "lower", "zh": "更低"},
    "report.verdict.negligible": {"en": "negligible", "zh": "可忽略"},
    "report.verdict.unclear": {"en": "unclear", "zh": "不明确"},
    "report.figures": {"en": "Figures", "zh": "图表"},
    "report.figures.files": {
        "en": "The figures are also in {folder} as PNG and SVG.",
        "zh": "图表另以 PNG 和 SVG 格式保存在 {folder}。",
    },
    "report.figures.none": {
        "en": "No figure could be drawn from these results.",
        "zh": "这些结果无法绘制图表。",
    },
    "report.caveats": {"en": "Caveats", "zh": "注意事项"},
    "report.caveat.model": {
        "en": "These are outputs of a simulation model, not forecasts. Every arrangement governs the same "
        "synthetic community and faces the same needs (common random numbers), so the differences are "
        "the arrangements' own under the model's assumptions.",
        "zh": "以上是模拟模型的输出，而非预测。各模式治理同一个合成社区、面对同样的需求（共同随机数），"
        "因此差异来自模式本身，但以模型假设为前提。",
    },
    "report.caveat.assumptions": {
        "en": "{count} of the model's {total} scenario parameters have no source and are assumptions "
        "(docs/parameters.md, column source).",
        "zh": "模型 {total} 个情景参数中有 {count} 个没有数据来源，属于假设"
        "（见 docs/parameters.md 的来源一栏）。",
    },
    "report.caveat.assumptions_fallback": {
        "en": "docs/parameters.md was not found; these parameters are known to be assumptions: "
        "the behavioural coefficients (behaviour.*), need rates and working times (needs.*).",
        "zh": "未找到 docs/parameters.md；已知以下参数属于假设：行为系数（behaviour.*）、"
        "需求发生率与工时（needs.*）。",
    },
    "report.caveat.assumptions_here": {
        "en": "Of those, this experiment sets or varies: {items}. Its conclusions hold only as far as "
        "these values do.",
        "zh": "其中本实验设定或改变的有：{items}。结论仅在这些取值成立时成立。",
    },
    "report.caveat.assumption_list": {"en": "All assumed parameters", "zh": "全部假设参数"},
    "report.caveat.adaptive_not_reached": {
        "en": "The adaptive-replication target was not reached: after the maximum of {reps} replications "
        "the widest 95% CI half-width was {worst:.1%} of its mean (target {target:.1%}).",
        "zh": "未达到自适应重复的精度目标：已达到重复次数上限 {reps} 次，最宽的 95% 置信区间半宽仍为均值的 "
        "{worst:.1%}（目标 {target:.1%}）。",
    },
    "report.caveat.adaptive_reached": {
        "en": "The adaptive-replication target was reached after {reps} replications (every 95% CI "
        "half-width at most {target:.1%} of its mean).",
        "zh": "{reps} 次重复后达到自适应重复的精度目标（所有 95% 置信区间半宽均不超过均值的 {target:.1%}）。",
    },
    "report.caveat.failed": {
        "en": "{failed} of {total} runs failed and are left out of the statistics; the first errors:",
        "zh": "{total} 次运行中有 {failed} 次失败，未纳入统计；最先出现的错误：",
    },
    "report.caveat.few_reps": {
        "en": "Only {reps} paired replications: intervals from so few are wide, so an unclear verdict "
        "may mean only that there are too few. Run more replications before drawing conclusions.",
        "zh": "只有 {reps} 次配对重复：如此少的重复得出的区间很宽，“不明确”的结论可能只是因为重复太少。"
        "得出结论前请增加重复次数。",
    },
    "report.caveat.before_reform": {
        "en": "The runs end in week {weeks}, before the reform in week {week}: the arrangements cannot "
        "differ by their reform.",
        "zh": "运行在第 {weeks} 周结束，早于第 {week} 周的改革：各模式无法体现改革带来的差异。",
    },
    "report.caveat.final_quarter": {
        "en": "Outcomes are pooled over the final quarter of each run (the last 13 weeks).",
        "zh": "各指标按每次运行的最后一个季度（最后 13 周）汇总。",
    },
    "report.caveat.empty": {
        "en": "{outcome} has no value in any run: {reason}.",
        "zh": "{outcome}在所有运行中都没有数值：{reason}。",
    },
    "report.caveat.figure_font": {
        "en": "No Chinese font is installed, so the figures are labelled in English. Install one "
        "(Debian: apt-get install fonts-wqy-microhei, or fonts-noto-cjk) and run commgov report again.",
        "zh": "本机未安装中文字体，因此图表使用英文标注。安装中文字体（Debian：apt-get install "
        "fonts-wqy-microhei 或 fonts-noto-cjk）后重新运行 commgov report 即可。",
    },
    "report.caveat.sobol": {
        "en": "Sobol indices from {samples} base samples are rough: wide intervals, and small negative "
        "values, are sampling noise.",
        "zh": "基于 {samples} 个基础样本的 Sobol 指数较为粗略：较宽的置信区间和略小于 0 的数值"
        "都属于抽样误差。",
    },
    "report.reproduce": {"en": "Reproduce", "zh": "复现"},
    "report.reproduce.intro": {
        "en": "From the project folder, with the scenario and spec files it names in place, this command "
        "runs the experiment again (it resumes, and reuses finished runs, when the results folder is "
        "still there):",
        "zh": "在项目目录下、其中提到的情景和实验文件都在原处时，运行以下命令即可重新运行本实验"
        "（结果目录仍在时会续跑并复用已完成的运行）：",
    },
    "report.reproduce.api": {
        "en": "This experiment was run from Python with settings no command line can give (scenarios "
        "built in memory, adaptive replication, pairs with the reference only, or Latin-hypercube "
        "and Sobol designs); rerun it the same way, with the spec in manifest.json.",
        "zh": "本实验是在 Python 中运行的，所用设置无法用命令行给出（内存中构建的情景、自适应重复、"
        "仅与参照模式配对，或拉丁超立方与 Sobol 设计）；请按 manifest.json 中的实验配置以同样方式重新运行。",
    },
    "report.reproduce.report": {
        "en": "and this one writes this report again (--lang zh for Chinese, --lang en for English):",
        "zh": "以下命令重新生成本报告（--lang zh 为中文，--lang en 为英文）：",
    },
    "report.bold_reform": {"en": "Bold: set by the reform.", "zh": "粗体：由改革设定的取值。"},
    # resources (model/report/resources.py)
    "report.resources": {"en": "Resources: staff and public money", "zh": "资源投入：人员与公共资金"},
    "report.resources.arrangement": {"en": "Arrangement", "zh": "治理模式"},
    "report.resources.committee": {"en": "Committee staff [persons]", "zh": "居委会工作人员 [人]"},
    "report.resources.workstation": {"en": "Workstation staff [persons]", "zh": "工作站工作人员 [人]"},
    "report.resources.social_workers": {"en": "Social workers [persons]", "zh": "社工 [人]"},
    "report.resources.total": {"en": "Total staff posts [persons]", "zh": "工作人员岗位合计 [人]"},
    "report.resources.cost": {"en": "Public cost [yuan per year]", "zh": "公共支出 [元/年]"},
    "report.resources.note": {
        "en": "Means over the replications after the reform and its ramp-up (from week {start} to the "
        "end of the run); where the weeks before the reform differ, total staff and cost read "
        "before → after.",
        "zh": "各次重复在改革及过渡期之后（第 {start} 周至运行结束）的均值；改革前的数值不同时，"
        "人员合计与公共支出显示为“改革前 → 改革后”。",
    },
    "report.resources.note_no_reform": {
        "en": "Means over the replications from week {start} to the end of the run (no arrangement here "
        "has a reform).",
        "zh": "各次重复在第 {start} 周至运行结束期间的均值（本实验没有改革）。",
    },
    "report.resources.rows": {
        "en": "The first {shown} of {total} points; every run's values are in runs.csv (columns "
        "staff_*_after and public_cost_after).",
        "zh": "仅显示 {total} 个点中的前 {shown} 个；每次运行的数值见 runs.csv（staff_*_after 与 "
        "public_cost_after 列）。",
    },
    # groups (model/report/groups.py)
    "report.groups": {"en": "Groups: who is better or worse off", "zh": "群体：谁受益、谁受损"},
    "report.groups.intro": {
        "en": "Each group's outcomes over the final quarter, mean of the replications. Groups "
        "overlap (an elderly renter is in both groups); each is compared with its reference "
        "group below. These outcomes are a family of their own: they are not in the results "
        "tables above and not in their multiple-testing family.",
        "zh": "各群体在最后一个季度的结果，为各次重复的均值。"
        "群体之间有重叠（租房的老人同时属于两个群体）；"
        "下文将每个群体与其参照群体比较。这些指标自成一组：不列入上文的结果表，也不参与其多重检验校正。",
    },
    "report.groups.values": {"en": "Values by group: “{arm}”", "zh": "各群体的数值：“{arm}”"},
    "report.groups.gaps": {"en": "Equity gaps: “{arm}”", "zh": "公平差距：“{arm}”"},
    "report.groups.group": {"en": "Group", "zh": "群体"},
    "report.groups.pair": {"en": "Group (reference)", "zh": "群体（参照群体）"},
    "report.groups.gap_note": {
        "en": "Gap = reference − group for outcomes where higher is better, group − reference for "
        "waiting time, so a positive gap means the group is worse off than its reference. Each "
        "replication's gap is taken within its run; the interval is the 95% t-interval over "
        "replications.",
        "zh": "差距 = 参照群体 − 该群体（越高越好的指标），等待时间为该群体 − 参照群体；因此差距为正表示"
        "该群体比参照群体处境更差。每次重复的差距在同一次运行内计算；区间为各次重复的 95% t 置信区间。",
    },
    "report.no_statistics": {
        "en": "No statistics: no run finished successfully.",
        "zh": "没有统计结果：没有一次运行成功完成。",
    },
    "report.more": {"en": "… and {count} more", "zh": "……另有 {count} 项"},
    "report.and": {"en": " and ", "zh": "和"},
    "report.list_separator": {"en": ", ", "zh": "、"},
    # why an outcome has no value (model.outcomes.EMPTY_REASONS, by prefix)
    "report.reason.needs_met_on_time": {
        "en": "no need fell due in these weeks",
        "zh": "这些周内没有到期的需求",
    },
    "report.reason.met_on_time_": {
        "en": "no need of this kind fell due in these weeks",
        "zh": "这些周内没有这类到期的需求",
    },
    "report.reason.elder_care_met_low_income": {
        "en": "no care request of a low-income elderly resident fell due in these weeks",
        "zh": "这些周内没有低收入老人到期的养老服务需求",
    },
    "report.reason.wait_weeks_": {
        "en": "no need of this kind was closed in these weeks",
        "zh": "这些周内没有办结这类需求",
    },
    "report.reason.committee_": {"en": "the committee had no working hours", "zh": "居委会没有工作时间"},
    "report.reason.cost_per_need_met": {
        "en": "no need was met in these weeks",
        "zh": "这些周内没有满足任何需求",
    },
    "report.reason.satisfaction_elderly_gap": {
        "en": "there are no elderly residents, or no others, to compare",
        "zh": "没有老年居民或没有其他居民可供比较",
    },
    "report.reason.other": {"en": "the window holds no weeks", "zh": "统计窗口内没有周数"},
}

add_strings(STRINGS)
