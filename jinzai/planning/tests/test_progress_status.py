"""The status rule: expected values (milestones or a straight line), the year in progress, not yet measured."""

from datetime import date
from decimal import Decimal

import pytest

from jinzai.planning.models import LevelAssessment, PlanLevel
from jinzai.planning.selectors.progress import TargetStatus, status_counts, status_for, target_progress

from ._plans import add_staff, designate, general, leader, plan, target

pytestmark = pytest.mark.django_db
D = Decimal


def test_status_for_each_band():
    final, expected, base = D(10), D(4), D(0)
    assert status_for(D(10), expected, final, base) == TargetStatus.ACHIEVED
    assert status_for(D(4), expected, final, base) == TargetStatus.ON_TRACK
    assert status_for(D("2.8"), expected, final, base) == TargetStatus.WATCH  # 70 % of the way
    assert status_for(D("2.7"), expected, final, base) == TargetStatus.BEHIND
    assert status_for(D(1), D(1), final, D(1)) == TargetStatus.ON_TRACK  # nothing expected yet


def _leaders(world, starts):
    own = world.own
    lead = leader(own)
    for i, start in enumerate(starts):
        designate(add_staff(own, f"0006{i:02d}", own.units["窓口係"]), lead, start)
    return lead


def test_finished_plan_on_a_straight_line(world):
    lead = _leaders(world, [date(2024, 6, 1), date(2024, 7, 1), date(2025, 6, 1)] + [date(2026, 6, 1)] * 3)
    t = target(plan(world.own, 2024), "headcount", 6, talent_type=lead)
    p = target_progress(t, today=date(2027, 6, 1))
    assert p.baseline == D(0) and not p.baseline_provisional
    assert [y.expected for y in p.years] == [D(2), D(4), D(6)]
    assert [y.actual for y in p.years] == [D(2), D(3), D(6)]
    assert [y.status for y in p.years] == ["on_track", "watch", "achieved"]
    assert [y.measured_on for y in p.years] == [date(2025, 3, 31), date(2026, 3, 31), date(2027, 3, 31)]
    assert p.status == "achieved" and p.status_label == "達成"


def test_milestones_replace_the_straight_line(world):
    lead = _leaders(world, [date(2024, 6, 1), date(2024, 7, 1), date(2025, 6, 1)])
    t = target(plan(world.own, 2024), "headcount", 6, talent_type=lead, milestones={"2024": 1, "2025": 5})
    p = target_progress(t, today=date(2027, 6, 1))
    assert [y.expected for y in p.years] == [D(1), D(5), D(6)]
    assert [y.status for y in p.years] == ["on_track", "behind", "behind"]


def test_year_in_progress_is_judged_on_the_part_due_by_today(world):
    lead = _leaders(world, [date(2026, 5, 1), date(2026, 6, 1), date(2026, 11, 1)])
    t = target(plan(world.own, 2026), "headcount", 12, talent_type=lead)
    first_day = target_progress(t, today=date(2026, 4, 1))
    assert first_day.years[0].expected_to_date == D(0) and first_day.years[0].status == "on_track"
    p = target_progress(t, today=date(2026, 9, 30))
    y = p.years[0]
    assert y.expected == D(4) and y.in_progress
    assert y.expected_to_date == D(2)  # 4 × 182 of 365 days = 1.99, a whole person rounded up
    assert (y.actual, y.status) == (D(2), "on_track")
    assert [z.status for z in p.years[1:]] == ["not_yet", "not_yet"]
    assert [z.actual for z in p.years[1:]] == [None, None]
    later = target_progress(t, today=date(2027, 1, 15))  # 4 × 289/365 = 3.17 → 4 due, 3 done: 75 %
    assert (later.years[0].expected_to_date, later.years[0].status) == (D(4), "watch")
    october = target_progress(t, today=date(2026, 10, 31))  # 4 × 213/365 = 2.33 → 3 due, 2 done: 67 %
    assert (october.years[0].expected_to_date, october.years[0].status) == (D(3), "behind")


def test_levels_start_from_the_plan_and_are_judged_per_year(world):
    own = world.own
    kind = general(own)
    p = plan(own, 2026)
    PlanLevel.objects.create(plan=p, talent_type=kind, current_level=1, target_level=3)
    t = target(p, "level", 3, talent_type=kind, milestones={"2026": 1, "2027": 2})
    LevelAssessment.objects.create(
        organisation=own.org, talent_type=kind, fiscal_year=2026, level=1, assessed_on=date(2026, 6, 1)
    )
    progress = target_progress(t, today=date(2027, 12, 1))
    assert progress.baseline == D(1)  # no assessment on 2026-04-01: the plan's 現状レベル
    first, second, _ = progress.years
    assert (first.actual, first.status) == (D(1), "on_track")
    assert second.expected_to_date == D(1)  # levels: last year's expected value until the year ends
    assert (second.actual, second.status) == (D(1), "on_track")
    assert target_progress(t, today=date(2028, 4, 1)).years[1].status == "behind"


def test_a_plan_not_yet_started(world):
    lead = _leaders(world, [date(2025, 6, 1)])
    t = target(plan(world.own, 2027), "headcount", 4, talent_type=lead)
    p = target_progress(t, today=date(2026, 6, 1))
    assert p.baseline == D(1) and p.baseline_provisional
    assert [y.expected for y in p.years] == [D(2), D(3), D(4)]
    assert all(y.status == "not_yet" for y in p.years) and p.status == "not_yet"
    assert status_counts([p]) == {"achieved": 0, "on_track": 0, "watch": 0, "behind": 0, "not_yet": 1}
    assert status_counts([p], 2027)["not_yet"] == 1
