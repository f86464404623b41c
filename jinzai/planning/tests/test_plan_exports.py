"""Word, Excel and JSON exports of a plan, re-opened with python-docx / openpyxl; every export is audited."""

import io
import json
from datetime import date
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from jinzai.core.models import AuditEvent
from jinzai.planning.models import PlanLevel, RoadmapTask

from ._plans import add_staff, designate, general, leader, plan, sub_role, target

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_plan(world):
    own = world.own
    lead = leader(own)
    p = plan(own, 2026, title="自分市デジタル人材育成計画", summary="小さく始めて広げます。")
    PlanLevel.objects.create(plan=p, talent_type=lead, current_level=1, target_level=2)
    PlanLevel.objects.create(plan=p, talent_type=general(own), current_level=1, target_level=3)
    target(
        p,
        "coverage",
        12,
        label="各課に業務担当のリーダーを置く",
        talent_type=lead,
        sub_role=sub_role(own, "業務担当"),
        params={"unit_kind": "division", "per_unit": 1, "business_only": True},
        milestones={"2026": 4, "2027": 8},
        sort_order=10,
    )
    target(
        p,
        "placement",
        2,
        label="市民課にDX推進担当を2名",
        talent_type=lead,
        unit=own.units["市民課"],
        params={"grade_min_rank": 2},
        sort_order=20,
    )
    RoadmapTask.objects.create(
        plan=p, fiscal_year=2026, talent_type=lead, kind="develop", title="役割を学ぶ研修"
    )
    RoadmapTask.objects.create(
        plan=p,
        fiscal_year=None,
        talent_type=lead,
        kind="place",
        title="キャリアパスを示す",
        owner_unit=own.units["人事係"],
        status="in_progress",
    )
    designate(add_staff(own, "000901", own.units["窓口係"]), lead, date(2026, 5, 1))
    return p


def test_docx_has_the_guidebook_tables(world, login, full_plan):
    client = login(world.own.users["executive"])
    response = client.get(reverse("planning:plan_docx", kwargs={"pk": full_plan.pk}))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and ".docx" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.getvalue()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert (
        "自分市デジタル人材育成計画" in text
        and "令和8年度（2026年度）〜令和10年度（2028年度）（3年間）" in text
    )
    levels, definitions, targets, roadmap = doc.tables
    assert [c.text for c in levels.rows[1].cells] == [
        "DX推進リーダー",
        "レベル1：属人的対応",
        "レベル2：業務課題の把握・改善案の提案",
    ]
    # the five-level definition table: one column per level, one row per type of the plan
    head = [c.text for c in definitions.rows[0].cells]
    assert head[0] == "人材像" and head[1] == "レベル1\n属人的対応" and head[5].startswith("レベル5")
    assert [r.cells[0].text for r in definitions.rows[1:]] == ["DX推進リーダー", "一般行政職員"]
    assert definitions.rows[1].cells[1].text == "業務の改善は、意欲のある一部の職員の頑張りに頼っている。"
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "(1) 育成の目標レベル") in headings
    assert ("Heading 1", "(2) 達成すべき目標") in headings
    assert ("Heading 1", "(3) 育成手法") in headings
    text = [p.text for p in doc.paragraphs]
    leader_block = text[text.index("DX推進リーダー") :]
    assert leader_block[1:5] == [
        "〈育成目標〉",
        "・現状「レベル1」のところ、「レベル2」の状態とする。",
        "〈配置目標〉",
        "・各課に業務担当のリーダーを置く（最終目標 12所属）",
    ]
    assert "・令和8年度：役割を学ぶ研修" in text  # (3) 育成手法 from the roadmap's 育成 tasks
    rows = [[c.text for c in r.cells] for r in targets.rows]
    assert rows[0][:3] == ["人材像", "目標", "最終目標"] and rows[0][3].startswith("令和8年度")
    assert rows[1] == [
        "DX推進リーダー",
        "〈配置〉各課に業務担当のリーダーを置く",
        "12所属",
        "4所属",
        "8所属",
        "12所属",
    ]
    # whole people: 2 × 1/3 = 0.67 and 2 × 2/3 = 1.33 are shown (and judged) as 1名 and 2名
    assert rows[2][1:] == ["〈配置〉市民課にDX推進担当を2名", "2名", "1名", "2名", "2名"]
    road = [[c.text for c in r.cells] for r in roadmap.rows]
    assert road[0][-1] == "長期的\n（定着化）"
    assert road[1][1] == "〈育成〉\n・役割を学ぶ研修"
    assert road[1][-1] == "〈配置〉\n・キャリアパスを示す（実施中）"
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Yu Gothic"
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert AuditEvent.objects.filter(
        action="plan.export", object_id=str(full_plan.pk), detail__format="docx"
    ).exists()


