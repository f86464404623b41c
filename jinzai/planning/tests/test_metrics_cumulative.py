"""cumulative: people newly designated since the plan began, each counted once."""

from datetime import date
from decimal import Decimal

import pytest

from jinzai.planning.metrics import get_metric

from ._plans import add_staff, designate, leader, plan, sub_role, target

pytestmark = pytest.mark.django_db


def test_cumulative_counts_new_designations_once(world):
    own = world.own
    lead = leader(own)
    unit = own.units["窓口係"]
    veteran = add_staff(own, "000501", unit)
    designate(veteran, lead, date(2024, 4, 1))  # already a leader when the plan starts: not new
    designate(veteran, lead, date(2026, 8, 1), role=sub_role(own, "業務担当"))  # a second role: still not new
    first = add_staff(own, "000502", unit)
    designate(first, lead, date(2026, 5, 1))
    ended = add_staff(own, "000503", unit)
    designate(ended, lead, date(2026, 6, 1), date(2026, 12, 31))  # ended later: it still happened
    returning = add_staff(own, "000504", unit)
    designate(returning, lead, date(2023, 4, 1), date(2025, 3, 31))
    designate(returning, lead, date(2026, 7, 1))  # designated again after a gap: new
    twice = add_staff(own, "000505", unit)
    designate(twice, lead, date(2027, 5, 1), role=sub_role(own, "業務担当"))
    designate(twice, lead, date(2027, 6, 1), role=sub_role(own, "DX推進担当"))
    leaver = add_staff(own, "000506", unit, retired=date(2027, 12, 31))
    designate(leaver, lead, date(2027, 5, 1))  # retired people are not counted after they leave
    t = target(plan(own, 2026), "cumulative", 10, talent_type=lead)
    days = [date(2026, 4, 1), date(2026, 6, 30), date(2027, 3, 31), date(2027, 6, 30), date(2028, 1, 1)]
    assert [m.value for m in get_metric("cumulative").measure(t, days)] == [
        Decimal(n) for n in (0, 2, 3, 5, 4)
    ]
