"""The guidebook's own examples, measured and checked by hand (issue 12: tiers, whole numbers, baselines,
impossible targets, populations).

- 北九州市: 2,400 DX推進リーダー = ゴールド 100 + シルバー 2,300 = one third of 7,200 staff;
- 金沢市: 20 a year, 100 in five years, whole-number 目安; staff in their thirties;
- 掛川市: 100 leaders, 2 in each of 50 課 (and a coverage of 50 課 refused where there are 44);
- 滋賀県: 450 = 12.5 % of the 3,600 staff of the 一般行政部門.
"""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from jinzai.core.access import SystemActor
from jinzai.core.models import Unit
from jinzai.people.models import Assignment, Staff
from jinzai.planning.models import LevelAssessment, PlanLevel
from jinzai.planning.selectors.plans import level_conflicts, talent_types_of
from jinzai.planning.selectors.progress import plan_progress, target_progress
from jinzai.planning.services.plans import plan_level_sync, plan_update
from jinzai.planning.services.targets import check_target, target_create, target_update
from jinzai.talent.models import Designation, TalentType
from jinzai.talent.services import talent_type_create

from ._plans import general, leader, plan, target

pytestmark = pytest.mark.django_db

D_DAY = date(2026, 4, 1)  # the plans' first day
START = date(2026, 5, 1)  # designations made during the first year


def bulk_staff(org, n: int, unit, prefix: str, **fields) -> list[int]:
    """n staff in `unit` (with their open assignment), created in two queries; their pks."""
    Staff.objects.bulk_create(
        Staff(
            organisation=org.org,
            staff_no=f"{prefix}{i:05d}",
            name=f"職員{prefix}{i}",
            current_unit=unit,
            hired_on=date(2010, 4, 1),
            **fields,
        )
        for i in range(n)
    )
    pks = list(
        Staff.objects.filter(organisation=org.org, staff_no__startswith=prefix)
        .order_by("staff_no")
        .values_list("pk", flat=True)
    )
    Assignment.objects.bulk_create(
        Assignment(organisation=org.org, staff_id=pk, unit=unit, started_on=date(2010, 4, 1)) for pk in pks
    )
    return pks


def bulk_designate(org, pks, talent_type, start=START) -> None:
    Designation.objects.bulk_create(
        Designation(organisation=org.org, staff_id=pk, talent_type=talent_type, started_on=start)
        for pk in pks
    )


def tiers(world, *names):
    actor = SystemActor(organisation=world.own.org, label="test")
    lead = leader(world.own)
    return [talent_type_create(actor=actor, name=name, parent=lead) for name in names]


# --- 1. tiers add up into their parent --------------------------------------------------------------


def test_kitakyushu_gold_and_silver_count_as_dx_leaders_one_third_of_staff(world):
    own = world.own
    gold, silver, bronze = tiers(world, "ゴールド", "シルバー", "ブロンズ")
    unit = own.units["窓口係"]
    everyone = bulk_staff(own, 7200 - Staff.objects.filter(organisation=own.org).count(), unit, "K")
    bulk_designate(own, everyone[:100], gold)
    bulk_designate(own, everyone[100:2400], silver)
    bulk_designate(own, everyone[2400:3000], bronze)  # DX活用人材: a tier, but not in the KPI
    p = plan(own, 2026)
    lead = leader(own)
    day = date(2027, 3, 31)
    parent = target(p, "headcount", 3000, talent_type=lead)
    assert target_progress(parent, today=day).years[0].actual == D(3000)  # every tier counts as its parent
    kpi = target(p, "headcount", 2400, talent_type=gold, params={"also_types": [silver.pk]})
    progress = target_progress(kpi, today=day)
    assert progress.years[0].actual == D(2400)  # 100 + 2,300, each person once
    assert [y.expected for y in progress.years] == [D(800), D(1600), D(2400)]
    only_gold = target(p, "headcount", 100, talent_type=gold)
    assert target_progress(only_gold, today=day).years[0].actual == D(100)
    share = target(p, "share_designated", D("33.33"), talent_type=gold, params={"also_types": [silver.pk]})
    first = target_progress(share, today=day).years[0]
    assert (first.detail["numerator"], first.detail["denominator"]) == (2400, 7200)
    assert first.actual == D("33.33") and first.status == "achieved"  # one third of all staff


