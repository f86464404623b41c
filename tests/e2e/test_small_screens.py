"""Small screens (issue 12 item 19): at 390 px the left menu folds behind a メニュー button, tables scroll
inside their own box (by keyboard too) without squeezing words into one-character lines, charts fit
the screen, and every page has the favicon. Screenshots at 390 and 1366 px."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import PASSWORD
from jinzai.core.tests._tasks_world import build
from tests.e2e.conftest import check, log_in, log_out, nav

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

LAYOUT = """() => {
  const vw = document.documentElement.clientWidth;
  const cells = [...document.querySelectorAll('main td, main th')].filter((c) => {
    const text = c.innerText.trim();
    if (text.length < 3 || c.offsetParent === null) return false;
    const s = getComputedStyle(c);
    const inner = c.getBoundingClientRect().width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    return inner < 2 * parseFloat(s.fontSize);
  });
  const boxes = [...document.querySelectorAll('.table-wrap, .table-scroll')];
  const sticking = [...document.querySelectorAll('body *')].filter((el) => {
    const r = el.getBoundingClientRect();
    if (r.right <= vw + 1 || (el.parentElement && el.parentElement.closest('.table-wrap, .table-scroll'))) return false;
    return ![...el.children].some((child) => child.getBoundingClientRect().right > vw + 1);
  });
  return {
    overflow: document.documentElement.scrollWidth - vw,
    sticking: sticking.slice(0, 5).map((el) => el.tagName + '.' + el.className + ' ' + (el.innerText || '').slice(0, 30)),
    charts: [...document.querySelectorAll('canvas')].filter((c) => c.getBoundingClientRect().right > vw + 1).length,
    narrow: cells.map((c) => c.innerText.trim().slice(0, 20)),
    bare: [...document.querySelectorAll('main table')].filter((t) => !t.closest('.table-wrap, .table-scroll')).length,
    unreachable: boxes.filter((b) => b.scrollWidth > b.clientWidth + 1 && b.tabIndex < 0).length,
    scrolling: boxes.filter((b) => b.scrollWidth > b.clientWidth + 1).length,
  };
}"""


def fits(page, name: str) -> dict:
    """The page at 390 px: no sideways scrolling of the page, charts inside the screen, every table in a
    box that scrolls by keyboard, no cell one character wide; then axe and a screenshot."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)  # the resize handler of app.js and Chart.js's own
    found = page.evaluate(LAYOUT)
    assert found["overflow"] <= 1, (
        f"{name}: the page scrolls sideways by {found['overflow']} px: {found['sticking']}"
    )
    assert found["charts"] == 0, f"{name}: a chart is wider than the screen"
    assert found["bare"] == 0, f"{name}: a table outside a scrolling box"
    assert found["unreachable"] == 0, f"{name}: a scrolling table box cannot be reached by keyboard"
    assert not found["narrow"], f"{name}: cells squeezed to one character per line: {found['narrow'][:5]}"
    check(page, name)
    return found


def menu(page):
    return page.get_by_role("navigation", name="メインメニュー")


@pytest.mark.django_db(transaction=True)
def test_the_menu_folds_behind_a_button(page, world):
    build(world)
    page.set_viewport_size(PHONE)
    log_in(page, "a-manager", PASSWORD)
    button = page.get_by_role("button", name="メニュー")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_contain_text("3")  # the sum of the menu's counts
    expect(menu(page)).to_be_hidden()
    fits(page, "small-home-manager-390")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu(page)).to_be_visible()
    check(page, "small-menu-open-390")
    page.keyboard.press("Escape")
    expect(menu(page)).to_be_hidden()
    expect(button).to_be_focused()
    button.click()
    nav(page, "評価する（所属長）")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(menu(page)).to_be_hidden()  # a new page starts with the menu folded
    fits(page, "small-rate-list-390")
    # on a desktop the menu is always there and the button is not
    page.set_viewport_size(DESKTOP)
    expect(menu(page)).to_be_visible()
    expect(page.get_by_role("button", name="メニュー")).to_be_hidden()


@pytest.mark.django_db(transaction=True)
def test_tables_and_charts_fit_a_phone(page, world):
    tw = build(world)
    page.set_viewport_size(PHONE)
    log_in(page, "a-hr", PASSWORD)
    fits(page, "small-home-hr-390")
    for name in ["people:staff_list", "core:unit_list", "learning:staffcert_list", "learning:subsidy_list"]:
        page.goto(reverse(name))
        fits(page, f"small-{name.split(':')[1].replace('_', '-')}-390")
    # a table wider than the phone scrolls inside its box, by keyboard
    page.goto(reverse("people:staff_list"))
    box = page.locator(".table-wrap[tabindex='0'], .table-scroll[tabindex='0']").first
    expect(box).to_have_attribute("role", "region")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert box.evaluate("b => b.scrollLeft") > 0
    log_out(page)

    log_in(page, "a-dx_office", PASSWORD)
    for name, kwargs in [
        ("planning:plan_dashboard", {"pk": tw.plan.pk}),
        ("planning:plan_detail", {"pk": tw.plan.pk}),
        ("planning:level_list", {}),
        ("skills:campaign_detail", {"pk": tw.campaign.pk}),
        ("learning:session_detail", {"pk": tw.session.pk}),
        ("talent:designation_list", {}),
    ]:
        page.goto(reverse(name, kwargs=kwargs))
        fits(page, f"small-{name.split(':')[1].replace('_', '-')}-390")
    # the same dashboard on a desktop: the boxes that scrolled on the phone no longer need to
    page.goto(reverse("planning:plan_dashboard", kwargs={"pk": tw.plan.pk}))
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(300)
    assert page.evaluate(LAYOUT)["overflow"] <= 1
    check(page, "small-plan-dashboard-1366")


@pytest.mark.django_db(transaction=True)
def test_every_page_has_the_favicon(page, world):
    log_in(page, "a-staff", PASSWORD)
    href = page.locator("link[rel='icon']").get_attribute("href")
    icon = page.request.get(href)
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in icon.body()
    ico = page.request.get(page.locator("link[rel='alternate icon']").get_attribute("href"))
    assert ico.status == 200 and ico.body()[:4] == b"\x00\x00\x01\x00"
    page.goto("/login/")  # the pages without the menu too
    assert page.locator("link[rel='icon']").count() == 1
