"""One community of a subdistrict in a real headless Chromium: pick the subdistrict, then the community;
its context line appears beside the same community without the reform, and both step."""

from __future__ import annotations

import pytest

from tests.browser.test_dashboard_browser import open_dashboard, wait_for_week

pytestmark = pytest.mark.browser


def test_pick_a_subdistrict_and_one_of_its_communities(offline, dashboard_en, screenshot):
    page = open_dashboard(offline, dashboard_en)
    page.click(".commgov-scenario-a")
    page.click(".v-menu__content:visible .v-list-item:has-text('A Yicheng-like subdistrict')")
    page.wait_for_selector(".commgov-arm-a .commgov-context")
    page.click(".commgov-community-a")
    page.click(".v-menu__content:visible .v-list-item:has-text('Estate 1 — Commodity-housing estate')")
    page.wait_for_function(
        "t => document.querySelector('.commgov-arm-a .commgov-context')?.innerText.startsWith(t)",
        arg="Community 7 of 10",
    )
    context = page.inner_text(".commgov-arm-a .commgov-context")
    assert "Commodity-housing estate, 3,500 households, adopts the reform in week 104." in context
    assert "without the reform it adopts in week 104" in page.inner_text(".commgov-arm-b .commgov-context")
    assert page.is_checked(".commgov-with-reform-a input") and not page.is_checked(
        ".commgov-with-reform-b input"
    )
    assert page.inner_text(".commgov-week") == "Week 0 of 156"
    page.click(".commgov-step")
    wait_for_week(page, 1)
    assert page.inner_text(".commgov-values tr[data-outcome='admin_backlog'] .value-a") != "–"
    screenshot(page, "dashboard-community", full_page=True)
