"""Chinese and English labels for everything a person reads: outcomes, units, levers, scenarios,
dashboard and report text.

    t("ui.step", "zh")                          -> "单步"
    t("ui.week_of", "en", week=3, weeks=156)    -> "Week 3 of 156"
    outcome_label("trust", "zh")                -> "对居委会的信任"
    lever_label("government.workstation", "zh") -> "社区事务工作站"
    unit_label("hours/week", "zh")              -> "小时/周"

Languages are "en" and "zh"; an unknown language raises ValueError, a string missing in Chinese
falls back to English, and an unknown key comes back as the key itself (visible, not fatal).
Other modules add their own strings with `add_strings({"report.title": {"en": ..., "zh": ...}})`
instead of editing this file. Outcome labels come from model/outcomes.py; English lever labels
are derived from the schema's field descriptions unless a shorter one is given here.

Only the standard library is imported at module level, so that command-line options can read
LANGS and env_lang() from here without slowing `commgov --help`: the outcomes (numpy), the schema
(pydantic) and matplotlib are imported by the functions that use them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for annotations only: matplotlib is imported where used (see above)
    from matplotlib.typing import RcKeyType

LANGS: tuple[str, ...] = ("en", "zh")
DEFAULT_LANG = "en"
LANG_ENV = "COMMGOV_LANG"  # the dashboard reads its default language from here

Pair = tuple[str, str]  # (English, Chinese)


def check_lang(lang: str | None) -> str:
    """`lang` if it is a supported language ("en" when None); otherwise ValueError."""
    if lang is None:
        return DEFAULT_LANG
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def env_lang(default: str = DEFAULT_LANG) -> str:
    """The language named by $COMMGOV_LANG, or `default` when it is unset or not supported."""
    value = os.environ.get(LANG_ENV, "").strip().lower()
    return value if value in LANGS else default


def _pick(pair: Pair, lang: str) -> str:
    en, zh = pair
    return zh if check_lang(lang) == "zh" and zh else en


# --------------------------------------------------------------------------------------------
# Strings by key

_STRINGS: dict[str, Pair] = {
    # app chrome
    "ui.title": ("Community governance: two arrangements side by side", "社区治理：两种治理模式并排推演"),
    "ui.language": ("Language", "语言"),
    "ui.run": ("Run", "运行"),
    "ui.play": ("Play", "播放"),
    "ui.pause": ("Pause", "暂停"),
    "ui.step": ("Step", "单步"),
    "ui.reset": ("Reset", "重置"),
    "ui.seed": ("Random seed", "随机种子"),
    "ui.seed_hint": (
        "Both arrangements run on this seed: the same residents, the same needs arriving.",
        "两种模式使用同一随机种子：同样的居民、同样的需求。",
    ),
    "ui.seed_error": (
        "The seed must be a whole number from 0 to {max}; kept {seed}.",
        "随机种子须为 0 到 {max} 之间的整数；仍使用 {seed}。",
    ),
    "ui.reform_week": ("Reform starts in week", "改革起始周"),
    "ui.weeks_per_frame": ("Weeks per frame", "每帧推进周数"),
    "ui.colour_by": ("Colour buildings by", "楼道颜色表示"),
    "ui.week_of": ("Week {week} of {weeks}", "第 {week} 周 / 共 {weeks} 周"),
    "ui.finished": ("The run has reached its last week.", "已运行到最后一周。"),
    "ui.arm": ("Arrangement {arm}", "模式 {arm}"),
    "ui.scenario": ("Scenario", "情景"),
    "ui.levers": ("Key levers (in force after the reform)", "关键政策杠杆（改革后生效）"),
    "ui.changed": ("Changed from the scenario: {items}", "相对情景的修改：{items}"),
    "ui.unchanged": ("As in the scenario file.", "与情景文件一致。"),
    "ui.residents": (
        "{residents:,} residents in {buildings} buildings, {compounds} compounds",
        "居民 {residents:,} 人，{buildings} 个楼道，{compounds} 个小区",
    ),
    "ui.map": ("Community map", "社区地图"),
    "ui.map_legend": (
        "Each square is a building (楼道), grouped by compound (小区). "
        "Red ✕: a neighbour dispute waiting; black dot: needs waiting (bigger = more).",
        "每个方格是一个楼道，按小区分组。红色 ✕：有未调解的邻里纠纷；黑点：等待中的需求（越大越多）。",
    ),
    "ui.dispute_marker": ("dispute waiting", "待调解纠纷"),
    "ui.waiting_marker": ("needs waiting", "等待中的需求"),
    "ui.outcomes": ("Key outcomes, week by week", "关键指标逐周变化"),
    "ui.table": ("Current values (mean of the last {n} weeks)", "当前值（最近 {n} 周平均）"),
    "ui.difference": ("B − A", "B − A"),
    "ui.outcome": ("Outcome", "指标"),
    "ui.unit": ("Unit", "单位"),
    "ui.better": ("better when", "方向"),
    "ui.higher_better": ("higher is better", "越高越好"),
    "ui.lower_better": ("lower is better", "越低越好"),
    "ui.reform": ("reform", "改革"),
    "ui.no_data": ("–", "–"),
    "ui.yes": ("on", "是"),
    "ui.no": ("off", "否"),
    "ui.error": ("Could not build this arrangement: {error}", "无法构建该模式：{error}"),
    "ui.help": (
        "▶ plays week by week, Step advances one frame, Reset starts both again from week 0. "
        "Changing a scenario, a lever or the seed also starts again from week 0.",
        "▶ 逐周播放，“单步”前进一帧，“重置”让两种模式从第 0 周重新开始。"
        "更换情景、调整杠杆或随机种子也会从第 0 周重新开始。",
    ),
    # map colouring
    "map.satisfaction": ("Satisfaction", "满意度"),
    "map.belonging": ("Belonging", "归属感"),
    "map.trust": ("Trust in the committee", "对居委会的信任"),
    # schema sections
    "section.run": ("Run", "运行设置"),
    "section.population": ("Population", "人口结构"),
    "section.party": ("Party leadership", "党建引领"),
    "section.government": ("Government leadership", "政府主导"),
    "section.committee": ("Residents' committee", "居委会"),
    "section.self_governance": ("Community self-governance", "社区自治"),
    "section.social": ("Social participation", "社会参与"),
    "section.market": ("Market operation", "市场运作"),
    "section.social_workers": ("Social workers", "专业社工"),
    "section.facilities": ("Public space", "公共空间设施"),
    "section.needs": ("Residents' needs", "居民需求"),
    "section.behaviour": ("Behaviour", "行为参数"),
    "section.rollout": ("Reform rollout", "改革推行"),
}


def add_strings(strings: Mapping[str, Mapping[str, str]], *, replace: bool = False) -> None:
    """Register strings {key: {"en": ..., "zh": ...}}; both languages are required.

    A key that already exists with different text is an error unless `replace` is true, so two
    modules cannot silently fight over one label.
    """
    for key, texts in strings.items():
        missing = [lang for lang in LANGS if not texts.get(lang)]
        if missing:
            raise ValueError(f"string {key!r} has no text for {', '.join(missing)}")
        pair = (texts["en"], texts["zh"])
        if key in _STRINGS and _STRINGS[key] != pair and not replace:
            raise ValueError(f"string {key!r} is already defined differently")
        _STRINGS[key] = pair


def has(key: str) -> bool:
    return key in _STRINGS


def string_keys(prefix: str = "") -> list[str]:
    """Every registered string key starting with `prefix`."""
    return sorted(k for k in _STRINGS if k.startswith(prefix))


def t(key: str, lang: str = DEFAULT_LANG, **values: Any) -> str:
    """The text of `key` in `lang`, formatted with `values` (str.format); the key if unknown."""
    pair = _STRINGS.get(key)
    if pair is None:
        return key
    text = _pick(pair, lang)
    return text.format(**values) if values else text


# --------------------------------------------------------------------------------------------
# Units

UNITS: dict[str, Pair] = {
    # outcome units
    "share": ("share", "比例"),
    "shape": ("shape", "形状参数"),
    "weeks": ("weeks", "周"),
    "week": ("week", "周"),
    "needs": ("needs", "项"),
    "0-1": ("0-1", "0-1"),
    "per 1,000 residents per year": ("per 1,000 residents per year", "每千居民每年"),
    "yuan per year": ("yuan per year", "元/年"),
    "yuan": ("yuan", "元"),
    # lever units (the bracket at the end of each schema field description)
    "share 0-1": ("share 0-1", "比例 0-1"),
    "on/off": ("on/off", "开/关"),
    "choice": ("choice", "选项"),
    "integer": ("integer", "整数"),
    "table": ("table", "表"),
    "text": ("text", "文本"),
    "households": ("households", "户"),
    "persons": ("persons", "人"),
    "buildings": ("buildings", "个楼道"),
    "ties": ("ties", "条关系"),
    "teams": ("teams", "支队伍"),
    "points": ("points", "个"),
    "units": ("units", "家单位"),
    "organisations": ("organisations", "家组织"),
    "hours": ("hours", "小时"),
    "hours/week": ("hours/week", "小时/周"),
    "hours/month": ("hours/month", "小时/月"),
    "tasks/week": ("tasks/week", "项/周"),
    "festivals/year": ("festivals/year", "次/年"),
    "meetings/year": ("meetings/year", "次/年"),
    "yuan/year": ("yuan/year", "元/年"),
    "yuan/month": ("yuan/month", "元/月"),
    "yuan/hour": ("yuan/hour", "元/小时"),
    "log-yuan": ("log-yuan", "对数元"),
    "factor/tie": ("factor/tie", "倍/条关系"),
    "needs/resident/week": ("needs/resident/week", "项/人/周"),
    "needs/household/week": ("needs/household/week", "项/户/周"),
    "ratio": ("ratio", "比值"),
    "factor": ("factor", "倍数"),
    "tasks per week": ("tasks per week", "项/周"),
    "residents/hour": ("residents/hour", "人/小时"),
    "places/hour": ("places/hour", "个名额/小时"),
    "places/week": ("places/week", "个名额/周"),
}


def unit_label(unit: str, lang: str = DEFAULT_LANG) -> str:
    """A unit in `lang` (the unit itself when it has no translation)."""
    pair = UNITS.get(unit)
    return _pick(pair, lang) if pair else unit


# --------------------------------------------------------------------------------------------
# Outcomes (labels live in model/outcomes.py)


def outcome_label(name: str, lang: str = DEFAULT_LANG) -> str:
    from model.outcomes import BY_NAME

    outcome = BY_NAME.get(name)
    if outcome is None:
        raise KeyError(f"no outcome called {name!r}")
    return _pick((outcome.label_en, outcome.label_zh), lang)


def outcome_unit(name: str, lang: str = DEFAULT_LANG) -> str:
    from model.outcomes import BY_NAME

    return unit_label(BY_NAME[name].unit, lang)


# --------------------------------------------------------------------------------------------
# Levers: every schema field. (English short label or None to derive it, Chinese label)

_LEVERS: dict[str, tuple[str | None, str]] = {
    "name": ("Name", "名称"),
    "description": ("Description", "说明"),
    "run.weeks": ("Length of the run", "运行时长"),
    "run.seed": ("Random seed", "随机种子"),
    "run.rollout_week": ("Reform starts in week", "改革起始周"),
    "run.warmup_weeks": ("Warm-up before week 0", "预热周数（不计入结果）"),
    "run.spinup_factor": ("Warm-up speed-up of volunteer registration", "预热期志愿者注册加速倍数"),
    "population.households": ("Households", "户数"),
    "population.household_size": ("Mean household size", "平均每户人数"),
    "population.child_share": ("Children (under 18)", "未成年人比例"),
    "population.elderly_share": ("Elderly (60+)", "60岁以上老人比例"),
    "population.disabled_share": ("Residents with a disability", "残疾人比例"),
    "population.employment_rate": ("Employment rate", "就业率"),
    "population.party_member_share": ("Party members organised in the community", "社区党员比例"),
    "population.propensity_alpha": ("Volunteering propensity, first shape", "志愿倾向分布参数一"),
    "population.propensity_beta": ("Volunteering propensity, second shape", "志愿倾向分布参数二"),
    "population.in_service_member_share": ("In-service party members", "在职党员比例"),
    "population.income_median": ("Median monthly income", "月收入中位数"),
    "population.income_spread": ("Income spread", "收入离散度"),
    "population.households_per_building": ("Households per building", "每个楼道户数"),
    "population.buildings_per_compound": ("Buildings per compound", "每个小区楼道数"),
    "population.ties_within_building": ("Neighbour ties in the building", "楼道内邻里关系数"),
    "population.ties_across_buildings": ("Ties to other buildings", "跨楼道邻里关系数"),
    "population.renter_share": ("Renter households", "租房户比例"),
    "population.elderly_alone_share": ("Elderly living alone (share of the elderly)", "独居老人占老人比例"),
    "population.renter_tie_factor": ("Renters' neighbour ties kept", "租户邻里关系保留比例"),
    "population.renter_propensity_factor": ("Renters' volunteering propensity", "租户志愿倾向系数"),
    "party.network": ("Three-tier party network", "三级党组织网络（党总支—党支部—党小组）"),
    "party.stairwell_groups": ("Stairwell party groups", "楼道党小组"),
    "party.member_hours_per_week": ("Time per party member", "每名党员投入时间"),
    "party.in_service_registration": ("In-service members registering", "在职党员进社区报到比例"),
    "party.in_service_hours_per_month": ("Time per registered in-service member", "每名在职党员服务时间"),
    "party.service_day_hours": ("Time per member on the service day", "每名党员在服务日的服务时间"),
    "party.stairwell_dispute_hours_factor": (
        "Stairwell groups' time per dispute",
        "楼道党小组化解纠纷所需时间倍数",
    ),
    "party.stairwell_elder_care_hours_factor": (
        "Stairwell groups' time per care request",
        "楼道党小组养老服务所需时间倍数",
    ),
    "party.stairwell_disability_hours_factor": (
        "Stairwell groups' time per assistance request",
        "楼道党小组助残服务所需时间倍数",
    ),
    "government.workstation": ("Community affairs workstation", "社区事务工作站（居站分离）"),
    "government.workstation_staff": ("Workstation staff", "工作站专职人员"),
    "government.shared_staff": (
        "Shared staff ('two plaques, one team')",
        "与居委会共用人员（两块牌子、一套人马）",
    ),
    "government.top_down_tasks_per_week": ("Top-down tasks per week", "街道下派任务"),
    "government.task_volume_cv": ("Burstiness of the task flow", "下派任务量波动（变异系数）"),
    "government.workstation_pull": ("Extra tasks pushed to a workstation", "设立工作站后多下派的任务"),
    "government.task_responsiveness": (
        "Departments' response to task clearance",
        "条线部门对任务完成情况的反应",
    ),
    "government.task_memory_weeks": ("Weeks departments remember", "部门评估任务完成的周数"),
    "government.rebound_share": ("Tasks sent straight to the committee", "仍直接派给居委会的任务比例"),
    "government.pass_back": ("Workstation overflow passed back", "工作站积压任务回流居委会"),
    "government.committee_fallback": (
        "Committee may serve administrative requests (flexible separation)",
        "居委会可兜底办理行政事务（柔性分离）",
    ),
    "government.seal_share": ("Requests still needing the committee's seal", "仍需居委会盖章证明的事项比例"),
    "government.misdirected_share": ("Requests taken to the committee first", "居民仍先找居委会的事项比例"),
    "government.coordination_hours_per_week": (
        "Coordination and double reporting",
        "协调会议与重复报表时间",
    ),
    "government.info_hours_per_task": (
        "Committee time per workstation task",
        "工作站每项任务占用居委会的时间",
    ),
    "government.gatekeeping": ("Task gatekeeping list", "社区事务准入清单"),
    "government.gatekeeping_cap_per_week": ("Tasks admitted per week", "准入清单每周上限"),
    "government.staff_salary_yuan": ("Cost of one community worker", "社区工作者人均成本"),
    "government.discretionary_budget_yuan": ("Subdistrict discretionary budget", "街道可支配经费"),
    "committee.staff": ("Committee staff", "居委会工作人员"),
    "committee.hours_per_staff": ("Working time per staff member", "人均工作时间"),
    "committee.activities_share": ("Self-governance time on activities", "自治时间用于组织活动的比例"),
    "committee.meetings_share": (
        "Self-governance time on meetings and visits",
        "自治时间用于议事和走访的比例",
    ),
    "committee.volunteer_support_share": (
        "Self-governance time supporting volunteers",
        "自治时间用于支持志愿者的比例",
    ),
    "committee.contacts_per_meeting_hour": ("Residents met per meeting hour", "每小时议事走访接触居民数"),
    "committee.seats_per_organising_hour": (
        "Activity places per organising hour",
        "每小时组织活动提供的名额",
    ),
    "committee.volunteer_support_gain": ("Gain from supporting volunteers", "支持志愿者带来的提升幅度"),
    "committee.volunteer_support_full_hours": (
        "Support hours for the full gain",
        "达到全部提升所需的支持时间",
    ),
    "self_governance.volunteer_organisations": ("Volunteer organisations", "社区志愿者组织（助残、敬老）"),
    "self_governance.volunteer_incentives": ("Time-bank incentives", "志愿服务时间银行积分"),
    "self_governance.incentive_yuan_per_hour": ("Time-bank points per volunteer hour", "每志愿小时兑换积分"),
    "self_governance.cultural_teams": ("Cultural teams", "社区文艺团队"),
    "self_governance.seats_per_team": ("Activity places per cultural team", "每支文艺团队提供的活动名额"),
    "self_governance.team_grant_yuan": ("Grant per cultural team", "每支文艺团队补贴"),
    "self_governance.neighbourhood_points": ("Neighbourhood points", "睦邻点"),
    "self_governance.point_hours_per_week": ("Time per neighbourhood point", "每个睦邻点服务时间"),
    "self_governance.point_grant_yuan": ("Grant per neighbourhood point", "每个睦邻点补贴"),
    "self_governance.festivals_per_year": ("Neighbour festivals per year", "邻居节（每年次数）"),
    "self_governance.festival_reach": ("Residents a festival reaches", "邻居节覆盖居民比例"),
    "self_governance.festival_cost_yuan": ("Cost of one festival", "每次邻居节费用"),
    "self_governance.initial_volunteer_share": ("Registered volunteers at the start", "初始注册志愿者比例"),
    "social.co_building_units": ("Co-building units", "共建单位"),
    "social.joint_conferences_per_year": ("Joint conferences per year", "党建联席会议（每年次数）"),
    "social.engagement_scale": ("Conferences for most engagement", "共建单位投入达到约63%所需会议次数"),
    "social.two_new_organisations": ("'Two new' organisations", "两新组织"),
    "social.two_new_share": ("Contribution of a 'two new' organisation", "两新组织投入相当于共建单位的比例"),
    "social.unit_hours_per_week": ("Volunteer time per engaged unit", "每家单位志愿服务时间"),
    "social.unit_money_yuan": ("Money per engaged unit", "每家单位资助金额"),
    "social.seats_per_unit": ("Activity places per unit's venue", "每家单位场地提供的活动名额"),
    "market.elder_care": ("Home elderly care", "居家养老服务"),
    "market.elder_care_hours_per_week": ("Elderly-care time offered", "养老服务供给时间"),
    "market.elder_care_fee_yuan_per_hour": ("Elderly-care fee", "养老服务收费"),
    "market.care_budget_share": ("Share of income for one care visit", "单次养老服务可承受的收入比例"),
    "market.property_service": ("Property service", "物业服务"),
    "market.property_hours_per_week": ("Maintenance time offered", "物业维修供给时间"),
    "market.commercial_fee_yuan_month": ("Commercial property fee", "商业物业费"),
    "market.company_fee_yuan_month": ("Community company property fee", "社区物业公司收费"),
    "market.property_budget_share": ("Share of income for the property fee", "可承受物业费的收入比例"),
    "market.company_margin": ("Community company margin", "社区物业公司留存比例"),
    "market.purchase_budget_yuan": (
        "Government purchase of elderly care",
        "政府购买低收入老人养老服务经费",
    ),
    "social_workers.count": ("Social workers", "专业社工人数"),
    "social_workers.hours_per_week": ("Working time per social worker", "社工人均工作时间"),
    "social_workers.salary_yuan": ("Cost of one social worker", "社工人均成本"),
    "facilities.party_office": ("Party and committee office", "党组织和居委会办公室"),
    "facilities.library": ("Library and reading room", "图书阅览室"),
    "facilities.party_activity_room": ("Party members' activity room", "党员活动室"),
    "facilities.fitness_rehab_room": ("Fitness and rehabilitation room", "健身康复室"),
    "facilities.elderly_activity_room": ("Elderly activity room", "老年活动室"),
    "facilities.police_room": ("Community police room", "社区警务室"),
    "facilities.service_station": ("Community service station", "社区服务站"),
    "facilities.social_security_station": ("Labour and social security station", "劳动保障站"),
    "facilities.property_station": ("Property management station", "物业管理站"),
    "facilities.health_station": ("Health and family-planning station", "卫生计生服务站"),
    "facilities.publicity_board": ("Publicity board", "宣传栏"),
    "facilities.affairs_board": ("Public-affairs disclosure board", "居务公开栏"),
    "facilities.residents_school": ("Residents' school", "居民学校"),
    "facilities.outdoor_venue": ("Outdoor activity ground", "室外活动场地"),
    "facilities.upkeep_yuan": ("Running cost per facility", "每项设施运行成本"),
    "needs.admin_rate": ("Administrative requests per adult", "每名成年人行政事务需求"),
    "needs.elder_care_rate": ("Care requests per elderly resident", "每名老人养老服务需求"),
    "needs.elder_care_alone_factor": ("Care requests of the elderly living alone", "独居老人养老需求倍数"),
    "needs.disability_rate": ("Assistance requests per disabled resident", "每名残疾人助残需求"),
    "needs.dispute_rate": ("Neighbour disputes per adult", "每名成年人邻里纠纷发生率"),
    "needs.maintenance_rate": ("Maintenance requests per household", "每户维修需求"),
    "needs.activity_rate": ("Wishes to join an activity", "参加活动意愿"),
    "needs.admin_hours": ("Work per administrative request", "每项行政事务工时"),
    "needs.elder_care_hours": ("Work per care request", "每项养老服务工时"),
    "needs.disability_hours": ("Work per assistance request", "每项助残服务工时"),
    "needs.dispute_hours": ("Work per dispute mediation", "每次纠纷调解工时"),
    "needs.maintenance_hours": ("Work per maintenance request", "每项维修工时"),
    "needs.task_hours": ("Work per top-down task", "每项下派任务工时"),
    "needs.referral_hours": ("Work to refer a misdirected request", "转介一项事务的工时"),
    "needs.seal_hours": ("Work to certify or seal a request", "盖章证明一项事务的工时"),
    "needs.work_cv": ("Variability of work per need", "每项需求工时的变异系数"),
    "needs.target_weeks": ("On-time target", "按时办结时限"),
    "needs.patience_weeks": ("Residents' patience", "居民耐心期限"),
    "needs.escalation_weeks": ("Weeks before a dispute escalates", "纠纷升级期限"),
    "behaviour.satisfaction_baseline": ("Baseline satisfaction", "满意度基准水平"),
    "behaviour.satisfaction_drift": ("Weekly drift to baseline and norm", "满意度与期望每周回归速率"),
    "behaviour.expectation_norm": ("Expected share met on time", "居民预期的按时满足比例"),
    "behaviour.expectation_adaptation": ("Expectation adaptation per need", "每次服务后期望的调整幅度"),
    "behaviour.late_quality": ("Quality of a late service", "延迟服务的质量评价"),
    "behaviour.satisfaction_gain": ("Satisfaction gain per pleasant surprise", "超出预期带来的满意度提升"),
    "behaviour.satisfaction_wait_loss": ("Satisfaction loss per week waiting", "每等待一周的满意度下降"),
    "behaviour.satisfaction_fail_loss": ("Satisfaction loss per disappointment", "低于预期带来的满意度下降"),
    "behaviour.trust_contact_gain": ("Trust gain per contact", "每次接触带来的信任提升"),
    "behaviour.trust_decay": ("Weekly trust decay", "信任每周回落速度"),
    "behaviour.trust_floor": ("Trust floor", "信任下限"),
    "behaviour.trust_fail_loss": ("Trust lost per failed need", "需求落空时的信任损失"),
    "behaviour.trust_wait_loss": ("Trust lost per overdue week", "需求超期每周的信任损失"),
    "behaviour.belonging_activity_gain": ("Belonging gain per activity", "每次活动带来的归属感提升"),
    "behaviour.belonging_help_gain": ("Belonging gain per neighbourly help", "邻里互助带来的归属感提升"),
    "behaviour.volunteering_belonging_factor": (
        "Belonging from a week volunteering",
        "志愿服务一周带来的归属感（相对活动）",
    ),
    "behaviour.point_belonging_factor": (
        "Belonging from a point nearby",
        "附近睦邻点带来的归属感（相对互助）",
    ),
    "behaviour.belonging_decay": ("Weekly belonging decay", "归属感每周回落速度"),
    "behaviour.belonging_floor": ("Belonging floor", "归属感下限"),
    "behaviour.volunteer_join_rate": ("Weekly volunteer joining chance", "每周成为志愿者的概率"),
    "behaviour.volunteer_lapse_rate": ("Weekly chance a registration lapses", "每周志愿者注册失效的概率"),
    "behaviour.renter_move_rate": ("Weekly chance a renter household moves", "租房户每周搬离概率"),
    "behaviour.tie_recruitment": ("Recruitment through ties", "熟人带动系数"),
    "behaviour.join_propensity_offset": ("Joining odds without propensity", "无志愿倾向者的注册基数"),
    "behaviour.party_join_factor": ("Party members' joining odds", "党员注册志愿者的倍数"),
    "behaviour.incentive_join_factor": ("Incentives' effect on joining", "积分激励对注册的倍数"),
    "behaviour.volunteer_turnout": ("Weekly turnout per unit of propensity", "每单位志愿倾向的每周出勤概率"),
    "behaviour.strain_turnout_loss": ("Lower turnout when strained", "疲劳导致的出勤下降"),
    "behaviour.incentive_turnout_factor": ("Incentives' effect on turnout", "积分激励对出勤的倍数"),
    "behaviour.informal_volunteer_share": (
        "Effectiveness without an organisation",
        "无组织时志愿服务的有效比例",
    ),
    "behaviour.volunteer_stretch": ("Volunteers' stretch under pressure", "需求积压时志愿者可增加的倍数"),
    "behaviour.volunteer_minimum_load": ("Least load counted per volunteer", "志愿者最低计入工作量比例"),
    "behaviour.volunteer_hours": ("Time per active volunteer", "每名活跃志愿者服务时间"),
    "behaviour.burnout_threshold": ("Volunteer burnout threshold", "志愿者倦怠阈值"),
    "behaviour.burnout_recovery": ("Weight of this week in the strain", "本周服务时长在疲劳度中的权重"),
    "behaviour.burnout_quit_rate": ("Weekly quitting chance at the threshold", "达到倦怠阈值时每周退出概率"),
    "behaviour.burnout_exponent": ("Steepness of the burnout hazard", "倦怠退出风险随负荷上升的陡度"),
    "behaviour.crowd_out": ("Crowd-out of idle volunteers", "无事可做时志愿者流失的挤出系数"),
    "behaviour.apathy_gain": ("Discouragement when turned away", "活动满员被拒后的失望程度"),
    "behaviour.apathy_recovery": ("Weekly recovery from discouragement", "失望情绪每周消退比例"),
    "behaviour.activity_keenness_base": (
        "Willingness to attend without belonging",
        "无归属感时参加活动的意愿",
    ),
    "behaviour.activity_keenness_belonging": ("Willingness added by belonging", "归属感带来的参加活动意愿"),
    "behaviour.festival_keenness_base": ("Festival reach without belonging", "无归属感时邻居节覆盖倍数"),
    "behaviour.party_first_response": ("Stairwell groups settle a dispute", "楼道党小组化解纠纷概率"),
    "behaviour.point_mediation": ("Neighbourhood points settle a dispute", "睦邻点调解成功率"),
    "behaviour.committee_mediation": ("Committee settles a dispute", "居委会调解成功率"),
    "behaviour.social_worker_mediation": ("Social workers settle a dispute", "社工调解成功率"),
    "rollout.ramp_weeks": ("Reform ramp", "改革过渡期"),
    "rollout.set": ("Levers after the reform", "改革后的政策杠杆"),
}

# Choice values of the choice levers
_CHOICES: dict[str, dict[str, Pair]] = {
    "market.elder_care": {
        "none": ("none", "无"),
        "fee": ("fee-based", "收费服务"),
        "sponsored": ("sponsored, free to the elderly", "企业赞助、老人免费"),
    },
    "market.property_service": {
        "none": ("none", "无"),
        "commercial": ("commercial", "商业物业"),
        "community_company": ("community company, low fee", "社区物业公司（低收费）"),
    },
}

_UNIT_AT_END = re.compile(r"\s*\[([^\]]*)\]\s*$")


def _bare(dotted: str) -> str:
    """'rollout.set.government.workstation' -> 'government.workstation'."""
    return dotted.removeprefix("rollout.set.") if dotted.count(".") >= 3 else dotted


@cache
def _descriptions() -> dict[str, str]:
    """Every schema field's description by dotted key ('name', 'government.workstation', ...)."""
    from pydantic import BaseModel

    from model.schema import Scenario

    found: dict[str, str] = {}
    for name, field in Scenario.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            for key, inner in annotation.model_fields.items():
                found[f"{name}.{key}"] = inner.description or ""
        else:
            found[name] = field.description or ""
    return found


