"""「対応が必要なこと」 in the browser (issue 12 items 9 and 13): each role opens its home, sees what to do
with its count, deadline or fee and the same count on the left menu, and clicks through to the page where
it is done; a done task leaves the home and the menu. Screenshots at 1366 and 390 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from jinzai.core.tests._tasks_world import build
from tests.e2e.conftest import check, log_in, log_out, nav, shot


def small(page, name: str) -> None:
    """The same page on a phone (390 px), checked by axe too."""
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    check(page, f"{name}-390")
    page.set_viewport_size(size)


def tasks(page):
    return page.get_by_role("region", name="対応が必要なこと")


def badge(page, label: str):
    """The count shown on a menu entry (read as the link's description)."""
    link = page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name=label, exact=True)
    return page.locator(f"#{link.get_attribute('aria-describedby')}")


@pytest.mark.django_db(transaction=True)
def test_manager_approves_from_the_home(page, world):
    build(world)
    log_in(page, "a-manager", PASSWORD)
    panel = tasks(page)
    expect(
        panel.get_by_role("link", name=re.compile(r"所属長の評価を待っている評価シート\s*1件"))
    ).to_be_visible()
    expect(panel).to_contain_text("受講料 合計 12,000円")
    expect(panel).to_contain_text("締切間近")
    expect(badge(page, "評価する（所属長）")).to_have_text("対応が必要なこと1件")
    expect(badge(page, "研修の申込の承認")).to_have_text("対応が必要なこと1件")
    check(page, "tasks-home-manager", wide=True)
    small(page, "tasks-home-manager")

    panel.get_by_role("link", name=re.compile("承認を待っている研修の申込")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("研修の申込の承認")
    check(page, "tasks-enrolment-approval")
    page.get_by_role("button", name="田中　次郎さんの申込を承認する").click()
    expect(page.get_by_text("田中　次郎さんの「業務改善の基礎 第1回」の申込を承認しました。")).to_be_visible()
    nav(page, "ホーム")
    expect(tasks(page)).not_to_contain_text("承認を待っている研修の申込")
    menu = page.get_by_role("navigation", name="メインメニュー")
    expect(menu.get_by_role("link", name="研修の申込の承認", exact=True)).not_to_have_attribute(
        "aria-describedby", re.compile(".")
    )

    nav(page, "評価する（所属長）")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("田中　次郎").first).to_be_visible()
    check(page, "tasks-rate-list")


@pytest.mark.django_db(transaction=True)
def test_each_role_finds_its_next_step(page, world):
    tw = build(world)
    log_in(page, "a-hr", PASSWORD)
    panel = tasks(page)
    expect(panel).to_contain_text("確認を待っている資格の登録（証明書）")
    expect(panel).to_contain_text("補助予定額 合計 5,000円")
    expect(panel).to_contain_text("反映を待っている取込（職員データ取込）")
    expect(badge(page, "資格の確認（証明書）")).to_have_text("対応が必要なこと1件")
    check(page, "tasks-home-hr", wide=True)
    small(page, "tasks-home-hr")
    panel.get_by_role("link", name=re.compile("確認を待っている資格の登録")).click()
    expect(page.get_by_role("link", name="田中　次郎さんのITパスポートの詳細")).to_be_visible()
    check(page, "tasks-hr-proofs")
    log_out(page)

    log_in(page, "a-staff", PASSWORD)
    panel = tasks(page)
    expect(panel).to_contain_text("回答していないスキル評価（自己評価）")
    expect(panel).to_contain_text("締切")
    expect(panel).to_contain_text("人事担当が確認した資格")
    check(page, "tasks-home-staff", wide=True)
    small(page, "tasks-home-staff")
    panel.get_by_role("link", name=re.compile("回答していないスキル評価")).click()
    expect(page).to_have_url(re.compile(f"/skills/mine/{tw.campaign.pk}/$"))
    log_out(page)

    log_in(page, "a-dx_office", PASSWORD)
    panel = tasks(page)
    expect(panel).to_contain_text("遅れ・要注意の目標")
    expect(panel).to_contain_text("急ぎ")
    expect(panel).to_contain_text("締切が近いスキル評価の実施")
    expect(panel).to_contain_text("受講の確定を待っている申込（所属長承認済）")
    expect(badge(page, "育成計画")).to_have_text("対応が必要なこと1件")
    check(page, "tasks-home-dx", wide=True)
    small(page, "tasks-home-dx")
    panel.get_by_role("link", name=re.compile("遅れ・要注意の目標")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(tw.plan.title)
    log_out(page)


@pytest.mark.django_db(transaction=True)
def test_executive_lands_on_the_dx_picture(page, world):
    build(world)
    log_in(page, "a-executive", PASSWORD)
    expect(page.get_by_role("heading", name="育成計画の進み具合")).to_be_visible()
    expect(page.get_by_role("heading", name="育成目標レベルと所属への配置")).to_be_visible()
    expect(page.get_by_role("heading", name="資格の保有")).to_be_visible()
    expect(page.get_by_text("任用形態別の在職者")).to_have_count(0)
    expect(tasks(page)).to_contain_text("受講が決まった研修")  # the executive is also a member of staff
    assert "<" not in page.title() and page.title().startswith("幹部のホーム")
    check(page, "tasks-home-executive", wide=True)
    small(page, "tasks-home-executive")
    page.get_by_role("link", name="資格の保有状況（部局別・人材像別・年度別）を見る").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("資格の保有状況")
    shot(page, "tasks-executive-certifications")
