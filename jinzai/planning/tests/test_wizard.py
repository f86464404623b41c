"""The wizard proposes targets from the organisation's own data and creates an ordinary draft plan."""

from datetime import date

import pytest
from django.urls import reverse

from jinzai.planning.models import DevelopmentPlan, LevelAssessment
from jinzai.planning.services.wizard import (
    FINAL,
    FIRST,
    GUIDEBOOK_ROADMAP_ITEMS,
    LONG,
    SECOND,
    propose_roadmap,
    propose_targets,
)
from jinzai.talent.models import TalentType

from ._plans import add_staff, add_unit, designate, general, leader, sub_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(world):
    own = world.own
    info = add_unit(own, "情報係", own.units["総務課"], kind="section", is_it=True, sort_order=35)
    add_unit(own, "税務課", own.units["総務部"], sort_order=36)
    add_unit(own, "旧企画課", own.units["総務部"], valid_to=date(2020, 3, 31), sort_order=37)
    add_unit(own, "議会事務局", None, is_business=False, sort_order=90)
    it_staff = add_staff(own, "000801", info)
    designate(it_staff, leader(own), date(2025, 4, 1), role=sub_role(own, "DX推進担当"))
    designate(own.staff["staff"], leader(own), date(2025, 4, 1), role=sub_role(own, "業務担当"))
    LevelAssessment.objects.create(
        organisation=own.org,
        talent_type=general(own),
        fiscal_year=2025,
        level=2,
        assessed_on=date(2025, 6, 1),
    )
    return own


def test_proposals_come_from_the_data(town):
    types = list(TalentType.objects.filter(organisation=town.org).order_by("sort_order"))
    levels = {t.pk: (1, 2) for t in types}
    levels[general(town).pk] = (2, 3)
    result = propose_targets(town.org, types=types, levels=levels, start_fy=2026, years=3)
    by_key = {p.key: p for p in result.targets}
    coverage = by_key["coverage"]
    # business 課 valid today: 総務課, 市民課, 税務課 (not the closed 旧企画課, not the 議会事務局)
    assert coverage.value == 3 and coverage.params == {
        "unit_kind": "division",
        "business_only": True,
        "per_unit": 1,
    }
    assert coverage.sub_role.name == "業務担当"
    assert "3課" in coverage.basis and "1課" in coverage.basis  # 市民課 already has one
    placement = by_key["placement"]
    assert (placement.value, placement.target_unit.name, placement.sub_role.name) == (
        2,
        "情報係",
        "DX推進担当",
    )
    assert "1名" in placement.basis
    cumulative = by_key["cumulative"]
    assert cumulative.value == 3 and cumulative.milestones(3, [2026, 2027, 2028]) == {
        "2026": 1,
        "2027": 2,
        "2028": 3,
    }
    assert cumulative.milestones(10, [2026, 2027, 2028]) == {"2026": 4, "2027": 8, "2028": 10}
    level = by_key[f"level_{general(town).pk}"]
    assert level.value == 3 and level.milestones(3, [2026, 2027, 2028]) == {"2026": 2, "2027": 2}
    assert result.notes == []


def test_missing_information_section_is_explained(world):
    own = world.own
    types = [leader(own)]
    result = propose_targets(own.org, types=types, levels={types[0].pk: (1, 2)}, start_fy=2026, years=3)
    assert "placement" not in {p.key for p in result.targets}
    assert any("情報システム担当" in note for note in result.notes)
    result = propose_targets(own.org, types=[general(own)], levels={}, start_fy=2026, years=3)
    assert any("DX推進リーダーの人材像を計画に入れていない" in note for note in result.notes)


def test_roadmap_template_spreads_over_the_plan(town):
    types = list(TalentType.objects.filter(organisation=town.org).order_by("sort_order"))
    tasks = propose_roadmap(town.org, types=types, start_fy=2026, years=5)
    years = {t.fiscal_year for t in tasks}
    assert years == {2026, 2027, 2030, None}  # first, second, final year and 長期的
    it_task = next(t for t in tasks if "情報係" in t.title)
    assert (it_task.fiscal_year, it_task.kind, it_task.owner_unit.name) == (2026, "place", "情報係")
    assert {t.talent_type.kind for t in tasks} == {"expert", "leader", "general"}


