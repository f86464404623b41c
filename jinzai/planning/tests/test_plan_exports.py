"""Word, Excel and JSON exports of a plan, re-opened with python-docx / openpyxl; every export is audited."""

import io
import json
from datetime import date

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
    levels, targets, roadmap = doc.tables
    assert [c.text for c in levels.rows[1].cells] == [
        "DX推進リーダー",
        "レベル1：属人的対応",
        "レベル2：業務課題の把握・改善案の提案",
    ]
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
    assert rows[2][1:] == ["〈配置〉市民課にDX推進担当を2名", "2名", "0.67名", "1.33名", "2名"]
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
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:8] == ("目標", "種類", "人材像", "区分", "測り方", "単位", "計画初日の値", "最終目標")
    assert rows[0][8:11] == (
        "令和8年度（2026年度） 目安",
        "令和8年度（2026年度） 実績",
        "令和8年度（2026年度） 状況",
    )
    coverage = rows[1]
    assert coverage[:8] == (
        "各課に業務担当のリーダーを置く",
        "配置目標",
        "DX推進リーダー",
        "業務担当",
        "配置の網羅：決めた区分のすべての所属に決めた人数以上",
        "所属",
        0,
        12,
    )
    assert coverage[8] == 4
    assert len(rows) == 3
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
    from jinzai.planning.exports_plans import plan_docx
    from jinzai.planning.progress import plan_progress

    own = world.own
    p = plan(own, 2026, years=5)
    target(p, "headcount", 20, label="リーダー20名", talent_type=leader(own))
    RoadmapTask.objects.create(
        plan=p, fiscal_year=2030, talent_type=leader(own), kind="develop", title="評価"
    )
    doc = Document(io.BytesIO(plan_docx(p, plan_progress(p))))
    targets, roadmap = doc.tables
    assert [c.text for c in targets.rows[1].cells][-5:] == ["4名", "8名", "12名", "16名", "20名"]
    assert sum(col.width.mm for col in targets.columns) <= 170.5
    assert len(roadmap.columns) == 7 and sum(col.width.mm for col in roadmap.columns) <= 257.5
    assert doc.sections[1].orientation == 1  # the 工程 table is on a landscape page
