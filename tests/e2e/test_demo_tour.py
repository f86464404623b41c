"""A tour of the demo as a user sees it after `make run`: realistic volumes, every main page."""

import sqlite3

import pytest
from django.core.management import call_command

from jinzai.demo.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, log_in, nav, shot

_SEEDED: list = []  # the seeded SQLite database, copied once (see `demo`)


@pytest.fixture
def demo(transactional_db):
    """The demo as `make run` seeds it. On SQLite the first tour seeds and keeps a copy of the whole database
    (sqlite3's backup API), and each later tour starts from that copy instead of seeding again (the tours
    only read; each test's flush empties the database after it). On PostgreSQL every tour seeds."""
    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "sqlite" and _SEEDED:
        _SEEDED[0].backup(connection.connection)
        return
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _SEEDED.append(copy)


@pytest.mark.django_db(transaction=True)
def test_demo_city_hr_tour(page, demo):
    log_in(page, "mihon-hr", DEMO_PASSWORD)
    assert page.locator(".org-name").inner_text() == "見本市"
    shot(page, "demo-home-hr", wide=True)
    nav(page, "職員一覧")
    count = page.locator(".result-count").inner_text()
    assert "800名が該当します" in count
    shot(page, "demo-staff-list", wide=True)
    page.get_by_label("氏名・ふりがな・職員番号").fill("ｻﾄｳ")
    page.get_by_role("button", name="検索").click()
    assert page.locator("tbody tr").count() > 0
    first = page.locator("tbody tr td:nth-child(2) a").first
    first.click()
    assert page.get_by_role("heading", name="人財カード").is_visible() or "人財カード" in page.title()
    assert page.get_by_role("region", name="職務経験（配属の履歴）").locator("tbody tr").count() >= 1
    assert_accessible(page)
    shot(page, "demo-staff-card", wide=True)
    nav(page, "所属（組織）")
    assert page.get_by_role("cell", name="情報政策課").first.is_visible()
    assert_accessible(page)
    shot(page, "demo-unit-list")


@pytest.mark.django_db(transaction=True)
def test_demo_town_and_prefecture(page, demo):
    log_in(page, "sakura-manager", DEMO_PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "所属長のホーム"
    nav(page, "職員一覧")
    units = set(page.locator("tbody tr td:nth-child(3)").all_inner_texts())
    assert units and all(u.startswith("総務課") for u in units), units
    shot(page, "demo-manager-list")
    page.get_by_role("button", name="ログアウト").click()
    log_in(page, "ken-support", DEMO_PASSWORD)
    nav(page, "管内の集計")
    assert page.get_by_role("rowheader").filter(has_text="見本市").first.is_visible()
    assert page.get_by_role("rowheader").filter(has_text="さくら町").first.is_visible()
    shot(page, "demo-member-orgs")


@pytest.mark.django_db(transaction=True)
def test_demo_city_planning_tour(page, demo):
    log_in(page, "mihon-dx", DEMO_PASSWORD)
    assert page.get_by_role("heading", name="育成計画の進み具合").is_visible()
    shot(page, "demo-home-dx", wide=True)
    nav(page, "育成計画")
    page.get_by_role("link", name="見本市デジタル人材育成計画").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("見本市デジタル人材育成計画")
    assert_accessible(page)
    shot(page, "demo-plan-detail", wide=True)
    page.get_by_role("link", name="ダッシュボード", exact=True).click()
    assert page.get_by_text("所属ごとの配置").first.is_visible()
    assert_accessible(page)
    shot(page, "demo-plan-dashboard", wide=True)
    nav(page, "基本方針")
    shot(page, "demo-policy-list")
    nav(page, "育成目標レベル")
    shot(page, "demo-levels")
    nav(page, "推進体制")
    shot(page, "demo-structure")
    nav(page, "指定（DX推進リーダー等）")
    assert page.locator("tbody tr").count() >= 20
    assert_accessible(page)
    shot(page, "demo-designations", wide=True)
    nav(page, "人材像")
    shot(page, "demo-talent-types")


@pytest.mark.django_db(transaction=True)
def test_demo_executive_reads_the_plan(page, demo):
    log_in(page, "mihon-exec", DEMO_PASSWORD)
    assert page.get_by_role("heading", name="育成計画の進み具合").is_visible()
    page.get_by_role("link", name="ダッシュボードを見る").click()
    assert page.get_by_role("button", name="承認する").count() == 0
    shot(page, "demo-exec-dashboard")