def schema_keys() -> list[str]:
    """Every dotted key of the schema (the keys `lever_label` must know)."""
    return list(_descriptions())


def lever_unit(dotted: str, lang: str = DEFAULT_LANG) -> str:
    """The unit of a lever (from the bracket ending its schema description), in `lang`."""
    found = _UNIT_AT_END.search(_descriptions().get(_bare(dotted), ""))
    return unit_label(found.group(1), lang) if found else ""


def lever_description(dotted: str) -> str:
    """The schema's own English description of a lever, without its unit."""
    return _UNIT_AT_END.sub("", _descriptions().get(_bare(dotted), ""))


def lever_label(dotted: str, lang: str = DEFAULT_LANG) -> str:
    """A short label of a schema field in `lang`; unknown keys come back unchanged."""
    key = _bare(dotted)
    en, zh = _LEVERS.get(key, (None, ""))
    if en is None:
        description = lever_description(key)
        if not description:
            return dotted
        en = description[0].upper() + description[1:]
    return _pick((en, zh), lang)


def choice_label(dotted: str, value: Any, lang: str = DEFAULT_LANG) -> str:
    """A choice lever's value in words (e.g. market.elder_care = sponsored)."""
    text = getattr(value, "value", value)
    pair = _CHOICES.get(_bare(dotted), {}).get(str(text))
    return _pick(pair, lang) if pair else str(text)


