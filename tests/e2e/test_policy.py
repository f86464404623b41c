"""Levels, the basic policy and the structure, clicked through as the DX office and read by an executive."""

from datetime import date

import pytest
from docx import Document
from playwright.sync_api import expect

from conftest import PASSWORD
from jinzai.core.dates import fiscal_year_label, fiscal_year_of
from jinzai.core.services import today
from jinzai.planning.services.levels import level_assessment_create
from jinzai.talent.models import TalentType
from tests.e2e.conftest import assert_accessible, log_in, nav, shot

TALENT = "業務とデジタルの両方がわかり、課の改善をまとめる職員をDX推進リーダーとして育てます。"


def _history(world):
    """Two earlier years, so the chart has a line to draw."""
    dx = world.own.members["dx_office"]
    fy = fiscal_year_of(today())
    for kind, levels in {"leader": (1, 1), "general": (1, 2), "expert": (2, 2)}.items():
        talent_type = TalentType.objects.get(organisation=world.own.org, kind=kind)
        for offset, level in zip((2, 1), levels, strict=True):
            level_assessment_create(
                actor=dx,
                talent_type=talent_type,
                fiscal_year=fy - offset,
                level=level,
                assessed_on=date(fy - offset, 10, 1),
                evidence="前年度までの記録",
                assessor="DX推進課",
            )


@pytest.mark.django_db(transaction=True)
def test_dx_office_records_a_level_and_edits_descriptions(page, world):
    _history(world)
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "育成目標レベル")
    expect(page.get_by_role("heading", name="育成目標レベル", exact=True)).to_be_visible()
    page.get_by_role("link", name="現状レベルを記録する").click()
    assert_accessible(page)
    shot(page, "levels-assessment-form")
    page.get_by_label("人材像").select_option(label="DX推進リーダー")
    page.get_by_label("現状のレベル").select_option(label="レベル2（業務課題の把握・改善案の提案）")
    page.get_by_label("根拠").fill("リーダー20名のうち16名が、担当業務の改善案を提出しました。")
    assert page.get_by_label("評価者").input_value() == "髙橋　美咲"
    page.get_by_role("button", name="記録する").click()
    label = fiscal_year_label(fiscal_year_of(today()))
    expect(page.get_by_text(f"{label}の「DX推進リーダー」をレベル2として記録しました。")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="16名が、担当業務の改善案")
    assert label in row.inner_text() and "レベル2" in row.inner_text()
    leader_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="DX推進リーダー"))
    current = leader_row.locator("td.is-current")
    assert current.count() == 1 and "現状" in current.inner_text()
    assert "担当業務の課題を洗い出し" in current.inner_text()  # the level-2 cell
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('level-chart'))")
    datasets = page.evaluate(
        "() => Chart.getChart(document.getElementById('level-chart')).data.datasets.length"
    )
    assert datasets == 3
    assert_accessible(page)
    shot(page, "levels-list", wide=True)

    page.get_by_role("link", name="DX推進リーダーのレベルを編集").click()
    level2 = page.get_by_role("group", name="レベル2")
    level2.get_by_label("レベル2の状態").fill("リーダーの多くが、課の課題を整理して改善案を示せる。")
    assert_accessible(page)
    shot(page, "levels-edit")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("「DX推進リーダー」の育成目標レベルを保存しました。")).to_be_visible()
    assert "課の課題を整理して改善案を示せる" in leader_row.locator("td.is-current").inner_text()


