"""Chinese and English text of a pilot evaluation's report section and figure (`model.i18n`)."""

from __future__ import annotations

from model.analysis.community_effects import type_title
from model.experiment.pilot_spec import rule_type
from model.i18n import add_strings, t

STRINGS: dict[str, dict[str, str]] = {
    "report.kind.pilot": {
        "en": "pilot evaluation (what a pilot's difference-in-differences would show, against the "
        "true effect)",
        "zh": "试点评估（试点的双重差分估计能显示什么，与真实效果相比）",
    },
    "report.question.pilot": {
        "en": "Can a pilot of the reform in {subdistrict} show its effect on {outcomes}, and with how "
        "many pilot communities and how long a pilot?",
        "zh": "在{subdistrict}开展改革试点，能否显示改革对{outcomes}的效果？"
        "需要多少个试点社区、试点多长时间？",
    },
    "pilot.design": {
        "en": "The subdistrict: {subdistrict} ({communities} communities). The pilot starts in week "
        "{start}; the evaluation compares the pilot's weeks with the {baseline} weeks before it. "
        "Designs: {sizes} pilot communities × pilots of {lengths} weeks × {rules} — {count} designs.",
        "zh": "街道：{subdistrict}（{communities} 个社区）。试点从第 {start} 周开始；评估把试点期间与试点前 "
        "{baseline} 周相比较。设计：{sizes} 个试点社区 × 试点 {lengths} 周 × {rules}，共 {count} 种设计。",
    },
    "pilot.intro": {
        "en": "Each of {reps} replications ran the subdistrict twice with the same seeds: without the "
        "reform, and with it in every community from week {start}. Communities do not interact and "
        "each draws from its own random streams, so a pilot in some communities is exactly the "
        "reformed run's rows for them and the other run's rows for the rest. The true effect is the "
        "pilot communities' mean difference, with the reform minus without it, over the pilot's "
        "weeks. The pilot's estimate is what an evaluator could compute from the observed rows: the "
        "pilot communities' change from the weeks before the pilot to the pilot's weeks, minus the "
        "other communities' change (difference-in-differences), with a {level} randomisation "
        "interval (every way of choosing as many pilot communities). Bias is the mean estimate "
        "minus the mean true effect; power is the share of replications whose interval excludes 0 "
        "on the side of the true effect; coverage is the share whose interval contains the true effect.",
        "zh": "{reps} 次重复中，每次都用相同的随机种子把街道运行两遍："
        "不改革，以及所有社区自第 {start} 周起改革。"
        "社区之间互不影响，且各有自己的随机数流，因此在部分社区试点，恰好等于这些社区取改革运行的结果、"
        "其余社区取未改革运行的结果。真实效果是试点社区在试点期间改革与不改革之差的平均值。"
        "试点的估计值是评估者能从观测数据算出的结果：试点社区从试点前到试点期间的变化，减去其他社区的变化"
        "（双重差分），并给出 {level} 随机化区间（遍历选取同样数量试点社区的所有方式）。偏差是估计值均值减去"
        "真实效果均值；检验效能是区间在真实效果一侧排除 0 的重复所占比例；"
        "覆盖率是区间包含真实效果的重复所占比例。",
    },
    "pilot.replications_value": {
        "en": "{reps}, each two runs of the subdistrict with the same seeds: without the reform and with it",
        "zh": "{reps} 次，每次用相同的随机种子把街道运行两遍：不改革与改革",
    },
    "pilot.reform_value": {
        "en": "in week {week}, in the pilot communities (in every community in the run with the reform)",
        "zh": "第 {week} 周，在试点社区推行（改革运行中所有社区都推行）",
    },
    "pilot.selection.random": {"en": "chosen at random", "zh": "随机选取"},
    "pilot.selection.showcase": {
        "en": "showcase: the best on {outcome} before the pilot",
        "zh": "示范点：试点前{outcome}最好的社区",
    },
    "pilot.selection.type": {
        "en": "chosen at random among the communities of type “{type}”",
        "zh": "在“{type}”类社区中随机选取",
    },
    "pilot.rule.random": {"en": "random", "zh": "随机"},
    "pilot.rule.type": {"en": "{type}, at random", "zh": "{type}（随机）"},
    "pilot.rule.showcase": {"en": "showcase", "zh": "示范点"},
    "pilot.label": {
        "en": "{pilots} pilot communities, {weeks} weeks, {rule}",
        "zh": "{pilots} 个试点社区，{weeks} 周，{rule}",
    },
    "pilot.sentence": {
        "en": "Piloting in {pilots} ({selection}) for {weeks} weeks: the reform's true "
        "effect on {outcome} in the pilot communities is {true} ({everywhere} over all communities); "
        "the pilot would estimate {estimate} on average, typically with the interval [{low}, {high}]; "
        "bias {bias} [{bias_low}, {bias_high}]; it detects the effect in {power} of replications — {verdict}",
        "zh": "在 {pilots}（{selection}）试点 {weeks} 周：改革对试点社区{outcome}的真实效果为 {true}"
        "（全部社区为 {everywhere}）；试点平均估计为 {estimate}，典型区间为 [{low}, {high}]；偏差 {bias} "
        "[{bias_low}, {bias_high}]；在 {power} 的重复中检测到效果——{verdict}",
    },
    "pilot.communities.one": {"en": "1 community", "zh": "1 个社区"},
    "pilot.communities.many": {"en": "{count} communities", "zh": "{count} 个社区"},
    "pilot.verdict.enough": {"en": "enough to show it.", "zh": "足以显示效果。"},
    "pilot.verdict.biased_power": {
        "en": "it seems to show it, but the estimate is biased ({bias} on average): the pilot "
        "communities would have changed differently from the others even without the reform, so "
        "what it shows is partly how they were chosen.",
        "zh": "看似显示了效果，但估计有偏（平均偏差 {bias}）：即使不改革，试点社区的变化也会与其他社区不同，"
        "所显示的部分来自试点社区的选取方式。",
    },
    "pilot.verdict.too_few": {
        "en": "too few pilot communities or too short a pilot to show it reliably.",
        "zh": "试点社区太少或试点时间太短，不能可靠地显示效果。",
    },
    "pilot.verdict.below_mid": {
        "en": "the true effect is smaller than the minimum important difference ({mid}), so the pilot "
        "need not show it.",
        "zh": "真实效果小于最小重要差异（{mid}），试点不显示它也无妨。",
    },
    "pilot.verdict.unbounded": {
        "en": "with so few pilot communities the randomisation interval cannot exclude anything: this "
        "design can never show an effect.",
        "zh": "试点社区太少，随机化区间无法排除任何值：这种设计永远无法显示效果。",
    },
    "pilot.biased": {
        "en": "The estimate is biased (the bias's interval excludes 0): the pilot communities would "
        "have changed differently from the others even without the reform.",
        "zh": "估计有偏（偏差的区间不含 0）：即使不改革，试点社区的变化也会与其他社区不同。",
    },
    "pilot.findings.intro": {
        "en": "{outcome}, by pilot design:",
        "zh": "{outcome}，按试点设计：",
    },
    "pilot.findings.best": {
        "en": "{rule}: the smallest unbiased design that shows the effect in at least {enough} of "
        "replications is {design} ({power}).",
        "zh": "{rule}：在至少 {enough} 的重复中显示效果、且无偏的最小设计是{design}（{power}）。",
    },
    "pilot.findings.none": {
        "en": "{rule}: no unbiased design tried shows the effect in {enough} of replications; the best "
        "is {design}, in {power}.",
        "zh": "{rule}：所试的无偏设计都不能在 {enough} 的重复中显示效果；最好的是{design}，为 {power}。",
    },
    "pilot.findings.biased": {
        "en": "{rule}: {count} of {total} designs are biased (bias {low} to {high}); what they detect is "
        "partly how the pilots were chosen.",
        "zh": "{rule}：{total} 个设计中 {count} 个有偏（偏差 {low} 至 {high}）；"
        "其检测结果部分来自试点的选取方式。",
    },
    "pilot.findings.details": {"en": "Every design in words", "zh": "逐个设计的文字说明"},
    "pilot.findings.more": {
        "en": "The other outcomes of interest, design by design, are in Results.",
        "zh": "其他关注指标的逐项结果见“结果”一节。",
    },
    "pilot.col.design": {"en": "Design", "zh": "设计"},
    "pilot.col.true": {"en": "True effect (pilots)", "zh": "真实效果（试点社区）"},
    "pilot.col.everywhere": {"en": "True effect (all)", "zh": "真实效果（全部社区）"},
    "pilot.col.estimate": {"en": "Mean estimate", "zh": "平均估计"},
    "pilot.col.interval": {"en": "Typical interval", "zh": "典型区间"},
    "pilot.col.bias": {"en": "Bias [95% CI]", "zh": "偏差 [95% 置信区间]"},
    "pilot.col.rmse": {"en": "RMSE", "zh": "均方根误差"},
    "pilot.col.coverage": {"en": "Coverage", "zh": "覆盖率"},
    "pilot.col.power": {"en": "Power", "zh": "检验效能"},
    "pilot.col.power_mid": {"en": "Power beyond MID", "zh": "超过最小重要差异的效能"},
    "pilot.table.note": {
        "en": "Typical interval: the medians of the intervals' bounds over replications. Power beyond "
        "MID: the share of replications whose interval lies entirely beyond the minimum important "
        "difference on the true effect's side. Every replication's estimate is in pilot_runs.csv.",
        "zh": "典型区间：各次重复区间上下限的中位数。超过最小重要差异的效能：区间整体位于真实效果一侧"
        "最小重要差异之外的重复所占比例。每次重复的估计见 pilot_runs.csv。",
    },
    "fig.pilot.title": {
        "en": "Can the pilot show the effect? Power by number of pilot communities",
        "zh": "试点能否显示效果？按试点社区数量的检验效能",
    },
    "fig.pilot.caption": {
        "en": "Share of replications whose {level} randomisation interval excludes 0 on the side of "
        "the true effect, by number of pilot communities; a line per pilot length, dashed for "
        "showcase selection. The dotted line marks {enough}, the usual planning target.",
        "zh": "随机化区间（{level}）在真实效果一侧排除 0 的重复所占比例，按试点社区数量；"
        "每条线为一种试点时长，"
        "虚线为示范点选取。点线标出通常的规划目标 {enough}。",
    },
    "fig.pilot.x": {"en": "pilot communities", "zh": "试点社区数"},
    "fig.pilot.y": {"en": "power", "zh": "检验效能"},
    "fig.pilot.line": {"en": "{weeks} weeks, {rule}", "zh": "{weeks} 周，{rule}"},
}

add_strings(STRINGS)


def rule_label(rule: str, lang: str) -> str:
    """A rule's short name: random, showcase or, for type:old_town, "Old-town community, at random"."""
    kind = rule_type(rule)
    return (
        t(f"pilot.rule.{rule}", lang)
        if kind is None
        else t("pilot.rule.type", lang, type=type_title(kind, lang))
    )


def selection_text(rule: str, lang: str, outcome: str) -> str:
    """How a rule chooses the pilot communities, in words (`outcome`: the showcase's, quoted)."""
    kind = rule_type(rule)
    if kind is None:
        return t(f"pilot.selection.{rule}", lang, outcome=outcome)
    return t("pilot.selection.type", lang, type=type_title(kind, lang))
