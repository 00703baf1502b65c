"""The dashboard in a real headless Chromium: it loads offline, both arms render, levers and the
run controls work, sessions are separate, and the Chinese page reads Chinese."""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser


def week_of(page) -> int:
    text = page.inner_text(".commgov-week")
    found = re.search(r"\d+", text)
    assert found, text
    return int(found.group())


def wait_for_week(page, week: int) -> None:
    page.wait_for_function(
        "w => (document.querySelector('.commgov-week')?.innerText.match(/\\d+/) || [''])[0] === String(w)",
        arg=week,
    )


def open_dashboard(context, server):
    page = context.new_page()
    page.goto(server.url)
    page.wait_for_selector(".commgov-week")
    wait_for_week(page, 0)
    page.wait_for_selector(".commgov-values table")
    return page


def images_loaded(page, selector: str) -> int:
    return page.eval_on_selector_all(
        selector, "imgs => imgs.filter(i => i.complete && i.naturalWidth > 0).length"
    )


def test_page_loads_offline_with_both_arms(offline, dashboard_en, screenshot):
    page = open_dashboard(offline, dashboard_en)
    assert page.inner_text(".commgov-week") == "Week 0 of 156"
    for arm in ("a", "b"):
        page.wait_for_selector(f".commgov-arm-{arm} img")
        assert images_loaded(page, f".commgov-arm-{arm} img") == 1
    assert "Traditional" in page.inner_text(".commgov-arm-a")
    assert "Yicheng" in page.inner_text(".commgov-arm-b")
    header = page.inner_text(".commgov-values tr")
    assert "Outcome" in header and "B − A" in header
    assert "samesite" not in dashboard_en.log.read_text()  # Solara's cookie warning is silenced
    screenshot(page, "dashboard-en", full_page=True)


def test_sliders_have_room_and_scenario_names_are_whole(offline, dashboard_en, screenshot):
    """Labels sit above full-width slider tracks; scenario titles wrap instead of being cut off."""
    page = open_dashboard(offline, dashboard_en)
    tracks = page.eval_on_selector_all(".v-input__slider .v-slider", "els => els.map(e => e.clientWidth)")
    assert len(tracks) == 2 + 2 * 4 and min(tracks) > 200, tracks  # the run's two, four per arm
    whole = "e => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1"
    lever = ".commgov-lever-a-government-top-down-tasks-per-week"
    assert "Top-down tasks per week: 36 tasks/week" in page.inner_text(f"{lever} .v-label")
    assert page.eval_on_selector(f"{lever} .v-label", whole)
    picked = ".commgov-scenario-a .v-select__selection"
    assert page.inner_text(picked) == "Traditional: the committee does everything"
    assert page.eval_on_selector(picked, whole)
    page.click(".commgov-scenario-a")
    items = ".v-menu__content:visible .v-list-item__title"
    # the menu opens with a transition: measure once it has settled (a loaded machine is slow); on a
    # timeout the assertion below says which titles do not fit
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"() => {{ const els = [...document.querySelectorAll('.v-menu__content .v-list-item__title')]"
            f".filter(e => e.offsetParent); return els.length >= 6 && els.every({whole}); }}",
            timeout=10_000,
        )
    titles = page.eval_on_selector_all(items, f"els => els.map(e => [e.innerText, ({whole})(e)])")
    assert len(titles) >= 6 and all(fits for _, fits in titles), titles
    screenshot(page, "dashboard-scenario-menu")


def test_change_a_lever_step_and_values_change(offline, dashboard_en):
    page = open_dashboard(offline, dashboard_en)
    page.click(".commgov-lever-a-government-workstation label")
    page.wait_for_function(
        "() => document.querySelector('.commgov-arm-a .commgov-changed')?.innerText"
        ".includes('Community affairs workstation = on')"
    )
    wait_for_week(page, 0)
    before = page.inner_text(".commgov-values")
    for week in (1, 2, 3):
        page.click(".commgov-step")
        wait_for_week(page, week)
    page.wait_for_function("old => document.querySelector('.commgov-values').innerText !== old", arg=before)
    after = page.inner_text(".commgov-values")
    assert after != before
    trust = page.inner_text(".commgov-values tr[data-outcome='trust'] .value-a")
    assert re.fullmatch(r"0\.\d{3}", trust), trust
    # the edit survives stepping, and Reset goes back to week 0 with it
    assert "workstation = on" in page.inner_text(".commgov-arm-a .commgov-changed")
    page.click(".commgov-reset")
    wait_for_week(page, 0)
    assert "workstation = on" in page.inner_text(".commgov-arm-a .commgov-changed")


def test_play_and_pause(offline, dashboard_en):
    page = open_dashboard(offline, dashboard_en)
    page.click(".commgov-play")
    page.wait_for_function(
        "() => Number((document.querySelector('.commgov-week').innerText.match(/\\d+/)||[0])[0]) >= 3"
    )
    page.click(".commgov-play")  # now labelled Pause
    page.wait_for_selector(".commgov-play:has-text('Play')")
    paused_at = week_of(page)
    page.wait_for_timeout(1500)
    assert week_of(page) == paused_at


