"""HR imports a CP932 CSV with a transfer and an error, fixes it, commits, and finds the new person by kana."""

import pytest

from conftest import PASSWORD
from tests.e2e.conftest import assert_accessible, log_in, nav, shot

HEADER = "職員番号,氏名,フリガナ,所属,職名,任用区分,採用日\n"
BAD = HEADER + (
    "000101,山田 太郎,ﾔﾏﾀﾞ ﾀﾛｳ,総務部総務課,主事,正規職員,R2.4.1\n"  # transfer: 窓口係 → 総務課
    "000201,渡辺 結衣,ﾜﾀﾅﾍﾞ ﾕｲ,市民部／市民課,主事,正規職員,令和6年13月1日\n"  # bad date
)
GOOD = BAD.replace("令和6年13月1日", "令和6年4月1日")


def upload(page, content: str, name: str) -> None:
    nav(page, "職員データ取込")
    page.get_by_label("ファイル（CSV または Excel .xlsx）").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode("cp932")}]
    )
    page.get_by_label("異動の発令日").fill("2026-10-01")
    page.get_by_role("button", name="読み込んで確認する").click()


@pytest.mark.django_db(transaction=True)
def test_hr_imports_fixes_and_commits(page, world):
    log_in(page, "a-hr", PASSWORD)
    upload(page, BAD, "職員一覧_誤り.csv")
    assert page.get_by_role("heading", name="取込内容の確認：職員一覧_誤り.csv").is_visible()
    errors = page.locator(".table-errors tbody tr")
    assert errors.count() == 1
    row = errors.first.inner_text()
    assert "3行目" in row and "G列「採用年月日」" in row and "令和6年13月1日" in row
    assert page.get_by_role("button", name="反映する").is_disabled()
    assert_accessible(page)
    shot(page, "import-preview-errors", wide=True)

    # The user fixes the file and uploads it again.
    upload(page, GOOD, "職員一覧.csv")
    counts = page.locator(".summary-counts")
    assert "新規1名" in counts.inner_text().replace("\n", "")
    assert "異動1名" in counts.inner_text().replace("\n", "")
    transfer = page.get_by_role("region", name="異動する職員（1名）")
    assert "窓口係 → 総務部 ／ 総務課" in transfer.inner_text().replace("\n", "")
    assert_accessible(page)
    shot(page, "import-preview", wide=True)
    page.get_by_role("button", name="反映する").click()
    assert page.get_by_text("職員データの取込を反映しました。新規 1名、異動 1名、変更 0名").is_visible()

    # Find the new person by a katakana search although the reading is stored in hiragana.
    nav(page, "職員一覧")
    page.get_by_label("氏名・ふりがな・職員番号").fill("ワタナベ")
    page.get_by_role("button", name="検索").click()
    assert page.get_by_text("1名が該当します").is_visible()
    page.get_by_role("link", name="渡辺　結衣").click()
    assert page.get_by_role("heading", name="人財カード：渡辺　結衣").is_visible()
    assert page.get_by_text("わたなべ　ゆい").is_visible()

    # The transferred person's history keeps the old posting.
    page.goto("/staff/")
    page.get_by_label("氏名・ふりがな・職員番号").fill("000101")
    page.get_by_role("button", name="検索").click()
    page.get_by_role("link", name="山田　太郎").click()
    history = page.get_by_role("region", name="職務経験（配属の履歴）").inner_text()
    assert "窓口係" in history and "総務課" in history and "2026年9月30日" in history
    assert_accessible(page)
    shot(page, "staff-card", wide=True)