def test_two_gold_and_three_silver_move_a_leader_target(world):
    own = world.own
    gold, silver = tiers(world, "ゴールド", "シルバー")
    pks = bulk_staff(own, 5, own.units["窓口係"], "T")
    bulk_designate(own, pks[:2], gold)
    bulk_designate(own, pks[2:], silver)
    p = plan(own, 2026)
    t = target(p, "headcount", 5, talent_type=leader(own))
    assert target_progress(t, today=date(2026, 6, 1)).years[0].actual == D(5)
    coverage = target(
        p, "coverage", 1, talent_type=leader(own), params={"unit_kind": "division", "per_unit": 5}
    )
    assert target_progress(coverage, today=date(2026, 6, 1)).years[0].actual == D(1)  # 市民課 has 5


def test_a_sub_role_and_several_types_cannot_be_combined(world):
    own = world.own
    (gold,) = tiers(world, "ゴールド")
    p = plan(own, 2026)
    from ._plans import sub_role

    _, errors = check_target(
        p,
        {
            "label": "x",
            "purpose": "placement",
            "metric": "headcount",
            "talent_type": leader(own),
            "also_types": [gold.pk],
            "sub_role": sub_role(own, "業務担当"),
            "target_value": 3,
        },
    )
    assert [f for f, _ in errors] == ["sub_role"]


def test_talent_types_are_listed_in_tree_order(world):
    tiers(world, "ゴールド", "シルバー")
    names = [t.name for t in talent_types_of(world.own.org)]
    assert names == ["高度専門人材", "DX推進リーダー", "ゴールド", "シルバー", "一般行政職員"]


# --- 2. whole numbers where people count -------------------------------------------------------------


def test_kanazawa_twenty_a_year_with_whole_number_guides(world):
    own = world.own
    lead = leader(own)
    p = plan(own, 2026, years=5)
    cumulative = target(p, "cumulative", 100, talent_type=lead)
    assert [y.expected for y in target_progress(cumulative, today=D_DAY).years] == [
        D(20),
        D(40),
        D(60),
        D(80),
        D(100),
    ]
    units = target(p, "coverage", 49, talent_type=lead, params={"unit_kind": "division"})
    # 9.8 所属 a year → 10, 20, 30, 40, 49
    assert [y.expected for y in target_progress(units, today=D_DAY).years] == [
        D(10),
        D(20),
        D(30),
        D(40),
        D(49),
    ]
    bulk_designate(own, bulk_staff(own, 3, own.units["窓口係"], "Z"), lead, start=date(2025, 4, 1))
    headcount = target(p, "headcount", 100, talent_type=lead)
    # 3 + 97 × k/5 = 22.4, 41.8, 61.2, 80.6 → at least 23, 42, 62, 81 people (a minimum: round up)
    assert [y.expected for y in target_progress(headcount, today=D_DAY).years] == [
        D(23),
        D(42),
        D(62),
        D(81),
        D(100),
    ]
    level = target(p, "level", 3, talent_type=general(own))
    PlanLevel.objects.create(plan=p, talent_type=general(own), current_level=1, target_level=3)
    # 1 + 2 × k/5 = 1.4, 1.8, 2.2, 2.6 → levels to one decimal
    assert [y.expected for y in target_progress(level, today=D_DAY).years] == [
        D("1.4"),
        D("1.8"),
        D("2.2"),
        D("2.6"),
        D(3),
    ]


def test_kanazawa_staff_in_their_thirties(world):
    own = world.own
    lead = leader(own)
    unit = own.units["窓口係"]
    thirties = bulk_staff(own, 30, unit, "A", birth_date=date(1990, 6, 1))  # 36 on 2027-03-31
    bulk_staff(own, 20, unit, "B", birth_date=date(1970, 6, 1))
    bulk_staff(own, 10, unit, "C")  # no 生年月日: outside an age band
    bulk_designate(own, thirties[:6], lead)
    p = plan(own, 2026)
    t = target(p, "share_designated", 20, talent_type=lead, params={"age_min": 30, "age_max": 39})
    year = target_progress(t, today=date(2027, 4, 1)).years[0]
    assert (year.detail["numerator"], year.detail["denominator"]) == (6, 30)
    assert year.actual == D(20) and year.status == "achieved"


