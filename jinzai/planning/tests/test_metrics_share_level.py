"""share_designated (population by employment type) and level (the organisation's assessed level)."""

from datetime import date
from decimal import Decimal

import pytest

from jinzai.planning.metrics import get_metric
from jinzai.planning.models import LevelAssessment

from ._plans import add_staff, designate, general, leader, plan, target

pytestmark = pytest.mark.django_db


def test_share_of_a_population(world):
    own = world.own
    lead = leader(own)
    temp1 = add_staff(own, "000401", own.units["窓口係"], employment_type="fiscal_year")
    add_staff(own, "000402", own.units["窓口係"], employment_type="fiscal_year")
    add_staff(own, "000403", own.units["総務課"], retired=date(2026, 9, 30))
    designate(own.staff["staff"], lead, date(2026, 4, 1))
    designate(own.staff["other"], lead, date(2026, 4, 1))
    designate(temp1, lead, date(2026, 4, 1))
    regular = target(
        plan(own), "share_designated", 50, talent_type=lead, params={"employment_types": ["regular"]}
    )
    everyone = target(plan(own), "share_designated", 50, talent_type=lead)
    june, october = get_metric("share_designated").measure(regular, [date(2026, 6, 1), date(2026, 10, 1)])
    # regular staff: 4 from the world + 1 who retires in September; 2 of them designated
    assert (june.value, june.detail) == (Decimal("40.00"), {"numerator": 2, "denominator": 5})
    assert (october.value, october.detail) == (Decimal("50.00"), {"numerator": 2, "denominator": 4})
    all_june = get_metric("share_designated").measure(everyone, [date(2026, 6, 1)])[0]
    assert (all_june.value, all_june.detail["denominator"]) == (Decimal("42.86"), 7)


def test_share_with_no_population_is_zero(world):
    t = target(
        plan(world.own),
        "share_designated",
        50,
        talent_type=leader(world.own),
        params={"employment_types": ["temporary"]},
    )
    assert get_metric("share_designated").measure(t, [date(2026, 6, 1)])[0].value == Decimal(0)


def test_level_uses_the_latest_assessment_known_on_the_day(world):
    own = world.own
    kind = general(own)
    LevelAssessment.objects.create(
        organisation=own.org, talent_type=kind, fiscal_year=2025, level=1, assessed_on=date(2025, 6, 1)
    )
    LevelAssessment.objects.create(
        organisation=own.org, talent_type=kind, fiscal_year=2026, level=2, assessed_on=date(2026, 10, 1)
    )
    t = target(plan(own), "level", 3, talent_type=kind)
    days = [date(2025, 4, 1), date(2026, 4, 1), date(2026, 9, 30), date(2026, 12, 1), date(2028, 3, 31)]
    assert [m.value for m in get_metric("level").measure(t, days)] == [
        None,
        Decimal(1),
        Decimal(1),
        Decimal(2),
        Decimal(2),
    ]
    other_type = target(plan(own), "level", 3, talent_type=leader(own))
    assert get_metric("level").measure(other_type, [date(2027, 1, 1)])[0].value is None
