"""headcount and placement on a small world: dates, transfers, ended designations, retirements, grade bands."""

from datetime import date
from decimal import Decimal

import pytest

from jinzai.planning.metrics import get_metric

from ._plans import add_staff, designate, grade, leader, plan, sub_role, target, transfer

pytestmark = pytest.mark.django_db


def values(t, days):
    return [m.value for m in get_metric(t.metric).measure(t, days)]


@pytest.fixture
def people(world):
    own = world.own
    lead = leader(own)
    a = own.staff["staff"]  # 窓口係 (under 市民課), 主事
    b = own.staff["other"]  # 総務課, 主事
    c = add_staff(own, "000201", own.units["窓口係"], retired=date(2026, 12, 31))
    d = add_staff(own, "000202", own.units["人事係"])
    designate(a, lead, date(2026, 5, 1), role=sub_role(own, "業務担当"))
    designate(b, lead, date(2025, 4, 1), date(2026, 9, 30), role=sub_role(own, "DX推進担当"))
    designate(c, lead, date(2025, 4, 1))  # never ended, but retires at the end of 2026
    designate(d, lead, date(2027, 4, 1))
    return {"a": a, "b": b, "c": c, "d": d, "leader": lead}


def test_headcount_follows_start_end_and_retirement(world, people):
    t = target(plan(world.own), "headcount", 10, talent_type=people["leader"])
    days = [date(2026, 4, 1), date(2026, 6, 1), date(2026, 10, 1), date(2027, 3, 31), date(2027, 4, 1)]
    assert values(t, days) == [Decimal(n) for n in (2, 3, 2, 1, 2)]


def test_headcount_by_sub_role(world, people):
    t = target(
        plan(world.own),
        "headcount",
        10,
        talent_type=people["leader"],
        sub_role=sub_role(world.own, "業務担当"),
    )
    assert values(t, [date(2026, 4, 30), date(2026, 5, 1)]) == [Decimal(0), Decimal(1)]


def test_headcount_grade_band_uses_the_grade_held_on_the_day(world, people):
    own = world.own
    # a is promoted to 係長 (rank 4) in 市民課 from 2027-04-01
    transfer(people["a"], own.units["市民課"], date(2027, 4, 1), grade(own, "係長"))
    t = target(plan(own), "headcount", 5, talent_type=people["leader"], params={"grade_min_rank": 4})
    assert values(t, [date(2027, 3, 31), date(2027, 4, 1)]) == [Decimal(0), Decimal(1)]
    t.params = {"grade_max_rank": 1}
    assert values(t, [date(2027, 3, 31), date(2027, 4, 1)]) == [Decimal(1), Decimal(1)]  # a then d


def test_placement_counts_people_where_they_were_on_the_day(world, people):
    own = world.own
    transfer(people["a"], own.units["総務課"], date(2026, 10, 1))
    shimin = target(plan(own), "placement", 2, talent_type=people["leader"], unit=own.units["市民課"])
    soumu_bu = target(plan(own), "placement", 2, talent_type=people["leader"], unit=own.units["総務部"])
    days = [date(2026, 6, 1), date(2026, 12, 1), date(2027, 1, 1)]
    # 市民課 (with 窓口係 below it): a until September and c until she retires
    assert values(shimin, days) == [Decimal(2), Decimal(1), Decimal(0)]
    # 総務部 subtree: b until her designation ends, then a after the transfer; d from 2027-04
    assert values(soumu_bu, days + [date(2027, 4, 1)]) == [Decimal(1), Decimal(1), Decimal(1), Decimal(2)]


def test_other_organisations_designations_never_count(world, people):
    foreign = world.foreign
    designate(foreign.staff["staff"], leader(foreign), date(2020, 4, 1))
    t = target(plan(world.own), "headcount", 10, talent_type=people["leader"])
    assert values(t, [date(2026, 6, 1)]) == [Decimal(3)]
