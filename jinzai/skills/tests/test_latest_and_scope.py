"""The "latest confirmed" selector, trends, and who sees which sheets."""

from datetime import date

import pytest

from jinzai.skills.matrix import latest_confirmed, person_gap, trend
from jinzai.skills.selectors import review_queue, sheets_visible_to

from ._helpers import campaign, confirm, items, sheet, submit


def _confirmed(world, name, start, end, level):
    c = campaign(world.own, name=name, start=start, end=end)
    s = sheet(c, world.own.staff["staff"])
    submit(world.own.members["staff"], s, level)
    confirm(world.own.members["manager"], s, level)
    return c


@pytest.mark.django_db
def test_latest_confirmed_takes_the_latest_campaign_and_ignores_unconfirmed(world):
    old = _confirmed(world, "令和6年度", date(2024, 10, 1), date(2024, 11, 30), 1)
    new = _confirmed(world, "令和7年度", date(2025, 10, 1), date(2025, 11, 30), 2)
    running = campaign(world.own, name="令和8年度")
    submit(world.own.members["staff"], sheet(running, world.own.staff["staff"]), 3)  # not confirmed
    framework = new.framework
    latest = latest_confirmed(world.own.staff["staff"].pk, framework)
    assert {lvl for lvl, _ in latest.values()} == {2}
    assert {c.pk for _, c in latest.values()} == {new.pk}
    history = trend(world.own.staff["staff"].pk, framework)
    assert history["campaigns"] == [old.name, new.name]
    assert history["averages"] == [1.0, 2.0]
    gap = person_gap(world.own.staff["staff"].pk, framework)
    assert {(r["level"], r["expected"], r["gap"]) for r in gap} == {(2, 2, 0)}


@pytest.mark.django_db
def test_item_confirmed_only_earlier_keeps_its_earlier_level(world):
    c = campaign(world.own, name="令和7年度", start=date(2025, 10, 1), end=date(2025, 11, 30))
    s = sheet(c, world.own.staff["staff"])
    submit(world.own.members["staff"], s, 2)
    confirm(world.own.members["manager"], s, 2)
    newer = campaign(world.own, name="令和8年度")
    first = items(newer.framework)[0]
    n = sheet(newer, world.own.staff["staff"])
    submit(world.own.members["staff"], n, 3)
    confirm(world.own.members["manager"], n, {i.pk: 3 for i in items(newer.framework)})
    latest = latest_confirmed(world.own.staff["staff"].pk, newer.framework)
    assert latest[first.pk][0] == 3


@pytest.mark.django_db
def test_scope_of_sheets(world):
    c = campaign(world.own)
    own = world.own

    def staff_ids(member):
        return set(sheets_visible_to(member).filter(campaign=c).values_list("staff_id", flat=True))

    assert staff_ids(own.members["staff"]) == {own.staff["staff"].pk}
    assert staff_ids(own.members["manager"]) == {own.staff["staff"].pk, own.staff["manager"].pk}
    assert staff_ids(own.members["hr"]) == {s.pk for s in own.staff.values()}
    assert staff_ids(own.members["executive"]) == {own.staff["other"].pk}  # only their own sheet
    assert not sheets_visible_to(world.foreign.members["hr"]).filter(campaign=c).exists()
    queue = set(review_queue(own.members["manager"]).values_list("staff_id", flat=True))
    assert queue == {own.staff["staff"].pk}  # never the manager's own sheet, never another unit's
