"""Talent types and designations in the browser: dx_office adds a tier and designates someone, ends it;
hr imports a CP932 designation file with one error, fixes it and commits; an executive only reads."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.e2e.conftest import check, log_in, log_out, nav

HEADER = "職員番号,氏名,人材像,区分,指定方法,事務分掌,開始日\n"
BAD = HEADER + (
    "000101,山田 太郎,DX推進リーダー,DX推進担当,手挙げ,庁内DXの企画と調整,R8.4.1\n"
    "000103,鈴木 一郎,高度専門人材,業務担当,指名,,令和8年4月1日\n"  # 業務担当 is a sub-role of DX推進リーダー
)
GOOD = BAD.replace("高度専門人材,業務担当,", "高度専門人材,,")


@pytest.mark.django_db(transaction=True)
def test_dx_office_adds_a_tier_designates_and_ends(page, world):
    today = date.today()
    start, last_day = today - timedelta(days=30), today - timedelta(days=1)
    log_in(page, "a-dx_office", PASSWORD)

    # 人材像: add a tier under DX推進リーダー, give it a sub-role
    nav(page, "人材像")
    expect(page.get_by_role("heading", name="人材像", exact=True)).to_be_visible()
    check(page, "talent-type-list", wide=True)
    page.get_by_role("link", name="人材像を追加する").click()
    page.get_by_label("上位の人材像（階層に分けるとき）").select_option(label="DX推進リーダー")
    page.get_by_label("名称").fill("DX推進リーダー（ゴールド）")
    page.get_by_label("説明").fill("複数の課にまたがる業務改革を率いる、経験を積んだDX推進リーダーです。")
    check(page, "talent-type-create")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text("人材像「DX推進リーダー（ゴールド）」を追加しました。")).to_be_visible()
    check(page, "talent-type-edit")
    page.get_by_role("link", name="区分を追加する").click()
    page.get_by_label("区分の名称").fill("全庁統括")
    check(page, "talent-subrole-create")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_role("row").filter(has_text="全庁統括")).to_be_visible()
    page.get_by_role("link", name="区分「全庁統括」を編集").click()
    check(page, "talent-subrole-edit")
    page.get_by_role("link", name="キャンセル").click()
    nav(page, "人材像")
    expect(page.get_by_role("heading", name="人材像", exact=True)).to_be_visible()
    rows = page.locator("tbody th").all_inner_texts()
    assert rows.index("DX推進リーダー（ゴールド）") == rows.index("DX推進リーダー") + 1

    # 指定: designate 髙橋 美咲 as DX推進リーダー／業務担当 with 兼務発令
    nav(page, "指定（DX推進リーダー等）")
    expect(page.get_by_text("有効な指定はまだありません。")).to_be_visible()
    check(page, "talent-designation-list-empty")
    page.get_by_role("link", name="指定する", exact=True).click()
    page.get_by_label("職員（職員番号または氏名）").fill("000104")
    page.get_by_label("人材像").select_option(label="DX推進リーダー")
    page.get_by_label("区分").select_option(label="業務担当")
    page.get_by_label("指名・兼務発令あり").check()
    page.get_by_label("事務分掌").fill("総務課の業務の見直しとデジタル化の取りまとめ")
    page.get_by_label("開始日").fill(start.isoformat())
    check(page, "talent-designation-create", wide=True)
    page.get_by_role("button", name="指定する").click()
    expect(page.get_by_text("髙橋　美咲さんを「DX推進リーダー（業務担当）」に指定しました")).to_be_visible()
    row = page.locator("tbody tr").filter(has_text="髙橋　美咲")
    assert "指名・兼務発令あり" in row.inner_text() and "総務部 ／ 総務課" in row.inner_text()
    card = page.locator(".card").filter(has_text="DX推進リーダー").first
    assert "1名" in card.inner_text()
    check(page, "talent-designation-list", wide=True)

    # her 人財カード shows it; edit the 事務分掌, then end it
    page.get_by_role("link", name="髙橋　美咲", exact=True).click()
    section = page.get_by_role("region", name="人材像の指定")
    assert "DX推進リーダー（業務担当）" in section.inner_text() and "有効" in section.inner_text()
    check(page, "talent-staff-card", wide=True)
    section.get_by_role("link", name="DX推進リーダー（業務担当）の指定を編集").click()
    page.get_by_label("事務分掌").fill("総務課の業務改革（窓口・文書のデジタル化）")
    check(page, "talent-designation-edit")
    page.get_by_role("button", name="保存する").click()
    assert "窓口・文書のデジタル化" in page.get_by_role("region", name="人材像の指定").inner_text()
    page.get_by_role("link", name="DX推進リーダー（業務担当）の指定を終了").click()
    page.get_by_label("終了日").fill(last_day.isoformat())
    page.get_by_label("終了の理由").fill("異動のため")
    check(page, "talent-designation-end")
    page.get_by_role("button", name="終了する").click()
    expect(page.get_by_text("髙橋　美咲さんの「DX推進リーダー（業務担当）」の指定を")).to_be_visible()
    history = page.get_by_role("region", name="人材像の指定").inner_text()
    assert "終了" in history and "終了の理由：異動のため" in history and "窓口・文書のデジタル化" in history
    check(page, "talent-staff-card-history")

    # the list keeps it under 終了
    nav(page, "指定（DX推進リーダー等）")
    page.get_by_label("状態").select_option(label="終了")
    page.get_by_role("button", name="検索").click()
    expect(page.get_by_text("1件が該当します")).to_be_visible()
    check(page, "talent-designation-list-ended")


def upload(page, content: str, name: str) -> None:
    nav(page, "指定（DX推進リーダー等）")
    page.get_by_role("link", name="ファイルから一括で指定する").click()
    page.get_by_label("ファイル（CSV または Excel .xlsx）").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode("cp932")}]
    )
    page.get_by_label("開始日が空の行の開始日").fill("2026-04-01")


@pytest.mark.django_db(transaction=True)
def test_hr_imports_fixes_and_commits_and_executive_reads(page, world):
    log_in(page, "a-hr", PASSWORD)
    upload(page, BAD, "指定_誤り.csv")
    check(page, "talent-import-upload")
    page.get_by_role("button", name="読み込んで確認する").click()
    expect(page.get_by_role("heading", name="取込内容の確認：指定_誤り.csv")).to_be_visible()
    errors = page.locator(".table-errors tbody tr")
    assert errors.count() == 1
    text = errors.first.inner_text()
    assert "3行目" in text and "D列「区分」" in text and "業務担当" in text
    assert page.get_by_role("button", name="反映する").is_disabled()
    check(page, "talent-import-preview-errors", wide=True)

    upload(page, GOOD, "指定.csv")
    page.get_by_role("button", name="読み込んで確認する").click()
    counts = page.locator(".summary-counts").inner_text().replace("\n", "")
    assert "新規の指定2件" in counts and "エラー0件" in counts
    check(page, "talent-import-preview", wide=True)
    page.get_by_role("button", name="反映する").click()
    expect(
        page.get_by_text("指定の取込を反映しました。新規の指定 2件、変更 0件、変更なし 0件。")
    ).to_be_visible()
    check(page, "talent-import-committed")
    nav(page, "指定（DX推進リーダー等）")
    expect(page.get_by_text("2件が該当します")).to_be_visible()
    log_out(page)

    log_in(page, "a-executive", PASSWORD)
    # executives read the numbers per type, not who holds them (docs/roles.md: aggregates only)
    menu = page.get_by_role("navigation", name="メインメニュー")
    assert menu.get_by_role("link", name="指定（DX推進リーダー等）").count() == 0
    nav(page, "人材像")
    assert page.get_by_role("link", name="指定する", exact=True).count() == 0
    assert page.get_by_text("山田").count() == 0
    check(page, "talent-type-list-executive")