def choices(dotted: str) -> list[str]:
    """The values a choice lever can take, in schema order."""
    return list(_CHOICES.get(_bare(dotted), {}))


def value_text(dotted: str, value: Any, lang: str = DEFAULT_LANG) -> str:
    """A lever value as a person reads it: on/off, a choice in words, or a number."""
    if isinstance(value, bool):
        return t("ui.yes" if value else "ui.no", lang)
    if _bare(dotted) in _CHOICES:
        return choice_label(dotted, value, lang)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# --------------------------------------------------------------------------------------------
# Scenarios shipped in scenarios/ (others fall back to their own name and description)

_SCENARIOS: dict[str, tuple[Pair, Pair]] = {
    "traditional": (
        ("Traditional: the committee does everything", "传统模式：居委会包揽一切"),
        (
            "The residents' committee does everything: no workstation, a thin party network, no "
            "organised volunteers, no market providers.",
            "居委会承担全部工作：没有社区事务工作站，党组织网络薄弱，没有组织化的志愿者，也没有市场主体。",
        ),
    ),
    "separation": (
        ("Separation with added staff", "居站分离：增配工作站人员"),
        (
            "From week 52 a community affairs workstation with three staff of its own (the "
            "committee keeps its six) takes administrative services and top-down tasks off the "
            "committee.",
            "从第 52 周起，新设社区事务工作站并增配 3 名专职人员（居委会保留 6 人），"
            "承接行政事务和下派任务。",
        ),
    ),
    "separation_equal_staff": (
        ("Separation at equal staff", "居站分离：人员总数不变"),
        (
            "From week 52 three of the committee's six posts become the workstation's: the same "
            "six posts and the same public cost as traditional.",
            "从第 52 周起，居委会 6 个岗位中的 3 个划归工作站：岗位总数和公共支出与传统模式相同。",
        ),
    ),
    "committee_expanded": (
        ("The money of separation, without separating", "同等投入但不分离：充实居委会"),
        (
            "From week 52 the committee gets the three posts a workstation would have: nine "
            "staff, the same public cost as separation with added staff.",
            "从第 52 周起，把设立工作站的 3 个岗位直接加给居委会（共 9 人），"
            "公共支出与增配人员的居站分离相同。",
        ),
    ),
    "separation_strict": (
        ("Strict separation", "严格分离：居委会不兜底"),
        (
            "As separation with added staff, but the committee may not serve administrative "
            "requests the workstation has not reached.",
            "与增配人员的居站分离相同，但居委会不得办理工作站未能办理的行政事务。",
        ),
    ),
    "separation_nominal": (
        ("Nominal separation: two plaques, one team", "名义分离：两块牌子、一套人马"),
        (
            "The workstation is opened but staffed by the committee itself.",
            "挂牌成立工作站，但人员仍由居委会兼任。",
        ),
    ),
    "separation_understaffed": (
        ("Separation with an understaffed workstation", "居站分离但工作站人手不足"),
        (
            "Separation with a workstation of one staff member, too few for its administrative load.",
            "工作站只有一名人员，不足以承担行政事务量。",
        ),
    ),
    "task_gatekeeping": (
        ("Separation plus task gatekeeping", "居站分离＋社区事务准入清单"),
        (
            "Separation plus a gatekeeping list that admits on average at most 36 top-down tasks a "
            "week (the flow before the reform), so departments cannot push more down.",
            "在居站分离基础上，以准入清单把下派任务限定在平均每周 36 项（改革前的水平），"
            "部门无法借工作站多下派任务。",
        ),
    ),
    "party_network": (
        ("Party leadership: the three-tier network", "党建引领：三级党组织网络"),
        (
            "The three-tier network with stairwell groups, and a third of in-service members "
            "registering in the community.",
            "建立党总支—小区党支部—楼道党小组三级网络，三分之一的在职党员到居住社区报到。",
        ),
    ),
    "self_governance": (
        ("Community self-governance", "社区自治"),
        (
            "Volunteer organisations with time-bank incentives, cultural teams, neighbourhood "
            "points and festivals.",
            "志愿者组织和时间银行激励、社区文艺团队、睦邻点和邻居节。",
        ),
    ),
    "social_participation": (
        ("Social participation", "社会参与：共建单位与两新组织"),
        (
            "Twelve co-building units and twenty 'two new' organisations joined through a "
            "quarterly joint conference.",
            "12 家共建单位和 20 家两新组织通过每季度一次的党建联席会议参与社区治理。",
        ),
    ),
    "market": (
        ("Market operation", "市场运作"),
        (
            "Sponsored home elderly care, a low-fee community property company and government "
            "purchase of care for low-income elderly.",
            "企业赞助的居家养老服务、低收费的社区物业公司，以及政府为低收入老人购买养老服务。",
        ),
    ),
    "yicheng": (
        ("Yicheng: the full five-in-one arrangement", "宜城模式：五位一体"),
        (
            "Party leadership, separation, self-governance, social participation and market "
            "operation, with the full facility standard, rolled out from week 52.",
            "从第 52 周起推行党建引领、居站分离、社区自治、社会参与和市场运作，并按标准配齐公共空间设施。",
        ),
    ),
}


