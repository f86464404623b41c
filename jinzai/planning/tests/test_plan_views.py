"""Plan pages: list with status counts, create, the plan document, edit levels, approve, revise; roles."""

from datetime import date

import pytest
from django.urls import reverse

from jinzai.planning.models import DevelopmentPlan, LevelAssessment, PlanLevel, Status

from ._plans import add_staff, designate, general, leader, plan, target

pytestmark = pytest.mark.django_db


def test_empty_list_points_to_the_wizard(world, login):
    page = login(world.own.users["dx_office"]).get(reverse("planning:plan_list")).content.decode()
    assert "まだ計画がありません" in page and reverse("planning:wizard") in page
    page = login(world.own.users["executive"]).get(reverse("planning:plan_list")).content.decode()
    assert "まだ計画がありません" in page and reverse("planning:wizard") not in page


def test_list_shows_period_version_and_status_counts(world, login):
    own = world.own
    p = plan(own, 2025, status=Status.APPROVED, approved_on=date(2025, 4, 1))
    target(p, "headcount", 1, label="達成する目標", talent_type=leader(own))
    target(p, "headcount", 30, label="遅れる目標", talent_type=leader(own))
    designate(add_staff(own, "001101", own.units["窓口係"]), leader(own), date(2025, 5, 1))
    page = login(own.users["hr"]).get(reverse("planning:plan_list")).content.decode()
    assert "令和7年度（2025年度）〜<br>令和9年度（2027年度）" in page
    assert "第1版" in page and "承認済" in page
    assert "達成 1件" in page and "遅れ 1件" in page


def test_create_then_edit_levels(world, login):
    own = world.own
    LevelAssessment.objects.create(
        organisation=own.org, talent_type=leader(own), fiscal_year=2025, level=2, assessed_on=date(2025, 9, 1)
    )
    client = login(own.users["dx_office"])
    r = client.post(
        reverse("planning:plan_create"),
        {"title": "育成計画", "start_fy": 2026, "years": 3, "summary": "概要"},
    )
    p = DevelopmentPlan.objects.get()
    assert r["Location"] == reverse("planning:plan_detail", kwargs={"pk": p.pk})
    assert not p.levels.exists()  # 「白紙から作る」 starts blank
    detail = client.get(r["Location"]).content.decode()
    assert "育成目標レベルはまだ決めていません" in detail
    edit = client.get(reverse("planning:plan_edit", kwargs={"pk": p.pk})).content.decode()
    assert "最新の現状レベル評価: レベル2" in edit
    data = {"title": "育成計画（改）", "start_fy": 2026, "years": 4, "summary": ""}
    data[f"level_{leader(own).pk}_current"] = 2
    data[f"level_{general(own).pk}_current"] = ""
    data[f"level_{general(own).pk}_target"] = ""  # 一般行政職員 left out of this plan
    data[f"level_{leader(own).pk}_target"] = 4
    data[f"level_{leader(own).pk}_note"] = "ほとんどのリーダーが新しいサービスを形にできる"
    assert client.post(reverse("planning:plan_edit", kwargs={"pk": p.pk}), data).status_code == 302
    p.refresh_from_db()
    assert (p.title, p.end_fy) == ("育成計画（改）", 2029)
    assert not p.levels.filter(talent_type=general(own)).exists()
    assert p.levels.get(talent_type=leader(own)).target_level == 4
    data[f"level_{leader(own).pk}_target"] = 1
    page = client.post(reverse("planning:plan_edit", kwargs={"pk": p.pk}), data).content.decode()
    assert "目標レベルは現状レベル以上にしてください" in page


def test_detail_reads_like_the_plan_and_hides_edit_buttons_from_executives(world, login):
    own = world.own
    p = plan(own, 2026, title="自分市の育成計画")
    PlanLevel.objects.create(plan=p, talent_type=leader(own), current_level=1, target_level=2)
    target(
        p, "coverage", 2, label="各課にリーダー", talent_type=leader(own), params={"unit_kind": "division"}
    )
    dx = (
        login(own.users["dx_office"])
        .get(reverse("planning:plan_detail", kwargs={"pk": p.pk}))
        .content.decode()
    )
    for text in (
        "令和8年度（2026年度）〜令和10年度（2028年度）（3年間）",
        "レベル1",
        "属人的対応",
        "業務課題の把握・改善案の提案",
        "各課にリーダー",
        "2所属",
        "長期的（定着化）" if p.tasks.exists() else "工程はまだありません",
        "承認する",
        "目標を追加",
        "編集する",
        reverse("planning:plan_docx", kwargs={"pk": p.pk}),
    ):
        assert text in dx, text
    exe = (
        login(own.users["executive"])
        .get(reverse("planning:plan_detail", kwargs={"pk": p.pk}))
        .content.decode()
    )
    assert "各課にリーダー" in exe and "Word（計画書）" in exe
    for text in ("承認する", "目標を追加", "編集する", "を編集", "この版をもとに改定する"):
        assert text not in exe, text


def test_approve_and_revise_through_the_pages(world, login):
    own = world.own
    p = plan(own, 2026)
    client = login(own.users["dx_office"])
    r = client.post(
        reverse("planning:plan_approve", kwargs={"pk": p.pk}), {"approver_name": "", "approved_on": ""}
    )
    assert r.status_code == 302 and DevelopmentPlan.objects.get(pk=p.pk).status == Status.DRAFT
    client.post(
        reverse("planning:plan_approve", kwargs={"pk": p.pk}),
        {"approver_name": "市長", "approved_on": "2026-04-01"},
    )
    assert DevelopmentPlan.objects.get(pk=p.pk).status == Status.APPROVED
    page = client.get(reverse("planning:plan_detail", kwargs={"pk": p.pk})).content.decode()
    assert "この版をもとに改定する</button>" in page and "編集する</a>" not in page
    assert client.get(reverse("planning:plan_edit", kwargs={"pk": p.pk})).status_code == 302
    r = client.post(reverse("planning:plan_revise", kwargs={"pk": p.pk}))
    draft = DevelopmentPlan.objects.get(based_on=p)
    assert r["Location"] == reverse("planning:plan_detail", kwargs={"pk": draft.pk}) and draft.version == 2
    page = client.get(reverse("planning:plan_detail", kwargs={"pk": p.pk})).content.decode()
    assert "第2版（下書き）" in page and "この版をもとに改定する</button>" not in page
