"""Managers in the browser (issue 12 item 11): the review list puts the sheets that wait for the manager
first; 「本人評価と同じにする」 fills the manager's levels from the self-rating; the staff filter offers only
the manager's units; the unit heatmap fits the window or its box scrolls by keyboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from jinzai.core.access import SystemActor
from jinzai.core.dates import fiscal_year_of
from jinzai.skills import services as skills
from jinzai.skills.models import Framework, Participant
from jinzai.skills.services.campaigns import SelfRating
from tests.e2e.conftest import check, log_in, nav


def both(page, name: str) -> None:
    check(page, name)
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    check(page, f"{name}-390")
    page.set_viewport_size(size)


@pytest.mark.django_db(transaction=True)
def test_manager_rates_from_the_top_of_the_list_with_the_shortcut(page, world):
    org = world.own.org
    actor = SystemActor(organisation=org, label="test")
    today = date.today()
    framework = Framework.objects.get(organisation=org, key="leader")
    campaign = skills.campaign_create(
        actor=actor,
        name="DX推進リーダー評価",
        fiscal_year=fiscal_year_of(today),
        framework=framework,
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=20),
    )
    # 髙橋 works in 窓口係 for this campaign and has submitted; 山田 has not
    other = Participant.objects.get(campaign=campaign, staff=world.own.staff["other"])
    Participant.objects.filter(pk=other.pk).update(unit=world.own.units["窓口係"])
    other.refresh_from_db()
    its = list(framework.items.filter(is_active=True).order_by("sort_order", "id"))
    skills.sheet_save(
        actor=world.own.members["dx_office"],
        participant=other,
        ratings={i.pk: SelfRating(3 if n % 2 else 2) for n, i in enumerate(its)},
        version=other.version,
        submit=True,
    )

    log_in(page, "a-manager", PASSWORD)
    nav(page, "評価する（所属長）")
    rows = page.get_by_role("table", name="確認する評価シート").locator("tbody tr")
    expect(rows.first).to_contain_text("髙橋　美咲")
    expect(rows.first).to_contain_text("自己評価済")
    both(page, "manager-review-list")
    rows.first.get_by_role("link", name="髙橋　美咲さんの評価を確認する").click()
    page.get_by_role("button", name="本人評価と同じにする").click()
    expect(page.get_by_text("本人の自己評価を所属長の評価に写しました")).to_be_visible()
    expect(page.get_by_label(f"{its[0].name}の所属長の評価")).to_have_value("2")
    expect(page.get_by_label(f"{its[1].name}の所属長の評価")).to_have_value("3")
    both(page, "manager-review-copied")
    page.get_by_label(f"{its[1].name}の所属長の評価").select_option("4")
    page.get_by_role("button", name="確定する").click()
    expect(page.get_by_text("髙橋　美咲さんの評価を確定しました。")).to_be_visible()
    other.refresh_from_db()
    finals = dict(other.ratings.values_list("item_id", "final_level"))
    assert finals[its[0].pk] == 2 and finals[its[1].pk] == 4

    # the staff filter offers the manager's units only
    nav(page, "職員一覧")
    options = [
        o.strip() for o in page.get_by_label("所属（下位の所属を含む）").locator("option").all_inner_texts()
    ]
    assert options == ["（すべて）", "市民課", "窓口係"]

    # the unit heatmap: it fits, or its box takes focus and scrolls with the arrow keys
    page.goto(f"/skills/matrix/units/{world.own.units['市民課'].pk}/?campaign={campaign.pk}&basis=final")
    box = page.locator(".heat-wrap")
    expect(box).to_be_visible()
    scroll_width, client_width = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    if scroll_width > client_width:
        expect(box).to_have_attribute("tabindex", "0")
        box.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        _scrolled(page, box)
    both(page, "manager-unit-heatmap")
    page.set_viewport_size({"width": 390, "height": 844})
    box.evaluate("b => { b.scrollLeft = 0; }")
    page.wait_for_timeout(300)  # app.js re-checks the boxes on resize
    expect(box).to_have_attribute("tabindex", "0")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    _scrolled(page, box)


def _scrolled(page, box) -> None:
    """The arrow keys scrolled the box: Chromium animates keyboard scrolling, so wait for it to move (it
    fails after the page's timeout when it never does)."""
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
