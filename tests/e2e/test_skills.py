"""Skills in the browser: dx_office opens a campaign; a staff member self-assesses with the keyboard only; the
manager confirms; dx_office reads the response rate, the heatmap and the gap; a staff member passes a test."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from jinzai.core.access import SystemActor
from jinzai.skills import services
from tests.e2e.conftest import check, log_in, log_out, nav


def tab_to(page, predicate: str, limit: int = 40) -> None:
    """Press Tab until `predicate` (JS on the focused element `el`) is true."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate}); }})()"):
            return
    raise AssertionError(f"focus never reached: {predicate}")


@pytest.mark.django_db(transaction=True)
def test_campaign_self_assessment_review_and_heatmap(page, world):
    today = date.today()
    # dx_office opens a campaign for everybody
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "スキルマップ")
    expect(page.get_by_role("heading", name="スキルマップ", exact=True)).to_be_visible()
    check(page, "skills-framework-list", wide=True)
    page.get_by_role("link", name="自治体DX推進リーダー").click()
    expect(page.get_by_role("heading", name="自治体DX推進リーダー")).to_be_visible()
    check(page, "skills-framework-detail", wide=True)
    page.get_by_role("link", name="期待レベルを編集").click()
    check(page, "skills-framework-profile")
    nav(page, "評価の実施")
    check(page, "skills-campaign-list-empty")
    page.get_by_role("link", name="評価を始める").click()
    page.get_by_label("名称").fill("令和8年度 DXリテラシー評価")
    page.get_by_label("スキルマップ").select_option(label="DXリテラシー")
    page.get_by_label("開始日").fill((today - timedelta(days=1)).isoformat())
    page.get_by_label("締切日").fill((today + timedelta(days=30)).isoformat())
    check(page, "skills-campaign-create")
    page.get_by_role("button", name="評価を始める").click()
    expect(page.get_by_text("「令和8年度 DXリテラシー評価」を始めました。対象者 4名です。")).to_be_visible()
    log_out(page)

    # 山田 (staff) answers with the keyboard only
    log_in(page, "a-staff", PASSWORD)
    nav(page, "スキル評価（自分）")
    check(page, "skills-my-assessments")
    tab_to(page, "el.textContent.trim() === '回答する'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="令和8年度 DXリテラシー評価")).to_be_visible()
    check(page, "skills-my-sheet", wide=True)
    for n in range(12):
        tab_to(page, "el.type === 'radio'")
        page.keyboard.press("Space")  # level 1
        if n % 3 != 2:
            page.keyboard.press("ArrowRight")  # level 2
    assert page.locator("input[type=radio]:checked").count() == 12
    tab_to(page, "el.textContent.trim() === '提出する'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("自己評価を提出しました。")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="令和8年度 DXリテラシー評価")
    assert "自己評価済" in row.inner_text()
    check(page, "skills-my-assessments-submitted")
    log_out(page)

    # 佐藤 (manager of 市民課) confirms, lowering one item
    log_in(page, "a-manager", PASSWORD)
    nav(page, "スキル評価（自分）")
    page.get_by_role("link", name="所属の職員の評価を確認する").click()
    check(page, "skills-rate-list")
    page.get_by_role("link", name="山田　太郎さんの評価を確認する").click()
    selects = page.locator("select[name^=manager_]")
    for i in range(selects.count()):
        selects.nth(i).select_option(value="2" if i % 3 != 2 else "1")
    page.get_by_label("全体のコメント").fill("面談で確かめました。データの扱いを次年度の目標にしましょう。")
    check(page, "skills-rate", wide=True)
    page.get_by_role("button", name="確定する").click()
    expect(page.get_by_text("山田　太郎さんの評価を確定しました。")).to_be_visible()
    log_out(page)

    # dx_office: response rate, heatmap, unit heatmap, gap
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "評価の実施")
    page.get_by_role("link", name="令和8年度 DXリテラシー評価").click()
    cards = page.locator(".cards").inner_text()
    assert "25.0％" in cards
    expect(page.locator("#rate-chart")).to_be_visible()
    check(page, "skills-campaign-detail", wide=True)
    page.get_by_role("link", name="未回答の人の一覧").click()
    assert page.locator("tbody tr").count() == 3
    check(page, "skills-campaign-pending")
    nav(page, "スキルの分布")
    heat = page.locator("table.heatmap")
    assert "市民部 ／ 市民課" in heat.inner_text()
    assert page.locator("table.heatmap td.heat-3, table.heatmap td.heat-1").count() >= 12
    check(page, "skills-matrix", wide=True)
    page.get_by_role("link", name="市民部 ／ 市民課").click()
    expect(page.get_by_role("heading", name="市民課のスキルの分布")).to_be_visible()
    check(page, "skills-matrix-unit", wide=True)
    page.get_by_role("link", name="山田　太郎").click()
    expect(page.get_by_role("heading", name="ギャップ分析：山田　太郎")).to_be_visible()
    assert "不足" in page.locator("tbody").inner_text()
    check(page, "skills-gap-person")
    page.get_by_label("所属").select_option(label="市民部 ／ 市民課")
    page.get_by_role("button", name="分析する").click()
    expect(page.get_by_role("heading", name="ギャップ分析：市民課")).to_be_visible()
    check(page, "skills-gap-unit")
    nav(page, "スキルマップ")
    page.get_by_role("link", name="育成目標レベルの判定基準").click()
    page.get_by_role("link", name="判定基準を加える").click()
    page.get_by_role("combobox", name="人材像").select_option(label="一般行政職員")
    page.get_by_label("育成目標レベル").select_option(label="レベル1")
    page.get_by_label("DXリテラシー：データの基礎").check()
    page.get_by_label("必要なスキルレベル（所属長が確定した評価）").select_option(label="1以上")
    page.get_by_label("必要な割合（％）").fill("20")
    check(page, "skills-criterion-form")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_text("判定基準を保存しました。")).to_be_visible()
    assert "提案 レベル1" in page.locator("main").inner_text()
    check(page, "skills-criteria", wide=True)
    log_out(page)

    # 山田's card shows the confirmed level
    log_in(page, "a-staff", PASSWORD)
    page.goto("/staff/me/")
    section = page.get_by_role("region", name="スキル評価")
    assert "データの基礎" in section.inner_text() and "不足" in section.inner_text()
    check(page, "skills-card")