def scenario_label(name: str, lang: str = DEFAULT_LANG) -> str:
    """A shipped scenario's title in `lang`; other scenarios keep their own name."""
    entry = _SCENARIOS.get(name)
    return _pick(entry[0], lang) if entry else name


def scenario_description(name: str, lang: str = DEFAULT_LANG, fallback: str = "") -> str:
    """A shipped scenario's description in `lang`; `fallback` (its own text) for others."""
    entry = _SCENARIOS.get(name)
    return _pick(entry[1], lang) if entry else fallback


def known_scenarios() -> list[str]:
    return list(_SCENARIOS)


# --------------------------------------------------------------------------------------------
# Figures: Chinese needs a CJK font; without one, figures fall back to English labels

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)


@cache
def cjk_font() -> str | None:
    """The first installed font family that can show Chinese in matplotlib, or None."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def figure_lang(lang: str) -> str:
    """The language figures can be labelled in: `lang`, or English when no CJK font exists."""
    lang = check_lang(lang)
    return lang if lang != "zh" or cjk_font() else "en"


def figure_rc(lang: str) -> dict[RcKeyType, Any]:
    """matplotlib rc settings for figures in `lang` (use with matplotlib.rc_context)."""
    font = cjk_font() if figure_lang(lang) == "zh" else None
    if font is None:
        return {}
    return {"font.sans-serif": [font, "DejaVu Sans"], "axes.unicode_minus": False}
