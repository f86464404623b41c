"""coverage: units of a kind with enough people of the type; reorganised units count from their start."""

from datetime import date
from decimal import Decimal

import pytest

from jinzai.planning.metrics import get_metric

from ._plans import add_staff, add_unit, designate, leader, plan, target

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    own = world.own
    lead = leader(own)
    it = add_unit(own, "情報政策課", own.units["総務部"], valid_from=date(2027, 4, 1), sort_order=25)
    council = add_unit(own, "議会事務局", None, is_business=False, sort_order=90)
    designate(own.staff["staff"], lead, date(2026, 4, 1))  # 窓口係 → counts for 市民課
    designate(own.staff["other"], lead, date(2026, 4, 1), date(2027, 9, 30))  # 総務課 until September 2027
    return {"leader": lead, "it": it, "council": council, "own": own}


def measure(t, days):
    return get_metric("coverage").measure(t, days)


def test_coverage_counts_units_and_lists_the_lacking(world, setup):
    own, lead = setup["own"], setup["leader"]
    t = target(
        plan(own), "coverage", 3, talent_type=lead, params={"unit_kind": "division", "business_only": True}
    )
    before, after_reorg, after_end = measure(t, [date(2026, 6, 1), date(2027, 6, 1), date(2027, 10, 1)])
    assert before.value == Decimal(2) and before.detail["units"] == 2 and before.detail["lacking"] == []
    # 情報政策課 exists from 2027-04-01 and has nobody yet
    assert after_reorg.value == Decimal(2) and after_reorg.detail["units"] == 3
    assert after_reorg.detail["lacking"] == [setup["it"].pk]
    # the 総務課 leader's designation ended
    assert after_end.value == Decimal(1)
    assert set(after_end.detail["lacking"]) == {own.units["総務課"].pk, setup["it"].pk}
    assert after_end.detail["covered"] == [own.units["市民課"].pk]
    assert after_end.detail["counts"] == {own.units["市民課"].pk: 1}


def test_coverage_per_unit_and_non_business_units(world, setup):
    own, lead = setup["own"], setup["leader"]
    two = target(plan(own), "coverage", 2, talent_type=lead, params={"unit_kind": "division", "per_unit": 2})
    assert measure(two, [date(2026, 6, 1)])[0].value == Decimal(0)
    everyone = target(
        plan(own), "coverage", 3, talent_type=lead, params={"unit_kind": "division", "business_only": False}
    )
    m = measure(everyone, [date(2026, 6, 1)])[0]
    assert m.detail["units"] == 3 and m.detail["lacking"] == [setup["council"].pk]


def test_coverage_of_sections_and_retired_staff(world, setup):
    own, lead = setup["own"], setup["leader"]
    retiree = add_staff(own, "000301", own.units["人事係"], retired=date(2026, 7, 31))
    designate(retiree, lead, date(2026, 4, 1))
    t = target(plan(own), "coverage", 2, talent_type=lead, params={"unit_kind": "section"})
    june, august = measure(t, [date(2026, 6, 1), date(2026, 8, 1)])
    assert june.value == Decimal(2)  # 人事係 and 窓口係
    assert august.value == Decimal(1) and august.detail["lacking"] == [own.units["人事係"].pk]
