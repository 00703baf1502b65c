"""Titles and descriptions of the shipped scenarios (keys scenario.NAME and scenario.NAME.description),
in the order the dashboard's scenario menu shows them."""

SCENARIOS: dict[str, dict[str, str]] = {
    "traditional": {"en": "Traditional: the committee does everything", "zh": "传统模式：居委会包揽一切"},
    "traditional.description": {
        "en": (
            "The residents' committee does everything: no workstation, a thin party network, no organised "
            "volunteers, no market providers."
        ),
        "zh": "居委会承担全部工作：没有社区事务工作站，党组织网络薄弱，没有组织化的志愿者，也没有市场主体。",
    },
    "separation": {"en": "Separation with added staff", "zh": "居站分离：增配工作站人员"},
    "separation.description": {
        "en": (
            "From week 52 a community affairs workstation with three staff of its own (the committee keeps "
            "its six) takes administrative services and top-down tasks off the committee."
        ),
        "zh": (
            "从第 52 周起，新设社区事务工作站并增配 3 名专职人员（居委会保留 6 人），承接行政事务和下派任务。"
        ),
    },
    "separation_equal_staff": {"en": "Separation at equal staff", "zh": "居站分离：人员总数不变"},
    "separation_equal_staff.description": {
        "en": (
            "From week 52 three of the committee's six posts become the workstation's: the same six posts "
            "and the same public cost as traditional."
        ),
        "zh": "从第 52 周起，居委会 6 个岗位中的 3 个划归工作站：岗位总数和公共支出与传统模式相同。",
    },
    "committee_expanded": {
        "en": "The money of separation, without separating",
        "zh": "同等投入但不分离：充实居委会",
    },
    "committee_expanded.description": {
        "en": (
            "From week 52 the committee gets the three posts a workstation would have: nine staff, the same "
            "public cost as separation with added staff."
        ),
        "zh": (
            "从第 52 周起，把设立工作站的 3 个岗位直接加给居委会（共 9 人），"
            "公共支出与增配人员的居站分离相同。"
        ),
    },
    "separation_strict": {"en": "Strict separation", "zh": "严格分离：居委会不兜底"},
    "separation_strict.description": {
        "en": (
            "As separation with added staff, but the committee may not serve administrative requests the "
            "workstation has not reached."
        ),
        "zh": "与增配人员的居站分离相同，但居委会不得办理工作站未能办理的行政事务。",
    },
    "separation_nominal": {
        "en": "Nominal separation: two plaques, one team",
        "zh": "名义分离：两块牌子、一套人马",
    },
    "separation_nominal.description": {
        "en": "The workstation is opened but staffed by the committee itself.",
        "zh": "挂牌成立工作站，但人员仍由居委会兼任。",
    },
    "separation_understaffed": {
        "en": "Separation with an understaffed workstation",
        "zh": "居站分离但工作站人手不足",
    },
    "separation_understaffed.description": {
        "en": "Separation with a workstation of one staff member, too few for its administrative load.",
        "zh": "工作站只有一名人员，不足以承担行政事务量。",
    },
    "task_gatekeeping": {"en": "Separation plus task gatekeeping", "zh": "居站分离＋社区事务准入清单"},
    "task_gatekeeping.description": {
        "en": (
            "Separation plus a gatekeeping list that admits on average at most 36 top-down tasks a week (the "
            "flow before the reform), so departments cannot push more down."
        ),
        "zh": (
            "在居站分离基础上，以准入清单把下派任务限定在平均每周 36 项（改革前的水平），"
            "部门无法借工作站多下派任务。"
        ),
    },
    "party_network": {"en": "Party leadership: the three-tier network", "zh": "党建引领：三级党组织网络"},
    "party_network.description": {
        "en": (
            "The three-tier network with stairwell groups, and a third of in-service members registering in "
            "the community."
        ),
        "zh": "建立党总支—小区党支部—楼道党小组三级网络，三分之一的在职党员到居住社区报到。",
    },
    "self_governance": {"en": "Community self-governance", "zh": "社区自治"},
    "self_governance.description": {
        "en": (
            "Volunteer organisations with time-bank incentives, cultural teams, neighbourhood points and "
            "festivals."
        ),
        "zh": "志愿者组织和时间银行激励、社区文艺团队、睦邻点和邻居节。",
    },
    "social_participation": {"en": "Social participation", "zh": "社会参与：共建单位与两新组织"},
    "social_participation.description": {
        "en": (
            "Twelve co-building units and twenty 'two new' organisations joined through a quarterly joint "
            "conference."
        ),
        "zh": "12 家共建单位和 20 家两新组织通过每季度一次的党建联席会议参与社区治理。",
    },
    "market": {"en": "Market operation", "zh": "市场运作"},
    "market.description": {
        "en": (
            "Sponsored home elderly care, a low-fee community property company and government purchase of "
            "care for low-income elderly."
        ),
        "zh": "企业赞助的居家养老服务、低收费的社区物业公司，以及政府为低收入老人购买养老服务。",
    },
    "yicheng": {"en": "Yicheng: the full five-in-one arrangement", "zh": "宜城模式：五位一体"},
    "yicheng.description": {
        "en": (
            "Party leadership, separation, self-governance, social participation and market operation, with "
            "the full facility standard, rolled out from week 52."
        ),
        "zh": "从第 52 周起推行党建引领、居站分离、社区自治、社会参与和市场运作，并按标准配齐公共空间设施。",
    },
}
