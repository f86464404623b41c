"""Selectors other apps use: active_designations(organisation, on=…) and designations_visible_to(viewer)."""

from __future__ import annotations

from datetime import date

from jinzai.core.access import SystemActor
from jinzai.talent import services
from jinzai.talent.selectors import active_designations, designations_visible_to

from ._helpers import expert, leader


def test_active_on_a_day(world):
    hr = world.own.members["hr"]
    own = world.own
    a = services.designation_create(
        actor=hr, staff=own.staff["staff"], talent_type=leader(own), started_on=date(2026, 4, 1)
    )
    b = services.designation_create(
        actor=hr, staff=own.staff["other"], talent_type=leader(own), started_on=date(2026, 7, 1)
    )
    c = services.designation_create(
        actor=hr, staff=own.staff["hr"], talent_type=expert(own), started_on=date(2025, 4, 1)
    )
    services.designation_end(actor=hr, designation=c, ended_on=date(2026, 3, 31))
    services.designation_create(
        actor=world.foreign.members["hr"],
        staff=world.foreign.staff["staff"],
        talent_type=leader(world.foreign),
        started_on=date(2026, 4, 1),
    )
    ids = lambda on: set(active_designations(own.org, on=on).values_list("pk", flat=True))  # noqa: E731
    assert ids(date(2026, 3, 31)) == {c.pk}
    assert ids(date(2026, 6, 1)) == {a.pk}
    assert ids(None) == {a.pk}  # today is 2026-06-01 in these tests
    assert ids(date(2026, 7, 1)) == {a.pk, b.pk}
    staff = own.staff["staff"]
    staff.retired_on = date(2026, 6, 30)
    staff.save()
    assert ids(date(2026, 7, 1)) == {b.pk}


def test_visible_to_by_role(world):
    hr = world.own.members["hr"]
    own = world.own
    for key in ("staff", "other"):
        services.designation_create(
            actor=hr, staff=own.staff[key], talent_type=leader(own), started_on=date(2026, 4, 1)
        )
    names = lambda viewer: sorted(designations_visible_to(viewer).values_list("staff__name", flat=True))  # noqa: E731
    assert names(own.members["hr"]) == ["山田　太郎", "髙橋　美咲"]
    assert names(own.members["executive"]) == ["髙橋　美咲"]  # their own only: aggregates otherwise
    assert names(own.members["manager"]) == ["山田　太郎"]  # 市民課 and 窓口係
    assert names(own.members["staff"]) == ["山田　太郎"]  # their own
    assert names(own.members["admin"]) == []
    assert names(world.foreign.members["hr"]) == []
    assert names(SystemActor(organisation=own.org, label="x")) == ["山田　太郎", "髙橋　美咲"]