@pytest.mark.django_db(transaction=True)
def test_policy_from_draft_to_word_and_executive_reads_it(page, world, tmp_path):
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "基本方針")
    expect(page.get_by_text("まだ基本方針がありません")).to_be_visible()
    assert_accessible(page)
    shot(page, "policy-list-empty")
    page.get_by_role("button", name="新しい方針を作る").click()
    expect(page.get_by_role("heading", name="基本方針 第1版を編集")).to_be_visible()
    assert "【記入のヒント】" in page.get_by_label("① 人材像").input_value()
    assert_accessible(page)
    shot(page, "policy-edit")
    page.get_by_label("① 人材像").fill(TALENT)
    page.get_by_label("② 人材のレベルごとの数値目標").fill(
        "DX推進リーダーを3年間で30名指定し、各課に1名以上置きます。"
    )
    page.get_by_label("③ 育成・確保の方針（全体の考え方）").fill(
        "庁内での育成を基本とし、専門分野は外部人材も活用します。"
    )
    leader = page.get_by_role("group", name="③ DX推進リーダー")
    leader.get_by_label("育成が中心").check()
    leader.get_by_label("短期の取組（1〜2年）").fill(
        "役割と期待を伝える研修を開き、ITパスポートの受験を勧めます。"
    )
    leader.get_by_label("中長期の取組（3年以降）").fill("経験を積んだリーダーが、次のリーダーを指導します。")
    page.get_by_label("④ 実施体制").fill(
        "市長を本部長とするDX推進本部を置き、人事課とDX推進課が事務局を務めます。"
    )
    page.get_by_label("⑤ 都道府県の支援の活用").fill("県の共同研修と専門人材の派遣を活用します。")
    page.get_by_label("⑥ キャリアパス").fill(
        "DX推進課と業務担当課を計画的に異動し、経験を人事評価で考慮します。"
    )
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("第1版の下書きを保存しました。")).to_be_visible()
    assert page.get_by_text("まだ書き終えていない項目があります").count() == 0

    nav(page, "推進体制")
    expect(page.get_by_text("まだ組織が登録されていません")).to_be_visible()
    shot(page, "structure-empty")
    page.get_by_role("link", name="組織を追加する").click()
    page.get_by_label("名称").fill("DX推進本部")
    page.get_by_label("種類").select_option(label="本部")
    page.get_by_label("役割").fill("デジタル人材の育成・確保の全体を調整し、方針を決めます。")
    assert_accessible(page)
    shot(page, "structure-body-form")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text("「DX推進本部」を追加しました。")).to_be_visible()
    page.get_by_role("link", name="DX推進本部に構成員を追加").click()
    page.get_by_label("職員番号").fill("000104")
    page.get_by_label("役割").select_option(label="CIO")
    assert_accessible(page)
    shot(page, "structure-member-form")
    page.get_by_role("button", name="追加する").click()
    expect(page.get_by_text("髙橋　美咲さんを「DX推進本部」のCIOとして登録しました。")).to_be_visible()
    page.get_by_role("link", name="DX推進本部に構成員を追加").click()
    page.get_by_label("氏名・職名").fill("見本大学 情報学部 教授 佐藤一郎")
    page.get_by_label("役割").select_option(label="外部有識者")
    page.get_by_role("button", name="追加する").click()
    page.get_by_role("link", name="DX推進本部の下に組織を追加").click()
    page.get_by_label("名称").fill("人材育成委員会")
    page.get_by_label("種類").select_option(label="委員会")
    page.get_by_role("button", name="追加する").click()
    page.get_by_role("link", name="DX推進本部の会議を記録").click()
    page.get_by_label("件名").fill("第1回 DX推進本部会議")
    page.get_by_label("記録").fill("基本方針の案を確認しました。")
    assert_accessible(page)
    shot(page, "structure-meeting-form")
    page.get_by_role("button", name="記録する").click()
    hq = page.get_by_role("region", name="DX推進本部")
    assert "CIO" in hq.inner_text() and "第1回 DX推進本部会議" in hq.inner_text()
    expect(page.get_by_role("heading", name="人材育成委員会")).to_be_visible()
    assert_accessible(page)
    shot(page, "structure", wide=True)

    nav(page, "基本方針")
    expect(page.get_by_role("link", name="下書き（第1版）を編集する")).to_be_visible()
    assert_accessible(page)
    shot(page, "policy-list")
    page.get_by_role("link", name="デジタル人材育成・確保基本方針").click()
    structure = page.get_by_role("region", name="④ 実施体制")
    assert "髙橋　美咲（CIO）" in structure.inner_text()
    assert "役割と期待を伝える研修" in page.get_by_role("region", name="③ 育成・確保の方針").inner_text()
    page.get_by_label("承認者").fill("市長 見本太郎")
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_text("第1版を承認しました。")).to_be_visible()
    assert page.get_by_role("link", name="編集する").count() == 0
    expect(page.get_by_role("button", name="この版をもとに改定する")).to_be_visible()
    assert_accessible(page)
    shot(page, "policy-detail", wide=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Word で出力").click()
    download = info.value
    assert download.suggested_filename == "自分市_基本方針_第1版.docx"
    target = tmp_path / "policy.docx"
    download.save_as(target)
    doc = Document(str(target))
    texts = [p.text for p in doc.paragraphs]
    assert TALENT in texts
    assert "① 人材像" in texts and "⑥ キャリアパス" in texts

    page.get_by_role("button", name="ログアウト").click()
    log_in(page, "a-executive", PASSWORD)
    nav(page, "基本方針")
    page.get_by_role("link", name="デジタル人材育成・確保基本方針").click()
    expect(page.get_by_text(TALENT)).to_be_visible()
    assert page.get_by_role("link", name="編集する").count() == 0
    assert page.get_by_role("button", name="承認する").count() == 0
    assert page.get_by_role("button", name="この版をもとに改定する").count() == 0
    expect(page.get_by_role("link", name="Word で出力")).to_be_visible()
    assert_accessible(page)
    shot(page, "policy-detail-executive")
