"""The development plan, clicked through: the wizard, targets, approval, the dashboard, Word; an executive reads it."""

import re
from datetime import date

import pytest
from docx import Document
from playwright.sync_api import expect

from conftest import PASSWORD
from jinzai.core.dates import fiscal_year_label, fiscal_year_of
from jinzai.core.models import Unit
from jinzai.core.services import today
from jinzai.people.models import Assignment, Staff
from jinzai.planning.models import DevelopmentPlan, LevelAssessment
from jinzai.talent.models import Designation, SubRole, TalentType
from tests.e2e.conftest import assert_accessible, log_in, nav, shot


def _town(world):
    """An information section, one more 課, a few leaders and two years of level assessments."""
    own = world.own
    org = own.org
    fy = fiscal_year_of(today())
    info = Unit.objects.create(
        organisation=org, parent=own.units["総務課"], name="情報係", kind="section", is_it=True, sort_order=35
    )
    Unit.objects.create(organisation=org, parent=own.units["市民部"], name="保険年金課", sort_order=55)
    leader = TalentType.objects.get(organisation=org, kind="leader")
    business = SubRole.objects.get(organisation=org, name="業務担当")
    dx = SubRole.objects.get(organisation=org, name="DX推進担当")
    it = Staff.objects.create(organisation=org, staff_no="000901", name="伊藤　情報", current_unit=info)
    Assignment.objects.create(organisation=org, staff=it, unit=info, started_on=date(2020, 4, 1))
    for staff, role, start in (
        (it, dx, date(fy, 4, 1)),
        (own.staff["staff"], business, date(fy, 5, 1)),
        (own.staff["other"], business, date(fy, 6, 1)),
    ):
        Designation.objects.create(
            organisation=org, staff=staff, talent_type=leader, sub_role=role, started_on=start
        )
    for kind, levels in {"leader": (1, 1), "general": (1, 2), "expert": (2, 2)}.items():
        talent_type = TalentType.objects.get(organisation=org, kind=kind)
        for offset, level in zip((2, 1), levels, strict=True):
            LevelAssessment.objects.create(
                organisation=org,
                talent_type=talent_type,
                fiscal_year=fy - offset,
                level=level,
                assessed_on=date(fy - offset, 10, 1),
            )


def _add_target(page, label: str, metric: str, value: str, **choices) -> None:
    page.get_by_role("link", name="目標を追加").first.click()
    page.get_by_label(re.compile(r"^目標(必須)?$")).fill(label)
    page.get_by_label(choices.get("purpose", "配置目標"), exact=True).check()
    page.get_by_label(metric).check()
    page.get_by_label("人材像", exact=True).select_option(label="DX推進リーダー")
    if "sub_role" in choices:
        page.get_by_label("区分", exact=True).select_option(label=choices["sub_role"])
    if "per_unit" in choices:
        page.get_by_label("各所属に必要な人数").fill(choices["per_unit"])
    if "employment" in choices:
        page.get_by_label(choices["employment"], exact=True).check()
    page.get_by_label("最終目標値").fill(value)