@pytest.mark.django_db(transaction=True)
def test_staff_takes_and_passes_a_test(page, world):
    actor = SystemActor(organisation=world.own.org, label="test")
    basics = services.question_category_create(actor=actor, name="DXの基礎")
    security = services.question_category_create(actor=actor, name="情報セキュリティ")
    for n in range(3):
        services.question_create(
            actor=actor,
            category=basics,
            text=f"DXの説明として正しいものはどれですか（{n + 1}）。",
            kind="single",
            choices=["業務とサービスを見直すこと", "機器を買うこと"],
            correct=[0],
            explanation="道具ではなく仕事の形を変えることです。",
        )
    services.question_create(
        actor=actor,
        category=security,
        text="不審なメールへの対応として正しいものをすべて選んでください。",
        kind="multiple",
        choices=["開かずに報告する", "添付を開く", "決められた窓口に連絡する"],
        correct=[0, 2],
    )
    services.knowledge_test_create(
        actor=actor,
        sections={basics: 3, security: 1},
        name="DXリーダー向けアセスメント",
        pass_score=75,
        time_limit_minutes=20,
        is_open=True,
    )
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "テスト")
    check(page, "skills-test-list-manage")
    page.get_by_role("link", name="問題の一覧・取込").click()
    check(page, "skills-question-list", wide=True)
    page.get_by_role("link", name="ファイルから取り込む").click()
    check(page, "skills-question-import")
    log_out(page)

    log_in(page, "a-staff", PASSWORD)
    nav(page, "テスト")
    check(page, "skills-test-list")
    page.get_by_role("link", name="DXリーダー向けアセスメント").click()
    check(page, "skills-test-detail")
    page.get_by_role("button", name="受験を始める").click()
    expect(page.get_by_role("heading", name="DXリーダー向けアセスメント：受験")).to_be_visible()
    check(page, "skills-test-answer", wide=True)
    for label in page.get_by_label("業務とサービスを見直すこと").all():
        label.check()
    page.get_by_label("開かずに報告する").check()
    page.get_by_label("決められた窓口に連絡する").check()
    page.get_by_role("button", name="提出して採点する").click()
    expect(page.get_by_text("採点しました。100点（4／4問正解）で、合格です。")).to_be_visible()
    assert "このテストにはすでに合格しています。" in page.locator("main").inner_text()
    check(page, "skills-test-result", wide=True)
    log_out(page)

    log_in(page, "a-hr", PASSWORD)
    nav(page, "テスト")
    page.get_by_role("link", name="DXリーダー向けアセスメントの結果一覧").click()
    assert "山田　太郎" in page.locator("tbody").inner_text()
    check(page, "skills-test-results")
