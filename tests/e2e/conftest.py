"""Browser tests: Playwright (sync API) driving Debian's Chromium (its headless shell) against pytest-django's
live server.

Screenshots go to artifacts/ (git-ignored); `shot(page, name)` takes one at 1366×768 and, for
the main pages, at 1920×1080 too under `make screenshots` (E2E_WIDE_SHOTS=1); `make test` sets
E2E_SHOTS=0 and takes none. `assert_accessible(page)` runs axe-core and fails on any
serious or critical violation, and on any check axe could not complete ("incomplete") that would be
critical.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, sync_playwright

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
# Debian's headless shell (the old headless mode, which Playwright itself uses for headless runs) renders the
# same Blink as the browser at half the CPU per page and a third per context; the full browser is the fallback.
CHROMIUM = (
    os.environ.get("CHROMIUM_PATH")
    or shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or "/usr/bin/chromium"
)
pytestmark = pytest.mark.e2e
# the 1920×1080 copies are for looking at (`make screenshots`), not for the test: `make test` skips them
WIDE_SHOTS = os.environ.get("E2E_WIDE_SHOTS", "") == "1"
# `make test` checks the pages without writing their pictures (a fifth of the browser tests' time);
# `make screenshots` writes every one, at 1920×1080 too.
SHOTS = os.environ.get("E2E_SHOTS", "1") != "0"

_click = Locator.click


def _click_and_settle(self: Locator, *args, **kwargs) -> None:
    """Click as Playwright does, then wait until the page the click led to has loaded.

    Playwright's click waits for a navigation it started to *commit*, not to load, so a
    non-retrying read right after it (`count()`, axe) could see a half-parsed document on a slow
    machine. Waiting for "load" costs nothing when the click did not navigate.
    """
    _click(self, *args, **kwargs)
    self.page.wait_for_load_state("load")


Locator.click = _click_and_settle


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="ja-JP", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    external: list[str] = []

    def on_request(request):
        url = request.url
        if not (url.startswith(live_server.url) or url.startswith("data:") or url.startswith("about:")):
            external.append(url)

    page.on("request", on_request)
    yield page
    context.close()
    assert not external, f"pages requested external URLs: {external}"


def shot(page, name: str, *, wide: bool = False) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_load_state("load")
    path = ARTIFACTS / f"{name}.png"
    if not SHOTS:
        return path
    page.screenshot(path=str(path), full_page=True)
    if wide and WIDE_SHOTS:
        size = page.viewport_size
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.screenshot(path=str(ARTIFACTS / f"{name}-1920.png"), full_page=True)
        page.set_viewport_size(size)
    return path


_axe = Axe()


# app.js marks a table box that scrolls as a focusable region a moment after a resize (debounced):
# wait for that before axe looks, as a person's first key press would come after it anyway.
_SCROLL_BOXES_SETTLED = """() => [...document.querySelectorAll('.table-wrap, .table-scroll')].every(box => {
  const tall = getComputedStyle(box).overflowY !== 'hidden' && box.scrollHeight > box.clientHeight;
  const scrolls = box.scrollWidth > box.clientWidth || tall;
  return !scrolls || box.hasAttribute('tabindex');
})"""


def assert_accessible(page) -> None:
    page.wait_for_load_state("load")
    # not settled in 2 s: axe reports the box that scrolls without keyboard access
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function(_SCROLL_BOXES_SETTLED, timeout=2_000)
    try:
        results = _axe.run(page)
    except PlaywrightError:
        # A navigation replaced the document while axe ran: check the page it arrived at.
        page.wait_for_load_state("load")
        results = _axe.run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
    # what axe could not decide is a finding too when it would be critical (a person may be locked out)
    bad += [v for v in results.response.get("incomplete", []) if v.get("impact") == "critical"]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in bad
    )


def log_in(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("ログインID").fill(username)
    page.get_by_label("パスワード").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="ログイン").click()


def nav(page, label: str) -> None:
    """Click an entry of the left navigation, as a person would."""
    with page.expect_navigation():
        page.get_by_role("navigation", name="メインメニュー").get_by_role(
            "link", name=label, exact=True
        ).click()


def log_out(page) -> None:
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="ログアウト").click()


def check(page, name: str, *, wide: bool = False) -> None:
    """Fail on serious accessibility violations, then keep a screenshot of the page."""
    assert_accessible(page)
    shot(page, name, wide=wide)