# --- 3. the plan's own 現状 is its baseline -----------------------------------------------------------


def test_the_plan_never_reports_on_track_below_its_own_current_level(world):
    own = world.own
    expert = own.org.talent_types.get(kind="expert")
    p = plan(own, 2026)
    PlanLevel.objects.create(plan=p, talent_type=expert, current_level=2, target_level=3)
    LevelAssessment.objects.create(
        organisation=own.org, talent_type=expert, fiscal_year=2026, level=1, assessed_on=date(2026, 4, 1)
    )
    t = target(p, "level", 3, talent_type=expert)
    progress = target_progress(t, today=date(2027, 4, 10))
    assert progress.baseline == D(2) and progress.measured_baseline == D(1) and progress.baseline_conflict
    first = progress.years[0]
    assert first.expected == D("2.4")  # 2 + 1/3, to one decimal (up)
    assert (first.actual, first.status) == (D(1), "behind")  # never 順調 below the stated レベル2
    conflicts = level_conflicts(p)
    assert [(c.level.talent_type, c.level.current_level, c.assessed) for c in conflicts] == [(expert, 2, 1)]
    plan_level_sync(actor=own.members["dx_office"], plan=p, talent_type=expert)
    assert p.levels.get(talent_type=expert).current_level == 1
    assert not level_conflicts(p)
    synced = target_progress(t, today=date(2027, 4, 10))
    assert synced.baseline == D(1) and not synced.baseline_conflict
    assert synced.years[0].expected == D("1.7")  # 1 + 2/3, to one decimal (up)


def test_a_label_with_a_number_follows_the_number(world):
    own = world.own
    dx = own.members["dx_office"]
    p = plan(own, 2026)
    t = target_create(
        actor=dx,
        plan=p,
        label="",
        label_template="リーダーを計画期間中に{value}名新しく指名する（年{per_year}名が目安）",
        purpose="placement",
        metric="cumulative",
        talent_type=leader(own),
        target_value=12,
    )
    assert t.label == "リーダーを計画期間中に12名新しく指名する（年4名が目安）"
    t = target_update(
        actor=dx,
        target=t,
        label=t.label,
        purpose="placement",
        metric="cumulative",
        talent_type=leader(own),
        target_value=20,
    )
    assert t.label == "リーダーを計画期間中に20名新しく指名する（年7名が目安）"
    plan_update(actor=dx, plan=p, title=p.title, start_fy=2026, years=5, summary="", levels=[])
    t.refresh_from_db()
    assert t.label == "リーダーを計画期間中に20名新しく指名する（年4名が目安）"
    t = target_update(
        actor=dx,
        target=t,
        label="自分で書いた目標",
        purpose="placement",
        metric="cumulative",
        talent_type=leader(own),
        target_value=30,
    )
    assert (t.label, t.label_template) == ("自分で書いた目標", "")


# --- 4. impossible targets are refused with the reason ------------------------------------------------


def test_kakegawa_two_leaders_in_each_of_fifty_divisions(world):
    own = world.own
    dept = own.units["市民部"]
    Unit.objects.filter(organisation=own.org, kind="division").update(is_business=False)
    divisions = [
        Unit.objects.create(organisation=own.org, parent=dept, name=f"第{i}課", sort_order=100 + i)
        for i in range(50)
    ]
    lead = leader(own)
    for i, unit in enumerate(divisions[:30]):
        bulk_designate(own, bulk_staff(own, 2, unit, f"D{i:02d}"), lead)
    p = plan(own, 2026)
    coverage = target(p, "coverage", 50, talent_type=lead, params={"unit_kind": "division", "per_unit": 2})
    headcount = target(p, "headcount", 100, talent_type=lead)
    day = date(2027, 3, 31)
    assert target_progress(coverage, today=day).years[0].actual == D(30)
    assert target_progress(headcount, today=day).years[0].actual == D(60)
    values = {
        "label": "全課に2名",
        "purpose": "placement",
        "metric": "coverage",
        "talent_type": lead,
        "unit_kind": "division",
        "per_unit": 2,
        "business_only": True,
        "target_value": 50,
    }
    assert check_target(p, values)[1] == []
    Unit.objects.filter(pk__in=[u.pk for u in divisions[44:]]).update(is_business=False)  # 44 business 課
    _, errors = check_target(p, values)
    assert errors == [
        (
            "target_value",
            "最終目標値（50所属）が、この団体の業務担当部局の課の数（計画期間中に有効なもの: 44所属）を超えています。"
            "44所属以下にするか、所属の設定（区分・業務担当部局）を確かめてください。",
        )
    ]
    with pytest.raises(ValidationError):
        target_create(actor=own.members["dx_office"], plan=p, **values)


