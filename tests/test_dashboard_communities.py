"""The dashboard shows one community of a subdistrict exactly as the subdistrict runs it, by identifier."""

from __future__ import annotations

from typing import Any

import pytest

from model.cli import main
from model.dashboard import catalogue, communities, launch, page
from model.dashboard.frames import changed_text
from model.dashboard.levers import arm_scenario
from model.dashboard.paired import PairedCommunities
from model.dashboard.session import Settings
from model.scenario import scenario_to_dict
from model.subdistrict import load_subdistrict

YICHENG = "subdistrict_yicheng"


def test_the_menu_offers_the_subdistricts_and_the_second_menu_their_communities():
    offered = catalogue.current()
    assert YICHENG in offered.ids() and offered.label(YICHENG, "zh").startswith("宜城式街道")
    subdistrict = load_subdistrict(YICHENG)
    ids = offered.community_ids(YICHENG)
    assert ids == [f"{YICHENG}/{c.entry.name}" for c in subdistrict.communities]
    assert offered.label(ids[0], "en") == "Old town 1 — Old-town community (2,400 households)"
    assert offered.label(ids[0], "zh") == "Old town 1 — 老城区社区（2,400 户）"
    types = {offered.label(i, "zh").split(" — ")[1].split("（")[0] for i in ids}
    assert types == {"老城区社区", "商品房小区", "安置小区", "流动人口聚居社区"}
    pick = offered.pick(ids[2])
    assert pick is not None
    assert communities.context(pick, "en") == (
        "Community 3 of 10 in “A Yicheng-like subdistrict: pilot in two old-town communities, then "
        "everywhere”: Old-town community, 1,800 households, adopts the reform in week 104."
    )
    assert "第 3 个社区（共 10 个）" in communities.context(pick, "zh")


@pytest.mark.parametrize("index", [0, 6])  # a pilot old-town community; an estate with its own overrides
def test_a_chosen_community_runs_the_scenario_the_subdistrict_gives_it(index):
    community = load_subdistrict(YICHENG).communities[index]
    settings = Settings().with_scenario("A", YICHENG)
    settings = settings.with_scenario("A", f"{YICHENG}/{community.entry.name}")
    assert (settings.seed, settings.reform_week) == (
        community.scenario.run.seed,
        community.scenario.run.rollout_week,
    )
    chosen = arm_scenario(settings.scenario_a, seed=settings.seed, reform_week=settings.reform_week)
    assert scenario_to_dict(chosen) == scenario_to_dict(community.scenario)
    # the other arm: the same community, the same seed, nothing set at the reform week
    assert settings.scenario_b == f"{YICHENG}/{community.entry.name}/{communities.WITHOUT_REFORM}"
    without = arm_scenario(settings.scenario_b, seed=settings.seed, reform_week=settings.reform_week)
    expected = scenario_to_dict(community.scenario)
    expected["rollout"]["set"] = {}
    assert scenario_to_dict(without) == expected


def test_only_the_chosen_community_is_built():
    pair = PairedCommunities(
        **Settings().with_scenario("B", YICHENG).kwargs() | {"households": 60, "weeks": 2}
    )
    try:
        assert [arm.name for arm in pair.arms] == [
            f"{YICHENG}/Old town 1/without reform",
            f"{YICHENG}/Old town 1",
        ]
        assert pair.reform_week == 52
        pair.step()
        assert pair.week == 1
        texts = [changed_text(arm, "en") for arm in pair.arms]
        assert texts == ["As the subdistrict runs this community."] * 2
        assert changed_text(pair.arms[0], "zh") == "与街道中该社区的设置一致。"
    finally:
        pair.release()


def test_the_other_arm_follows_only_while_it_shows_the_counterpart():
    chosen = Settings().with_scenario("A", f"{YICHENG}/Estate 1")
    moved = chosen.with_scenario("A", f"{YICHENG}/Migrant 1")
    assert moved.scenario_b == f"{YICHENG}/Migrant 1/without reform"
    compared = moved.with_scenario("B", f"{YICHENG}/Old town 2")  # B follows A's counterpart: A follows
    assert compared.scenario_a == f"{YICHENG}/Old town 2/without reform"
    other = compared.with_arm("B", f"{YICHENG}/Estate 2")  # a community chosen on purpose stays
    assert other.with_scenario("A", f"{YICHENG}/Old town 1").scenario_b == f"{YICHENG}/Estate 2"


