"""Retake the guides' screenshots in docs/images/ with Debian's Chromium (never a downloaded browser).

Run by `python -m tools.refresh_guides --screenshots` (`make guides SCREENSHOTS=1`) after the guides:
the report shots open results/guide-staffing/report.html and report.zh.html, which the analysts'
guide's commands write. The dashboard runs as in the browser tests (tests/browser/conftest.py: a
child `commgov dashboard` on a free loopback port, every request leaving the machine refused) and
both arms are stepped to a fixed week, so a retake shows the same communities on the same seed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.browser.conftest import CHROMIUM_ARGS, Dashboard, OfflineContext, chromium_path
from tools.refresh_guides import ROOT, GuideError, fresh_matplotlib

IMAGES = ROOT / "docs" / "images"
ARTIFACTS = ROOT / "test-artifacts"
REPORT = ROOT / "results" / "guide-staffing"
WEEK = 78  # half a year after the reform of week 52: six frames of 13 weeks
WEEKS_PER_FRAME = 13
MAX_KB = 250
NOISE_LEVEL = 32  # a pixel is changed when a channel differs by more than this (of 255)
NOISE_PIXELS = 16  # and a picture when more pixels than this changed
REPORT_VIEWPORT = 1200  # the report laid out as on a laptop, then scaled to REPORT_WIDTH
REPORT_WIDTH = 900


def save(png: bytes, name: str, width: int) -> Path:
    """A screenshot scaled to `width` and reduced to 256 colours, so the repository stays small.

    A picture that differs from the one already there in at most NOISE_PIXELS pixels by more than
    NOISE_LEVEL is the same picture and is kept: Chromium places a slider's thumb a sub-pixel
    differently now and then, and the 256-colour palette then shifts every colour slightly. So a
    retake without a change in the model leaves docs/images/ as it was, while a changed number or
    line (many pixels far off) is written.
    """
    import numpy as np
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    if image.width != width:
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    path = IMAGES / f"{name}.png"
    if path.is_file():
        old = np.asarray(Image.open(path).convert("RGB"), dtype=int)
        new = np.asarray(image.convert("RGB"), dtype=int)
        if old.shape == new.shape and (abs(old - new).max(axis=2) > NOISE_LEVEL).sum() <= NOISE_PIXELS:
            return path
    image.save(path, optimize=True)
    if path.stat().st_size > MAX_KB * 1024:
        raise GuideError(f"{path.name} is {path.stat().st_size // 1024} KB, over {MAX_KB} KB")
    return path


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's headless Chromium driven by playwright; an error when it is not installed."""
    path = chromium_path()
    if path is None:
        raise GuideError("screenshots need Chromium (apt-get install chromium); none was downloaded")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def dashboard(lang: str) -> Iterator[Dashboard]:
    """A running `commgov dashboard --lang LANG`, stopped on exit."""
    server = Dashboard(lang, ARTIFACTS / f"guide-dashboard-{lang}.log")
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


def wait_for_week(page: object, week: int) -> None:
    page.wait_for_function(
        "w => (document.querySelector('.commgov-week')?.innerText.match(/\\d+/) || [''])[0] === String(w)",
        arg=week,
    )


def open_at_week(browser: object, server: Dashboard, scenarios: dict[str, str]) -> object:
    """The dashboard with arm A and B set to `scenarios` (by title), stepped to WEEK."""
    context = OfflineContext(browser)
    page = context.new_page()
    page.goto(server.url)
    page.wait_for_selector(".commgov-values table")
    wait_for_week(page, 0)
    for arm, title in scenarios.items():
        page.click(f".commgov-scenario-{arm}")
        page.click(f".v-menu__content:visible .v-list-item:has-text('{title}')")
        page.wait_for_function(
            "([arm, title]) => document.querySelector(`.commgov-arm-${arm} h3`)?.innerText.includes(title)",
            arg=[arm, title],
        )
    page.locator(".v-slider").nth(1).locator("[role=slider]").focus()  # weeks per frame
    page.keyboard.press("End")
    page.wait_for_function(
        "n => document.body.innerText.includes(': ' + n)",
        arg=WEEKS_PER_FRAME,
    )
    for frame in range(1, WEEK // WEEKS_PER_FRAME + 1):
        page.click(".commgov-step")
        wait_for_week(page, frame * WEEKS_PER_FRAME)
    page.wait_for_load_state("networkidle")
    page.mouse.move(0, 0)  # no hover effect on a control
    page.wait_for_timeout(1500)  # the figures of the last frame arrive after the week label
    if context.outside:
        raise GuideError(f"the dashboard asked for addresses beyond this machine: {context.outside}")
    return page


def dashboard_shots(browser: object) -> list[Path]:
    """The workshop guide's pictures: separation with added staff beside an understaffed one, and zh."""
    with dashboard("en") as server:
        page = open_at_week(browser, server, {"a": "Separation with added staff", "b": "understaffed"})
        sidebar = {"x": 0, "y": 0, "width": 400, "height": 1450}
        shots = [
            save(page.screenshot(full_page=True, animations="disabled"), "dashboard-separation", 1100),
            save(page.screenshot(clip=sidebar, animations="disabled"), "dashboard-controls", 340),
        ]
    with dashboard("zh") as server:
        page = open_at_week(browser, server, {})
        shots.append(save(page.screenshot(full_page=True, animations="disabled"), "dashboard-zh", 1100))
    return shots


def report_shots(browser: object) -> list[Path]:
    """The analysts' guide's pictures of the report: question and arms, the results, the results in zh."""
    missing = [p for p in (REPORT / "report.html", REPORT / "report.zh.html") if not p.is_file()]
    if missing:
        raise GuideError(f"{missing[0].relative_to(ROOT)} is missing: refresh docs/guide-analysts.md first")
    page = browser.new_page(viewport={"width": REPORT_VIEWPORT, "height": 900})
    page.goto((REPORT / "report.html").as_uri())
    question = page.locator("#question").bounding_box()
    settings = page.locator("#settings").bounding_box()  # the header above has the time of writing
    top = {"x": 0, "y": question["y"], "width": REPORT_VIEWPORT, "height": settings["y"] - question["y"]}
    shots = [
        save(page.screenshot(clip=top, full_page=True), "guide-analysts-report", REPORT_WIDTH),
        save(page.locator("#results").screenshot(), "guide-analysts-results", REPORT_WIDTH),
    ]
    page.goto((REPORT / "report.zh.html").as_uri())
    shots.append(save(page.locator("#results").screenshot(), "guide-analysts-zh", REPORT_WIDTH))
    page.close()
    return shots


def retake() -> list[Path]:
    """Every screenshot the guides use, retaken on the current model (zh figures in Chinese)."""
    with fresh_matplotlib(), chromium() as browser:
        return report_shots(browser) + dashboard_shots(browser)
