"""Browsing staff: filters, the list, the 人財カード, a transfer, and what each role may see."""

import pytest

from conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, check, log_in, nav, shot


@pytest.mark.django_db(transaction=True)
def test_hr_filters_staff_and_registers_a_transfer(page, world):
    log_in(page, "a-hr", PASSWORD)
    nav(page, "職員一覧")
    assert page.get_by_text("4名が該当します").is_visible()
    page.get_by_label("所属（下位の所属を含む）").select_option(label="\u3000総務課")
    page.get_by_role("button", name="検索").click()
    names = page.locator("tbody tr td:nth-child(2) a").all_inner_texts()
    assert sorted(names) == ["鈴木　一郎", "髙橋　美咲"]
    assert_accessible(page)
    shot(page, "staff-list", wide=True)
    page.get_by_role("link", name="鈴木　一郎").click()
    page.get_by_role("link", name="異動を登録する").click()
    page.get_by_label("異動先の所属").select_option(label="\u3000\u3000窓口係")
    page.get_by_label("発令日").fill("2026-04-01")
    page.get_by_role("button", name="異動を登録する").click()
    assert page.get_by_text("異動を登録しました").is_visible()
    assert "窓口係" in page.get_by_role("region", name="職務経験（配属の履歴）").inner_text()


@pytest.mark.django_db(transaction=True)
def test_unit_tree_and_unit_edit(page, world):
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "所属（組織）")
    assert page.get_by_role("heading", name="所属（組織）").is_visible()
    assert_accessible(page)
    shot(page, "unit-list")
    page.get_by_role("link", name="市民課を編集").click()
    page.get_by_label("DX推進担当部局").check()
    page.get_by_role("button", name="保存する").click()
    assert page.get_by_text("所属「市民課」を保存しました。").is_visible()
    row = page.get_by_role("row").filter(has_text="市民課").first
    assert "DX推進" in row.inner_text()


@pytest.mark.django_db(transaction=True)
def test_staff_member_sees_only_own_card_and_executive_no_contact(page, world):
    log_in(page, "a-staff", PASSWORD)
    page.get_by_role("link", name="自分の人財カードを見る").click()
    assert page.get_by_role("heading", name="人財カード：山田　太郎").is_visible()
    assert page.get_by_text("000101@example.lg.jp").is_visible()
    assert page.get_by_role("link", name="職員一覧").count() == 0
    other = world.own.staff["other"].pk
    response = page.goto(f"/staff/{other}/")
    assert response.status == 404
    page.goto("/")
    page.get_by_role("button", name="ログアウト").click()
    log_in(page, "a-executive", PASSWORD)
    # executives see aggregates only: no staff list in the menu, another person's card is refused
    assert (
        page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="職員一覧").count()
        == 0
    )
    response = page.goto(f"/staff/{world.own.staff['staff'].pk}/")
    assert response.status == 403
    assert page.get_by_text("000101@example.lg.jp").count() == 0
    check(page, "executive-card-refused")
    page.goto("/staff/me/")
    assert page.get_by_role("heading", name="人財カード：髙橋　美咲").is_visible()


@pytest.mark.django_db(transaction=True)
def test_admin_adds_a_manager_and_reads_the_audit_log(page, world):
    log_in(page, "a-admin", PASSWORD)
    nav(page, "利用者と役割")
    page.get_by_role("link", name="利用者を追加する").click()
    page.get_by_label("ログインID").fill("new-manager")
    page.get_by_label("初期パスワード").fill("short")
    page.get_by_label("役割").select_option(label="所属長")
    page.get_by_role("button", name="追加する").click()
    assert page.locator(".error-summary").is_visible()
    shot(page, "user-form-errors")
    page.get_by_label("初期パスワード").fill("a-much-longer-pass-2026")
    page.get_by_label("担当所属（所属長のみ）").select_option(label="\u3000市民課")
    page.get_by_role("button", name="追加する").click()
    assert page.get_by_text("利用者「new-manager」を作成しました。").is_visible()
    nav(page, "監査ログ")
    page.get_by_label("操作", exact=True).select_option(label="役割：すべての操作")
    page.get_by_role("button", name="絞り込む").click()
    assert page.get_by_role(
        "cell", name="役割の追加"
    ).first.is_visible()  # in Japanese, not membership.create
    assert page.get_by_text("membership.create").count() == 0
    check(page, "audit-log", wide=True)


@pytest.mark.django_db(transaction=True)
def test_hr_edits_a_record_and_reads_old_and_new_values_in_the_audit_log(page, world):
    log_in(page, "a-hr", PASSWORD)
    nav(page, "職員一覧")
    page.get_by_role("link", name="山田　太郎").click()
    page.get_by_role("link", name="基本情報を編集").click()
    page.get_by_label("電話（内線）").fill("内線2468")
    page.get_by_role("button", name="保存する").click()
    assert page.get_by_text("職員情報を保存しました。").is_visible()
    nav(page, "監査ログ")
    page.get_by_label("対象の職員").fill("やまだ")
    page.get_by_role("button", name="絞り込む").click()
    row = page.get_by_role("row").filter(has_text="職員の基本情報の変更").first
    assert "電話（内線）：（空欄） → 内線2468" in row.inner_text()
    assert "山田　太郎（000101）" in row.inner_text()
    assert page.get_by_role("cell", name="人財カードの閲覧").first.is_visible()
    check(page, "audit-log-hr", wide=True)
