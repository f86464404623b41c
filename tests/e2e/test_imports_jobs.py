"""Large work leaves the request: a big staff file and a big export go through the progress page; and the
units' kinds are set in one list."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.e2e.conftest import check, log_in, nav


def big_file(rows: int) -> str:
    lines = ["職員番号,氏名,所属,職名"]
    lines += [f"{7000 + n:06d},試験　{n}号,市民部市民課,主事" for n in range(rows)]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.django_db(transaction=True)
def test_a_large_staff_file_is_analysed_and_committed_through_the_progress_page(page, world, settings):
    settings.IMPORT_INLINE_MAX_ROWS = 20
    log_in(page, "a-hr", PASSWORD)
    nav(page, "職員データ取込")
    page.get_by_label("ファイル（CSV または Excel .xlsx）").set_input_files(
        files=[{"name": "全職員.csv", "mimeType": "text/csv", "buffer": big_file(60).encode("cp932")}]
    )
    page.get_by_role("button", name="読み込んで確認する").click()
    expect(page.get_by_role("heading", name="職員データ取込（内容の確認）")).to_be_visible()
    check(page, "job-import-analysed")
    page.get_by_role("link", name="取込内容を確認する").click()
    expect(page.get_by_role("heading", name="取込内容の確認：全職員.csv")).to_be_visible()
    assert "60名" in page.locator(".count-add").inner_text()
    page.get_by_role("button", name="反映する").click()
    expect(page.get_by_role("heading", name="職員データ取込（反映）")).to_be_visible()
    expect(page.get_by_text("職員データの取込を反映しました。新規 60名")).to_be_visible()
    page.get_by_role("link", name="取込の結果を見る").click()
    expect(page.get_by_text("この取込は")).to_contain_text("反映しました")
    check(page, "job-import-committed")


@pytest.mark.django_db(transaction=True)
def test_a_large_export_is_downloaded_from_the_progress_page(page, world, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 2
    log_in(page, "a-hr", PASSWORD)
    nav(page, "職員一覧")
    page.get_by_role("link", name="Excel").first.click()
    expect(page.get_by_role("heading", name="職員一覧の書き出し（Excel）")).to_be_visible()
    check(page, "job-export-done")
    with page.expect_download() as info:
        page.get_by_role("link", name="ダウンロード").click()
    assert info.value.suggested_filename.startswith("自分市_職員一覧_")


@pytest.mark.django_db(transaction=True)
def test_dx_office_sets_unit_kinds_in_one_list(page, world):
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "所属（組織）")
    page.get_by_role("link", name="担当の区分をまとめて設定する").click()
    row = page.get_by_role("row", name="総務課")
    row.get_by_role("checkbox", name="総務課 情報システム担当").check()
    page.get_by_role("combobox", name="市民部 部門").select_option(label="一般行政部門")
    check(page, "unit-flags")
    page.get_by_role("button", name="まとめて保存する").click()
    expect(page.get_by_text("2件の所属の区分を保存しました。")).to_be_visible()
    assert "情報システム" in page.get_by_role("row", name="総務課").first.inner_text()
