"""The dashboard's own text: its controls, messages and map legend (keys ui.* and map.*).

tools/subset_font.py cuts the dashboard's Chinese web font to the characters of these strings (and of
the labels the dashboard shows): a new character here needs the font rebuilt (tests/test_dashboard.py).
"""

STRINGS: dict[str, dict[str, str]] = {
    "ui.title": {
        "en": "Community governance: two arrangements side by side",
        "zh": "社区治理：两种治理模式并排推演",
    },
    "ui.language": {"en": "Language", "zh": "语言"},
    "ui.run": {"en": "Run", "zh": "运行"},
    "ui.play": {"en": "Play", "zh": "播放"},
    "ui.pause": {"en": "Pause", "zh": "暂停"},
    "ui.step": {"en": "Step", "zh": "单步"},
    "ui.reset": {"en": "Reset", "zh": "重置"},
    "ui.seed": {"en": "Random seed", "zh": "随机种子"},
    "ui.seed_hint": {
        "en": "Both arrangements run on this seed: the same residents, the same needs arriving.",
        "zh": "两种模式使用同一随机种子：同样的居民、同样的需求。",
    },
    "ui.seed_error": {
        "en": "The seed must be a whole number from 0 to {max}; kept {seed}.",
        "zh": "随机种子须为 0 到 {max} 之间的整数；仍使用 {seed}。",
    },
    "ui.reform_week": {"en": "Reform starts in week", "zh": "改革起始周"},
    "ui.weeks_per_frame": {"en": "Weeks per frame", "zh": "每帧推进周数"},
    "ui.colour_by": {"en": "Colour buildings by", "zh": "楼道颜色表示"},
    "ui.week_of": {"en": "Week {week} of {weeks}", "zh": "第 {week} 周 / 共 {weeks} 周"},
    "ui.finished": {"en": "The run has reached its last week.", "zh": "已运行到最后一周。"},
    "ui.arm": {"en": "Arrangement {arm}", "zh": "模式 {arm}"},
    "ui.scenario": {"en": "Scenario", "zh": "情景"},
    "ui.subdistrict_item": {
        "en": "{title} (subdistrict, {count} communities)",
        "zh": "{title}（街道，{count} 个社区）",
    },
    "ui.community": {"en": "Community of the subdistrict", "zh": "街道中的社区"},
    "ui.community_item": {
        "en": "{name} — {type} ({households:,} households)",
        "zh": "{name} — {type}（{households:,} 户）",
    },
    "ui.without_reform_item": {"en": "{community}, without the reform", "zh": "{community}，不推行改革"},
    "ui.with_reform": {"en": "With the reform, as the subdistrict plans it", "zh": "按街道计划推行改革"},
    "ui.community_context": {
        "en": "Community {number} of {count} in “{subdistrict}”: {type}, {households:,} households, {plan}.",
        "zh": "“{subdistrict}”的第 {number} 个社区（共 {count} 个）：{type}，{households:,} 户，{plan}。",
    },
    "ui.plan_week": {"en": "adopts the reform in week {week}", "zh": "第 {week} 周推行改革"},
    "ui.plan_never": {"en": "does not adopt the reform within the run", "zh": "运行期内不推行改革"},
    "ui.plan_without": {
        "en": "shown here without the reform it adopts in week {week}",
        "zh": "此处不推行改革（街道计划第 {week} 周推行）",
    },
    "ui.levers": {"en": "Key levers (in force after the reform)", "zh": "关键政策杠杆（改革后生效）"},
    "ui.changed": {"en": "Changed from the scenario: {items}", "zh": "相对情景的修改：{items}"},
    "ui.unchanged": {"en": "As in the scenario file.", "zh": "与情景文件一致。"},
    "ui.unchanged_community": {
        "en": "As the subdistrict runs this community.",
        "zh": "与街道中该社区的设置一致。",
    },
    "ui.residents": {
        "en": "{residents:,} residents in {buildings} buildings, {compounds} compounds",
        "zh": "居民 {residents:,} 人，{buildings} 个楼道，{compounds} 个小区",
    },
    "ui.map": {"en": "Community map", "zh": "社区地图"},
    "ui.map_legend": {
        "en": (
            "Each square is a building (楼道), grouped by compound (小区). Red ✕: a neighbour dispute "
            "waiting; black dot: needs waiting (bigger = more)."
        ),
        "zh": "每个方格是一个楼道，按小区分组。红色 ✕：有未调解的邻里纠纷；黑点：等待中的需求（越大越多）。",
    },
    "ui.dispute_marker": {"en": "dispute waiting", "zh": "待调解纠纷"},
    "ui.waiting_marker": {"en": "needs waiting", "zh": "等待中的需求"},
    "ui.outcomes": {"en": "Key outcomes, week by week", "zh": "关键指标逐周变化"},
    "ui.table": {"en": "Current values (mean of the last {n} weeks)", "zh": "当前值（最近 {n} 周平均）"},
    "ui.difference": {"en": "B − A", "zh": "B − A"},
    "ui.outcome": {"en": "Outcome", "zh": "指标"},
    "ui.unit": {"en": "Unit", "zh": "单位"},
    "ui.better": {"en": "better when", "zh": "方向"},
    "ui.higher_better": {"en": "higher is better", "zh": "越高越好"},
    "ui.lower_better": {"en": "lower is better", "zh": "越低越好"},
    "ui.reform": {"en": "reform", "zh": "改革"},
    "ui.no_data": {"en": "–", "zh": "–"},
    "ui.yes": {"en": "on", "zh": "是"},
    "ui.no": {"en": "off", "zh": "否"},
    "ui.error": {
        "en": "These settings cannot run together; change a lever or pick another scenario.",
        "zh": "该组设置无法运行；可修改政策杠杆或换一个情景。",
    },
    "ui.refused": {
        "en": "That value is not one this control takes; the dashboard kept its setting.",
        "zh": "不接受该值；仍使用当前设置。",
    },
    "ui.failed": {
        "en": "The dashboard could not go on (the server's log says why). Reset starts it again.",
        "zh": "无法运行；按重置重新开始。",
    },
    "ui.help": {
        "en": (
            "▶ plays week by week, Step advances one frame, Reset starts both again from week 0. Changing a "
            "scenario, a lever or the seed also starts again from week 0."
        ),
        "zh": (
            "▶ 逐周播放，“单步”前进一帧，“重置”让两种模式从第 0 周重新开始。更换情景、"
            "调整杠杆或随机种子也会从第 0 周重新开始。"
        ),
    },
    "map.satisfaction": {"en": "Satisfaction", "zh": "满意度"},
    "map.belonging": {"en": "Belonging", "zh": "归属感"},
    "map.trust": {"en": "Trust in the committee", "zh": "对居委会的信任"},
}