def test_each_browser_session_has_its_own_models(offline, second_offline, dashboard_en):
    first = open_dashboard(offline, dashboard_en)
    second = open_dashboard(second_offline, dashboard_en)
    for week in (1, 2):
        first.click(".commgov-step")
        wait_for_week(first, week)
    second.wait_for_timeout(500)
    assert week_of(second) == 0
    second.click(".commgov-step")
    wait_for_week(second, 1)
    assert week_of(first) == 2
    # a lever change in one session leaves the other alone
    first.click(".commgov-lever-a-government-gatekeeping label")
    first.wait_for_function(
        "() => document.querySelector('.commgov-arm-a .commgov-changed').innerText.includes('gatekeeping')"
    )
    wait_for_week(first, 0)
    assert week_of(second) == 1
    assert "As in the scenario file" in second.inner_text(".commgov-arm-a .commgov-changed")


def test_pick_scenarios_and_watch_the_queue(offline, dashboard_en, screenshot):
    """Arm A: staffed separation; arm B: understaffed."""
    page = open_dashboard(offline, dashboard_en)
    for arm, title in (("a", "Separation with added staff"), ("b", "understaffed")):
        page.click(f".commgov-scenario-{arm}")
        page.click(f".v-menu__content:visible .v-list-item:has-text('{title}')")
        page.wait_for_function(
            "([arm, title]) => document.querySelector(`.commgov-arm-${arm} h3`)?.innerText.includes(title)",
            arg=[arm, title],
        )
    # the levers follow the picked scenario (after its reform): both have a workstation
    for arm in ("a", "b"):
        assert page.is_checked(f".commgov-lever-{arm}-government-workstation input")
    page.click(".commgov-play")
    page.wait_for_function(
        "() => Number((document.querySelector('.commgov-week').innerText.match(/\\d+/)||[0])[0]) >= 64",
        timeout=120_000,
    )
    page.click(".commgov-play")
    page.wait_for_selector(".commgov-play:has-text('Play')")
    backlog_a = page.inner_text(".commgov-values tr[data-outcome='admin_backlog'] .value-a")
    backlog_b = page.inner_text(".commgov-values tr[data-outcome='admin_backlog'] .value-b")
    assert backlog_a != "–" and backlog_b != "–"
    screenshot(page, "dashboard-separation", full_page=True)


def test_chinese_page(offline, dashboard_zh, screenshot):
    page = open_dashboard(offline, dashboard_zh)
    assert page.inner_text(".commgov-week") == "第 0 周 / 共 156 周"
    assert page.inner_text(".commgov-step").strip() == "单步"
    assert "播放" in page.inner_text(".commgov-play")
    text = page.inner_text("body")
    for label in (
        "运行",
        "模式 A",
        "模式 B",
        "传统模式",
        "宜城模式",
        "社区事务工作站",
        "睦邻点",
        "专业社工",
        "指标",
    ):
        assert label in text, label
    assert "需求按时满足率" in page.inner_text(".commgov-values")
    page.click(".commgov-step")
    wait_for_week(page, 1)
    assert page.inner_text(".commgov-week") == "第 1 周 / 共 156 周"
    page.click(".commgov-play")
    page.wait_for_function(
        "() => Number((document.querySelector('.commgov-week').innerText.match(/\\d+/)||[0])[0]) >= 60",
        timeout=120_000,
    )
    page.click(".commgov-play")
    page.wait_for_selector(".commgov-play:has-text('播放')")
    screenshot(page, "dashboard-zh", full_page=True)
    # the language can be switched per session
    page.click(".commgov-lang-en")
    page.wait_for_selector(".commgov-step:has-text('Step')")


def test_chinese_is_drawn_with_the_served_font_where_the_machine_has_none(
    offline_without_chinese_fonts, dashboard_zh, screenshot
):
    """Without a system Chinese font the page's Chinese glyphs come from the served subset, not boxes."""
    page = open_dashboard(offline_without_chinese_fonts, dashboard_zh)
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        "() => [...document.fonts].filter(f => f.family.replace(/\"/g, '') === 'Noto Sans SC commgov')"
        ".map(f => f.status)"
    )
    assert "loaded" in loaded, loaded
    cdp = offline_without_chinese_fonts.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    for selector, text in (
        (".commgov-step .v-btn__content", "单步"),
        (".commgov-week", "第 0 周 / 共 156 周"),
    ):
        assert page.inner_text(selector).strip() == text
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        served = [f for f in fonts if f["isCustomFont"] and f["postScriptName"].startswith("NotoSansCJKsc-")]
        chinese = sum(1 for char in text if "\u4e00" <= char <= "\u9fff")
        assert served and sum(f["glyphCount"] for f in served) == chinese, fonts
    screenshot(
        page, "dashboard-zh-without-system-chinese-font", clip={"x": 0, "y": 0, "width": 1000, "height": 700}
    )
