"""plan_progress runs a fixed number of queries, whatever the number of designated staff."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jinzai.planning.models import PlanLevel
from jinzai.planning.selectors.progress import plan_progress, progress_as_json

from ._plans import add_staff, designate, general, leader, plan, target

pytestmark = pytest.mark.django_db


def _plan_with_every_metric(world):
    own = world.own
    lead = leader(own)
    p = plan(own, 2026)
    PlanLevel.objects.create(plan=p, talent_type=general(own), current_level=1, target_level=2)
    target(p, "headcount", 50, talent_type=lead, params={"grade_min_rank": 1})
    target(p, "coverage", 2, talent_type=lead, params={"unit_kind": "division", "per_unit": 2})
    target(p, "placement", 2, talent_type=lead, unit=own.units["市民課"])
    target(p, "share_designated", 50, talent_type=lead, params={"employment_types": ["regular"]})
    target(p, "level", 2, talent_type=general(own))
    target(p, "cumulative", 50, talent_type=lead)
    return p


def _designate(world, n: int, offset: int):
    own = world.own
    lead = leader(own)
    units = [own.units["窓口係"], own.units["人事係"], own.units["総務課"]]
    for i in range(n):
        staff = add_staff(own, f"{offset + i:06d}", units[i % 3])
        designate(staff, lead, date(2026, 5, 1))


def _count(p) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        result = progress_as_json(p, plan_progress(p, today=date(2027, 6, 1)))
    return len(ctx.captured_queries), result


def test_query_count_does_not_grow_with_staff(world):
    p = _plan_with_every_metric(world)
    _designate(world, 5, 700000)
    few, result = _count(p)
    assert {
        row["actual"]
        for row in result["targets"]
        if row["kind"] == "headcount" and row["fiscal_year"] == 2026
    } == {5.0}
    _designate(world, 45, 800000)
    many, result = _count(p)
    assert {
        row["actual"]
        for row in result["targets"]
        if row["kind"] == "headcount" and row["fiscal_year"] == 2026
    } == {50.0}
    assert many == few
    assert few <= 40
