"""Smaller pages, clicked through like a person: units, grades, memberships, staff edit, password, settings."""

import pytest

from conftest import PASSWORD
from jinzai.core.models import Membership
from tests.e2e.conftest import assert_accessible, log_in, nav, shot


@pytest.mark.django_db(transaction=True)
def test_hr_adds_a_unit_and_a_grade(page, world):
    log_in(page, "a-hr", PASSWORD)
    nav(page, "所属（組織）")
    page.get_by_role("link", name="所属を追加する").click()
    page.get_by_label("所属名").fill("デジタル推進係")
    page.get_by_label("区分").select_option(label="係")
    page.get_by_label("上位の所属").select_option(label="\u3000総務課")
    page.get_by_label("有効開始日").fill("2026-04-01")
    page.get_by_label("有効終了日").fill("2026-03-31")
    page.get_by_role("button", name="保存する").click()
    assert page.get_by_text("有効終了日は有効開始日以後の日付にしてください。").first.is_visible()
    assert_accessible(page)
    shot(page, "unit-form-error")
    page.get_by_label("有効終了日").fill("")
    page.get_by_label("DX推進担当部局").check()
    page.get_by_role("button", name="保存する").click()
    assert page.get_by_text("所属「デジタル推進係」を作成しました。").is_visible()

    nav(page, "職名・職級")
    page.get_by_label("職名").fill("主任主事")
    page.get_by_label("順位").fill("9")
    page.get_by_role("button", name="追加する").click()
    assert page.get_by_text("職名「主任主事」を追加しました。").is_visible()
    assert_accessible(page)
    shot(page, "grade-list")
    page.get_by_role("link", name="主任主事を編集").click()
    page.get_by_label("別名").fill("主任級")
    page.get_by_role("button", name="保存する").click()
    assert page.get_by_role("cell", name="主任級").is_visible()


@pytest.mark.django_db(transaction=True)
def test_hr_edits_master_data(page, world):
    log_in(page, "a-hr", PASSWORD)
    page.goto(f"/staff/{world.own.staff['other'].pk}/")
    page.get_by_role("link", name="基本情報を編集").click()
    page.get_by_label("メール").fill("not-an-email")
    page.get_by_role("button", name="保存する").click()
    assert page.locator(".error-summary").is_visible()
    page.get_by_label("メール").fill("misaki@example.lg.jp")
    page.get_by_label("電話（内線）").fill("内線2345")
    page.get_by_role("button", name="保存する").click()
    assert page.get_by_text("職員情報を保存しました。").is_visible()
    assert page.get_by_text("内線2345").is_visible()


@pytest.mark.django_db(transaction=True)
def test_admin_edits_a_membership_and_resets_a_password(page, world):
    log_in(page, "a-admin", PASSWORD)
    nav(page, "利用者と役割")
    assert_accessible(page)
    shot(page, "user-list")
    page.get_by_role("link", name="a-executive を編集".replace(" ", "")).click()
    page.get_by_label("有効").uncheck()
    page.get_by_role("button", name="保存する").click()
    assert page.get_by_text("役割を保存しました。").is_visible()
    assert not Membership.objects.get(user__username="a-executive").is_active
    page.get_by_role("link", name="a-staffを編集").click()
    page.get_by_label("新しいパスワード").fill("brand-new-pass-2026")
    page.get_by_role("button", name="パスワードを設定する").click()
    assert page.get_by_text("「a-staff」のパスワードを設定しました。").is_visible()
    shot(page, "membership-form")


@pytest.mark.django_db(transaction=True)
def test_password_change_and_date_style(page, world):
    log_in(page, "a-staff", PASSWORD)
    page.get_by_role("link", name="パスワード変更").click()
    page.get_by_label("元のパスワード").fill(PASSWORD)
    page.locator("#id_new_password1").fill("another-long-pass-2026")
    page.get_by_label("新しいパスワード(確認用)").fill("another-long-pass-2026")
    page.get_by_role("button", name="変更する").click()
    assert page.get_by_text("パスワードを変更しました。").is_visible()
    page.get_by_role("link", name="表示設定").click()
    page.get_by_label("和暦（令和8年4月1日）").check()
    page.get_by_role("button", name="保存する").click()
    assert_accessible(page)
    page.goto("/staff/me/")
    assert page.get_by_text("平成27年4月1日").is_visible()  # 採用年月日 2015-04-01


@pytest.mark.django_db(transaction=True)
def test_person_with_two_roles_switches(page, world):
    user = world.pref.users["prefecture_support"]
    Membership.objects.create(
        user=user, organisation=world.pref.org, role="staff", staff=world.pref.staff["staff"]
    )
    log_in(page, "p-prefecture_support", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "市町村支援担当のホーム"
    with page.expect_navigation():
        page.get_by_label("役割の切り替え").select_option(label="見本テスト県・職員")
    assert page.get_by_role("heading", level=1).inner_text() == "職員のホーム"


@pytest.mark.django_db(transaction=True)
def test_login_with_the_keyboard_only(page, world):
    page.goto("/login/")
    page.keyboard.type("a-hr")  # the ID field has focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "人事担当のホーム"
    page.keyboard.press("Tab")  # skip link comes first
    assert page.evaluate("document.activeElement.textContent") == "本文へ移動"