@pytest.mark.django_db(transaction=True)
def test_dx_office_builds_approves_and_exports_a_plan(page, world, tmp_path):
    _town(world)
    fy = fiscal_year_of(today())
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "育成計画")
    expect(page.get_by_text("まだ計画がありません")).to_be_visible()
    assert_accessible(page)
    shot(page, "plan-list-empty")

    # the wizard
    page.get_by_role("link", name="ウィザードで計画を作る").click()
    expect(page.get_by_role("heading", name="手順1：期間と人材像")).to_be_visible()
    assert page.get_by_label("開始年度").input_value() == str(fy)
    page.get_by_label("計画の名称").fill("自分市デジタル人材育成計画")
    assert_accessible(page)
    shot(page, "plan-wizard-1-period", wide=True)
    page.get_by_role("button", name="次へ").click()
    expect(page.get_by_role("heading", name="手順2：育成目標レベル")).to_be_visible()
    general = page.get_by_role("group", name="一般行政職員")
    assert general.get_by_label("現状レベル").input_value() == "2"  # the latest assessment
    assert general.get_by_label("目標レベル").input_value() == "3"
    assert_accessible(page)
    shot(page, "plan-wizard-2-levels")
    page.get_by_role("button", name="次へ").click()
    expect(page.get_by_role("heading", name="手順3：目標")).to_be_visible()
    expect(page.get_by_text("業務担当部局の課は今日の時点で3課です。")).to_be_visible()
    expect(page.get_by_text("情報担当の所属は「総務部 ／ 総務課 ／ 情報係」です。")).to_be_visible()
    assert_accessible(page)
    shot(page, "plan-wizard-3-targets", wide=True)
    page.get_by_role("button", name="次へ").click()
    expect(page.get_by_role("heading", name="手順4：工程")).to_be_visible()
    assert page.get_by_role("row").filter(has_text="情報係にDX推進担当のリーダーを2名置く").count() == 1
    assert_accessible(page)
    shot(page, "plan-wizard-4-roadmap", wide=True)
    page.get_by_role("button", name="この内容で計画の下書きを作る").click()
    expect(page.get_by_text("ウィザードで計画の下書きを作りました。")).to_be_visible()
    expect(page.get_by_role("heading", name="自分市デジタル人材育成計画（第1版）")).to_be_visible()

    # a coverage target and a share target
    _add_target(
        page,
        "すべての課にDX推進リーダーを2名以上置く",
        "配置の網羅：決めた区分のすべての所属に決めた人数以上",
        "3",
        per_unit="2",
    )
    assert_accessible(page)
    shot(page, "plan-target-form", wide=True)
    page.get_by_role("button", name="目標を追加する").click()
    expect(page.get_by_text("目標「すべての課にDX推進リーダーを2名以上置く」を加えました。")).to_be_visible()
    _add_target(
        page,
        "正規職員の40%をDX推進リーダーにする",
        "割合：対象の職員のうち人材像に指定された人",
        "40",
        purpose="育成目標",
        employment="正規",
    )
    page.get_by_role("button", name="目標を追加する").click()
    expect(page.get_by_text("目標「正規職員の40%をDX推進リーダーにする」を加えました。")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="正規職員の40%をDX推進リーダーにする")
    assert "40%" in row.inner_text() and "育成目標" in row.inner_text()

    # the roadmap and the edit form
    page.get_by_role("link", name="工程を追加").click()
    page.get_by_label("年度").select_option(label="長期的（定着化）")
    page.get_by_label("人材像").select_option(label="高度専門人材")
    page.get_by_label("確保").check()
    page.get_by_label("取組").fill("近くの市町と共同でCIO補佐官を招く")
    assert_accessible(page)
    shot(page, "plan-task-form")
    page.get_by_role("button", name="工程を追加する").click()
    expect(page.locator(".roadmap li").filter(has_text="近くの市町と共同でCIO補佐官を招く")).to_be_visible()
    page.get_by_role("link", name="編集する").click()
    assert_accessible(page)
    shot(page, "plan-edit")
    page.get_by_role("link", name="キャンセル").click()
    assert_accessible(page)
    shot(page, "plan-detail-draft", wide=True)

    # approve
    page.get_by_label("承認者").fill("市長　見本太郎")
    page.get_by_role("button", name="承認する").click()
    expect(page.get_by_text("計画（第1版）を承認しました。")).to_be_visible()
    expect(page.get_by_role("heading", name="自分市デジタル人材育成計画（第1版） 承認済")).to_be_visible()
    assert page.get_by_role("button", name="この版をもとに改定する").is_visible()
    assert page.get_by_role("link", name="編集する").count() == 0
    shot(page, "plan-detail-approved", wide=True)

    # the dashboard
    page.get_by_role("link", name="ダッシュボード").click()
    expect(
        page.get_by_role("heading", name="ダッシュボード：自分市デジタル人材育成計画（第1版） 承認済")
    ).to_be_visible()
    page.wait_for_function("() => document.querySelectorAll('canvas[data-drawn]').length >= 6")
    coverage = page.get_by_role("heading", name="すべての課にDX推進リーダーを2名以上置く", exact=True)
    expect(coverage).to_be_visible()
    lacking = page.locator(".coverage-map tr.is-lacking th").all_inner_texts()
    assert "市民部 ／ 保険年金課" in lacking
    page.locator("details.plan-details summary").first.click()
    assert_accessible(page)
    shot(page, "plan-dashboard", wide=True)
    starter = page.locator(".starter-list > li").filter(has_text="ITパスポートの取得を勧め、広める")
    starter.get_by_text("更新する").click()
    starter.get_by_role("combobox").select_option(label="取組中")
    starter.get_by_label("メモ").fill("受験料の半額を補助")
    starter.get_by_role("button", name="保存").click()
    expect(page.get_by_text("「ITパスポートの取得を勧め、広める」の状況を保存しました。")).to_be_visible()
    assert "取組中" in starter.inner_text() and "受験料の半額を補助" in starter.inner_text()
    shot(page, "plan-dashboard-starter")

    # the Word document has the plan's numbers
    page.get_by_role("link", name="計画を見る").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Word（計画書）").click()
    era = fiscal_year_label(fy).split("（")[0]
    assert info.value.suggested_filename == f"自分市_育成計画_{era}_第1版.docx"
    path = tmp_path / "plan.docx"
    info.value.save_as(path)
    doc = Document(str(path))
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in doc.tables[2].rows}
    coverage_row = rows["〈配置〉すべての課にDX推進リーダーを2名以上置く"]
    assert coverage_row[2] == "3所属" and coverage_row[-1] == "3所属"
    assert rows["〈育成〉正規職員の40%をDX推進リーダーにする"][2] == "40%"
    assert rows["〈配置〉情報係にDX推進リーダー（DX推進担当）を2名置く"][2] == "2名"
    assert [c.text for c in doc.tables[0].rows[3].cells][:2] == [
        "一般行政職員",
        "レベル2：業務課題の把握・改善案の提案",
    ]
    roadmap = [[c.text for c in r.cells] for r in doc.tables[3].rows]
    assert any("近くの市町と共同でCIO補佐官を招く" in row[-1] for row in roadmap)
    assert fiscal_year_label(fy).split("（")[0] in roadmap[0][1]

    # an executive reads it, with no edit or approve buttons
    page.get_by_role("button", name="ログアウト").click()
    log_in(page, "a-executive", PASSWORD)
    nav(page, "育成計画")
    assert_accessible(page)
    shot(page, "plan-list")
    page.get_by_role("link", name="自分市デジタル人材育成計画", exact=True).click()
    expect(page.get_by_role("heading", name="2. 育成目標・配置目標")).to_be_visible()
    for name in ("編集する", "目標を追加", "工程を追加"):
        assert page.get_by_role("link", name=name).count() == 0, name
    for name in ("承認する", "この版をもとに改定する"):
        assert page.get_by_role("button", name=name).count() == 0, name
    assert page.locator("a[aria-label$='を編集']").count() == 0
    assert_accessible(page)
    shot(page, "plan-detail-executive")
    page.get_by_role("link", name="ダッシュボード").click()
    page.wait_for_function("() => document.querySelectorAll('canvas[data-drawn]').length >= 1")
    assert page.get_by_text("更新する").count() == 0
    assert_accessible(page)
    shot(page, "plan-dashboard-executive")
    assert DevelopmentPlan.objects.get().status == "approved"


@pytest.mark.django_db(transaction=True)
def test_blank_plan_and_import_pages(page, world, tmp_path):
    log_in(page, "a-dx_office", PASSWORD)
    nav(page, "育成計画")
    page.get_by_role("link", name="白紙から作る").click()
    assert_accessible(page)
    shot(page, "plan-create")
    page.get_by_role("button", name="下書きを作る").click()
    expect(page.get_by_text("計画の下書きを作りました。")).to_be_visible()
    nav(page, "育成計画")
    page.get_by_role("link", name="ファイルから取り込む").click()
    bad = tmp_path / "template.json"
    bad.write_text(
        '{"title": "県のひな形", "start_fy": 2026, "end_fy": 2028,'
        ' "targets": [{"label": "x", "purpose": "placement", "metric": "xyz", "target_value": 1}]}',
        encoding="utf-8",
    )
    page.get_by_label("計画ファイル（JSON）").set_input_files(str(bad))
    page.get_by_role("button", name="取り込んで下書きを作る").click()
    expect(page.get_by_text("targets[0].metric: 「xyz」は使えない測り方です。")).to_be_visible()
    assert_accessible(page)
    shot(page, "plan-import-errors")
