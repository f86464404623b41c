"""Designation services: the rules (overlap, sub-role of the type, retired staff, organisation) and audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jinzai.core.access import SystemActor
from jinzai.core.models import AuditEvent
from jinzai.talent import services
from jinzai.talent.models import Designation

from ._helpers import expert, leader, sub


@pytest.fixture
def hr(world):
    return world.own.members["hr"]


def make(hr, world, **kwargs):
    kwargs.setdefault("staff", world.own.staff["other"])
    kwargs.setdefault("talent_type", leader(world.own))
    kwargs.setdefault("sub_role", sub(world.own, "業務担当"))
    kwargs.setdefault("started_on", date(2026, 4, 1))
    return services.designation_create(actor=hr, **kwargs)


def test_create_is_audited(world, hr):
    d = make(hr, world, method=Designation.Method.APPOINTED, duties="業務改革")
    assert d.organisation == world.own.org and d.created_by == hr
    event = AuditEvent.objects.get(action="designation.create", object_id=str(d.pk))
    assert {"staff", "talent_type", "sub_role", "duties"} <= set(event.changed)
    assert event.username == "a-hr"


def test_overlap_of_same_type_and_sub_role_is_refused(world, hr):
    make(hr, world)
    with pytest.raises(ValidationError) as exc:
        make(hr, world, started_on=date(2027, 4, 1))
    assert (
        "髙橋　美咲さんは、2026年4月1日〜の期間、すでに「DX推進リーダー（業務担当）」に指定されています"
        in (exc.value.messages[0])
    )
    # another sub-role or another type is fine
    make(hr, world, sub_role=sub(world.own, "DX推進担当"))
    make(hr, world, talent_type=expert(world.own), sub_role=None)
    assert Designation.objects.filter(staff=world.own.staff["other"]).count() == 3


def test_after_ending_a_new_period_may_start_and_history_stays(world, hr):
    d = make(hr, world)
    services.designation_end(actor=hr, designation=d, ended_on=date(2026, 9, 30), reason="異動のため")
    with pytest.raises(ValidationError):
        make(hr, world, started_on=date(2026, 9, 30))
    again = make(hr, world, started_on=date(2026, 10, 1))
    d.refresh_from_db()
    assert (d.ended_on, d.end_reason) == (date(2026, 9, 30), "異動のため")
    assert again.pk != d.pk
    assert Designation.objects.filter(staff=world.own.staff["other"]).count() == 2
    assert AuditEvent.objects.filter(action="designation.end", object_id=str(d.pk)).exists()


def test_end_before_start_or_twice_is_refused(world, hr):
    d = make(hr, world)
    with pytest.raises(ValidationError, match="開始日（2026年4月1日）以後"):
        services.designation_end(actor=hr, designation=d, ended_on=date(2026, 3, 31))
    services.designation_end(actor=hr, designation=d, ended_on=date(2026, 4, 1))
    with pytest.raises(ValidationError, match="終了しています"):
        services.designation_end(actor=hr, designation=d, ended_on=date(2026, 5, 1))


def test_sub_role_must_belong_to_the_type(world, hr):
    with pytest.raises(ValidationError, match="区分「業務担当」は人材像「高度専門人材」の区分ではありません"):
        make(hr, world, talent_type=expert(world.own))
    assert not Designation.objects.exists()


def test_retired_staff_cannot_be_designated(world, hr):
    staff = world.own.staff["staff"]
    staff.retired_on = date(2026, 3, 31)
    staff.save()
    with pytest.raises(ValidationError, match="退職した職員は新しく指定できません"):
        make(hr, world, staff=staff)


def test_other_organisation_is_refused(world, hr):
    with pytest.raises(PermissionDenied):
        make(hr, world, staff=world.foreign.staff["other"])
    with pytest.raises(ValidationError, match="同じ団体"):
        make(hr, world, talent_type=leader(world.foreign), sub_role=None)
    assert not Designation.objects.exists()


def test_roles_without_designation_manage_are_refused(world):
    for role in ("executive", "manager", "staff"):
        with pytest.raises(PermissionDenied):
            make(world.own.members[role], world)


def test_retired_type_or_sub_role_cannot_be_used(world, hr):
    dx = world.own.members["dx_office"]
    services.sub_role_update(actor=dx, sub_role=sub(world.own, "業務担当"), is_active=False)
    with pytest.raises(ValidationError, match="区分「業務担当」は使用をやめています"):
        make(hr, world)
    services.talent_type_retire(actor=dx, talent_type=expert(world.own), retired_on=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="使用をやめています"):
        make(hr, world, talent_type=expert(world.own), sub_role=None)


def test_update_edits_duties_of_current_only(world, hr):
    d = make(hr, world)
    services.designation_update(actor=hr, designation=d, duties="新しい事務分掌", method="appointed", note="")
    d.refresh_from_db()
    assert (d.duties, d.method) == ("新しい事務分掌", "appointed")
    event = AuditEvent.objects.get(action="designation.update")
    assert event.changed == ["duties", "method"]
    services.designation_end(actor=hr, designation=d, ended_on=date(2026, 4, 30))
    d.refresh_from_db()
    with pytest.raises(ValidationError, match="終了した指定は変更できません"):
        services.designation_update(actor=hr, designation=d, duties="x")


def test_system_actor_designates_without_created_by(world):
    actor = SystemActor(organisation=world.own.org, label="test")
    d = services.designation_create(
        actor=actor, staff=world.own.staff["hr"], talent_type=expert(world.own), started_on=date(2026, 4, 1)
    )
    assert d.created_by is None
    assert AuditEvent.objects.get(action="designation.create").username == "test"


def test_planned_end_may_be_moved_but_not_into_the_next_designation(world, hr):
    first = make(hr, world, ended_on=date(2026, 9, 30))  # planned end, today is 2026-06-01
    make(hr, world, started_on=date(2026, 10, 1))
    services.designation_end(actor=hr, designation=first, ended_on=date(2026, 6, 30), reason="早期終了")
    first.refresh_from_db()
    assert first.ended_on == date(2026, 6, 30)
    with pytest.raises(
        ValidationError, match="2026年10月1日から始まる同じ人材像・区分の指定と期間が重なります"
    ):
        services.designation_end(actor=hr, designation=first, ended_on=date(2026, 10, 15))