def test_xlsx_has_expected_actual_and_status_per_year(world, login, full_plan):
    client = login(world.own.users["hr"])
    response = client.get(reverse("planning:plan_xlsx", kwargs={"pk": full_plan.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(quote("自分市_育成計画_令和8年度_第1版.xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(response.getvalue()))
    assert book.sheetnames == ["目標", "工程"]
    rows = list(book["目標"].iter_rows(values_only=True))
    assert rows[0][:16] == (
        "目標",
        "種類",
        "人材像",
        "測り方",
        "単位",
        "数える人材像",
        "区分",
        "所属",
        "職級の範囲",
        "任用形態",
        "部門",
        "年齢",
        "数える資格・研修・項目",
        "達成の判定",
        "計画初日の値",
        "最終目標",
    )
    assert rows[0][16:19] == (
        "令和8年度（2026年度） 目安",
        "令和8年度（2026年度） 実績",
        "令和8年度（2026年度） 状況",
    )
    coverage, placement = rows[1], rows[2]
    assert coverage[:16] == (
        "各課に業務担当のリーダーを置く",
        "配置目標",
        "DX推進リーダー",
        "配置の網羅：決めた区分のすべての所属に決めた人数以上",
        "所属",
        "DX推進リーダー",
        "業務担当",
        "業務担当部局のすべての課（各1名以上）",
        None,
        None,
        None,
        None,
        None,
        "目標値以上で達成",
        0,
        12,
    )
    assert coverage[16] == 4
    assert placement[7:9] == ("市民部／市民課", "主任〜")
    assert [placement[16], placement[19], placement[22]] == [1, 2, 2]  # whole people, rounded up
    assert len(rows) == 3
    roadmap = list(book["工程"].iter_rows(values_only=True))
    assert roadmap[0] == ("年度", "人材像", "区分", "取組", "担当所属", "状況", "メモ")
    assert roadmap[1][:4] == ("令和8年度（2026年度）", "DX推進リーダー", "育成", "役割を学ぶ研修")
    assert roadmap[2][:6] == (
        "長期的（定着化）",
        "DX推進リーダー",
        "配置",
        "キャリアパスを示す",
        "総務部／総務課／人事係",
        "実施中",
    )
    assert AuditEvent.objects.filter(action="plan.export", detail__format="xlsx").exists()


def test_json_has_names_not_ids(world, login, full_plan):
    client = login(world.own.users["dx_office"])
    response = client.get(reverse("planning:plan_json", kwargs={"pk": full_plan.pk}))
    data = json.loads(response.getvalue())
    assert (data["format"], data["title"], data["start_fy"], data["end_fy"]) == (
        "jinzai-plan",
        "自分市デジタル人材育成計画",
        2026,
        2028,
    )
    assert data["levels"][0] == {
        "talent_type": "DX推進リーダー",
        "current_level": 1,
        "target_level": 2,
        "note": "",
    }
    coverage, placement = data["targets"]
    assert coverage["sub_role"] == "業務担当" and coverage["milestones"] == {"2026": 4, "2027": 8}
    assert placement["unit"] == ["市民部", "市民課"] and placement["params"] == {"grade_min": "主任"}
    assert (
        data["tasks"][1]["owner_unit"] == ["総務部", "総務課", "人事係"]
        and data["tasks"][1]["fiscal_year"] is None
    )
    assert AuditEvent.objects.filter(action="plan.export", detail__format="json").exists()


def test_docx_of_a_five_year_plan_fits_the_page(world):
    from jinzai.planning.exports.plans import plan_docx
    from jinzai.planning.selectors.progress import plan_progress

    own = world.own
    p = plan(own, 2026, years=5)
    target(p, "headcount", 20, label="リーダー20名", talent_type=leader(own))
    RoadmapTask.objects.create(
        plan=p, fiscal_year=2030, talent_type=leader(own), kind="develop", title="評価"
    )
    doc = Document(io.BytesIO(plan_docx(p, plan_progress(p))))
    definitions, targets, roadmap = doc.tables
    assert len(definitions.columns) == 6 and sum(col.width.mm for col in definitions.columns) <= 257.5
    assert [c.text for c in targets.rows[1].cells][-5:] == ["4名", "8名", "12名", "16名", "20名"]
    assert sum(col.width.mm for col in targets.columns) <= 257.5
    assert len(roadmap.columns) == 7 and sum(col.width.mm for col in roadmap.columns) <= 257.5
    assert doc.sections[1].orientation == 1  # the definitions, targets and 工程 are on landscape pages


def test_docx_development_methods_list_the_courses_for_each_type(world, full_plan):
    from jinzai.learning.models import Course
    from jinzai.planning.exports.plans import plan_docx
    from jinzai.planning.selectors.progress import plan_progress

    own = world.own
    course = Course.objects.create(
        organisation=own.org,
        title="業務改善の進め方",
        provider_type="prefecture",
        mode="classroom",
        step=1,
        hours=6,
    )
    course.target_talent_types.set([leader(own)])
    Course.objects.create(
        organisation=own.org,
        title="情報セキュリティの基本",
        provider_type="jlis",
        mode="elearning",
        hours="1.5",
    )
    doc = Document(io.BytesIO(plan_docx(full_plan, plan_progress(full_plan))))
    text = [p.text for p in doc.paragraphs]
    methods = text[text.index("(3) 育成手法") :]
    assert "〈研修の広域化・共同化（都道府県などとの共同研修）〉" in methods
    assert "・業務改善の進め方 ステップ1（レベル1〜2）・6時間" in methods
    assert any(line.startswith("・情報セキュリティの基本") and "1.5時間" in line for line in methods)