def test_roadmap_template_covers_every_item_of_the_guidebook_table(town):
    types = list(TalentType.objects.filter(organisation=town.org).order_by("sort_order"))
    tasks = propose_roadmap(town.org, types=types, start_fy=2026, years=3)
    slot = {FIRST: 2026, SECOND: 2027, FINAL: 2028, LONG: None}
    kinds = {t.kind: t for t in types}
    missing = []
    for kind, items in GUIDEBOOK_ROADMAP_ITEMS.items():
        for when, words in items:
            titles = [t.title for t in tasks if t.talent_type == kinds[kind] and t.fiscal_year == slot[when]]
            if not any(words in title for title in titles):
                missing.append((kind, when, words))
    assert missing == []


def test_no_information_section_means_no_task_for_it(world):
    own = world.own
    tasks = propose_roadmap(own.org, types=[leader(own)], start_fy=2026, years=3)
    assert tasks and not any("情報" in t.title and t.kind == "place" for t in tasks)


def test_labels_follow_the_chosen_value(town):
    types = list(TalentType.objects.filter(organisation=town.org).order_by("sort_order"))
    result = propose_targets(town.org, types=types, levels={}, start_fy=2026, years=5)
    cumulative = next(p for p in result.targets if p.key == "cumulative")
    assert cumulative.label == "DX推進リーダー（業務担当）を計画期間中に3名新しく指名する（年1名が目安）"
    from jinzai.planning.models import DevelopmentPlan as Plan
    from jinzai.planning.services.targets import render_label

    plan = Plan(organisation=town.org, start_fy=2026, end_fy=2030)
    assert (
        render_label(cumulative.label_template, plan=plan, value=100, talent_type=leader(town))
        == "DX推進リーダー（業務担当）を計画期間中に100名新しく指名する（年20名が目安）"
    )


def test_wizard_flow_creates_a_draft(town, login):
    client = login(town.users["dx_office"])
    url = reverse("planning:wizard")
    types = list(TalentType.objects.filter(organisation=town.org).order_by("sort_order"))
    page = client.get(url + "?restart=1", follow=True)
    assert "手順1" in page.content.decode()
    r = client.post(
        url,
        {
            "step": 1,
            "title": "さくら町デジタル人材育成計画",
            "start_fy": 2026,
            "years": 3,
            "types": [t.pk for t in types],
        },
    )
    assert r.status_code == 302 and r["Location"].endswith("?step=2")
    page = client.get(r["Location"])
    assert 'value="2" selected' in page.content.decode()  # 一般行政職員: current level from the assessment
    data = {"step": 2}
    for t in types:
        data[f"current_{t.pk}"] = 2 if t.kind == "general" else 1
        data[f"target_{t.pk}"] = 3 if t.kind == "general" else 2
    r = client.post(url, data)
    assert r["Location"].endswith("?step=3")
    page = client.get(r["Location"]).content.decode()
    assert "業務担当部局の課は今日の時点で3課です" in page
    data = {
        "step": 3,
        "use_coverage": "on",
        "value_coverage": 3,
        "use_placement": "on",
        "value_placement": 2,
        "value_cumulative": 3,
    }
    for t in types:
        data[f"use_level_{t.pk}"] = "on"
        data[f"value_level_{t.pk}"] = 3 if t.kind == "general" else 2
    r = client.post(url, data)
    assert r["Location"].endswith("?step=4")
    page = client.get(r["Location"])
    n = len(page.context["tasks"])
    r = client.post(url, {"step": 4, **{f"task_{i}": "on" for i in range(n - 1)}})
    plan = DevelopmentPlan.objects.get(organisation=town.org)
    assert r.status_code == 302 and r["Location"] == reverse("planning:plan_detail", kwargs={"pk": plan.pk})
    assert (plan.title, plan.start_fy, plan.end_fy, plan.status) == (
        "さくら町デジタル人材育成計画",
        2026,
        2028,
        "draft",
    )
    metrics = sorted(plan.targets.values_list("metric", flat=True))
    assert metrics == ["coverage", "level", "level", "level", "placement"]  # cumulative left out
    assert plan.tasks.count() == n - 1
    labels = set(plan.targets.values_list("label", flat=True))
    assert "すべての課（3課）に、DX推進リーダー（業務担当）を1名以上置く" in labels
    assert plan.levels.get(talent_type=general(town)).target_level == 3
    assert "planning_wizard" not in client.session


def test_wizard_rejects_jumping_ahead(world, login):
    client = login(world.own.users["dx_office"])
    r = client.post(reverse("planning:wizard"), {"step": 3})
    assert r.status_code == 302 and r["Location"].endswith("?step=1")
    assert client.get(reverse("planning:wizard") + "?step=4").context["step"] == 1