def test_a_share_above_100_percent_is_refused_and_more_than_is_a_choice(world):
    own = world.own
    p = plan(own, 2026)
    base = {"label": "x", "purpose": "development", "metric": "share_designated", "talent_type": leader(own)}
    _, errors = check_target(p, {**base, "target_value": 120})
    assert errors == [
        ("target_value", "最終目標値は0〜100（%）で入力してください。割合は100%を超えられません。")
    ]
    _, errors = check_target(p, {**base, "target_value": 50, "milestones": {"2026": 101}})
    assert [f for f, _ in errors] == ["milestone_2026"]
    clean, errors = check_target(
        p, {**base, "metric": "headcount", "target_value": 2, "comparison": "more_than"}
    )
    assert errors == [] and clean["params"] == {"comparison": "more_than"}
    bulk_designate(own, bulk_staff(own, 2, own.units["窓口係"], "M"), leader(own))
    at_least = target(p, "headcount", 2, talent_type=leader(own))
    more_than = target(p, "headcount", 2, talent_type=leader(own), params={"comparison": "more_than"})
    day = date(2027, 3, 31)
    assert target_progress(at_least, today=day).years[0].status == "achieved"  # 2 名以上
    assert target_progress(more_than, today=day).years[0].status == "on_track"  # 2 名を上回っていない


# --- 6. populations the guidebook uses -------------------------------------------------------------


def test_shiga_twelve_and_a_half_percent_of_the_general_administration_sector(world):
    own = world.own
    general_hq = Unit.objects.create(organisation=own.org, name="本庁", kind="department", sector="general")
    office = Unit.objects.create(organisation=own.org, parent=general_hq, name="企画課")  # inherits general
    schools = Unit.objects.create(
        organisation=own.org, name="教育委員会", kind="department", sector="education"
    )
    Unit.objects.filter(organisation=own.org, parent__isnull=True).exclude(
        pk__in=[general_hq.pk, schools.pk]
    ).update(sector="public_enterprise")
    staff = bulk_staff(own, 3600, office, "S")
    bulk_staff(own, 400, schools, "E")
    challenger = TalentType.objects.create(organisation=own.org, name="DX推進チャレンジャー", sort_order=90)
    bulk_designate(own, staff[:450], challenger)
    p = plan(own, 2026)
    sector = target(p, "share_designated", D("12.5"), talent_type=challenger, params={"sector": "general"})
    everyone = target(p, "share_designated", D("12.5"), talent_type=challenger)
    day = date(2027, 3, 31)
    year = target_progress(sector, today=day).years[0]
    assert (year.detail["numerator"], year.detail["denominator"], year.actual) == (450, 3600, D("12.5"))
    assert year.status == "achieved"
    other = target_progress(everyone, today=day).years[0]
    assert other.detail["denominator"] == 3600 + 400 + 4 and other.actual == D("11.24")  # 450 / 4,004
    assert [y.expected for y in target_progress(sector, today=D_DAY).years] == [
        D("4.17"),
        D("8.33"),
        D("12.50"),
    ]


def test_the_whole_plan_is_measured_in_a_fixed_number_of_queries_with_tiers(
    world, django_assert_max_num_queries
):
    own = world.own
    gold, silver = tiers(world, "ゴールド", "シルバー")
    p = plan(own, 2026)
    for _ in range(5):
        target(p, "headcount", 10, talent_type=leader(own))
        target(p, "headcount", 10, talent_type=gold, params={"also_types": [silver.pk]})
        target(
            p, "share_designated", 10, talent_type=leader(own), params={"sector": "general", "age_min": 30}
        )
    with django_assert_max_num_queries(20):
        progress = plan_progress(p, today=date(2027, 6, 1))
    assert len(progress) == 15