@pytest.mark.parametrize(
    "value",
    [
        YICHENG + "/Old town 9",
        YICHENG + "/old town 1",
        YICHENG + "/Old town 1/",
        "subdistrict_large/Old town 1/../../etc/passwd",
        "scenarios/subdistrict_yicheng.toml",
        "/etc/passwd",
        None,
        ["subdistrict_yicheng/Old town 1"],
    ],
)
def test_an_identifier_not_on_offer_is_refused(value):
    with pytest.raises(ValueError):
        Settings().with_scenario("A", value)
    with pytest.raises(ValueError):
        Settings().with_arm("A", value)
    with pytest.raises(ValueError):
        Settings().with_arm("A", YICHENG)  # a subdistrict is a menu entry, not something an arm runs


def _find(rc: Any, kind: str, css: str) -> Any:
    import ipyvuetify as v

    return rc.find(getattr(v, kind), class_=css)


@pytest.mark.parametrize("value", ["subdistrict_large/Old town 1", "/etc/passwd", "Old town 2", 3, True])
def test_the_community_menu_refuses_what_it_does_not_list_in_one_translated_sentence(monkeypatch, value):
    import solara

    monkeypatch.setenv("COMMGOV_DASHBOARD_HOUSEHOLDS", "60")
    monkeypatch.setenv("COMMGOV_DASHBOARD_WEEKS", "4")
    _, rc = solara.render(page.Dashboard(app_layout=False), handle_error=False)
    try:
        _find(rc, "Select", "commgov-scenario-a").widget.v_model = YICHENG
        menu = _find(rc, "Select", "commgov-community-a").widget
        assert menu.v_model == f"{YICHENG}/Old town 1"
        context = _find(rc, "Html", "commgov-context").widgets[0].children[0]
        assert context.startswith("Community 1 of 10 in")
        _find(rc, "Btn", "commgov-step").widget.click()
        menu.v_model = value
        assert _find(rc, "Alert", "commgov-refused").widgets  # "That value is not one this control takes…"
        assert _find(rc, "Html", "commgov-week").widget.children[0] == "Week 1 of 4"  # nothing rebuilt
        menu.v_model = f"{YICHENG}/Estate 2"
        assert not _find(rc, "Alert", "commgov-refused").widgets
        assert _find(rc, "Select", "commgov-scenario-b").widget.v_model == YICHENG
        assert _find(rc, "Select", "commgov-community-b").widget.v_model == f"{YICHENG}/Estate 2"
    finally:
        rc.close()


def test_a_subdistrict_file_named_at_launch_offers_its_communities(tmp_path, monkeypatch):
    text = (catalogue.shipped.named(YICHENG, "scenarios")).read_text()
    path = tmp_path / "our_subdistrict.toml"
    path.write_text(text.replace('name = "Old town 1"', 'name = "Riverside"'))
    monkeypatch.setenv(catalogue.FILES_ENV, str(path))
    catalogue.current.cache_clear()
    try:
        offered = catalogue.current()
        assert offered.ids()[-1] == "our_subdistrict" and offered.path("our_subdistrict") == path
        assert offered.arm("our_subdistrict") == "our_subdistrict/Riverside"
        assert offered.label("our_subdistrict/Riverside", "en").startswith("Riverside — Old-town community")
        assert catalogue.files_value(offered) == str(path)
    finally:
        catalogue.current.cache_clear()


def test_a_subdistrict_file_that_cannot_be_used_is_refused_before_anything_starts(
    tmp_path, capsys, monkeypatch
):
    text = (catalogue.shipped.named(YICHENG, "scenarios")).read_text()
    path = tmp_path / "broken.toml"
    path.write_text(text.replace('type = "migrant"', 'type = "migrants"', 1))
    monkeypatch.setattr(launch.subprocess, "Popen", lambda *a, **k: pytest.fail("no server may start"))
    assert main(["dashboard", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "type = 'migrants' is not a type preset" in err


def test_the_context_line_says_when_a_community_does_not_adopt_the_reform_within_the_run(
    tmp_path, monkeypatch
):
    text = (catalogue.shipped.named(YICHENG, "scenarios")).read_text()
    path = tmp_path / "late.toml"
    path.write_text(text.replace("reform_week = 52", "reform_week = 400", 1))
    offered = catalogue.Catalogue([path])
    for ident in ("late/Old town 1", "late/Old town 1/without reform"):
        pick = offered.pick(ident)
        assert pick is not None
        assert communities.context(pick, "en").endswith("does not adopt the reform within the run.")
        assert communities.context(pick, "zh").endswith("运行期内不推行改革。")
