"""Fixtures for driving the dashboard in Debian's headless Chromium with Playwright.

The dashboard runs as `commgov dashboard` in a child process on a free loopback port; every
request the page makes is routed, and a request for any host other than 127.0.0.1/localhost is
aborted and recorded so the test fails (the dashboard must work with no internet). Screenshots go
to test-artifacts/ (git-ignored); the guides' pictures in docs/images/ are retaken by
tools/guide_screenshots.py (`make guides SCREENSHOTS=1`), which uses the Dashboard class below.
Never downloads a browser: without /usr/bin/chromium (or $COMMGOV_CHROMIUM) the tests are skipped.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
STARTUP_SECONDS = 90


def chromium_path() -> str | None:
    for candidate in (os.environ.get("COMMGOV_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Dashboard:
    """A running `commgov dashboard` child process."""

    def __init__(self, lang: str, log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        env = dict(os.environ)
        env.pop("COMMGOV_DASHBOARD_HOUSEHOLDS", None)  # the default size: what workshops see
        env.pop("COMMGOV_DASHBOARD_WEEKS", None)
        log.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "model.cli", "dashboard", "--port", str(self.port), "--lang", lang],
            cwd=ROOT,
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole afterwards
        )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the dashboard exited early:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"the dashboard did not answer within {STARTUP_SECONDS}s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log_file.close()


def _serve(lang: str) -> Iterator[Dashboard]:
    if chromium_path() is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    server = Dashboard(lang, ARTIFACTS / f"dashboard-{lang}.log")
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def dashboard_en() -> Iterator[Dashboard]:
    yield from _serve("en")


@pytest.fixture(scope="session")
def dashboard_zh() -> Iterator[Dashboard]:
    yield from _serve("zh")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


def _fontconfig_without_chinese(folder: Path) -> dict[str, str] | None:
    """An environment whose fontconfig rejects every installed Chinese font (None without fc-list)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    listed = subprocess.run([fc_list, ":lang=zh", "file"], capture_output=True, text=True, check=True)
    files = [line.rstrip().rstrip(":") for line in listed.stdout.splitlines() if line.strip()]
    rejected = "".join(f"<glob>{name}</glob>" for name in files)
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<selectfont><rejectfont>{rejected}</rejectfont></selectfont></fontconfig>"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    left = subprocess.run([fc_list, ":lang=zh", "file"], capture_output=True, text=True, env=env, check=True)
    assert not left.stdout.strip(), f"fontconfig still offers Chinese fonts: {left.stdout}"
    return env


@pytest.fixture
def browser_without_chinese_fonts(browser: object, tmp_path: Path) -> Iterator[object]:
    """Chromium on a machine as if it had no Chinese font (fontconfig told to reject them)."""
    env = _fontconfig_without_chinese(tmp_path)
    if env is None:
        pytest.skip("fc-list (Debian's fontconfig) is not installed")
    launched = browser.browser_type.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True, env=env
    )
    yield launched
    launched.close()


@pytest.fixture
def offline_without_chinese_fonts(browser_without_chinese_fonts: object) -> Iterator[OfflineContext]:
    """An offline context in that browser."""
    yield from _offline_context(browser_without_chinese_fonts)


class OfflineContext:
    """A browser context whose requests may only go to this machine."""

    def __init__(self, browser: object) -> None:
        self.context = browser.new_context(viewport={"width": 1500, "height": 1450}, locale="en-GB")
        self.outside: list[str] = []
        self.context.route("**/*", self._route)

    def _route(self, route: object) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def new_page(self) -> object:
        page = self.context.new_page()
        page.set_default_timeout(60_000)
        return page


def _offline_context(browser: object) -> Iterator[OfflineContext]:
    """A fresh context; the test fails if the page asked for anything beyond this machine."""
    context = OfflineContext(browser)
    yield context
    outside = list(context.outside)
    context.context.close()
    assert not outside, f"requests left this machine: {outside}"


@pytest.fixture
def offline(browser: object) -> Iterator[OfflineContext]:
    """A fresh context that fails the test on any request leaving this machine."""
    yield from _offline_context(browser)


@pytest.fixture
def second_offline(browser: object) -> Iterator[OfflineContext]:
    """Another such context, for a second participant's browser session."""
    yield from _offline_context(browser)


@pytest.fixture
def screenshot():
    """save(page, name, **playwright_screenshot_options) -> path."""
    return save_screenshot


def save_screenshot(page: object, name: str, **options: object) -> Path:
    """A PNG under test-artifacts/, to look at after a run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), **options)
    return path
